// Figures for papers, as pure functions from result data to `Figure` (src/present/plot/figure.ts), rendered through
// Vega-Lite (src/present/plot/vegaLite.ts); write them with writeFigure(fig, 'name.svg' | 'name.png') from
// src/present/plot/write.ts. Nothing here computes theory: callers pass
// the numbers they already have (from the library or from a `--json` output).
//
//   histogram(values, bins?, range?)                      → { edges, density }  (normalised: ∫ density = 1)
//   spectrumFigure({ eigenvalues, density?, edges?, outliers?, … })
//       simulated eigenvalue histogram, predicted bulk density curve, predicted edge(s) and outlier(s) as lines
//   edgeOutlierFigure({ delta, edge, outlier, deltaStar?, simulated? })
//       bulk edge and outlier (null where there is none) against δ, with the threshold δ* as a vertical line
//   phaseDiagramFigure({ parameter, boundaries })
//       threshold-vs-δ phase diagram: each boundary is δ_c(p) over a parameter p (noise, weight scale, …),
//       drawn in the (δ, p) plane; the outlier (learnable) phase lies to the right of a boundary
//   overlapFigure({ theory: { delta, overlap2 }, simulated?: [{ delta, mean, se }], deltaStar?, deltaAlg? })
//       overlap² vs δ: theory curve with simulation points ± 1 se
//   gdOverlapFigure({ series: [{ label, t, overlap2, se? }], ylabel? })
//       overlap (or overlap²) along gradient descent vs step t, one curve per run/δ
//   onestepSingularValuesFigure({ alpha, spikes: [{ k, values }], bulkEdge?, boundaries? })
//       one-step spike singular values vs α (null where spike k is absent), the bulk edge, and the
//       spike-count boundaries α_ℓ = (ℓ−1)/(2ℓ) as vertical lines
//
// Every input array may contain null (or non-finite values) for "not defined here"; such points are dropped,
// never drawn as 0.
import type { Figure, Series } from './figure.js';

type Num = number | null | undefined;

const finite = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);

/** Keep the (x, y[, e]) triples where every entry is finite. */
function pairs(x: ArrayLike<Num>, y: ArrayLike<Num>, e?: ArrayLike<Num>): { x: number[]; y: number[]; err?: number[] } {
  const xs: number[] = [], ys: number[] = [], es: number[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const xi = x[i], yi = y[i], ei = e ? e[i] : 0;
    if (finite(xi) && finite(yi) && (!e || finite(ei))) {
      xs.push(xi);
      ys.push(yi);
      es.push(ei as number);
    }
  }
  return e ? { x: xs, y: ys, err: es } : { x: xs, y: ys };
}

/** Histogram normalised to unit area, on `bins` equal bins over `range` (default: the data's range). */
export function histogram(values: ArrayLike<number>, bins = 60, range?: [number, number]): { edges: number[]; density: number[] } {
  const v = Array.from(values).filter(Number.isFinite);
  if (v.length === 0) return { edges: [0, 1], density: [0] };
  let [lo, hi] = range ?? [Math.min(...v), Math.max(...v)];
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];
  const w = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of v) if (x >= lo && x <= hi) counts[Math.min(bins - 1, Math.floor((x - lo) / w))]! += 1;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * w), density: counts.map((c) => c / (v.length * w)) };
}

export interface SpectrumFigureInput {
  /** Simulated eigenvalues (the whole spectrum, or a large sample of it). */
  eigenvalues: ArrayLike<number>;
  bins?: number;
  /** Predicted bulk density on a grid. */
  density?: { x: ArrayLike<number>; y: ArrayLike<number> };
  /** Predicted bulk edge(s). */
  edges?: Num[];
  /** Predicted outlier location(s). */
  outliers?: Num[];
  title?: string;
  xlabel?: string;
  /** Clip the histogram to this range (e.g. to hide an atom at 0). */
  range?: [number, number];
}

