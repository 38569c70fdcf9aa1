// The cart lives on the server; the browser keeps only its id. A guest cart is reachable by anyone holding its id,
// so the id is kept like a session token: in this browser's storage, never in a URL.
import { request, ApiError } from './api.js';

const CART_KEY = 'engineroom.cartId';

/** The open cart, or null when there is none (or the stored one was checked out or has gone). */
export async function currentCart() {
  const id = localStorage.getItem(CART_KEY);
  if (!id) return null;
  try {
    const cart = await request('GET', `/store/carts/${encodeURIComponent(id)}`);
    if (cart.status === 'open') return cart;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  localStorage.removeItem(CART_KEY);
  return null;
}

/** Adds a SKU, creating the cart on first use. Answers the cart with its server-computed totals. */
export async function addToCart(sku, quantity) {
  let cart = await currentCart();
  if (!cart) {
    cart = await request('POST', '/store/carts', { body: {} });
    localStorage.setItem(CART_KEY, cart.id);
  }
  return request('POST', `/store/carts/${encodeURIComponent(cart.id)}/items`, { body: { sku, quantity } });
}

export function setQuantity(cartId, sku, quantity) {
  return request('PUT', `/store/carts/${encodeURIComponent(cartId)}/items/${encodeURIComponent(sku)}`, { body: { quantity } });
}

export function removeLine(cartId, sku) {
  return request('DELETE', `/store/carts/${encodeURIComponent(cartId)}/items/${encodeURIComponent(sku)}`);
}

/** After a checkout the cart is closed: the next "Add to cart" starts a new one. */
export function forgetCart() {
  localStorage.removeItem(CART_KEY);
}

/** The header's "Cart (n)" link. */
export async function showCartCount() {
  const link = document.querySelector('#cart-link');
  if (!link) return;
  try {
    const cart = await currentCart();
    const count = cart ? cart.lines.reduce((sum, line) => sum + line.quantity, 0) : 0;
    link.textContent = `Cart (${count})`;
  } catch {
    link.textContent = 'Cart';
  }
}
