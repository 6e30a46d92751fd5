// Figure (src/plot/figure.ts) → Vega-Lite spec: one layer per series, all sharing the fields x, y so that the
// axes are shared and titled once; labelled series share one colour legend whose domain/range keep each series'
// colour. Pure (no Node or DOM): the CLI renders the spec headless, the explorer page embeds it.
import type { TopLevelSpec } from 'vega-lite';
import { PALETTE, type Figure, type Series } from './figure.js';

type Row = Record<string, number | string>;
type Layer = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function rows(s: Series): Row[] {
  const out: Row[] = [];
  if (s.kind === 'line' || s.kind === 'points' ) {
    for (let i = 0; i < Math.min(s.x.length, s.y.length); i++) {
      const x = s.x[i]!, y = s.y[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const e = s.kind === 'points' && s.err ? s.err[i]! : undefined;
      if (e !== undefined && !Number.isFinite(e)) continue;
      out.push(e === undefined ? { x, y, i } : { x, y, i, lo: y - e, hi: y + e });
    }
  } else if (s.kind === 'histogram') {
    for (let b = 0; b < s.density.length; b++) {
      const x = s.edges[b]!, x2 = s.edges[b + 1]!, y = s.density[b]!;
      if (Number.isFinite(x) && Number.isFinite(x2) && Number.isFinite(y)) out.push({ x, x2, y, y2: 0 });
    }
  } else if (Number.isFinite(s.at)) out.push(s.kind === 'vline' ? { x: s.at } : { y: s.at });
  return out;
}

/** The Vega-Lite spec of `fig` (width/height in pixels of the plotting area). */
export function figureSpec(fig: Figure): TopLevelSpec {
  const labelled = fig.series.filter((s) => s.label);
  const colorOf = (s: Series) => s.color ?? PALETTE[fig.series.indexOf(s) % PALETTE.length]!;
  const domain: string[] = [], range: string[] = [];
  for (const s of labelled) if (!domain.includes(s.label!)) { domain.push(s.label!); range.push(colorOf(s)); }
  const hasBars = fig.series.some((s) => s.kind === 'histogram');
  const xScale = fig.xlim ? { domain: fig.xlim, nice: false, zero: false } : { zero: false, nice: false };
  const yScale = fig.ylim ? { domain: fig.ylim, nice: false, zero: false } : { zero: hasBars };
  const x = { field: 'x', type: 'quantitative', title: fig.xlabel, scale: xScale };
  const y = { field: 'y', type: 'quantitative', title: fig.ylabel, scale: yScale };
  const color = (s: Series) =>
    s.label ? { color: { datum: s.label, type: 'nominal', scale: { domain, range }, legend: { title: null, orient: 'right', labelLimit: 320 } } } : {};
  const layers: Layer[] = [];
  for (const s of fig.series) {
    const values = rows(s);
    if (values.length === 0) continue;
    const data = { values };
    const c = colorOf(s);
    const enc = color(s);
    switch (s.kind) {
      case 'line':
        // Joined in the given order (i), not sorted by x: a curve such as a phase boundary may turn back in x.
        layers.push({ data, mark: { type: 'line', clip: true, strokeWidth: 2, color: c, ...(s.dash ? { strokeDash: [6, 4] } : {}) }, encoding: { x, y, order: { field: 'i' }, ...enc } });
        break;
      case 'points':
        if (s.err) layers.push({ data, mark: { type: 'rule', clip: true, color: c, strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } });
        layers.push({ data, mark: { type: 'point', filled: true, size: 40, opacity: 1, clip: true, color: c }, encoding: { x, y, ...enc } });
        break;
      case 'histogram':
        layers.push({ data, mark: { type: 'rect', clip: true, color: c, opacity: 0.35, stroke: c, strokeWidth: 0.5 }, encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, ...enc } });
        break;
      case 'vline':
      case 'hline': {
        const dash = s.dash === false ? {} : { strokeDash: [4, 3] };
        const mark = { type: 'rule', clip: true, color: c, strokeWidth: 1.5, ...dash };
        layers.push({ ...(s.id ? { name: s.id } : {}), data, mark, encoding: s.kind === 'vline' ? { x, ...enc } : { y, ...enc } });
        break;
      }
    }
  }
  // A figure with nothing to draw still gets its axes (one invisible point at the origin).
  if (layers.length === 0) layers.push({ data: { values: [{ x: 0, y: 0 }] }, mark: { type: 'point', opacity: 0 }, encoding: { x, y } });
  return {
    $schema: SCHEMA,
    title: fig.title,
    width: fig.width ?? 520,
    height: fig.height ?? 320,
    background: 'white',
    config: { font: 'DejaVu Sans, Arial, sans-serif', axis: { grid: true, gridColor: '#eee' } },
    layer: layers,
  } as unknown as TopLevelSpec;
}
