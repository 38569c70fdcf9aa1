import { s } from './dom.js';

/**
 * A bar chart in SVG, drawn here (no chart library to vendor): `points` are { label, value, title }. The chart is an
 * image to screen readers with a summary in its label; each bar has a <title> with its exact figure.
 */
export function barChart(points, { label, format = String, width = 640, height = 170, ticks = 6 }) {
  const top = 12, bottom = 22, left = 70, right = 6;
  const max = Math.max(0, ...points.map(p => p.value));
  if (max === 0) return s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': `${label}: nothing yet` },
    s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'axis' }, 'No sales in this period yet.'));
  const plotW = width - left - right, plotH = height - top - bottom;
  const step = plotW / Math.max(1, points.length);
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': `${label}: ${points.length} bars, total ${format(total)}, highest ${format(max)}` });
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotH * (1 - fraction);
    svg.append(s('line', { x1: left, x2: width - right, y1: y, y2: y, class: 'grid' }),
      s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, format(Math.round(max * fraction))));
  }
  const every = Math.max(1, Math.ceil(points.length / ticks));
  points.forEach((p, i) => {
    const barH = p.value > 0 ? Math.max(1, plotH * p.value / max) : 0;
    const x = left + i * step;
    svg.append(s('rect', { x: x + step * 0.1, y: top + plotH - barH, width: Math.max(1, step * 0.8), height: barH, class: 'bar' },
      s('title', {}, `${p.title ?? p.label}: ${format(p.value)}`)));
    if (i % every === 0) svg.append(s('text', { x: x + step / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis' }, p.label));
  });
  return svg;
}
