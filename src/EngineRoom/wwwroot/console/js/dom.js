// Building the page with DOM calls only: text goes in through text nodes, never parsed as HTML, so data from the
// API can never become markup or script (and the CSP refuses inline script anyway).

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  return fill(el, attrs, children);
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else if (name === 'value' && el instanceof HTMLInputElement) el.setAttribute('value', value); // also what form.reset() restores
    else if (name === 'value' && 'value' in el) el.value = value;
    else if (name === 'checked' && 'checked' in el) el.checked = !!value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let ids = 0;
/** A labelled form field: the label's `for` names the control's id. */
export function field(label, control, hint) {
  control.id ||= `f${++ids}`;
  const help = hint ? h('small', { id: `${control.id}-hint`, class: 'hint' }, hint) : null;
  if (help) control.setAttribute('aria-describedby', help.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, help);
}

export function select(name, options, value) {
  return h('select', { name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** Minor units in their currency's own digits (JPY has none, KWD three). */
export function digits(currency) {
  try { return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits; }
  catch { return 2; }
}

export function money(value, currency) {
  if (value === null || value === undefined) return '–';
  const amount = typeof value === 'object' ? value.amount : value;
  const cur = typeof value === 'object' ? value.currency : currency;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: cur }).format(amount / 10 ** digits(cur));
  } catch {
    return `${amount} ${cur ?? ''}`.trim();
  }
}

/** "12.50" in a currency to minor units (1250), or null when it is no amount. */
export function toMinor(text, currency) {
  const t = String(text ?? '').trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const d = digits(currency);
  const [whole, part = ''] = t.split('.');
  if (part.length > d) return null;
  return Number(whole) * 10 ** d + Number((part + '0'.repeat(d)).slice(0, d) || 0);
}

export function fromMinor(amount, currency) {
  const d = digits(currency);
  return d === 0 ? String(amount) : (amount / 10 ** d).toFixed(d);
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function count(n) {
  return n === null || n === undefined ? '–' : new Intl.NumberFormat().format(n);
}

export function table(headers, rows, caption) {
  return h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, 'Nothing here.'))));
}

export function row(...cells) {
  return h('tr', {}, cells.map(c => c instanceof HTMLTableCellElement ? c : h('td', {}, c)));
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind ?? text}` }, text.replaceAll('_', ' '));
}

/** A server problem detail, shown as the server wrote it: title, detail, code and each field's errors. */
export function problemView(error) {
  const p = error?.problem;
  if (!p) return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, 'Request failed'), h('p', {}, String(error?.message ?? error)));
  const fields = Object.entries(p.errors ?? {});
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', {}, [p.status ?? error.status, p.title].filter(Boolean).join(' ')),
    p.detail ? h('p', {}, p.detail) : null,
    p.code ? h('p', { class: 'code' }, 'code: ', h('code', {}, p.code)) : null,
    fields.length ? h('ul', {}, fields.map(([name, messages]) => h('li', {}, h('code', {}, name), ': ', [].concat(messages).join(' ')))) : null);
}

export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('shown');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('shown'), 4000);
}

/**
 * A modal confirmation with its own form. `act` runs on confirm; a thrown server problem is shown in the dialog, as
 * written, and the dialog stays open so the operator can read it, change the input and try again.
 */
export function confirmDialog({ title, body, confirm = 'Confirm', danger = false, act }) {
  return new Promise(resolve => {
    const problem = h('div', { class: 'dialog-problem' });
    const submit = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, confirm);
    const cancel = h('button', { type: 'button', class: 'quiet', onclick: () => close(null) }, 'Cancel');
    const form = h('form', { method: 'dialog', class: 'dialog-form' }, h('h2', {}, title), body, problem, h('div', { class: 'buttons' }, cancel, submit));
    const dialog = h('dialog', { 'aria-label': title }, form);
    let done = false;
    function close(result) {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(result);
    }
    dialog.addEventListener('cancel', () => close(null));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      submit.disabled = true;
      clear(problem);
      try {
        close(await act(form));
      } catch (error) {
        append(problem, [problemView(error)]);
        submit.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    (form.querySelector('input, select, textarea') ?? submit).focus();
  });
}

/** An Idempotency-Key: 128 random bits (getRandomValues works on plain http too, randomUUID does not). */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/** Order ids are UUIDv7: their first digits are the time, so the last ones tell orders apart at a glance. */
export function shortId(id) {
  return `…${id.slice(-12)}`;
}

/** A form's submit runs `action`; a refusal is shown in `problem` as the server wrote it. */
export function onSubmit(form, problem, action) {
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clear(problem);
    try { await action(); } catch (error) { problem.append(problemView(error)); }
  });
}

/** A price field and a currency field as the API's money: { amount (minor units), currency }. */
export function priceFrom(text, currencyText) {
  const currency = currencyText.trim().toUpperCase();
  const amount = toMinor(text, currency);
  if (amount === null) throw { problem: { title: 'Not a price', detail: `"${text}" is not an amount in ${currency}.` } };
  return { amount, currency };
}
