import { h, clear, field, money, table, row, badge, problemView, toast, fromMinor, onSubmit, priceFrom } from '../dom.js';
import { api, get } from '../api.js';

/** One product: its fields (edit, publish), its variants and their prices; or the form for a new product. */
export async function product(main, [id], signal) {
  const p = id === 'new' ? null : await get(`/admin/products/${id}`, { signal });
  const problem = h('div', {});
  const name = h('input', { name: 'name', required: true, maxlength: 300, value: p?.name ?? '' });
  const slug = h('input', { name: 'slug', required: true, maxlength: 200, pattern: '[a-z0-9]+(-[a-z0-9]+)*', value: p?.slug ?? '' });
  const short = h('input', { name: 'shortDescription', maxlength: 500, value: p?.shortDescription ?? '' });
  const description = h('textarea', { name: 'description', rows: 4, maxlength: 10000 });
  description.value = p?.description ?? '';
  const published = h('input', { type: 'checkbox', name: 'published', checked: p?.published ?? false });
  const fields = [field('Name', name), field('Slug', slug, 'Lower-case letters, digits and hyphens; the product\'s address in the store.'),
    field('Short description', short), field('Description', description), field('Published (visible in the store)', published)];
  const body = () => ({
    slug: slug.value.trim(), name: name.value.trim(), shortDescription: short.value || null, description: description.value,
    categoryId: p?.categoryId ?? null, published: published.checked, images: p?.images ?? [],
  });

  if (!p) {
    const sku = h('input', { name: 'sku', required: true, maxlength: 64 });
    const price = h('input', { name: 'price', required: true, inputmode: 'decimal' });
    const currency = h('input', { name: 'currency', required: true, value: 'USD', maxlength: 3, size: 4 });
    const form = h('form', { class: 'card form' }, ...fields,
      h('fieldset', {}, h('legend', {}, 'First variant'), field('SKU', sku), field('Price', price), field('Currency', currency)),
      problem, h('button', { type: 'submit', class: 'primary' }, 'Create product'));
    onSubmit(form, problem, async () => {
      const variant = { sku: sku.value.trim(), name: 'Default', options: [], prices: [priceFrom(price.value, currency.value)] };
      const created = await api('POST', '/admin/products', { ...body(), variants: [variant] });
      toast('Product created');
      location.hash = `#/catalog/${created.id}`;
    });
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'New product')), form);
    name.focus();
    return;
  }

  const save = async publish => {
    clear(problem);
    try {
      await api('PUT', `/admin/products/${p.id}`, { ...body(), published: publish ?? published.checked });
      toast(publish === undefined ? 'Saved' : publish ? 'Published' : 'Unpublished');
      clear(main);
      await product(main, [id], signal);
    } catch (error) { problem.append(problemView(error)); }
  };
  const form = h('form', { class: 'card form' }, ...fields, problem,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Save')));
  form.addEventListener('submit', e => { e.preventDefault(); save(); });

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, p.name), p.published ? badge('published') : badge('unpublished'),
      h('button', { type: 'button', onclick: () => save(!p.published) }, p.published ? 'Unpublish' : 'Publish')),
    h('div', { class: 'cols2' }, form,
      h('section', {}, h('h2', {}, 'Variants and prices'),
        table(['SKU', 'Name', 'Options', 'Prices', ''], p.variants.map(v => row(
          h('a', { href: `#/inventory/${encodeURIComponent(v.sku)}` }, v.sku), v.name ?? '', v.options.map(o => `${o.name}: ${o.value}`).join(', '),
          v.prices.map(money).join(' · '), pricesEditor(v, () => product(clear(main), [id], signal))))),
        addVariant(p, () => product(clear(main), [id], signal)))));
}

/** Replaces a variant's price list: one line per currency, e.g. "USD 19.99"; a currency left out is no longer sold in. */
function pricesEditor(v, reload) {
  const input = h('input', { name: 'prices', size: 22, value: v.prices.map(p => `${p.currency} ${fromMinor(p.amount, p.currency)}`).join(', ') });
  const problem = h('div', {});
  const form = h('form', { class: 'inline-form' }, field(`Prices of ${v.sku}`, input, 'e.g. USD 19.99, EUR 18.50'), h('button', { type: 'submit' }, 'Set prices'), problem);
  onSubmit(form, problem, async () => {
    const prices = input.value.split(',').map(t => t.trim()).filter(Boolean).map(t => {
      const [currency, amount] = t.split(/\s+/);
      return priceFrom(amount ?? '', currency ?? '');
    });
    await api('PUT', `/admin/variants/${v.id}/prices`, { prices });
    toast('Prices set');
    await reload();
  });
  return form;
}

function addVariant(p, reload) {
  const sku = h('input', { name: 'sku', required: true, maxlength: 64 });
  const vname = h('input', { name: 'name', maxlength: 200 });
  const price = h('input', { name: 'price', required: true, inputmode: 'decimal' });
  const currency = h('input', { name: 'currency', required: true, value: p.variants[0]?.prices[0]?.currency ?? 'USD', maxlength: 3, size: 4 });
  const problem = h('div', {});
  const form = h('form', { class: 'card form' }, h('h3', {}, 'Add a variant'), field('SKU', sku), field('Name', vname), field('Price', price), field('Currency', currency), problem,
    h('button', { type: 'submit' }, 'Add variant'));
  onSubmit(form, problem, async () => {
    await api('POST', `/admin/products/${p.id}/variants`, { sku: sku.value.trim(), name: vname.value || null, options: [], prices: [priceFrom(price.value, currency.value)] });
    toast('Variant added');
    await reload();
  });
  return form;
}