/** Eigenvalue histogram of a simulated matrix with the predicted bulk density, edges and outliers. */
export function spectrumFigure(inp: SpectrumFigureInput): Figure {
  const h = histogram(inp.eigenvalues, inp.bins ?? 60, inp.range);
  const series: Series[] = [{ kind: 'histogram', label: `simulation (${inp.eigenvalues.length} eigenvalues)`, edges: h.edges, density: h.density, color: '#7f7f7f' }];
  if (inp.density) series.push({ kind: 'line', label: 'predicted bulk density', ...pairs(inp.density.x, inp.density.y), color: '#1f77b4' });
  (inp.edges ?? []).filter(finite).forEach((at, i) => series.push({ kind: 'vline', ...(i === 0 ? { label: 'predicted bulk edge' } : {}), at, color: '#1f77b4' }));
  (inp.outliers ?? []).filter(finite).forEach((at, i) => series.push({ kind: 'vline', ...(i === 0 ? { label: 'predicted outlier' } : {}), at, color: '#d62728', dash: false }));
  return { title: inp.title ?? 'Spectrum: simulation vs theory', xlabel: inp.xlabel ?? 'eigenvalue', ylabel: 'density', series };
}

export interface EdgeOutlierFigureInput {
  delta: ArrayLike<number>;
  edge: ArrayLike<Num>;
  /** null where there is no outlier. */
  outlier: ArrayLike<Num>;
  deltaStar?: Num;
  /** Simulated outermost eigenvalue (mean ± se) at some δ. */
  simulated?: ReadonlyArray<{ delta: number; mean: number; se: number }>;
  title?: string;
  ylabel?: string;
}

/** Bulk edge and outlier vs δ; the outlier branch starts at δ* (vertical line). */
export function edgeOutlierFigure(inp: EdgeOutlierFigureInput): Figure {
  const series: Series[] = [
    { kind: 'line', label: 'bulk edge', ...pairs(inp.delta, inp.edge), color: '#1f77b4' },
    { kind: 'line', label: 'outlier', ...pairs(inp.delta, inp.outlier), color: '#d62728' },
  ];
  if (finite(inp.deltaStar)) series.push({ kind: 'vline', label: `δ* = ${inp.deltaStar.toPrecision(4)}`, at: inp.deltaStar, color: '#2ca02c' });
  if (inp.simulated?.length)
    series.push({ kind: 'points', label: 'simulation (± 1 se)', ...pairs(inp.simulated.map((s) => s.delta), inp.simulated.map((s) => s.mean), inp.simulated.map((s) => s.se)), color: '#000000' });
  return { title: inp.title ?? 'Bulk edge and outlier vs δ', xlabel: 'δ = n/d', ylabel: inp.ylabel ?? 'eigenvalue', series };
}

export interface PhaseDiagramInput {
  /** The parameter on the vertical axis and its values. */
  parameter: { name: string; values: ArrayLike<number> };
  /** Each boundary: the critical δ at every parameter value (null: no transition at that value). */
  boundaries: ReadonlyArray<{ label: string; delta: ArrayLike<Num>; color?: string; dash?: boolean }>;
  title?: string;
  /** Upper end of the δ axis (default: 1.15 × the largest finite boundary value). */
  deltaMax?: number;
}

/** Phase diagram in the (δ, parameter) plane: boundaries δ_c(p); right of a boundary the outlier exists. */
export function phaseDiagramFigure(inp: PhaseDiagramInput): Figure {
  const series: Series[] = inp.boundaries.map((b) => ({
    kind: 'line' as const,
    label: b.label,
    ...pairs(b.delta, inp.parameter.values),
    ...(b.color ? { color: b.color } : {}),
    ...(b.dash ? { dash: true } : {}),
  }));
  const all = inp.boundaries.flatMap((b) => Array.from(b.delta).filter(finite));
  const ps = Array.from(inp.parameter.values).filter(finite);
  const fig: Figure = { title: inp.title ?? 'Phase diagram', xlabel: 'δ = n/d', ylabel: inp.parameter.name, series };
  const top = inp.deltaMax ?? (all.length ? 1.15 * Math.max(...all) : undefined);
  if (top !== undefined && top > 0) fig.xlim = [0, top];
  if (ps.length > 1) fig.ylim = [Math.min(...ps), Math.max(...ps)];
  return fig;
}

export interface OverlapFigureInput {
  theory: { delta: ArrayLike<number>; overlap2: ArrayLike<Num> };
  simulated?: ReadonlyArray<{ delta: number; mean: number; se: number; label?: string }>;
  /** Label of the simulation series, e.g. "simulation d = 2000, 4 seeds". */
  simulatedLabel?: string;
  deltaStar?: Num;
  deltaAlg?: Num;
  title?: string;
}

