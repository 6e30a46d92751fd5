// Error estimate of the coarse-grained DMFT march (docs/dmft.md "Long horizons"): the path is solved with window W
// and again with window W/2 (same population, same θ-channel draws, so the Monte Carlo noise is common and cancels
// in the difference); the difference of the two is the estimate of the compression error of the W solution (an
// over-estimate when the error falls at least linearly in 1/W, as measured against the exact march). The status is
// converged iff both paths are finite and, at every step, the estimate for the train risk is within its Monte Carlo
// standard error — the compression then costs less than the population size already does.
import type { DmftSpec, ThetaChannel } from './march.js';
import type { SolverStatus } from '../../core/status.js';
import type { CompressionPolicy } from './cells.js';
import { longDmftPath, type LongDmftPath } from './longMarch.js';

export interface CompressionError {
  /** Window of the comparison solution (W/2). */
  window: number;
  /** |quantity(W) − quantity(W/2)| at every step of the path. */
  w_norm: number[];
  train_risk: number[];
  test_risk: number[];
  overlap_h: number[];
  /** Largest ratio of the train-risk estimate to the train risk's Monte Carlo se over the path. */
  max_ratio_to_mc_se: number;
}

export interface EstimatedDmftPath {
  path: LongDmftPath;
  /** null for the exact march (window Infinity). */
  error: CompressionError | null;
  status: SolverStatus;
}

const absDiff = (a: number[], b: number[]): number[] => a.map((x, i) => Math.abs(x - (b[i] ?? NaN)));

export function dmftWithCompressionError(spec: DmftSpec, theta: ThetaChannel, policy: CompressionPolicy, progress?: (t: number, level: 'fine' | 'coarse') => void): EstimatedDmftPath {
  const path = longDmftPath(spec, theta, policy, progress ? { progress: (t) => progress(t, 'fine') } : {});
  const method = Number.isFinite(policy.window) ? `coarse-grained DMFT march (window ${policy.window}, early ${policy.early}; error from window ${policy.window / 2})` : 'exact DMFT march';
  if (path.diverged !== undefined)
    return { path, error: null, status: { converged: false, residual: Infinity, iterations: path.diverged, method, message: `the DMFT path became non-finite at step ${path.diverged} (GD unstable at η = ${spec.lr}?)` } };
  if (!Number.isFinite(policy.window)) return { path, error: null, status: { converged: true, residual: 0, iterations: spec.steps, method } };
  const coarse = longDmftPath(spec, theta, { ...policy, window: policy.window / 2 }, progress ? { progress: (t) => progress(t, 'coarse') } : {});
  const risk = absDiff(path.train_risk, coarse.train_risk);
  const ratio = risk.reduce((r, e, i) => Math.max(r, e / Math.max(path.train_risk_se[i]!, Number.MIN_VALUE)), 0);
  const error: CompressionError = {
    window: policy.window / 2,
    w_norm: absDiff(path.w_norm, coarse.w_norm),
    train_risk: risk,
    test_risk: absDiff(path.test_risk, coarse.test_risk),
    overlap_h: absDiff(path.overlap_h, coarse.overlap_h),
    max_ratio_to_mc_se: ratio,
  };
  const finite = coarse.diverged === undefined && Number.isFinite(ratio);
  const ok = finite && ratio <= 1;
  return {
    path,
    error,
    status: {
      converged: ok,
      residual: ratio,
      iterations: spec.steps,
      method,
      ...(ok ? {} : { message: finite ? `compression error of the train risk up to ${ratio.toPrecision(3)} × its Monte Carlo se: raise --window or --early` : `the window-${policy.window / 2} comparison path became non-finite` }),
    },
  };
}
