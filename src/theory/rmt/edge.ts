// Bulk edges of D = (1/n) Σ (x_i x_iᵀ) ⊗ A_i (docs/theory.md (2.4)): the lower edge is the fold of the fixed-point branch,
// max_p μ(p) along p = tr(Λ)/m — where dμ/dp = 0, i.e. the Jacobian of the fixed point is singular. It is found
// by marching p from far below the bulk (adaptive steps, halved whenever a solve fails) until dμ/dp changes sign,
// then Brent on dμ/dp. Steps are capped by the secant prediction of the fold from the last two points' dμ/dp
// (docs/theory.md (2.11)): the branch may end shortly past the fold, and a step far beyond it only buys failed solves.
// For m = 1 this is λ̄ = argmax_{λ < min T} ψ_δ(λ) of §1 (applied to −T). If the branch
// reaches the boundary of its domain (Λ ≺ A_i) before folding, the edge is μ at that boundary.
import type { SolverStatus } from '../../core/status.js';
import { brent } from '../../numerics/roots/brent.js';
import type { MatrixLaw } from './matrixLaw.js';
import { negateLaw } from './matrixLaw.js';
import { startBranch, pointAt, type Branch } from './branch.js';
import type { BranchPoint } from './fixedPoint.js';

export interface Edge {
  /** The edge μ̄. */
  edge: number;
  /** The fold point of the branch (Λ̄, p̄). */
  point: BranchPoint;
  /** True if the branch ended at the boundary of its domain instead of folding. */
  boundary: boolean;
  branch: Branch;
  status: SolverStatus;
}

/** Lower bulk edge of D (docs/theory.md (2.4)). */
export function lowerEdge(law: MatrixLaw, delta: number): Edge {
  const br = startBranch(law, delta);
  let cur = br.points.find((q) => q.p === br.pFar)!;
  let h = (cur.p - br.pFar + br.scale * (1 + Math.sqrt(delta))) / 4;
  let steps = 0;
  let prev: BranchPoint | null = null;
  for (; steps < 400; steps++) {
    const trial = pointAt(br, cur.p + h, { retry: false });
    if (trial.status.converged && trial.dmu > 0) {
      prev = cur;
      cur = trial;
      h = Math.min(1.5 * h, foldStep(prev, cur) ?? Infinity);
      continue;
    }
    if (trial.status.converged) {
      // Fold bracketed in [cur.p, trial.p].
      // The bracket ends are converged points already: their dμ/dp is reused (a fresh solve started at a converged
      // point can stall on rounding-level residuals and report failure).
      const [lo, hi] = [cur, trial];
      const root = brent(
        (p) => {
          if (p === lo.p) return lo.dmu;
          if (p === hi.p) return hi.dmu;
          const q = pointAt(br, p);
          return q.status.converged ? q.dmu : NaN;
        },
        cur.p,
        trial.p,
        { xtol: 1e-13 * br.scale, rtol: 1e-13 },
      );
      const point = pointAt(br, root.x);
      const status: SolverStatus = {
        converged: root.status.converged && point.status.converged,
        residual: Math.max(Math.abs(root.fx), point.status.residual),
        iterations: steps + root.status.iterations,
        method: 'branch-continuation+brent(dμ/dp)',
        ...(root.status.converged ? {} : { message: root.status.message ?? 'fold not located' }),
      };
      return { edge: point.mu, point, boundary: false, branch: br, status };
    }
    h /= 2;
    if (Math.abs(h) < 1e-13 * br.scale) {
      return {
        edge: cur.mu, point: cur, boundary: true, branch: br,
        status: { converged: true, residual: cur.status.residual, iterations: steps, method: 'branch-continuation', message: 'branch ends at the boundary of its domain (Λ ≺ A_i) before folding: edge = μ there' },
      };
    }
  }
  return {
    edge: cur.mu, point: cur, boundary: false, branch: br,
    status: { converged: false, residual: Infinity, iterations: steps, method: 'branch-continuation', message: 'fold not reached' },
  };
}

/** Step from `cur` to FOLD_OVERSHOOT times the secant prediction of the fold, where dμ/dp (linear through the
 *  last two points) vanishes; null while dμ/dp is not decreasing (no prediction). */
function foldStep(prev: BranchPoint, cur: BranchPoint): number | null {
  const slope = (cur.dmu - prev.dmu) / (cur.p - prev.p);
  if (!(slope < 0)) return null;
  return FOLD_OVERSHOOT * (cur.dmu / -slope);
}

/** Aim this far past the predicted fold, so that the trial usually brackets it. */
const FOLD_OVERSHOOT = 1.25;

/** Both bulk edges [lower, upper] of D (the upper one is minus the lower edge of −D). */
export function bulkEdges(law: MatrixLaw, delta: number): { lower: Edge; upper: Edge } {
  const lower = lowerEdge(law, delta);
  const neg = lowerEdge(negateLaw(law), delta);
  return { lower, upper: { ...neg, edge: -neg.edge } };
}
