import { h, clear, field, select, money, when, table, row, badge, problemView, confirmDialog, toMinor, fromMinor, newKey, toast, count } from '../dom.js';
import { api, get } from '../api.js';

/** One order: lines, payments, fulfilments and tracking, returns, events, ledger entries, and the staff actions. */
export async function order(main, [id], signal) {
  const [o, events, ledger, locations] = await Promise.all([
    get(`/admin/orders/${id}`, { signal }),
    get(`/admin/orders/${id}/events`, { signal }),
    get(`/admin/ledger/orders/${id}`, { signal }).catch(e => e),
    get('/admin/inventory/locations?limit=100', { signal }).then(p => p.items).catch(() => [{ code: 'default', name: 'Default' }]),
  ]);
  const reload = () => { clear(main); return order(main, [id], signal).catch(e => main.append(problemView(e))); };
  const act = (path, body) => api('POST', `/admin/orders/${id}/${path}`, body, { idempotencyKey: newKey() });
  const done = message => async result => { toast(message); await reload(); return result; };

  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Order actions' },
    button('Capture', () => confirmDialog({
      title: 'Capture payment', confirm: 'Capture',
      body: [h('p', {}, 'Capture what is still authorized, or part of it.'), field(`Amount (${o.currency}, empty for all)`, h('input', { name: 'amount', inputmode: 'decimal' }))],
      act: f => act('capture', { amount: amountOrNull(f.amount.value, o.currency) }).then(done('Captured')),
    })),
    button('Refund', () => refundDialog(o, act, done)),
    button('Fulfil', () => confirmDialog({
      title: 'Fulfil order', confirm: 'Fulfil',
      body: [
        h('p', {}, 'Leave quantities empty to fulfil everything still open.'),
        ...o.lines.map(l => field(`${l.sku} (${l.name}), of ${l.quantity}`, h('input', { type: 'number', min: 0, max: l.quantity, name: `q-${l.sku}`, 'data-sku': l.sku }))),
        field('From location', select('location', locations.map(l => [l.code, `${l.name} (${l.code})`]), 'default')),
        field('Carrier', h('input', { name: 'carrier', maxlength: 100 })),
        field('Tracking number', h('input', { name: 'tracking', maxlength: 100 })),
      ],
      act: f => act('fulfillments', {
        lines: chosenLines(f), location: f.location.value, carrier: f.carrier.value || null, trackingNumber: f.tracking.value || null,
      }).then(done('Fulfilled')),
    })),
    button('Ship', () => confirmDialog({
      title: 'Mark shipped', confirm: 'Ship',
      body: [h('p', {}, 'A carrier or tracking number given here replaces the one known at fulfilment.'),
        field('Carrier', h('input', { name: 'carrier', maxlength: 100 })), field('Tracking number', h('input', { name: 'tracking', maxlength: 100 }))],
      act: f => act('ship', { carrier: f.carrier.value || null, trackingNumber: f.tracking.value || null }).then(done('Shipped')),
    })),
    button('Deliver', () => confirmDialog({
      title: 'Mark delivered', confirm: 'Delivered', body: [h('p', {}, 'Mark this order and its parcels delivered?')],
      act: () => act('deliver', {}).then(done('Delivered')),
    })),
    button('Void', () => confirmDialog({
      title: 'Void authorization', confirm: 'Void', danger: true,
      body: [h('p', {}, 'Voids an authorization nothing was captured from; the order is cancelled and restocked.'), field('Reason', h('input', { name: 'reason', maxlength: 1000 }))],
      act: f => act('void', { reason: f.reason.value || null }).then(done('Voided')),
    })),
    button('Cancel order', () => confirmDialog({
      title: 'Cancel order', confirm: 'Cancel the order', danger: true,
      body: [h('p', {}, 'What was captured is refunded and every unit goes back to stock.'), field('Reason', h('input', { name: 'reason', maxlength: 1000 }))],
      act: f => act('cancel', { reason: f.reason.value || null }).then(done('Cancelled')),
    }), 'danger'));

  const payments = ledger instanceof Error ? [] : ledger.payments;
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, 'Order ', h('code', {}, o.id)), badge(o.status, `status ${o.status}`)),
    h('p', { class: 'meta' }, `${o.email} · placed ${when(o.placedAt)}`, o.shippingMethod ? ` · ${o.shippingMethod}` : '',
      o.discountCodes.length ? ` · codes ${o.discountCodes.join(', ')}` : ''),
    actions,
    h('div', { class: 'cols2' },
      h('section', {}, h('h2', {}, 'Lines'),
        table(['SKU', 'Item', 'Qty', 'Unit', 'Discount', 'Tax', 'Total'], o.lines.map(l => row(l.sku, [l.name, l.variantName ? ` (${l.variantName})` : ''], count(l.quantity),
          money(l.unitPrice), money(l.discount), money(l.tax), money(l.total)))),
        h('dl', { class: 'totals' },
          [['Subtotal', o.subtotal], ['Discount', o.discount], ['Shipping', o.shipping], ['Tax', o.tax], ['Total', o.total]].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, money(v))])),
        o.shippingAddress ? h('p', { class: 'meta' }, 'Ship to: ', addressText(o.shippingAddress)) : null),
      h('section', {}, h('h2', {}, 'Payments'),
        table(['Provider', 'State', 'Authorized', 'Captured', 'Refunded'], payments.map(p => row(p.provider, badge(p.state), money(p.authorized), money(p.captured), money(p.refunded)))),
        h('h2', {}, 'Fulfilments and tracking'),
        table(['Location', 'Carrier', 'Tracking', 'Lines', 'Fulfilled', 'Shipped', 'Delivered'], (o.fulfillments ?? []).map(f => row(
          f.location, f.carrier ?? '–', f.trackingNumber ?? '–', f.lines.map(l => `${l.quantity} × ${l.sku}`).join(', '),
          when(f.fulfilledAt), when(f.shippedAt), when(f.deliveredAt)))),
        h('h2', {}, 'Returns'),
        table(['Requested', 'Lines', 'Reason', 'Status', ''], (o.returns ?? []).map(r => row(
          when(r.requestedAt), r.lines.map(l => `${l.quantity} × ${l.sku}`).join(', '), r.reason ?? '–', badge(r.status),
          r.status === 'requested' ? button('Receive', () => confirmDialog({
            title: 'Receive return', confirm: 'Receive and refund',
            body: [h('p', {}, 'The returned units are refunded at what was paid for them.'),
              field('Put the units back in stock', h('input', { type: 'checkbox', name: 'restock', checked: true })), field('Note', h('input', { name: 'note', maxlength: 1000 }))],
            act: f => act(`returns/${r.id}/receive`, { restock: f.restock.checked, note: f.note.value || null }).then(done('Return received')),
          })) : `refunded ${money(r.refunded)}`))))),
    h('section', {}, h('h2', {}, 'Events'),
      table(['At', 'Action', 'From', 'To', 'Note', 'Details'], events.map(e => row(when(e.at), e.action, e.from, e.to, e.note ?? '', e.details ? h('code', { class: 'details' }, e.details) : '')))),
    h('section', { id: 'ledger' }, h('h2', {}, 'Ledger entries'), ledger instanceof Error ? problemView(ledger) : ledgerView(ledger)));
}

