// The empirical learning threshold of GD (docs/theory.md (5.2)–(5.3)): for each d, bisection over δ of the event
// "GD learned U_H", learned := final max_j ‖P_H w_j‖²/‖w_j‖² ≥ 0.5 after the horizon T, decided at each δ by the
// majority of S ≥ 4 seeds (the same seeds at every δ: common random numbers). The answer at each d is a
// bracket [lo, hi] (majority not learned at lo, learned at hi), then a finite-size extrapolation in 1/ln d
// (finite d adds logarithmic corrections: docs/theory.md (5.12)).
import { UsageError } from '../../core/errors.js';
import type { GdConfig } from '../../model/problem.js';
import { runSeeds, type SeedRunOptions } from './seeds.js';
import type { GdRun } from './gd.js';

export interface ThresholdPoint {
  delta: number;
  n: number;
  learned: number;
  seeds: number;
  /** Final U_H overlap² of every seed. */
  overlap_h: number[];
  /** First step with overlap² ≥ 0.5 per seed (null: not within the horizon). */
  t_learn: (number | null)[];
}

export interface ThresholdAtD {
  d: number;
  /** [lo, hi], or null entries when the search range did not bracket the threshold. */
  bracket: [number | null, number | null];
  points: ThresholdPoint[];
  /** Why the bracket is open, if it is. */
  reason?: string;
}

export interface EmpiricalThreshold {
  criterion: string;
  horizon: number;
  seeds: number[];
  bracket: [number | null, number | null];
  by_d: ThresholdAtD[];
  extrapolated: { model: string; bracket: [number, number]; delta_inf: number; note: string } | null;
}

export interface ThresholdOptions extends SeedRunOptions {
  dims: number[];
  seeds: number[];
  /** Initial search range for δ; expanded geometrically (×2) up to `maxDelta` if it does not bracket. */
  lo: number;
  hi: number;
  maxDelta: number;
  /** Bisection steps (in log δ) after bracketing. */
  bisections: number;
  log?: (line: string) => void;
}

export const LEARNED_CRITERION = 'learned := max_j ‖P_H w_j(T)‖²/‖w_j(T)‖² ≥ 0.5 at the horizon T; a δ counts as learned when a majority (> half) of the seeds learned';

async function point(cfg: GdConfig, d: number, delta: number, opts: ThresholdOptions): Promise<ThresholdPoint> {
  const runs: GdRun[] = await runSeeds({ ...cfg, d, delta, hessianAt: [] }, opts.seeds, opts);
  const learned = runs.filter((r) => r.final.overlap_h >= 0.5).length;
  opts.log?.(`d=${d} δ=${delta.toPrecision(4)}: learned ${learned}/${runs.length}`);
  return { delta, n: runs[0]!.n, learned, seeds: runs.length, overlap_h: runs.map((r) => r.final.overlap_h), t_learn: runs.map((r) => r.t_learn) };
}

const majority = (p: ThresholdPoint): boolean => 2 * p.learned > p.seeds;

/** Bracket of the learning threshold at one d by geometric bisection. */
export async function thresholdAtD(cfg: GdConfig, d: number, opts: ThresholdOptions): Promise<ThresholdAtD> {
  const points: ThresholdPoint[] = [];
  const at = async (delta: number) => {
    const seen = points.find((q) => q.delta === delta); // the expansion can revisit its last end (common seeds: same result)
    if (seen) return seen;
    const p = await point(cfg, d, delta, opts);
    points.push(p);
    return p;
  };
  let lo = opts.lo, hi = opts.hi;
  while (!majority(await at(hi))) {
    lo = hi;
    hi *= 2;
    if (hi > opts.maxDelta) return { d, bracket: [lo, null], points, reason: `not learned up to δ = ${lo} (raise --max-delta or --steps)` };
  }
  while (majority(await at(lo))) {
    hi = lo;
    lo /= 2;
    if (lo * d < 1) return { d, bracket: [null, hi], points, reason: `learned at every δ down to ${hi}` };
  }
  for (let b = 0; b < opts.bisections; b++) {
    const mid = Math.sqrt(lo * hi);
    if (majority(await at(mid))) hi = mid;
    else lo = mid;
  }
  return { d, bracket: [lo, hi], points: points.sort((a, b) => a.delta - b.delta) };
}

/** Least-squares line δ = a + b x through the points (x = 1/ln d); returns a (the intercept at d = ∞). */
function intercept(xs: number[], ys: number[]): number {
  const k = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / k, my = ys.reduce((s, y) => s + y, 0) / k;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < k; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return my - (sxy / sxx) * mx;
}

/** Brackets at every d (the overall bracket is the one at the largest d, the last of `dims`), and the extrapolation of the
 *  bracket endpoints to d = ∞ with the model δ_c(d) = δ_∞ + b/ln d (≥ 2 distinct closed brackets needed). */
export async function empiricalThreshold(cfg: GdConfig, opts: ThresholdOptions): Promise<EmpiricalThreshold> {
  checkThresholdOptions(opts);
  const byD: ThresholdAtD[] = [];
  for (const d of opts.dims) byD.push(await thresholdAtD(cfg, d, opts));
  return combineThresholds(cfg, opts, byD);
}

/** Checks the search options (UsageError naming the flag). */
export function checkThresholdOptions(opts: Pick<ThresholdOptions, 'seeds' | 'lo' | 'hi'>): void {
  if (opts.seeds.length < 4) throw new UsageError('--seeds', `needs at least 4 seeds per δ, got ${opts.seeds.length}`, '4');
  if (!(opts.lo > 0 && opts.hi > opts.lo)) throw new UsageError('--delta-range', 'needs 0 < lo < hi', '2,16');
}

/** The result from the brackets at every d of `opts.dims`, in that order (each computed by thresholdAtD, possibly
 *  on different machines: a bracket depends only on (cfg, d, seeds, search range)). */
export function combineThresholds(cfg: GdConfig, opts: Pick<ThresholdOptions, 'seeds'>, byD: ThresholdAtD[]): EmpiricalThreshold {
  const closed = byD.filter((b) => b.bracket[0] !== null && b.bracket[1] !== null) as (ThresholdAtD & { bracket: [number, number] })[];
  let extrapolated: EmpiricalThreshold['extrapolated'] = null;
  if (closed.length >= 2 && new Set(closed.map((b) => b.d)).size >= 2) {
    const xs = closed.map((b) => 1 / Math.log(b.d));
    const eLo = intercept(xs, closed.map((b) => b.bracket[0]));
    const eHi = intercept(xs, closed.map((b) => b.bracket[1]));
    const lo = Math.min(eLo, eHi), hi = Math.max(eLo, eHi);
    extrapolated = {
      model: 'δ_c(d) = δ_∞ + b/ln d, fitted separately to the lower and upper bracket ends',
      bracket: [lo, hi],
      delta_inf: (lo + hi) / 2,
      note: `from d = ${closed.map((b) => b.d).join(', ')}; the extrapolation is only as good as the 1/ln d model, which ${closed.length === 2 ? 'two points cannot test' : 'the residuals test'}`,
    };
  }
  return {
    criterion: LEARNED_CRITERION,
    horizon: cfg.steps,
    seeds: opts.seeds,
    bracket: byD[byD.length - 1]!.bracket,
    by_d: byD,
    extrapolated,
  };
}
