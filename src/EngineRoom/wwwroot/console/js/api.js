// The console's only door to the server: the public HTTP API with a bearer token, like any other client.
//
// Token storage (docs/console.md): the access token lives in this module's memory only, never in storage, a cookie or
// a URL. The refresh token sits in sessionStorage (this tab only, gone when it closes) so that a reload does not sign
// the operator out; refresh tokens rotate and a reused one revokes the whole sign-in. No cookie carries credentials,
// so there is nothing for a cross-site request to ride on (no CSRF); the strict CSP (no inline script, 'self' only)
// and DOM-only rendering are the defence against XSS.

const REFRESH = 'engineroom.console.refresh';
let access = null;
let refreshing = null;
let timer = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function onSignedOut(listener) { listeners.add(listener); }
export const signedIn = () => access !== null;

function keep(tokens) {
  access = tokens.accessToken;
  sessionStorage.setItem(REFRESH, tokens.refreshToken);
  clearTimeout(timer);
  // Refresh a minute before the access token runs out (it lasts Auth:AccessTokenMinutes).
  const wait = Math.max(10, (tokens.expiresIn ?? 900) - 60) * 1000;
  timer = setTimeout(() => refresh().catch(() => {}), wait);
}

function forget() {
  access = null;
  clearTimeout(timer);
  sessionStorage.removeItem(REFRESH);
}

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
  const data = await read(response);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export async function signIn(email, password) {
  keep(await post('/auth/token', { email, password }));
}

/** Picks up the sign-in of this tab after a reload; false when there is none. */
export async function resume() {
  if (!sessionStorage.getItem(REFRESH)) return false;
  try { await refresh(); return true; } catch { return false; }
}

function refresh() {
  // One refresh at a time: a refresh token works once, and presenting it twice would end the sign-in.
  refreshing ??= (async () => {
    try {
      const token = sessionStorage.getItem(REFRESH);
      if (!token) throw new ApiError(401, { title: 'Signed out', detail: 'Sign in again.' });
      keep(await post('/auth/refresh', { refreshToken: token }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) { forget(); listeners.forEach(l => l()); }
      throw error;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function signOut() {
  const token = sessionStorage.getItem(REFRESH);
  forget();
  if (token) await fetch('/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: token }), credentials: 'omit' }).catch(() => {});
}

async function read(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (response.status === 204) return null;
  if (type.includes('json')) return response.json();
  const text = await response.text();
  return text ? { title: text } : null;
}

/**
 * Calls the API. Answers the parsed JSON; throws ApiError carrying the problem detail. An expired access token is
 * refreshed once and the call repeated (an action carries its Idempotency-Key, so the repeat cannot act twice).
 */
export async function api(method, path, body, { idempotencyKey, signal } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    if (access) headers.Authorization = `Bearer ${access}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', signal });
    if (response.status === 401 && attempt === 0 && sessionStorage.getItem(REFRESH)) {
      await refresh();
      continue;
    }
    const data = await read(response);
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
}

export const get = (path, options) => api('GET', path, undefined, options);

/** A query string from the non-empty entries of an object. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * Server-Sent Events read with fetch, because EventSource cannot send an Authorization header (and a token never goes
 * in a URL). Calls onEvent(name, data) per event; reconnects after a drop, with a fresh token, until `signal` aborts.
 */
export async function stream(path, onEvent, { signal, onState } = {}) {
  let delay = 500;
  while (!signal?.aborted) {
    try {
      const response = await fetch(path, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${access}` }, credentials: 'omit', signal });
      if (response.status === 401 && sessionStorage.getItem(REFRESH)) { await refresh(); continue; }
      if (!response.ok) throw new ApiError(response.status, await read(response));
      onState?.('live');
      delay = 500;
      await readEvents(response.body, onEvent);
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof ApiError && error.status !== 503 && error.status !== 502) { onState?.('failed', error); return; }
    }
    onState?.('reconnecting');
    await new Promise(r => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (data.length) {
          const text = data.join('\n');
          let parsed = text;
          try { parsed = JSON.parse(text); } catch { /* not JSON: hand it on as text */ }
          onEvent(name, parsed);
        }
        name = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const key = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (key === 'event') name = val;
        else if (key === 'data') data.push(val);
      }
    }
  }
}
