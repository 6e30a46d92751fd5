// A small SVG plotting grammar for papers: one panel, linear axes, lines, points with error bars,
// histograms, vertical/horizontal reference lines and a legend. Renders without a browser.

export interface LineSeries {
  kind: 'line';
  label?: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  dash?: boolean;
}
export interface PointSeries {
  kind: 'points';
  label?: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Half-widths of the vertical error bars (e.g. 1 standard error). */
  err?: ArrayLike<number>;
  color?: string;
}
export interface HistogramSeries {
  kind: 'histogram';
  label?: string;
  /** Bin edges (length bins+1) and densities (length bins). */
  edges: ArrayLike<number>;
  density: ArrayLike<number>;
  color?: string;
}
export interface RuleSeries {
  kind: 'vline' | 'hline';
  label?: string;
  at: number;
  color?: string;
  dash?: boolean;
}
export type Series = LineSeries | PointSeries | HistogramSeries | RuleSeries;

export interface Figure {
  title: string;
  xlabel: string;
  ylabel: string;
  series: Series[];
  width?: number;
  height?: number;
  xlim?: [number, number];
  ylim?: [number, number];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];

/** "Nice" tick positions covering [lo, hi] (Heckbert's labelling). */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) ticks.push(Math.abs(t) < 1e-12 * step ? 0 : t);
  return ticks;
}

function extent(fig: Figure): { x: [number, number]; y: [number, number] } {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  const addX = (v: number) => { if (Number.isFinite(v)) { x0 = Math.min(x0, v); x1 = Math.max(x1, v); } };
  const addY = (v: number) => { if (Number.isFinite(v)) { y0 = Math.min(y0, v); y1 = Math.max(y1, v); } };
  for (const s of fig.series) {
    if (s.kind === 'line' || s.kind === 'points') {
      for (let i = 0; i < s.x.length; i++) {
        addX(s.x[i]!);
        const e = s.kind === 'points' && s.err ? s.err[i]! : 0;
        addY(s.y[i]! - e);
        addY(s.y[i]! + e);
      }
    } else if (s.kind === 'histogram') {
      for (let i = 0; i < s.edges.length; i++) addX(s.edges[i]!);
      addY(0);
      for (let i = 0; i < s.density.length; i++) addY(s.density[i]!);
    } else if (s.kind === 'vline') addX(s.at);
    else addY(s.at);
  }
  if (!Number.isFinite(x0)) { x0 = 0; x1 = 1; }
  if (!Number.isFinite(y0)) { y0 = 0; y1 = 1; }
  const padX = (x1 - x0 || 1) * 0.04, padY = (y1 - y0 || 1) * 0.06;
  return { x: fig.xlim ?? [x0 - padX, x1 + padX], y: fig.ylim ?? [y0 - padY, y1 + padY] };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number) => (Math.round(v * 100) / 100).toString();
const tickLabel = (t: number) => (Math.abs(t) >= 1e6 || (Math.abs(t) < 1e-3 && t !== 0) ? t.toExponential(1) : Number(t.toPrecision(6)).toString());

