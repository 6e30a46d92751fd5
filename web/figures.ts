// The explorer's figures as Figure values (src/present/plot/figure.ts), built with the same figure functions as the
// CLI's --plot where one exists, so that the page and the CLI share one plotting layer (src/present/plot/vegaLite.ts).
import { edgeOutlierFigure, onestepSingularValuesFigure, overlapFigure } from '../src/present/plot/figures.js';
import type { Figure, Series } from '../src/present/plot/figure.js';
import { meanSe } from '../src/numerics/stats.js';
import type { AtDelta, Density, Hermite, NormSweep, Onestep, SimSeed, Status, Sweep } from './compute.js';

const ok = (r: { status: { label: string } }) => r.status.label === 'converged';

/** The figure's title, marked when the figure's computation did not converge (the message is in the JSON export). */
const titled = (title: string, st: Status): string => (st.label === 'converged' ? title : `${title} (NOT CONVERGED)`);
const growing = (o: Onestep): string => (o.remaining > 0 ? ` (${o.remaining} α to go)` : '');
const nn = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

/** Per-δ mean ± se over seeds of the lowest eigenvalue and its U_H overlap² (se 0 with one seed). */
export function simSummary(seeds: readonly SimSeed[]): { delta: number; eig: { mean: number; se: number }; ov: { mean: number; se: number }; count: number; d: number }[] {
  const by = new Map<string, SimSeed[]>();
  for (const s of seeds) by.set(`${s.delta}|${s.d}`, [...(by.get(`${s.delta}|${s.d}`) ?? []), s]);
  const zero = (x: { mean: number; se: number }) => ({ mean: x.mean, se: Number.isFinite(x.se) ? x.se : 0 });
  return [...by.values()].map((g) => ({
    delta: g[0]!.delta,
    d: g[0]!.d,
    count: g.length,
    eig: zero(meanSe(g.map((s) => s.eigenvalues[0]!))),
    ov: zero(meanSe(g.map((s) => s.overlap2_hard[0]!))),
  }));
}

/** Rows whose status is not converged, drawn apart in grey so that no such number reads as a result. */
function unconverged(rows: readonly AtDelta[], y: (r: AtDelta) => number | null): Series[] {
  const bad = rows.filter((r) => !ok(r) && Number.isFinite(nn(y(r))));
  return bad.length ? [{ kind: 'points', label: 'not converged', x: bad.map((r) => r.delta), y: bad.map((r) => nn(y(r))), color: '#aaaaaa' }] : [];
}

export function densityFigure(d: Density, at: AtDelta | undefined, delta: number): Figure {
  const series: Series[] = [
    { kind: 'line', label: 'bulk density (theory)', x: d.x, y: d.y, color: '#1f77b4' },
    { kind: 'vline', label: 'bulk edges', at: d.lower_edge, color: '#7f7f7f' },
    { kind: 'vline', at: d.upper_edge, color: '#7f7f7f' },
  ];
  if (at && at.outlier !== null && ok(at)) series.push({ kind: 'vline', id: 'outlier', label: `hard outlier ${at.outlier.toPrecision(4)}`, at: at.outlier, color: '#d62728', dash: false });
  return { title: titled(`Hessian block 1 spectrum at δ = ${delta}`, d.status), xlabel: 'eigenvalue', ylabel: 'density', series, height: 260 };
}

export function edgeFigure(sw: Sweep, deltaStar: number | null, delta: number, sim: readonly SimSeed[]): Figure {
  const good = sw.rows.filter(ok);
  const s = simSummary(sim);
  const fig = edgeOutlierFigure({
    title: `Lower edge and hard outlier vs δ${sw.remaining > 0 ? ` (${sw.remaining} δ to go)` : ''}`,
    delta: good.map((r) => r.delta),
    edge: good.map((r) => r.edge),
    outlier: good.map((r) => r.outlier),
    deltaStar,
    simulated: s.map((p) => ({ delta: p.delta, mean: p.eig.mean, se: p.eig.se })),
    ylabel: 'lowest Hessian eigenvalue',
  });
  fig.series.push({ kind: 'vline', id: 'delta', label: `δ = ${delta}`, at: delta, color: '#000000', dash: false }, ...unconverged(sw.rows, (r) => r.edge));
  fig.height = 260;
  return fig;
}

