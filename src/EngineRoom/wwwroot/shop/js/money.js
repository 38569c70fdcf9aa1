// Money arrives as { amount, currency }: an integer number of minor units (cents for USD, yen for JPY) and an
// ISO 4217 code. Never add or compare prices as floats: totals, discounts and tax are computed by the server, and
// the storefront only formats what it is given. The division below is for display and nothing else.
import { el } from './dom.js';

/** "$19.99" for { amount: 1999, currency: "USD" }, "¥1,200" for { amount: 1200, currency: "JPY" }. */
export function formatMoney(money) {
  if (!money) return '';
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits; // the currency's minor-unit exponent: 2 for USD, 0 for JPY
  return format.format(money.amount / 10 ** digits);
}

/** A product list's price: "$12.00" or "from $12.00" when its variants differ. */
export function formatRange(range) {
  if (!range) return 'No price';
  return range.min.amount === range.max.amount ? formatMoney(range.min) : `from ${formatMoney(range.min)}`;
}

/** The totals of a cart or an order as <dt>/<dd> pairs: subtotal, then discount, shipping and tax when not zero, then total. */
export function totals(priced) {
  const rows = [['Subtotal', priced.subtotal], ['Discount', priced.discount], ['Shipping', priced.shipping], ['Tax', priced.tax], ['Total', priced.total]];
  return rows.filter(([label, money]) => label === 'Subtotal' || label === 'Total' || money.amount !== 0)
    .flatMap(([label, money]) => [el('dt', {}, label), el('dd', { className: label === 'Total' ? 'price' : '' }, formatMoney(money))]);
}
