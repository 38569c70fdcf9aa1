import { h, clear, field, select, money, when, table, row, badge, problemView, toast, confirmDialog, toMinor, onSubmit } from '../dom.js';
import { api, get, query } from '../api.js';

const KINDS = [['percentage', 'Percentage off'], ['fixedAmount', 'Fixed amount off'], ['freeShipping', 'Free shipping'], ['buyXGetY', 'Buy X get Y']];

/** Discounts: the list (codes and automatic promotions), a new one, and ending one now. */
export async function discounts(main, _, signal) {
  const list = h('div', {});
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Discounts')), h('div', { class: 'cols2 wide-left' }, list, createForm(() => run())));

  async function run(cursor) {
    if (!cursor) clear(list);
    try {
      const page = await get(`/admin/discounts${query({ limit: 50, cursor })}`, { signal });
      list.append(table(['Code', 'Name', 'Kind', 'Value', 'Window', 'Used', 'State', ''], page.items.map(d => row(
        d.code ? h('code', {}, d.code) : h('em', {}, 'automatic'), d.name, d.kind, value(d),
        `${d.startsAt ? when(d.startsAt) : 'now'} → ${d.endsAt ? when(d.endsAt) : 'open'}`,
        `${d.timesUsed}${d.usageLimit ? ` of ${d.usageLimit}` : ''}`,
        ended(d) ? badge('ended') : badge('active', 'paid'),
        ended(d) ? '' : h('button', { type: 'button', class: 'danger', onclick: () => end(d) }, 'End')))));
      if (page.nextCursor) list.append(h('button', { type: 'button', onclick: e => { e.target.remove(); run(page.nextCursor); } }, 'More discounts'));
    } catch (error) { list.append(problemView(error)); }
  }

  function end(d) {
    return confirmDialog({
      title: `End ${d.code ?? d.name}`, confirm: 'End it now', danger: true,
      body: [h('p', {}, 'The discount stops applying now (it is deactivated and its end set to now). It is kept for the orders that used it.')],
      act: async () => {
        await api('PATCH', `/admin/discounts/${d.id}`, { active: false, endsAt: new Date().toISOString() });
        toast('Discount ended');
        await run();
      },
    });
  }
  await run();
}

const ended = d => !d.active || (d.endsAt && Date.parse(d.endsAt) <= Date.now());

function value(d) {
  switch (d.kind) {
    case 'percentage': return `${d.percentBps / 100}%`;
    case 'fixedAmount': return money(d.amountOff, d.currency ?? 'USD');
    case 'freeShipping': return 'free shipping';
    case 'buyXGetY': return `buy ${d.buyQuantity} get ${d.getQuantity}`;
    default: return '';
  }
}

function createForm(reload) {
  const code = h('input', { name: 'code', maxlength: 64, placeholder: 'empty: automatic promotion' });
  const name = h('input', { name: 'name', required: true, maxlength: 200 });
  const kind = select('kind', KINDS, 'percentage');
  const percent = h('input', { type: 'number', name: 'percent', min: 0, max: 100, step: 0.01 });
  const amount = h('input', { name: 'amountOff', inputmode: 'decimal' });
  const currency = h('input', { name: 'currency', value: 'USD', maxlength: 3, size: 4 });
  const minSubtotal = h('input', { name: 'minSubtotal', inputmode: 'decimal' });
  const buy = h('input', { type: 'number', name: 'buy', min: 0 });
  const getQ = h('input', { type: 'number', name: 'get', min: 0 });
  const starts = h('input', { type: 'datetime-local', name: 'startsAt' });
  const ends = h('input', { type: 'datetime-local', name: 'endsAt' });
  const limit = h('input', { type: 'number', name: 'usageLimit', min: 1 });
  const problem = h('div', {});
  const form = h('form', { class: 'card form', 'aria-labelledby': 'new-discount' }, h('h2', { id: 'new-discount' }, 'New discount'),
    field('Code', code), field('Name', name), field('Kind', kind), field('Percent off', percent), field('Amount off', amount), field('Currency', currency),
    field('Minimum subtotal', minSubtotal), field('Buy quantity', buy), field('Get quantity', getQ),
    field('Starts', starts), field('Ends', ends), field('Usage limit', limit), problem, h('button', { type: 'submit', class: 'primary' }, 'Create discount'));
  onSubmit(form, problem, async () => {
    const cur = currency.value.trim().toUpperCase() || null;
    await api('POST', '/admin/discounts', {
      code: code.value.trim() || null, name: name.value.trim(), kind: kind.value,
      percentBps: percent.value === '' ? null : Math.round(Number(percent.value) * 100),
      amountOff: amount.value.trim() ? toMinor(amount.value, cur ?? 'USD') : null,
      currency: kind.value === 'fixedAmount' || minSubtotal.value.trim() ? cur : null,
      minSubtotal: minSubtotal.value.trim() ? toMinor(minSubtotal.value, cur ?? 'USD') : null,
      buyQuantity: buy.value === '' ? null : Number(buy.value), getQuantity: getQ.value === '' ? null : Number(getQ.value),
      startsAt: starts.value ? new Date(starts.value).toISOString() : null, endsAt: ends.value ? new Date(ends.value).toISOString() : null,
      usageLimit: limit.value === '' ? null : Number(limit.value),
    });
    toast('Discount created');
    form.reset();
    await reload();
  });
  return form;
}
