// Brent's root finder (inverse quadratic interpolation safeguarded by bisection) on a sign-changing bracket.
// R. P. Brent, "Algorithms for Minimization without Derivatives" (1973), ch. 4 (procedure zero).
import type { SolverStatus } from '../../core/status.js';

export interface RootResult {
  x: number;
  fx: number;
  status: SolverStatus;
  /** Final bracket [lo, hi] containing the sign change (when one was available). */
  bracket?: [number, number];
}

const EPS = Number.EPSILON;

function failed(x: number, fx: number, iterations: number, message: string): RootResult {
  return { x, fx, status: { converged: false, residual: Number.isFinite(fx) ? Math.abs(fx) : Number.MAX_VALUE, iterations, method: 'brent', message } };
}

/** Root of f in [a, b] given f(a)·f(b) ≤ 0; stops when the bracket half-width ≤ 2·rtol·|x| + xtol/2.
 *  Status: converged, residual |f(x)|, iterations, final bracket width in `message`. If f(a), f(b) have the same
 *  sign the result is not converged (x the endpoint with smaller |f|). */
export function brent(
  f: (x: number) => number,
  a: number,
  b: number,
  opts: { xtol?: number; rtol?: number; maxIter?: number } = {},
): RootResult {
  const xtol = opts.xtol ?? 1e-14;
  const rtol = opts.rtol ?? 4 * EPS;
  const maxIter = opts.maxIter ?? 200;
  let fa = f(a);
  let fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) return failed(Number.isNaN(fa) ? a : b, NaN, 0, `f is NaN at the bracket end ${Number.isNaN(fa) ? a : b}`);
  if (fa === 0) return { x: a, fx: 0, status: { converged: true, residual: 0, iterations: 0, method: 'brent' }, bracket: [a, a] };
  if (fb === 0) return { x: b, fx: 0, status: { converged: true, residual: 0, iterations: 0, method: 'brent' }, bracket: [b, b] };
  if ((fa > 0) === (fb > 0)) {
    const [x, fx] = Math.abs(fa) < Math.abs(fb) ? [a, fa] : [b, fb];
    return failed(x, fx, 0, `no sign change on [${a}, ${b}] (f = ${fa.toExponential(3)}, ${fb.toExponential(3)})`);
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 1; iter <= maxIter; iter++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * rtol * Math.abs(b) + 0.5 * xtol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) {
      const width = fb === 0 ? 0 : Math.abs(c - b);
      return {
        x: b,
        fx: fb,
        status: { converged: true, residual: Math.abs(fb), iterations: iter, method: 'brent', message: `bracket width ${width.toExponential(2)}` },
        bracket: fb === 0 ? [b, b] : [Math.min(b, c), Math.max(b, c)],
      };
    }
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation (secant when a = c).
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
    if (Number.isNaN(fb)) return failed(a, fa, iter, `f is NaN at x = ${b}`);
  }
  const res = failed(b, fb, maxIter, `bracket width ${Math.abs(c - b).toExponential(2)} after ${maxIter} iterations`);
  res.bracket = [Math.min(b, c), Math.max(b, c)];
  return res;
}