/** Squared overlap vs δ: theory curve, simulated means ± 1 se, thresholds as vertical lines. */
export function overlapFigure(inp: OverlapFigureInput): Figure {
  const series: Series[] = [{ kind: 'line', label: 'theory', ...pairs(inp.theory.delta, inp.theory.overlap2), color: '#1f77b4' }];
  if (inp.simulated?.length)
    series.push({
      kind: 'points',
      label: inp.simulatedLabel ?? 'simulation (± 1 se)',
      ...pairs(inp.simulated.map((s) => s.delta), inp.simulated.map((s) => s.mean), inp.simulated.map((s) => s.se)),
      color: '#d62728',
    });
  if (finite(inp.deltaStar)) series.push({ kind: 'vline', label: `δ* = ${inp.deltaStar.toPrecision(4)}`, at: inp.deltaStar, color: '#2ca02c' });
  if (finite(inp.deltaAlg)) series.push({ kind: 'vline', label: `δ_alg = ${inp.deltaAlg.toPrecision(4)}`, at: inp.deltaAlg, color: '#9467bd' });
  const fig: Figure = { title: inp.title ?? 'Squared overlap of the top eigenvector', xlabel: 'δ = n/d', ylabel: 'overlap²', series };
  fig.ylim = [0, 1];
  return fig;
}

export interface GdOverlapFigureInput {
  series: ReadonlyArray<{ label: string; t: ArrayLike<number>; overlap2: ArrayLike<Num>; se?: ArrayLike<Num> }>;
  ylabel?: string;
  title?: string;
}

/** Overlap along gradient descent vs step t (one line per run; ± se as points with bars when given). */
export function gdOverlapFigure(inp: GdOverlapFigureInput): Figure {
  const series: Series[] = [];
  inp.series.forEach((s, i) => {
    const color = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'][i % 6]!;
    series.push({ kind: 'line', label: s.label, ...pairs(s.t, s.overlap2), color });
    if (s.se) series.push({ kind: 'points', ...pairs(s.t, s.overlap2, s.se), color });
  });
  return { title: inp.title ?? 'Overlap with the target subspace during GD', xlabel: 'GD step t', ylabel: inp.ylabel ?? 'overlap²', series, ylim: [0, 1] };
}

export interface OnestepFigureInput {
  alpha: ArrayLike<number>;
  /** Singular value of spike k at each α (null where the spike is absent). */
  spikes: ReadonlyArray<{ k: number; values: ArrayLike<Num> }>;
  /** Bulk edge of the feature matrix's singular values (one value, or one per α). */
  bulkEdge?: number | ArrayLike<Num>;
  /** Simulated singular values (top few per α), drawn as points. */
  simulated?: ReadonlyArray<{ alpha: number; values: number[] }>;
  /** Spike-count boundaries to mark (default: α = 1/4, 1/3, 3/8 inside the α range). */
  boundaries?: number[];
  ylabel?: string;
  title?: string;
}

/** One-step spike singular values vs the step exponent α (docs/theory.md §7). */
export function onestepSingularValuesFigure(inp: OnestepFigureInput): Figure {
  const series: Series[] = inp.spikes.map((s) => ({ kind: 'line' as const, label: `spike k = ${s.k}`, ...pairs(inp.alpha, s.values) }));
  if (inp.bulkEdge !== undefined) {
    if (typeof inp.bulkEdge === 'number') series.push({ kind: 'hline', label: 'bulk edge', at: inp.bulkEdge, color: '#7f7f7f' });
    else series.push({ kind: 'line', label: 'bulk edge', ...pairs(inp.alpha, inp.bulkEdge), color: '#7f7f7f', dash: true });
  }
  if (inp.simulated?.length) {
    const xs = inp.simulated.flatMap((s) => s.values.map(() => s.alpha));
    const ys = inp.simulated.flatMap((s) => s.values);
    series.push({ kind: 'points', label: 'simulation', ...pairs(xs, ys), color: '#000000' });
  }
  const a = Array.from(inp.alpha);
  const [lo, hi] = [Math.min(...a), Math.max(...a)];
  const bounds = inp.boundaries ?? [1 / 4, 1 / 3, 3 / 8].filter((b) => b > lo && b < hi);
  bounds.forEach((at, i) => series.push({ kind: 'vline', ...(i === 0 ? { label: 'spike-count boundaries' } : {}), at, color: '#bcbd22' }));
  return { title: inp.title ?? 'One large step: spike singular values vs α', xlabel: 'α (step η = c·n^α)', ylabel: inp.ylabel ?? 'singular value', series };
}

export interface LocalTrajectoryFigureInput {
  /** Decimated trajectory of `flcalc local --json` (step, loss, λ, far mass). */
  trajectory: ReadonlyArray<{ step: number; loss: number; lambda: number; far_mass: number }>;
  /** Predicted L/λ² for neurons on the teacher directions (docs/theory.md §9), if any. */
  predictedLossOverLambda2?: number | null;
  title?: string;
}

