// One product: GET /store/products/{slug} answers its variants, each with its SKU, options, price in the store's
// currency and available stock. Choosing a variant shows its price; Add to cart and Buy now send its SKU.
import { request } from './api.js';
import { formatMoney, formatRange } from './money.js';
import { el, $, showError, clearError } from './dom.js';
import { addToCart, showCartCount } from './cart.js';

const slug = new URLSearchParams(location.search).get('slug');
let product = null;

function chosenVariant() {
  const checked = document.querySelector('input[name="variant"]:checked');
  return product.variants.find(v => v.sku === checked?.value);
}

function describe(variant) {
  const options = variant.options.map(o => `${o.name}: ${o.value}`).join(', ');
  return [variant.name, options].filter(Boolean).join(' · ') || variant.sku;
}

function showChoice() {
  const variant = chosenVariant();
  $('#price').textContent = variant?.price ? formatMoney(variant.price) : 'Not sold in this currency';
  $('#availability').textContent = !variant ? '' : variant.available > 0 ? `${variant.available} in stock` : 'Out of stock';
  const sellable = Boolean(variant?.price && variant.available > 0);
  $('#add-to-cart').disabled = !sellable;
  $('#buy-now').disabled = !sellable;
}

async function load() {
  if (!slug) throw new Error('No product was chosen.');
  product = await request('GET', `/store/products/${encodeURIComponent(slug)}`);
  document.title = `${product.name} · EngineRoom demo shop`;
  $('#breadcrumb').textContent = product.breadcrumb.map(c => c.name).join(' › ');
  $('#name').textContent = product.name;
  $('#short').textContent = product.shortDescription ?? '';
  $('#description').textContent = product.description;
  $('#price').textContent = formatRange(product.price);

  const firstSellable = product.variants.find(v => v.price && v.available > 0) ?? product.variants[0];
  $('#variants').append(...product.variants.map(variant => el('label', { className: 'variant' },
    el('input', { type: 'radio', name: 'variant', value: variant.sku, checked: variant === firstSellable }),
    ` ${describe(variant)} `,
    el('span', { className: 'muted' }, variant.price ? formatMoney(variant.price) : ''))));
  $('#variants').addEventListener('change', showChoice);
  showChoice();
  $('#product').hidden = false;
}

function quantity() {
  return Math.max(1, Math.min(999, Number.parseInt($('#quantity').value, 10) || 1));
}

$('#add-to-cart').addEventListener('click', async () => {
  clearError($('#error'));
  $('#add-to-cart').disabled = true;
  try {
    const variant = chosenVariant();
    await addToCart(variant.sku, quantity());
    $('#added').replaceChildren(`Added ${describe(variant)} to your cart. `, el('a', { href: 'cart.html' }, 'View cart'));
    $('#added').hidden = false;
    await showCartCount();
  } catch (error) {
    showError($('#error'), error);
  } finally {
    showChoice();
  }
});

// Buy now skips the cart: the checkout page sends one POST /store/orders with the line, the email and the token.
$('#buy').addEventListener('submit', event => {
  event.preventDefault();
  const query = new URLSearchParams({ sku: chosenVariant().sku, quantity: String(quantity()), product: slug });
  location.assign(`checkout.html?${query}`);
});

load().catch(error => showError($('#error'), error));
showCartCount();
