// The cart page: lines and totals exactly as the server computed them (GET /store/carts/{id}); changing a quantity
// or removing a line answers the whole cart again, so the page simply redraws from each answer.
import { formatMoney, totals } from './money.js';
import { el, $, showError, clearError } from './dom.js';
import { currentCart, setQuantity, removeLine, showCartCount } from './cart.js';

function draw(cart) {
  const empty = !cart || cart.lines.length === 0;
  $('#empty').hidden = !empty;
  $('#cart').hidden = empty;
  if (empty) return;

  $('#lines').replaceChildren(...cart.lines.map(line => el('tr', {},
    el('td', {}, line.name, line.variantName ? el('span', { className: 'muted' }, ` · ${line.variantName}`) : null),
    el('td', {}, formatMoney(line.unitPrice)),
    el('td', {}, quantityInput(cart, line)),
    el('td', {}, formatMoney(line.total)),
    el('td', {}, el('button', { type: 'button', className: 'link', onclick: () => change(() => removeLine(cart.id, line.sku)) }, 'Remove')))));
  $('#totals').replaceChildren(...totals(cart));
  if (cart.unavailable.length > 0)
    $('#totals').append(el('dt', {}, 'Not available now'), el('dd', {}, cart.unavailable.join(', ')));
}

function quantityInput(cart, line) {
  return el('input', {
    type: 'number', min: '0', max: '999', value: String(line.quantity), ariaLabel: `Quantity of ${line.name}`,
    onchange: event => change(() => setQuantity(cart.id, line.sku, Number.parseInt(event.target.value, 10) || 0)),
  });
}

async function change(action) {
  clearError($('#error'));
  try {
    draw(await action());
    await showCartCount();
  } catch (error) {
    showError($('#error'), error);
  }
}

change(currentCart);
