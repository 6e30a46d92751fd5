// Newton's method safeguarded by bisection on a sign-changing bracket ("rtsafe", Press et al., Numerical Recipes,
// 3rd ed., §9.4): a Newton step is taken when it stays inside the bracket and at least halves |f| in the linear
// model, otherwise the bracket is bisected. Used for the monotone/smooth equations of docs/theory.md §1, where f' comes
// from the same pass over the atoms as f, so it converges in a few passes instead of Brent's ~10.
import type { RootResult } from '../../numerics/roots/brent.js';

/** Root of f in [a, b] given the signs of f(a) and f(b) (fa·fb < 0, values need not be exact), from x0 (default:
 *  the secant point, or b if fa, fb are ±∞). Stops once the last step is ≤ xtol/2 + 2·rtol·|x|; the returned x is
 *  the last point evaluated (so a caller can keep what it computed there). Not converged after maxIter steps. */
export function safeNewton(
  fdf: (x: number) => { f: number; df: number },
  a: number,
  b: number,
  fa: number,
  fb: number,
  opts: { x0?: number; xtol?: number; rtol?: number; maxIter?: number } = {},
): RootResult {
  const xtol = opts.xtol ?? 1e-14;
  const rtol = opts.rtol ?? 4 * Number.EPSILON;
  const maxIter = opts.maxIter ?? 100;
  if (!(fa < 0 !== fb < 0) || fa === 0 || fb === 0 || Number.isNaN(fa) || Number.isNaN(fb))
    return { x: b, fx: fb, status: { converged: false, residual: Math.abs(fb), iterations: 0, method: 'safeguarded newton', message: `no sign change on [${a}, ${b}]` } };
  // xl: the end where f < 0.
  let xl = fa < 0 ? a : b;
  let xh = fa < 0 ? b : a;
  const secant = Number.isFinite(fa) && Number.isFinite(fb) ? a - (fa * (b - a)) / (fb - fa) : b;
  let x = opts.x0 ?? secant;
  let dxOld = Math.abs(b - a);
  let dx = dxOld;
  let { f, df } = fdf(x);
  for (let iter = 1; iter <= maxIter; iter++) {
    if (Number.isNaN(f)) return { x, fx: f, status: { converged: false, residual: Number.MAX_VALUE, iterations: iter, method: 'safeguarded newton', message: `f is NaN at x = ${x}` } };
    if (f === 0) return { x, fx: 0, status: { converged: true, residual: 0, iterations: iter, method: 'safeguarded newton' } };
    if (f < 0) xl = x;
    else xh = x;
    const outside = ((x - xh) * df - f) * ((x - xl) * df - f) > 0;
    if (outside || !Number.isFinite(df) || Math.abs(2 * f) > Math.abs(dxOld * df)) {
      dxOld = dx;
      dx = 0.5 * (xh - xl);
      x = xl + dx;
    } else {
      dxOld = dx;
      dx = f / df;
      x -= dx;
    }
    ({ f, df } = fdf(x));
    const tol = 0.5 * xtol + 2 * rtol * Math.abs(x);
    if (Math.abs(dx) <= tol || Math.abs(xh - xl) <= tol)
      return { x, fx: f, status: { converged: !Number.isNaN(f), residual: Math.abs(f), iterations: iter + 1, method: 'safeguarded newton', message: `last step ${Math.abs(dx).toExponential(2)}` } };
  }
  return { x, fx: f, status: { converged: false, residual: Math.abs(f), iterations: maxIter + 1, method: 'safeguarded newton', message: `bracket width ${Math.abs(xh - xl).toExponential(2)} after ${maxIter} steps` } };
}