export function overlap2Figure(sw: Sweep, deltaStar: number | null, deltaAlg: number | null, sim: readonly SimSeed[]): Figure {
  const good = sw.rows.filter(ok);
  const s = simSummary(sim);
  const fig = overlapFigure({
    title: `Squared U_H overlap of the outlier eigenvector vs δ${sw.remaining > 0 ? ` (${sw.remaining} δ to go)` : ''}`,
    theory: { delta: good.map((r) => r.delta), overlap2: good.map((r) => r.overlap2_hard) },
    simulated: s.map((p) => ({ delta: p.delta, mean: p.ov.mean, se: p.ov.se })),
    simulatedLabel: 'simulation (± 1 se)',
    deltaStar,
    deltaAlg,
  });
  fig.series.push(...unconverged(sw.rows, (r) => r.overlap2_hard));
  fig.height = 260;
  return fig;
}

export function normFigure(ns: NormSweep, norm1: number): Figure {
  const good = ns.norm1.map((_, i) => i).filter((i) => ns.status[i]!.label === 'converged');
  const bad = ns.norm1.map((_, i) => i).filter((i) => ns.status[i]!.label !== 'converged' && Number.isFinite(nn(ns.delta_nn[i])));
  const series: Series[] = [{ kind: 'line', label: 'δNN at the fixed state', x: good.map((i) => ns.norm1[i]!), y: good.map((i) => nn(ns.delta_nn[i])), color: '#2ca02c' }];
  series.push({ kind: 'points', x: good.map((i) => ns.norm1[i]!), y: good.map((i) => nn(ns.delta_nn[i])), color: '#2ca02c' });
  if (bad.length) series.push({ kind: 'points', label: 'not converged', x: bad.map((i) => ns.norm1[i]!), y: bad.map((i) => nn(ns.delta_nn[i])), color: '#aaaaaa' });
  series.push({ kind: 'vline', label: `‖w_1‖ = ${norm1}`, at: norm1, color: '#000000', dash: false });
  return { title: 'δ* vs ‖w‖ (every ‖w_j‖ scaled together)', xlabel: '‖w_1‖', ylabel: 'δ*', series, height: 260 };
}

export function hermiteFigure(h: Hermite): Figure {
  const series: Series[] = [{ kind: 'line', label: 'σ', x: h.k, y: h.sigma, color: '#1f77b4' }, { kind: 'points', x: h.k, y: h.sigma, color: '#1f77b4' }];
  if (h.g) series.push({ kind: 'line', label: 'g', x: h.k, y: h.g, color: '#d62728', dash: true }, { kind: 'points', x: h.k, y: h.g, color: '#d62728' });
  series.push({ kind: 'hline', at: 0, color: '#999999', dash: false });
  return { title: titled('Hermite coefficients μ_k = c_k/√k!', h.status), xlabel: 'k', ylabel: 'μ_k', series, height: 260 };
}

export function spikeFigure(o: Onestep): Figure {
  const fig = onestepSingularValuesFigure({
    alpha: o.alpha,
    spikes: o.spikes,
    boundaries: o.spikes.filter((s) => s.k >= 2).map((s) => (s.k - 1) / (2 * s.k)).filter((b) => b > o.alpha[0]! && b < o.alpha[o.alpha.length - 1]!),
    ylabel: 's_k/√n (leading order)',
    title: titled(`One large step (n = ${o.n}): spike sizes vs α${growing(o)}`, o.status),
  });
  fig.series.push({ kind: 'vline', label: `α = ${o.requested.alpha}`, at: o.requested.alpha, color: '#000000', dash: false });
  fig.height = 260;
  return fig;
}

export function spikeCountFigure(o: Onestep): Figure {
  return {
    title: titled(`One large step: number of spikes vs α${growing(o)}`, o.status),
    xlabel: 'α (step η = c·n^α)',
    ylabel: 'spikes ℓ',
    series: [
      { kind: 'line', label: 'spike count', x: o.alpha, y: o.num_spikes, color: '#ff7f0e' },
      { kind: 'points', x: o.alpha, y: o.num_spikes, color: '#ff7f0e' },
      { kind: 'vline', label: `α = ${o.requested.alpha}`, at: o.requested.alpha, color: '#000000', dash: false },
    ],
    height: 260,
  };
}
