// The physical branch of the §2 fixed point below the bulk, followed in p = tr(Λ)/m from far below the
// spectrum (μ → −∞) up to its fold, the lower bulk edge. Solved points are cached; every new solve is
// warm-started from the nearest solved point's tangent, so the branch is never left by a jump.
import { ConvergenceError } from '../../core/errors.js';
import type { MatrixLaw } from './matrixLaw.js';
import { weightRange } from './matrixLaw.js';
import { solveBranch, farGuess, extrapolate, type BranchPoint } from './fixedPoint.js';

export interface Branch {
  law: MatrixLaw;
  delta: number;
  /** Solved points, sorted by p. */
  points: BranchPoint[];
  /** A parameter far enough below the bulk that μ'(p) > 0 there (the start of the branch). */
  pFar: number;
  /** Scale of the weights (max |eigenvalue| bound), for tolerances. */
  scale: number;
}

/** Solve at p from the nearest cached point (the far guess when none); caches converged points. With `retry`
 *  (default) a failed solve is retried by continuation in small steps from the nearest point; callers that shorten
 *  their own step on failure (the edge march) turn it off. */
export function pointAt(br: Branch, p: number, opts: { retry?: boolean } = {}): BranchPoint {
  let best: BranchPoint | undefined;
  for (const q of br.points) if (!best || Math.abs(q.p - p) < Math.abs(best.p - p)) best = q;
  const guess = best ? extrapolate(best, p) : farGuess(br.law, br.delta, p);
  let pt = solveBranch(br.law, br.delta, p, guess.Lambda, guess.mu);
  if (!pt.status.converged && best && opts.retry !== false) {
    // Retry in small steps from the nearest point (continuation with step halving).
    let cur = best;
    let h = (p - best.p) / 4;
    let steps = 0;
    while (steps++ < 8 && Math.abs(h) > 1e-14 * br.scale) {
      const target = Math.abs(p - cur.p) <= Math.abs(h) ? p : cur.p + h;
      const g = extrapolate(cur, target);
      const q = solveBranch(br.law, br.delta, target, g.Lambda, g.mu);
      if (q.status.converged) {
        cur = q;
        if (target === p) {
          pt = q;
          break;
        }
      } else h /= 2;
    }
  }
  if (pt.status.converged) {
    br.points.push(pt);
    br.points.sort((x, y) => x.p - y.p);
  }
  return pt;
}

/** Start the branch: move p down until μ'(p) > 0 with a converged far-field solve. */
export function startBranch(law: MatrixLaw, delta: number): Branch {
  const { min, max } = weightRange(law);
  const scale = Math.max(Math.abs(min), Math.abs(max), 1e-300);
  const br: Branch = { law, delta, points: [], pFar: min - scale, scale };
  let dist = Math.max(scale, Math.abs(min)) * (1 + Math.sqrt(delta));
  for (let i = 0; i < 60; i++) {
    const p = min - dist;
    const pt = pointAt(br, p);
    if (pt.status.converged && pt.dmu > 0) {
      br.pFar = p;
      return br;
    }
    dist *= 2;
  }
  throw new ConvergenceError('the §2 fixed-point branch far below the bulk', {
    converged: false,
    residual: Number.isFinite(dist) ? dist : Number.MAX_VALUE,
    iterations: 60,
    method: 'bordered Newton continuation',
    message: `no converged starting point with dμ/dp > 0 at distances up to ${dist.toExponential(2)} below the weights' minimum (δ = ${delta}; weights unbounded below, or δ outside the numerically representable range?)`,
  });
}
