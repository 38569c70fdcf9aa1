import { h, clear, money, count, table, row, problemView, badge, shortId } from '../dom.js';
import { get, query, stream } from '../api.js';
import { barChart } from '../charts.js';

const FIGURES = [
  ['netSales', 'Net sales', 'money'], ['orders', 'Orders', 'count'], ['averageOrderValue', 'Average order', 'money'],
  ['units', 'Units', 'count'], ['refunds', 'Refunds', 'money'],
];

/** The live dashboard: figures and feed from /admin/analytics/live, history and lists from the other analytics reads. */
export async function dashboard(main, _, signal) {
  const state = { currency: null, feed: new Map(), lastChart: 0 };
  const status = h('span', { class: 'live-state', id: 'live-state' }, 'connecting…');
  const today = h('section', { class: 'tiles', 'aria-label': 'Today' });
  const hour = h('section', { class: 'tiles', 'aria-label': 'This hour' });
  const minuteChart = h('div', { class: 'chart-box' });
  const dayChart = h('div', { class: 'chart-box' });
  const top = h('div', {});
  const funnel = h('div', {});
  const low = h('div', { id: 'low-stock' });
  const feed = h('ol', { class: 'feed', id: 'feed', 'aria-label': 'Orders as they arrive', 'aria-live': 'polite' });

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Dashboard'), status),
    h('div', { class: 'dash' },
      h('div', { class: 'dash-main' },
        h('h2', {}, 'Today'), today,
        h('h2', {}, 'This hour'), hour,
        h('div', { class: 'charts' },
          h('section', {}, h('h2', {}, 'Revenue by minute, last hour'), minuteChart),
          h('section', {}, h('h2', {}, 'Revenue by day, last 30 days'), dayChart)),
        h('div', { class: 'cols3' },
          h('section', {}, h('h2', {}, 'Top products, 30 days'), top),
          h('section', {}, h('h2', {}, 'Funnel, 30 days'), funnel),
          h('section', {}, h('h2', {}, 'Low stock'), low))),
      h('aside', { class: 'dash-feed', 'aria-labelledby': 'feed-title' }, h('h2', { id: 'feed-title' }, 'Orders as they arrive'), feed)));

  const since30 = () => { const d = new Date(); d.setUTCHours(0, 0, 0, 0); d.setUTCDate(d.getUTCDate() - 29); return d; };

  async function charts() {
    state.lastChart = Date.now();
    const now = new Date();
    const [minutes, days] = await Promise.allSettled([
      get(`/admin/analytics/summary${query({ from: new Date(now - 3600_000).toISOString(), to: now.toISOString(), interval: 'minute' })}`, { signal }),
      get(`/admin/analytics/summary${query({ from: since30().toISOString(), to: now.toISOString(), interval: 'day' })}`, { signal }),
    ]);
    if (minutes.status === 'fulfilled') {
      state.currency ??= minutes.value.currency;
      const cur = minutes.value.currency;
      const points = minutes.value.points.slice(-60).map(p => ({
        label: new Date(p.start).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }), value: p.netSales,
      }));
      clear(minuteChart).append(barChart(points, { label: 'Net sales by minute, last hour', format: v => money(v, cur) }));
    } else clear(minuteChart).append(problemView(minutes.reason));
    if (days.status === 'fulfilled') {
      const cur = days.value.currency;
      const points = days.value.points.slice(-30).map(p => ({
        label: new Date(p.start).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }), value: p.netSales,
      }));
      clear(dayChart).append(barChart(points, { label: 'Net sales by day, last 30 days', format: v => money(v, cur) }));
    } else clear(dayChart).append(problemView(days.reason));
  }

  async function lists() {
    const range = query({ from: since30().toISOString(), to: new Date().toISOString() });
    const [products, steps, stock] = await Promise.allSettled([
      get(`/admin/analytics/top-products${range}&by=revenue&limit=6`, { signal }),
      get(`/admin/analytics/funnel${range}`, { signal }),
      get('/admin/analytics/low-stock', { signal }),
    ]);
    clear(top).append(products.status === 'fulfilled'
      ? table(['Product', 'Units', 'Revenue'], products.value.items.map(p => row(h('span', { title: p.sku }, p.name), count(p.units),
        h('span', { class: 'num' }, money(p.revenue, products.value.currency ?? state.currency ?? 'USD')))))
      : problemView(products.reason));
    clear(funnel).append(steps.status === 'fulfilled' ? funnelView(steps.value) : problemView(steps.reason));
    clear(low).append(stock.status === 'fulfilled'
      ? table(['Item', 'Available', 'Threshold'], stock.value.items.map(i => row(
        [h('a', { href: `#/inventory/${encodeURIComponent(i.sku)}`, class: 'nowrap' }, i.sku), i.name ? h('div', { class: 'hint' }, i.name) : null],
        count(i.available), count(i.threshold))))
      : problemView(stock.reason));
  }

  // Charts are re-read at most every 5 s while sales arrive, and once more after the last of a burst.
  function chartsSoon() {
    if (state.chartTimer) return;
    const wait = Math.max(0, 5000 - (Date.now() - state.lastChart));
    state.chartTimer = setTimeout(() => { state.chartTimer = null; charts().catch(() => {}); }, wait);
  }
  signal.addEventListener('abort', () => clearTimeout(state.chartTimer));

  function tiles(section, totals, id) {
    const cur = state.currency ?? 'USD';
    clear(section).append(...FIGURES.map(([key, label, kind]) => h('div', { class: 'tile' },
      h('span', { class: 'tile-label' }, label),
      h('span', { class: 'tile-value', id: `${id}-${key}` }, kind === 'money' ? money(totals?.[key] ?? 0, cur) : count(totals?.[key] ?? 0)))));
  }

  function orders(recent, fresh) {
    for (const o of recent ?? []) {
      if (!state.feed.has(o.orderId)) state.feed.set(o.orderId, { ...o, fresh });
    }
    const items = [...state.feed.values()].sort((a, b) => b.placedAt.localeCompare(a.placedAt)).slice(0, 30);
    clear(feed).append(...items.map(o => h('li', { class: o.fresh ? 'fresh' : '' },
      h('a', { href: `#/orders/${o.orderId}` }, o.number ? `#${o.number}` : shortId(o.orderId)),
      h('span', { class: 'amount' }, money(o.total, o.currency)),
      h('time', { datetime: o.placedAt }, new Date(o.placedAt).toLocaleTimeString()))));
    if (!items.length) feed.append(h('li', { class: 'empty' }, 'No orders yet today.'));
  }

  function live(name, data) {
    if (name !== 'snapshot' && name !== 'change') return; // a heartbeat only keeps the stream open
    state.currency = data.currency ?? state.currency;
    tiles(today, data.today, 'today');
    tiles(hour, data.thisHour, 'hour');
    status.dataset.events = String(Number(status.dataset.events ?? 0) + 1); // tests wait for the first figures
    orders(data.recentOrders, name === 'change');
    if (name === 'change') chartsSoon();
  }

  tiles(today, null, 'today');
  tiles(hour, null, 'hour');
  orders([], false);
  await Promise.all([charts(), lists()]);
  stream('/admin/analytics/live', live, {
    signal,
    onState: (s, error) => {
      status.textContent = s === 'live' ? '● live' : s === 'failed' ? 'live updates unavailable' : 'reconnecting…';
      status.className = `live-state ${s}`;
      if (error) status.title = error.problem?.detail ?? error.message;
    },
  });
  const refreshLists = setInterval(() => lists().catch(() => {}), 60_000);
  signal.addEventListener('abort', () => clearInterval(refreshLists));
}

function funnelView(f) {
  const steps = [['Carts created', f.cartsCreated], ['Carts with items', f.cartsWithItems], ['Checkouts started', f.checkoutsStarted], ['Orders', f.orders]];
  const first = Math.max(1, f.cartsCreated);
  return h('div', {},
    h('dl', { class: 'funnel' }, steps.map(([label, n]) => [h('dt', {}, label), h('dd', {}, count(n), h('meter', { min: 0, max: first, value: n ?? 0, 'aria-label': label }))])),
    h('p', { class: 'hint' }, `Buy Now: ${count(f.buyNowOrders)} orders of ${count(f.buyNowAttempts)} attempts. Customers: ${count(f.newCustomers)} new, ${count(f.returningCustomers)} returning.`),
    f.paymentOutcomes?.length ? h('p', { class: 'hint' }, 'Payments: ', f.paymentOutcomes.map(o => badge(`${o.code} ${o.count}`, o.code === 'approved' ? 'paid' : 'declined'))) : null);
}
