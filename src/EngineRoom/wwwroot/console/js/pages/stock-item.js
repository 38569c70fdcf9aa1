import { h, clear, field, select, count, when, table, row, badge, toast, onSubmit } from '../dom.js';
import { api, get } from '../api.js';

const REASONS = ['received', 'correction', 'damaged', 'lost', 'returned', 'other'];

/** One SKU's stock: levels per location, an adjustment with a reason, the low-stock threshold, the movements. */
export async function stockItem(main, [sku], signal) {
  const path = `/admin/inventory/${encodeURIComponent(sku)}`;
  const [item, locations, movements] = await Promise.all([
    get(path, { signal }).catch(e => (e.status === 404 ? null : Promise.reject(e))),
    get('/admin/inventory/locations?limit=100', { signal }).then(p => p.items),
    get(`${path}/movements?limit=20`, { signal }).then(p => p.items).catch(() => []),
  ]);
  const reload = () => stockItem(clear(main), [sku], signal);

  const delta = h('input', { type: 'number', name: 'delta', required: true, step: 1 });
  const reason = select('reason', REASONS.map(r => [r, r]), 'received');
  const location = select('location', locations.map(l => [l.code, `${l.name} (${l.code})`]), 'default');
  const note = h('input', { name: 'note', maxlength: 500 });
  const adjustProblem = h('div', {});
  const adjust = h('form', { class: 'card form', 'aria-labelledby': 'adjust-title' }, h('h2', { id: 'adjust-title' }, 'Adjust stock'),
    field('Change (+ to add, − to remove)', delta), field('Reason', reason), field('Location', location), field('Note', note), adjustProblem,
    h('button', { type: 'submit', class: 'primary' }, 'Adjust'));
  onSubmit(adjust, adjustProblem, async () => {
    const change = await api('POST', `${path}/adjustments`, { delta: Number(delta.value), reason: reason.value, location: location.value, note: note.value || null });
    toast(`Adjusted: ${change.available} available at ${change.location}`);
    await reload();
  });

  const threshold = h('input', { type: 'number', name: 'threshold', min: 0, step: 1, value: item?.lowStockThreshold ?? '' });
  const backorder = h('input', { type: 'checkbox', name: 'allowBackorder', checked: item?.allowBackorder ?? false });
  const settingsProblem = h('div', {});
  const settings = h('form', { class: 'card form', 'aria-labelledby': 'settings-title' }, h('h2', { id: 'settings-title' }, 'Settings'),
    field('Low-stock threshold', threshold, 'Low when available stock is at or below this; empty for no alert.'),
    field('Allow backorder (sell below zero)', backorder), settingsProblem, h('button', { type: 'submit' }, 'Save settings'));
  onSubmit(settings, settingsProblem, async () => {
    await api('PATCH', path, { lowStockThreshold: threshold.value === '' ? null : Number(threshold.value), allowBackorder: backorder.checked });
    toast('Settings saved');
    await reload();
  });

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Stock of ', h('code', {}, sku)),
      item?.lowStock ? badge('low stock', 'low') : null, item ? h('span', { class: 'meta', id: 'available' }, `${count(item.available)} available`, item.lowStockThreshold === null ? '' : `, low at ${count(item.lowStockThreshold)}`) : null),
    h('div', { class: 'cols2' },
      h('section', {}, h('h2', {}, 'Levels per location'),
        item ? table(['Location', 'On hand', 'Reserved', 'Available'], item.locations.map(l => row(`${l.name} (${l.location})`, count(l.onHand), count(l.reserved), count(l.available))))
          : h('p', { class: 'hint' }, 'No stock recorded for this SKU yet.'),
        h('h2', {}, 'Recent movements'),
        table(['At', 'Location', 'Change', 'Reason', 'Note'], movements.map(m => row(when(m.at), m.location, m.delta > 0 ? `+${m.delta}` : String(m.delta), m.reason, m.note ?? (m.orderId ? h('a', { href: `#/orders/${m.orderId}` }, 'order') : ''))))),
      h('div', {}, adjust, settings)));
}
