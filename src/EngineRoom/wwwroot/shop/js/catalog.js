// The product list: GET /store/products with the search form's fields as query parameters. The form submits to
// this same page, so every search is a plain URL that can be bookmarked or shared.
import { request } from './api.js';
import { formatRange } from './money.js';
import { el, $, showError } from './dom.js';
import { showCartCount } from './cart.js';

const params = new URLSearchParams(location.search);
const form = $('#search');
for (const name of ['q', 'sort']) form.elements[name].value = params.get(name) ?? '';
form.elements.inStock.checked = params.get('inStock') === 'true';

// Lists are paged by cursor: each answer is { items, nextCursor }; pass nextCursor back for the next page.
let nextCursor = null;

async function loadPage() {
  const query = new URLSearchParams({ limit: '12' });
  for (const name of ['q', 'category', 'sort', 'inStock']) if (params.get(name)) query.set(name, params.get(name));
  if (nextCursor) query.set('cursor', nextCursor);

  const page = await request('GET', `/store/products?${query}`);
  $('#products').append(...page.items.map(productCard));
  nextCursor = page.nextCursor;
  $('#more').hidden = !nextCursor;
  const shown = $('#products').children.length;
  $('#status').textContent = shown === 0 ? 'No products match.' : `${shown} product${shown === 1 ? '' : 's'} shown.`;
}

function productCard(product) {
  return el('li', { className: 'card' },
    // The demo catalog's image paths point at no files; a real shop renders <img src> from its own image host.
    el('div', { className: 'thumb', ariaHidden: 'true' }, product.name.slice(0, 1)),
    el('a', { href: `product.html?slug=${encodeURIComponent(product.slug)}`, className: 'name' }, product.name),
    el('p', { className: 'muted' }, product.shortDescription ?? ''),
    el('p', {},
      el('span', { className: 'price' }, formatRange(product.price)),
      product.inStock ? null : el('span', { className: 'muted' }, ' · out of stock')));
}

async function loadCategories() {
  const select = form.elements.category;
  const categories = await request('GET', '/store/categories'); // a flat list in tree order, with each one's depth
  select.append(...categories.map(c => el('option', { value: c.slug }, `${'\u00a0\u00a0'.repeat(c.depth)}${c.name}`)));
  select.value = params.get('category') ?? '';
}

$('#more').addEventListener('click', () => loadPage().catch(error => showError($('#error'), error)));
loadCategories().catch(error => showError($('#error'), error));
loadPage().catch(error => showError($('#error'), error));
showCartCount();
