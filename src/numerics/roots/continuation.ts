// Natural-parameter continuation: follow a root x(p) along a grid of parameters, each solve started from the
// secant extrapolation of the last two converged points (Allgower & Georg, "Introduction to Numerical
// Continuation Methods", 2003, ch. 2).
import type { SolverStatus } from '../../core/status.js';
import { combineStatus } from '../../core/status.js';
import type { RootResult } from './brent.js';

export interface ContinuationPoint {
  param: number;
  root: RootResult;
}

/** Solve at params[0], params[1], … in order with solveAt(p, guess); the guess is the linear extrapolation
 *  of the last two converged roots (the last one if only one, `guess` if none). A failed point does not stop
 *  the sweep; the combined status is converged only if every point converged. */
export function continuation(
  solveAt: (p: number, guess: number) => RootResult,
  params: readonly number[],
  guess: number,
): { points: ContinuationPoint[]; status: SolverStatus } {
  const points: ContinuationPoint[] = [];
  const good: ContinuationPoint[] = [];
  for (const p of params) {
    let g = guess;
    const n = good.length;
    if (n === 1) g = good[0]!.root.x;
    else if (n >= 2) {
      const p1 = good[n - 2]!;
      const p2 = good[n - 1]!;
      const slope = p2.param === p1.param ? 0 : (p2.root.x - p1.root.x) / (p2.param - p1.param);
      g = p2.root.x + slope * (p - p2.param);
    }
    const root = solveAt(p, g);
    const point = { param: p, root };
    points.push(point);
    if (root.status.converged) good.push(point);
  }
  return { points, status: combineStatus('continuation', points.map((q) => q.root.status)) };
}
