// Eigenvalues of a symmetric tridiagonal (Jacobi) matrix, for Golub–Welsch: the nodes of the Gauss rule for a
// measure are the eigenvalues of its Jacobi matrix (Golub & Welsch, Math. Comp. 23, 1969). The implicit-QL
// solver itself (EISPACK tql2) lives in src/numerics/linalg/tridiagonal.ts; no eigenvectors are accumulated here.
import type { SolverStatus } from '../../core/status.js';
import { symTridiagEigen } from '../linalg/tridiagonal.js';

/** Eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal `diag` (length n) and
 *  off-diagonal `off` (length n − 1, off[i] couples i and i + 1). */
export function tridiagonalEigenvalues(diag: ArrayLike<number>, off: ArrayLike<number>): { values: Float64Array; status: SolverStatus } {
  const { values, status } = symTridiagEigen(diag, off, []);
  return { values, status };
}

/** Golub–Welsch refinement for a symmetric weight: Newton on the orthogonal polynomial p_n from the
 *  eigenvalue estimates (`newtonStep(x)` = p_n(x)/p_n'(x)), stopping at 2ε·max(1, |x|), then exact symmetry
 *  x_i = −x_{n−1−i} (and x = 0 at the centre for odd n). Modifies and returns `x`. */
export function polishSymmetricNodes(x: Float64Array, newtonStep: (x: number) => number): Float64Array {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    let xi = x[i]!;
    for (let it = 0; it < 8; it++) {
      const dx = newtonStep(xi);
      xi -= dx;
      if (Math.abs(dx) <= 2 * Number.EPSILON * Math.max(1, Math.abs(xi))) break;
    }
    x[i] = xi;
  }
  for (let i = 0; i < n >> 1; i++) {
    const s = 0.5 * (x[n - 1 - i]! - x[i]!);
    x[i] = -s;
    x[n - 1 - i] = s;
  }
  if (n % 2 === 1) x[n >> 1] = 0;
  return x;
}
