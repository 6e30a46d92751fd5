// The finite-d learning threshold predicted by the DMFT (docs/theory.md (5.10)): at dimension d and horizon T, one
// realisation k of the θ channel (M(0) and the O(n^{-1/2}) fluctuation ε, src/theory/dmft/march.ts) learns at δ iff its
// U_H overlap² reaches 0.5 by step T (the simulator's criterion). Bisection in log δ gives each realisation's
// threshold δ_k — the DMFT's analogue of one simulation seed's threshold — so the theory predicts the whole
// seed-to-seed distribution of thresholds, not only a point. Each realisation has its own population of effective
// samples, the same at every δ (common random numbers, as the simulator uses the same seeds at every δ).
import { dmftPath, type DmftSpec } from './march.js';
import { UsageError } from '../../core/errors.js';
import type { CompressionPolicy } from './cells.js';
import { longDmftPath } from './longMarch.js';
import { binomialCoefficient } from '../../numerics/stats.js';

export interface RealisationThreshold {
  seed: number;
  /** Largest δ tried that did not learn / smallest that did (null: not found in the range). */
  bracket: [number | null, number | null];
  /** (δ, final overlap², t_learn) of every DMFT run. */
  runs: { delta: number; overlap_h: number; t_learn: number | null }[];
}

export interface DmftLearningThreshold {
  d: number;
  horizon: number;
  criterion: string;
  realisations: RealisationThreshold[];
  /** Per-realisation thresholds (geometric midpoints of the closed brackets), sorted. */
  thresholds: number[];
  /** Median of the realisation thresholds, and their quartiles. */
  median: number | null;
  quartiles: [number, number] | null;
  /** Central 90% interval of the median of `seedsPerPoint` draws from the realisation thresholds (exact order
   *  statistics of the empirical distribution): where the simulator's majority-of-seeds threshold should fall. */
  majorityInterval: [number, number] | null;
  seedsPerPoint: number;
}

export interface LearningOptions {
  d: number;
  realisations: number[];
  lo: number;
  hi: number;
  bisections: number;
  maxDelta: number;
  /** Number of seeds per δ in the simulation being compared with (its majority rule). */
  seedsPerPoint: number;
  log?: (line: string) => void;
  /** Time coarse-graining of the march (src/theory/dmft/longMarch.ts); absent or window Infinity: the exact march. */
  compression?: CompressionPolicy;
  /** Progress of each march (given a label naming the run). */
  progress?: (label: string) => ((t: number) => void) | undefined;
}

/** One DMFT run for realisation `seed`: its own θ channel and its own effective-sample population (seed
 *  1000·spec.seed + seed), so that the spread of the realisation thresholds includes the Monte Carlo error of the
 *  population (the response kernels' MC error shifts a run's threshold the way a data set's fluctuations shift a
 *  simulation seed's), while each realisation keeps common random numbers across δ. */
const learnedAt = (spec: Omit<DmftSpec, 'delta'>, delta: number, d: number, seed: number, o: LearningOptions) => {
  const full = { ...spec, delta, seed: 1000 * spec.seed + seed }, theta = { d, seed };
  const progress = o.progress?.(`DMFT d=${d} realisation ${seed} δ=${delta.toPrecision(4)}`);
  const p = o.compression && Number.isFinite(o.compression.window) ? longDmftPath(full, theta, o.compression, progress ? { progress } : {}) : dmftPath(full, theta);
  const last = p.overlap_h.length - 1;
  return { delta, overlap_h: p.overlap_h[last]!, t_learn: p.t_learn, learned: p.overlap_h[last]! >= 0.5 && last === spec.steps };
};

