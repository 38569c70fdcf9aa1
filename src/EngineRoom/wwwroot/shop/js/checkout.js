// Checkout, in two forms:
// - Buy now (checkout.html?sku=...&quantity=...): one POST /store/orders with the line, the email and the payment
//   token; no cart at all.
// - Cart (checkout.html): POST /store/carts/{id}/checkout with the email and the payment token.
// Both answer 201 with the order (and a guest's order token), or a problem detail: payment_declined (402),
// out_of_stock (409), payment_provider_error (502), ... Any refusal leaves nothing behind: no order, no charge, no
// stock held.
import { request, newIdempotencyKey } from './api.js';
import { formatMoney, totals } from './money.js';
import { el, $, showError, clearError } from './dom.js';
import { currentCart, forgetCart, showCartCount } from './cart.js';
import { rememberOrder } from './orders.js';

const params = new URLSearchParams(location.search);
const buyNow = params.has('sku') ? { sku: params.get('sku'), quantity: Number.parseInt(params.get('quantity') ?? '1', 10) || 1 } : null;
let cart = null;

async function showSummary() {
  const summary = $('#summary');
  if (buyNow) {
    const product = params.get('product') ? await request('GET', `/store/products/${encodeURIComponent(params.get('product'))}`) : null;
    const variant = product?.variants.find(v => v.sku === buyNow.sku);
    summary.append(
      el('h2', {}, 'Buy now'),
      el('p', {}, `${buyNow.quantity} × ${product?.name ?? buyNow.sku}${variant?.name ? ` · ${variant.name}` : ''}`,
        variant?.price ? el('span', { className: 'muted' }, ` at ${formatMoney(variant.price)} each`) : null),
      el('p', { className: 'muted' }, 'The total, with any discount, shipping and tax, is computed by the server when the order is placed.'));
    return;
  }
  cart = await currentCart();
  if (!cart || cart.lines.length === 0) {
    summary.append(el('p', {}, 'Your cart is empty. ', el('a', { href: './' }, 'Browse the products'), '.'));
    $('#checkout-form').hidden = true;
    return;
  }
  summary.append(el('h2', {}, 'Your cart'),
    el('ul', {}, ...cart.lines.map(line => el('li', {}, `${line.quantity} × ${line.name} · ${formatMoney(line.total)}`))),
    el('dl', { className: 'totals' }, ...totals(cart)));
}

// One checkout attempt = one Idempotency-Key. Sending the very same request again (a retry after a lost connection,
// a 5xx, or a double click) reuses the key, so the server places at most one order and charges at most once: it
// answers a repeat with the first answer. A changed request (another test card after a decline) is a new attempt and
// gets a new key: the server refuses a key reused with another body (409 idempotency_conflict).
let attempt = null; // { key, body }

$('#checkout-form').addEventListener('submit', async event => {
  event.preventDefault();
  clearError($('#error'));
  const form = event.target;
  if (!form.reportValidity()) return;

  const email = form.elements.email.value.trim();
  const paymentToken = form.elements.paymentToken.value;
  const body = buyNow ? { lines: [buyNow], email, paymentToken } : { email, paymentToken };
  const path = buyNow ? '/store/orders' : `/store/carts/${encodeURIComponent(cart.id)}/checkout`;
  const bodyText = JSON.stringify(body);
  if (attempt?.body !== bodyText) attempt = { key: newIdempotencyKey(), body: bodyText };

  const button = $('#place-order');
  button.disabled = true; // one request in flight at a time
  try {
    const order = await request('POST', path, { body, headers: { 'Idempotency-Key': attempt.key } });
    rememberOrder(order);
    if (!buyNow) forgetCart(); // the cart is closed now
    location.assign(`order.html?id=${encodeURIComponent(order.id)}&placed=1`);
  } catch (error) {
    // payment_declined carries the provider's reason in `declineCode` (card_declined, insufficient_funds, ...).
    const prefix = error.code === 'payment_declined' ? 'Payment declined: ' : '';
    showError($('#error'), error, prefix);
    button.textContent = error.status === 0 || error.status >= 500 ? 'Try again' : 'Place order';
  } finally {
    button.disabled = false;
  }
});

showSummary().catch(error => showError($('#error'), error));
showCartCount();
