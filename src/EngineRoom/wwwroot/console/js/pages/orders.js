import { h, clear, field, select, money, when, table, row, badge, problemView, shortId } from '../dom.js';
import { get, query } from '../api.js';

const STATUSES = ['pending_payment', 'authorized', 'paid', 'partially_fulfilled', 'fulfilled', 'shipped', 'delivered', 'cancelled', 'partially_refunded', 'refunded'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const filters = { status: '', from: '', to: '', search: '' }; // kept while the tab lives, so "back" finds the same list

/** Orders, newest first, filtered by status, date range and the customer's email; an order id opens that order. */
export async function orders(main, _, signal) {
  const status = select('status', [['', 'Any status'], ...STATUSES.map(s => [s, s.replaceAll('_', ' ')])], filters.status);
  const from = h('input', { type: 'date', name: 'from', value: filters.from });
  const to = h('input', { type: 'date', name: 'to', value: filters.to });
  const search = h('input', { type: 'search', name: 'search', value: filters.search, placeholder: 'customer@example.com or an order id' });
  const results = h('div', {});
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter orders' },
    field('Status', status), field('Placed from', from), field('Placed before', to), field('Email or order id', search),
    h('button', { type: 'submit', class: 'primary' }, 'Search'));
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Orders')), form, results);

  async function load(cursor, body) {
    const params = { status: status.value, limit: 25, cursor };
    if (from.value) params.from = new Date(`${from.value}T00:00:00`).toISOString();
    if (to.value) params.to = new Date(`${to.value}T00:00:00`).toISOString();
    if (search.value.trim()) params.email = search.value.trim();
    const page = await get(`/admin/orders${query(params)}`, { signal });
    body.append(...page.items.map(o => row(
      h('a', { href: `#/orders/${o.id}`, title: o.id }, shortId(o.id)), when(o.placedAt), o.email, badge(o.status),
      o.lines.reduce((n, l) => n + l.quantity, 0), h('span', { class: 'num' }, money(o.total)))));
    return page.nextCursor;
  }

  async function run() {
    Object.assign(filters, { status: status.value, from: from.value, to: to.value, search: search.value });
    if (GUID.test(search.value.trim())) { location.hash = `#/orders/${search.value.trim().toLowerCase()}`; return; }
    clear(results);
    const t = table(['Order', 'Placed', 'Email', 'Status', 'Units', 'Total'], []);
    const body = t.tBodies[0];
    clear(body);
    results.append(t);
    try {
      let next = await load(undefined, body);
      if (!body.rows.length) body.append(h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No orders match.')));
      const more = h('button', { type: 'button', hidden: !next }, 'More orders');
      more.addEventListener('click', async () => {
        more.disabled = true;
        try { next = await load(next, body); } catch (e) { results.append(problemView(e)); }
        more.disabled = false;
        more.hidden = !next;
      });
      results.append(more);
    } catch (error) {
      results.append(problemView(error));
    }
  }

  form.addEventListener('submit', e => { e.preventDefault(); run(); });
  await run();
}
