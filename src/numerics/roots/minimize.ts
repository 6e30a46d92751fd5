// Brent's bounded minimiser: golden-section search with parabolic interpolation.
// R. P. Brent, "Algorithms for Minimization without Derivatives" (1973), ch. 5 (procedure localmin);
// the same algorithm as scipy.optimize.fminbound.
import type { SolverStatus } from '../../core/status.js';

export interface MinResult {
  x: number;
  fx: number;
  status: SolverStatus;
}

const GOLDEN = 0.5 * (3 - Math.sqrt(5));

/** A local minimiser of f on [a, b]; stops when the bracket around x has half-width ≤ 2(√ε|x| + xtol/3).
 *  Status residual = final bracket width. Finds the global minimum only for unimodal f. */
export function minimizeBounded(
  f: (x: number) => number,
  a: number,
  b: number,
  opts: { xtol?: number; maxIter?: number } = {},
): MinResult {
  const xtol = opts.xtol ?? 1e-10;
  const maxIter = opts.maxIter ?? 500;
  if (!(a < b)) throw new RangeError(`minimizeBounded: need a < b, got [${a}, ${b}]`);
  const sqrtEps = Math.sqrt(Number.EPSILON);
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 1; iter <= maxIter; iter++) {
    if (Number.isNaN(fx))
      return { x, fx, status: { converged: false, residual: b - a, iterations: iter, method: 'brent-min', message: `f is NaN at x = ${x}` } };
    const xm = 0.5 * (a + b);
    const tol1 = sqrtEps * Math.abs(x) + xtol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - xm) <= tol2 - 0.5 * (b - a))
      return { x, fx, status: { converged: true, residual: b - a, iterations: iter, method: 'brent-min' } };
    let golden = true;
    if (Math.abs(e) > tol1) {
      // Trial parabola through (v, fv), (w, fw), (x, fx).
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = xm >= x ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = x >= xm ? a - x : b - x;
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx, status: { converged: false, residual: b - a, iterations: maxIter, method: 'brent-min', message: `bracket width ${(b - a).toExponential(2)} after ${maxIter} iterations` } };
}
