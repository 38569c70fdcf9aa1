import { h, clear, field, select, money, table, row, badge, problemView } from '../dom.js';
import { get, query } from '../api.js';

const filters = { q: '', published: '' };

/** Products: search (the same search as the store's, unpublished included), and the way to a new one. */
export async function catalog(main, _, signal) {
  const q = h('input', { type: 'search', name: 'q', value: filters.q });
  const published = select('published', [['', 'All'], ['true', 'Published'], ['false', 'Unpublished']], filters.published);
  const results = h('div', {});
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Search products' },
    field('Search', q), field('Shown', published), h('button', { type: 'submit', class: 'primary' }, 'Search'));
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Catalog'), h('a', { href: '#/catalog/new', class: 'button primary' }, 'New product')), form, results);

  let latest = 0; // a newer search replaces an older one still on its way
  async function run(cursor) {
    Object.assign(filters, { q: q.value, published: published.value });
    const mine = cursor ? latest : ++latest;
    try {
      const page = await get(`/admin/products${query({ q: q.value.trim(), published: published.value, limit: 50, cursor })}`, { signal });
      if (mine !== latest) return;
      if (!cursor) clear(results);
      results.append(table(['Name', 'Slug', 'Shown', 'Price', 'Stock'], page.items.map(p => row(
        h('a', { href: `#/catalog/${p.id}` }, p.name), p.slug, p.published ? badge('published') : badge('unpublished'),
        p.price ? (p.price.min.amount === p.price.max.amount ? money(p.price.min) : `${money(p.price.min)} – ${money(p.price.max)}`) : '–',
        p.inStock ? 'in stock' : badge('out of stock', 'low')))));
      if (page.nextCursor) results.append(h('button', { type: 'button', onclick: e => { e.target.remove(); run(page.nextCursor); } }, 'More products'));
    } catch (error) {
      if (!cursor) clear(results);
      results.append(problemView(error));
    }
  }
  form.addEventListener('submit', e => { e.preventDefault(); run(); });
  await run();
}
