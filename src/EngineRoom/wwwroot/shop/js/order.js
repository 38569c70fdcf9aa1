// An order, read again: GET /store/orders/{id} with the guest's Order-Token header. Right after checkout the token
// comes from this browser's storage; later, or on another device, the buyer types the id and token into the form.
import { formatMoney, totals } from './money.js';
import { el, $, showError, clearError } from './dom.js';
import { showCartCount } from './cart.js';
import { fetchOrder, tokenFor } from './orders.js';

function draw(order) {
  $('#order-id').textContent = order.id;
  $('#order-status').textContent = order.status.replaceAll('_', ' ');
  $('#order-placed').textContent = new Date(order.placedAt).toLocaleString();
  $('#order-email').textContent = order.email;
  $('#order-lines').replaceChildren(...order.lines.map(line => el('tr', {},
    el('td', {}, line.name, line.variantName ? el('span', { className: 'muted' }, ` · ${line.variantName}`) : null),
    el('td', {}, formatMoney(line.unitPrice)),
    el('td', {}, String(line.quantity)),
    el('td', {}, formatMoney(line.total)))));
  $('#order-totals').replaceChildren(...totals(order));
  $('#order').hidden = false;
}

async function show(id, token) {
  clearError($('#error'));
  $('#order').hidden = true;
  try {
    draw(await fetchOrder(id, token));
  } catch (error) {
    if (error.status === 404) error.message = 'No order matches this id and token.';
    showError($('#error'), error);
  }
}

const params = new URLSearchParams(location.search);
const id = params.get('id');
// The link in a guest's order email carries the token after '#', so the browser never sends it to any server.
const linked = new URLSearchParams(location.hash.slice(1)).get('token');
const token = id ? (linked ?? tokenFor(id)) : null;
if (id && params.get('placed') && token) {
  $('#placed-id').textContent = id;
  $('#placed-token').textContent = token;
  $('#placed').hidden = false;
}
if (id && token) show(id, token);
else if (id) $('#lookup-id').value = id; // a link to the order on another browser: only the token is missing

$('#lookup').addEventListener('submit', event => {
  event.preventDefault();
  const form = event.target;
  const orderId = form.elements.id.value.trim();
  const orderToken = form.elements.token.value.trim();
  show(orderId, orderToken);
});

showCartCount();
