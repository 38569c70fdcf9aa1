// A guest's orders, remembered in this browser. The checkout answer carries the order's token once (the server keeps
// only its hash); with the order id it is the guest's only way to read the order again (header Order-Token), so it
// is kept like a password: in this browser's storage, and shown to the buyer to note down, never put in a URL.
import { request } from './api.js';

const ORDERS_KEY = 'engineroom.orderTokens';

function tokens() {
  try {
    return JSON.parse(localStorage.getItem(ORDERS_KEY) ?? '{}');
  } catch {
    return {};
  }
}

export function rememberOrder(order) {
  if (order.orderToken) localStorage.setItem(ORDERS_KEY, JSON.stringify({ ...tokens(), [order.id]: order.orderToken }));
}

export function tokenFor(orderId) {
  return tokens()[orderId] ?? null;
}

/** GET /store/orders/{id} with the guest's token. A wrong id or token is 404 alike, so ids are never confirmed. */
export function fetchOrder(orderId, token) {
  return request('GET', `/store/orders/${encodeURIComponent(orderId)}`, { headers: { 'Order-Token': token } });
}
