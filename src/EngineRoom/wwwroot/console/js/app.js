import { h, clear, field, problemView } from './dom.js';
import { signIn, signOut, resume, get, onSignedOut, ApiError } from './api.js';
import { dashboard } from './pages/dashboard.js';
import { orders } from './pages/orders.js';
import { order } from './pages/order.js';
import { catalog } from './pages/catalog.js';
import { product } from './pages/product.js';
import { inventory } from './pages/inventory.js';
import { stockItem } from './pages/stock-item.js';
import { discounts } from './pages/discounts.js';

const routes = [
  [/^#\/dashboard$/, dashboard, 'Dashboard'],
  [/^#\/orders$/, orders, 'Orders'],
  [/^#\/orders\/([0-9a-f-]{36})$/, order, 'Order'],
  [/^#\/catalog$/, catalog, 'Catalog'],
  [/^#\/catalog\/(new|\d+)$/, product, 'Product'],
  [/^#\/inventory$/, inventory, 'Inventory'],
  [/^#\/inventory\/(.+)$/, stockItem, 'Stock'],
  [/^#\/discounts$/, discounts, 'Discounts'],
];

const main = document.getElementById('main');
const top = document.getElementById('top');
let current = null; // the page's AbortController: a page's streams and timers end when another page opens

async function show() {
  current?.abort();
  current = new AbortController();
  const hash = location.hash || '#/dashboard';
  const match = routes.map(([pattern, page, title]) => [hash.match(pattern), page, title]).find(([m]) => m);
  if (!match) { location.hash = '#/dashboard'; return; }
  const [m, page, title] = match;
  for (const link of top.querySelectorAll('nav a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${title} · EngineRoom console`;
  clear(main);
  try {
    await page(main, m.slice(1).map(decodeURIComponent), current.signal);
  } catch (error) {
    if (current.signal.aborted) return;
    main.append(problemView(error));
  }
}

function signInPage(message) {
  current?.abort();
  top.hidden = true;
  clear(main);
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const problem = h('div', {}, message ?? null);
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'EngineRoom console'),
    h('p', { class: 'hint' }, 'Staff and admin accounts sign in here.'),
    field('Email', email), field('Password', password), problem, button);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    button.disabled = true;
    clear(problem);
    try {
      await signIn(email.value, password.value);
      await enter();
    } catch (error) {
      problem.append(problemView(error));
    } finally {
      button.disabled = false;
    }
  });
  main.append(form);
  email.focus();
}

/** Signed in: only staff and admins may stay. The API decides; a customer's token gets its 403, shown as written. */
async function enter() {
  try {
    await get('/admin/orders?limit=1');
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      await signOut();
      signInPage(h('div', {}, h('p', { class: 'refused' }, 'This account may not use the console: it is not a staff or admin account.'), problemView(error)));
      return;
    }
    throw error;
  }
  get('/store/me').then(me => { document.getElementById('who').textContent = `${me.name} (${me.role})`; }).catch(() => {});
  top.hidden = false;
  window.addEventListener('hashchange', show);
  await show();
}

document.getElementById('sign-out').addEventListener('click', async () => {
  window.removeEventListener('hashchange', show);
  await signOut();
  signInPage();
});
onSignedOut(() => {
  window.removeEventListener('hashchange', show);
  signInPage(h('p', { class: 'refused' }, 'Your session ended. Sign in again.'));
});

if (await resume()) await enter();
else signInPage();
