import { h, clear, field, count, table, row, badge, problemView } from '../dom.js';
import { get, query } from '../api.js';

const filters = { low: false };

/** Stock per SKU (totals over locations); a SKU opens its levels per location, adjustments and threshold. */
export async function inventory(main, _, signal) {
  const low = h('input', { type: 'checkbox', name: 'lowStock', checked: filters.low });
  const sku = h('input', { type: 'search', name: 'sku', placeholder: 'a SKU' });
  const results = h('div', {});
  const form = h('form', { class: 'filters', 'aria-label': 'Filter stock' }, field('Only low stock', low), h('button', { type: 'submit', class: 'primary' }, 'Show'));
  const open = h('form', { class: 'filters', role: 'search', 'aria-label': 'Open a SKU' }, field('Open SKU', sku), h('button', { type: 'submit' }, 'Open'));
  open.addEventListener('submit', e => { e.preventDefault(); if (sku.value.trim()) location.hash = `#/inventory/${encodeURIComponent(sku.value.trim())}`; });
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Inventory')), h('div', { class: 'bar' }, form, open), results);

  let latest = 0; // a newer search replaces an older one still on its way
  async function run(cursor) {
    filters.low = low.checked;
    const mine = cursor ? latest : ++latest;
    try {
      const page = await get(`/admin/inventory${query({ lowStock: low.checked ? 'true' : '', limit: 100, cursor })}`, { signal });
      if (mine !== latest) return;
      if (!cursor) clear(results);
      results.append(table(['SKU', 'On hand', 'Reserved', 'Available', 'Low-stock threshold', ''], page.items.map(i => row(
        h('a', { href: `#/inventory/${encodeURIComponent(i.sku)}` }, i.sku), count(i.onHand), count(i.reserved), count(i.available),
        i.lowStockThreshold ?? '–', i.lowStock ? badge('low stock', 'low') : (i.allowBackorder ? badge('backorder') : '')))));
      if (page.nextCursor) results.append(h('button', { type: 'button', onclick: e => { e.target.remove(); run(page.nextCursor); } }, 'More SKUs'));
    } catch (error) {
      if (!cursor) clear(results);
      results.append(problemView(error));
    }
  }
  form.addEventListener('submit', e => { e.preventDefault(); run(); });
  low.addEventListener('change', () => run());
  await run();
}