/** Local convergence with weight decay (docs/theory.md §9): log10(L/λ²) and log10(far mass) against the GD step, with
 *  the predicted log10(L/λ²) as a horizontal line. Values below 1e-12 are drawn at −12. */
export function localTrajectoryFigure(inp: LocalTrajectoryFigureInput): Figure {
  const t = inp.trajectory.map((p) => p.step);
  const lg = (v: number) => Math.log10(Math.max(v, 1e-12));
  const series: Series[] = [
    { kind: 'line', label: 'log10 L/λ² (GD)', ...pairs(t, inp.trajectory.map((p) => lg(p.loss / p.lambda ** 2))) },
    { kind: 'line', label: 'log10 far mass', ...pairs(t, inp.trajectory.map((p) => lg(p.far_mass))), color: '#d62728' },
  ];
  if (finite(inp.predictedLossOverLambda2)) series.push({ kind: 'hline', label: 'predicted log10 L/λ²', at: lg(inp.predictedLossOverLambda2), color: '#2ca02c' });
  return { title: inp.title ?? 'Local convergence with weight decay', xlabel: 'GD step', ylabel: 'log10', series };
}

export interface ExtremeEigenvaluesFigureInput {
  /** Measured extreme eigenvalues (e.g. the top few by Lanczos), one row per seed. */
  perSeed: ReadonlyArray<{ seed: number; values: ArrayLike<number> }>;
  /** Predicted bulk edge and outlier (null: none). */
  edge?: Num;
  outlier?: Num;
  /** Predicted bulk density on a grid (theory); when given, the y axis is the density and the seeds are drawn as
   *  rows of points at fixed heights inside it. */
  density?: { x: ArrayLike<number>; y: ArrayLike<Num> };
  title?: string;
  xlabel?: string;
}

/** Extreme eigenvalues measured per seed (points) against the predicted bulk edge and outlier (vertical lines) and,
 *  optionally, the predicted bulk density — for simulations that only resolve the top/bottom few eigenvalues. */
export function extremeEigenvaluesFigure(inp: ExtremeEigenvaluesFigureInput): Figure {
  const colors = ['#000000', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#e377c2'];
  const series: Series[] = [];
  const S = inp.perSeed.length;
  let top = 0;
  let fig: Figure;
  if (inp.density) {
    const d = pairs(inp.density.x, inp.density.y);
    series.push({ kind: 'line', label: 'theory: bulk density', ...d, color: '#1f77b4' });
    // The density's scale, robust to a broadened atom (e.g. at 0): the maximum, capped at 3× the 90th percentile.
    const sorted = [...d.y].sort((a, b) => a - b);
    top = sorted.length ? 1.1 * Math.min(sorted[sorted.length - 1]!, 3 * sorted[Math.floor(0.9 * (sorted.length - 1))]!) : 1;
    if (!(top > 0)) top = 1;
  }
  const height = (i: number) => (inp.density ? (top * (0.25 + (0.5 * (i + 1)) / (S + 1))) : inp.perSeed[i]!.seed);
  inp.perSeed.forEach((s, i) => {
    const xs = Array.from(s.values);
    series.push({ kind: 'points', label: `simulation, seed ${s.seed}`, ...pairs(xs, xs.map(() => height(i))), color: colors[i % colors.length]! });
  });
  if (finite(inp.edge)) series.push({ kind: 'vline', label: `theory: bulk edge ${inp.edge.toPrecision(4)}`, at: inp.edge, color: '#1f77b4' });
  if (finite(inp.outlier)) series.push({ kind: 'vline', label: `theory: outlier ${inp.outlier.toPrecision(4)}`, at: inp.outlier, color: '#d62728' });
  if (inp.density) {
    fig = { title: inp.title ?? 'Extreme eigenvalues: simulation vs theory', xlabel: inp.xlabel ?? 'eigenvalue', ylabel: 'density (theory); points: measured eigenvalues', series, ylim: [0, top] };
  } else {
    const seeds = inp.perSeed.map((s) => s.seed);
    fig = { title: inp.title ?? 'Extreme eigenvalues: simulation vs theory', xlabel: inp.xlabel ?? 'eigenvalue', ylabel: 'seed', series };
    if (seeds.length) fig.ylim = [Math.min(...seeds) - 1, Math.max(...seeds) + 1];
  }
  return fig;
}