/** One realisation's threshold by bracketing (×2 steps) and geometric bisection. */
function realisationThreshold(spec: Omit<DmftSpec, 'delta'>, seed: number, o: LearningOptions): RealisationThreshold {
  const runs: RealisationThreshold['runs'] = [];
  const at = (delta: number): boolean => {
    const seen = runs.find((q) => q.delta === delta); // the expansion can revisit its last end
    if (seen) return seen.overlap_h >= 0.5 && seen.t_learn !== null;
    const r = learnedAt(spec, delta, o.d, seed, o);
    runs.push({ delta, overlap_h: r.overlap_h, t_learn: r.t_learn });
    o.log?.(`DMFT d=${o.d} realisation ${seed} δ=${delta.toPrecision(4)}: overlap² ${r.overlap_h.toPrecision(3)}${r.learned ? ' learned' : ''}`);
    return r.learned;
  };
  let lo = o.lo, hi = o.hi;
  while (!at(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > o.maxDelta) return { seed, bracket: [lo, null], runs };
  }
  while (at(lo)) {
    hi = lo;
    lo /= 2;
    if (lo < 1e-3) return { seed, bracket: [null, hi], runs };
  }
  for (let b = 0; b < o.bisections; b++) {
    const mid = Math.sqrt(lo * hi);
    if (at(mid)) hi = mid;
    else lo = mid;
  }
  return { seed, bracket: [lo, hi], runs: runs.sort((a, b) => a.delta - b.delta) };
}

/** q-quantile (linear interpolation) of sorted values. */
function quantile(xs: number[], q: number): number {
  const h = (xs.length - 1) * q;
  const i = Math.floor(h);
  return i + 1 < xs.length ? xs[i]! + (h - i) * (xs[i + 1]! - xs[i]!) : xs[i]!;
}

/** Central 90% interval of the median of k i.i.d. draws from the empirical distribution of xs (sorted): the
 *  median of k draws (k even: the larger middle order statistic, the simulator's "> half learned" rule at the
 *  threshold) is ≤ x_(i) with probability P(Binomial(k, F(x_(i))) ≥ r), r = ⌊k/2⌋ + 1. */
export function medianOfDrawsInterval(xs: number[], k: number): [number, number] {
  const r = Math.floor(k / 2) + 1;
  const cdfMedian = (F: number): number => {
    let p = 0;
    for (let j = r; j <= k; j++) p += binomialCoefficient(k, j) * F ** j * (1 - F) ** (k - j);
    return p;
  };
  const n = xs.length;
  let lo = xs[0]!, hi = xs[n - 1]!;
  for (let i = 0; i < n; i++) if (cdfMedian((i + 1) / n) >= 0.05) { lo = xs[i]!; break; }
  for (let i = 0; i < n; i++) if (cdfMedian((i + 1) / n) >= 0.95) { hi = xs[i]!; break; }
  return [lo, hi];
}

/** DMFT learning threshold at one d: every realisation's bracket and the distribution of their thresholds. */
export function dmftLearningThreshold(spec: Omit<DmftSpec, 'delta'>, o: LearningOptions): DmftLearningThreshold {
  if (o.realisations.length < 1) throw new UsageError('--realisations', 'needs at least one realisation', '8');
  if (!(o.lo > 0 && o.hi > o.lo)) throw new UsageError('--delta-range', 'needs 0 < lo < hi', '8,32');
  const realisations = o.realisations.map((seed) => realisationThreshold(spec, seed, o));
  const thresholds = realisations
    .filter((r) => r.bracket[0] !== null && r.bracket[1] !== null)
    .map((r) => Math.sqrt(r.bracket[0]! * r.bracket[1]!))
    .sort((a, b) => a - b);
  const closed = thresholds.length === realisations.length && thresholds.length > 0;
  return {
    d: o.d,
    horizon: spec.steps,
    criterion: 'learned := max_j M_j²/(M_j² + q_jj) ≥ 0.5 at step T in the DMFT with the finite-d θ channel (one realisation = one seed)',
    realisations,
    thresholds,
    median: closed ? quantile(thresholds, 0.5) : null,
    quartiles: closed ? [quantile(thresholds, 0.25), quantile(thresholds, 0.75)] : null,
    majorityInterval: closed ? medianOfDrawsInterval(thresholds, o.seedsPerPoint) : null,
    seedsPerPoint: o.seedsPerPoint,
  };
}