/** Render a figure as a standalone SVG document. */
export function renderSvg(fig: Figure): string {
  const W = fig.width ?? 640, H = fig.height ?? 420;
  const m = { l: 70, r: 20, t: 40, b: 55 };
  const { x: [xa, xb], y: [ya, yb] } = extent(fig);
  const sx = (v: number) => m.l + ((v - xa) / (xb - xa)) * (W - m.l - m.r);
  const sy = (v: number) => H - m.b - ((v - ya) / (yb - ya)) * (H - m.t - m.b);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${esc(fig.title)}</text>`);
  out.push(`<defs><clipPath id="plot"><rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}"/></clipPath></defs>`);
  for (const t of niceTicks(xa, xb)) {
    out.push(`<line x1="${num(sx(t))}" y1="${H - m.b}" x2="${num(sx(t))}" y2="${H - m.b + 5}" stroke="black"/>`);
    out.push(`<text x="${num(sx(t))}" y="${H - m.b + 18}" text-anchor="middle">${tickLabel(t)}</text>`);
    out.push(`<line x1="${num(sx(t))}" y1="${m.t}" x2="${num(sx(t))}" y2="${H - m.b}" stroke="#eee"/>`);
  }
  for (const t of niceTicks(ya, yb)) {
    out.push(`<line x1="${m.l - 5}" y1="${num(sy(t))}" x2="${m.l}" y2="${num(sy(t))}" stroke="black"/>`);
    out.push(`<text x="${m.l - 8}" y="${num(sy(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
    out.push(`<line x1="${m.l}" y1="${num(sy(t))}" x2="${W - m.r}" y2="${num(sy(t))}" stroke="#eee"/>`);
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="black"/>`);
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 15}" text-anchor="middle">${esc(fig.xlabel)}</text>`);
  out.push(`<text transform="translate(18 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(fig.ylabel)}</text>`);
  const legend: Array<{ label: string; color: string; kind: Series['kind']; dashed: boolean }> = [];
  out.push('<g clip-path="url(#plot)">');
  fig.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    if (s.label) legend.push({ label: s.label, color, kind: s.kind, dashed: s.kind === 'line' ? Boolean(s.dash) : s.kind === 'vline' || s.kind === 'hline' ? s.dash !== false : false });
    if (s.kind === 'histogram') {
      for (let b = 0; b < s.density.length; b++) {
        const x0 = sx(s.edges[b]!), x1 = sx(s.edges[b + 1]!), y = sy(s.density[b]!);
        out.push(`<rect x="${num(x0)}" y="${num(y)}" width="${num(Math.max(x1 - x0, 0.5))}" height="${num(sy(0) - y)}" fill="${color}" fill-opacity="0.35" stroke="${color}" stroke-width="0.5"/>`);
      }
    } else if (s.kind === 'line') {
      const pts: string[] = [];
      for (let j = 0; j < s.x.length; j++) if (Number.isFinite(s.y[j]!)) pts.push(`${num(sx(s.x[j]!))},${num(sy(s.y[j]!))}`);
      out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ''}/>`);
    } else if (s.kind === 'points') {
      for (let j = 0; j < s.x.length; j++) {
        const cx = sx(s.x[j]!), cy = sy(s.y[j]!);
        if (s.err) {
          const e = s.err[j]!;
          out.push(`<line x1="${num(cx)}" y1="${num(sy(s.y[j]! - e))}" x2="${num(cx)}" y2="${num(sy(s.y[j]! + e))}" stroke="${color}" stroke-width="1.5"/>`);
        }
        out.push(`<circle cx="${num(cx)}" cy="${num(cy)}" r="3.5" fill="${color}"/>`);
      }
    } else {
      const dash = s.dash === false ? '' : ' stroke-dasharray="4 3"';
      if (s.kind === 'vline') out.push(`<line x1="${num(sx(s.at))}" y1="${m.t}" x2="${num(sx(s.at))}" y2="${H - m.b}" stroke="${color}" stroke-width="1.5"${dash}/>`);
      else out.push(`<line x1="${m.l}" y1="${num(sy(s.at))}" x2="${W - m.r}" y2="${num(sy(s.at))}" stroke="${color}" stroke-width="1.5"${dash}/>`);
    }
  });
  out.push('</g>');
  legend.forEach((e, i) => {
    const y = m.t + 14 + i * 17, x = W - m.r - 200;
    out.push(`<rect x="${x - 6}" y="${y - 11}" width="196" height="17" fill="white" fill-opacity="0.8"/>`);
    if (e.kind === 'points') out.push(`<circle cx="${x + 9}" cy="${y - 4}" r="3.5" fill="${e.color}"/>`);
    else if (e.kind === 'histogram') out.push(`<rect x="${x}" y="${y - 9}" width="18" height="10" fill="${e.color}" fill-opacity="0.35" stroke="${e.color}"/>`);
    else out.push(`<line x1="${x}" y1="${y - 4}" x2="${x + 18}" y2="${y - 4}" stroke="${e.color}" stroke-width="2"${e.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    out.push(`<text x="${x + 24}" y="${y}">${esc(e.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
