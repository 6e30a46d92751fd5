// Eigenvalues of a symmetric tridiagonal (Jacobi) matrix, for Golub–Welsch: the nodes of the Gauss rule for a
// measure are the eigenvalues of its Jacobi matrix (Golub & Welsch, Math. Comp. 23, 1969). The implicit-QL
// solver itself (EISPACK tql2) lives in src/linalg/tridiagonal.ts; no eigenvectors are accumulated here.
import type { SolverStatus } from '../status.js';
import { symTridiagEigen } from '../linalg/tridiagonal.js';

/** Eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal `diag` (length n) and
 *  off-diagonal `off` (length n − 1, off[i] couples i and i + 1). */
export function tridiagonalEigenvalues(diag: ArrayLike<number>, off: ArrayLike<number>): { values: Float64Array; status: SolverStatus } {
  const { values, status } = symTridiagEigen(diag, off, []);
  return { values, status };
}