function button(label, onclick, kind) {
  return h('button', { type: 'button', class: kind ?? '', onclick }, label);
}

function amountOrNull(text, currency) {
  if (!String(text).trim()) return null;
  const minor = toMinor(text, currency);
  if (minor === null) throw { problem: { title: 'Not an amount', detail: `"${text}" is not an amount in ${currency}.` } };
  return minor;
}

function chosenLines(form) {
  const lines = [...form.querySelectorAll('input[data-sku]')].filter(i => Number(i.value) > 0).map(i => ({ sku: i.dataset.sku, quantity: Number(i.value) }));
  return lines.length ? lines : null;
}

function refundDialog(o, act, done) {
  const byAmount = h('input', { type: 'radio', name: 'mode', value: 'amount', checked: true });
  const byLines = h('input', { type: 'radio', name: 'mode', value: 'lines' });
  const amount = h('input', { name: 'amount', inputmode: 'decimal' });
  const lines = o.lines.map(l => field(`${l.sku} (${l.name}), units of ${l.quantity}`, h('input', { type: 'number', min: 0, max: l.quantity, name: `q-${l.sku}`, 'data-sku': l.sku })));
  const amountBox = h('div', {}, field(`Amount (${o.currency})`, amount, `At most what was captured and not yet refunded.`));
  const linesBox = h('div', { hidden: true }, lines, field('Put the units back in stock', h('input', { type: 'checkbox', name: 'restock' })));
  const sync = () => { amountBox.hidden = !byAmount.checked; linesBox.hidden = byAmount.checked; };
  byAmount.addEventListener('change', sync);
  byLines.addEventListener('change', sync);
  return confirmDialog({
    title: 'Refund', confirm: 'Refund',
    body: [
      h('fieldset', {}, h('legend', {}, 'Refund by'),
        h('label', { class: 'inline' }, byAmount, ' an amount'), h('label', { class: 'inline' }, byLines, ' lines (what was paid for the units)')),
      amountBox, linesBox, field('Reason', h('input', { name: 'reason', maxlength: 1000 })),
    ],
    act: f => {
      const body = byAmount.checked
        ? { amount: amountOrNull(amount.value, o.currency) ?? 0, reason: f.reason.value || null }
        : { lines: chosenLines(f), restock: f.restock.checked, reason: f.reason.value || null };
      return act('refunds', body).then(done(`Refunded ${byAmount.checked ? fromMinor(body.amount, o.currency) + ' ' + o.currency : 'the lines'}`));
    },
  });
}

function ledgerView(l) {
  const s = l.summary;
  return h('div', {},
    h('dl', { class: 'totals inline' },
      h('dt', {}, 'Customer paid'), h('dd', { id: 'ledger-paid' }, money(s.customerPaid)),
      h('dt', {}, 'Receivable'), h('dd', {}, money(s.receivable)),
      h('dt', {}, 'Revenue'), h('dd', {}, money(s.revenue)),
      h('dt', {}, 'Tax'), h('dd', {}, money(s.tax)),
      h('dt', {}, 'Payments match'), h('dd', {}, s.paymentsMatchLedger ? 'yes' : 'NO')),
    table(['At', 'Kind', 'Memo', 'Postings'], l.entries.map(e => row(when(e.at), e.kind, e.memo ?? '',
      h('ul', { class: 'postings' }, e.postings.map(p => h('li', {}, h('span', {}, p.account), ' ', h('span', { class: p.side }, `${p.side} ${money({ amount: Math.abs(p.amount.amount), currency: p.amount.currency })}`))))))));
}

function addressText(a) {
  return [a.name, a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ');
}
