// The one place the storefront talks to EngineRoom. Every page calls request(): JSON in, JSON out, and any answer
// that is not 2xx becomes an ApiError carrying the server's problem detail (RFC 9457).

// Same origin: /shop is served by EngineRoom itself. A storefront on another origin puts the API's address here and
// has that origin listed in the server's Cors:StoreOrigins setting.
const API = '';

/**
 * A refused request. Every EngineRoom error is a problem detail: `status`, a human `detail`, a stable machine
 * `code` (out_of_stock, payment_declined, validation_failed, ...) and, for validation, `errors` by field.
 * Decide on `code`, show `detail`: the code never changes, the wording may.
 */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`);
    this.status = status;
    this.problem = problem;
    this.code = problem.code ?? 'error';
    this.fieldErrors = problem.errors ?? {};
  }
}

/** Sends one request. `headers` adds e.g. Idempotency-Key or Order-Token. */
export async function request(method, path, { body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(API + path, init);
  } catch {
    // No answer at all (offline, connection reset): the request may or may not have reached the server.
    throw new ApiError(0, { code: 'network_error', detail: 'The server could not be reached. Check your connection and try again.' });
  }

  const isJson = (response.headers.get('Content-Type') ?? '').includes('json');
  const data = isJson ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, data ?? { detail: `The server answered ${response.status}.` });
  return data;
}

/**
 * A fresh Idempotency-Key: 128 random bits as a UUID-shaped string. crypto.randomUUID() would do, but browsers offer
 * it only on HTTPS or localhost pages; crypto.getRandomValues works everywhere.
 */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 1
  const hex = Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
