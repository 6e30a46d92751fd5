// Eigenvalues of a symmetric tridiagonal (Jacobi) matrix by the implicit QL method with Wilkinson shifts.
// Bowdler, Martin, Reinsch & Wilkinson, "The QR and QL algorithms for symmetric matrices", Numer. Math. 11
// (1968) (EISPACK tql1); Numerical Recipes §11.3 (tqli). Used by Golub–Welsch: the nodes of the Gauss rule
// for a measure are the eigenvalues of its Jacobi matrix (Golub & Welsch, Math. Comp. 23, 1969).
import type { SolverStatus } from '../status.js';

/** Eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal `diag` (length n) and
 *  off-diagonal `off` (length n − 1, off[i] couples i and i + 1). */
export function tridiagonalEigenvalues(
  diag: ArrayLike<number>,
  off: ArrayLike<number>,
  maxIterPerValue = 60,
): { values: Float64Array; status: SolverStatus } {
  const n = diag.length;
  const d = Float64Array.from(diag);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = off[i]!;
  let total = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter++ === maxIterPerValue) {
        return {
          values: d.sort(),
          status: { converged: false, residual: Math.abs(e[l]!), iterations: total, method: 'implicit-ql', message: `eigenvalue ${l} not isolated after ${maxIterPerValue} sweeps` },
        };
      }
      total++;
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return { values: d.sort(), status: { converged: true, residual: 0, iterations: total, method: 'implicit-ql' } };
}
