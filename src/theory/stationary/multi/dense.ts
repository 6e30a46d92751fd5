// Small dense m×m matrices (row-major Float64Array) for the m-neuron fixed point (docs/theory.md (6.20)–(6.27)):
// Cholesky (semidefinite allowed), inverse by Gauss–Jordan with partial pivoting, products, symmetric square root and
// eigenvalues (ml-matrix). m is the number of neurons (2–4), so these run per quadrature atom without allocation.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { cholesky as strictCholesky } from '../../../numerics/linalg/dense.js';

/** Lower-triangular L with L Lᵀ = S; a pivot ≤ tol·max diag is set to 0 (positive semidefinite S, e.g. a dead
 *  neuron's Q). Returns false when a pivot is clearly negative (S not positive semidefinite). */
export function cholesky(S: Float64Array, m: number, L: Float64Array): boolean {
  L.fill(0);
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(S[i * m + i]!));
  const tol = 1e-13 * scale;
  for (let j = 0; j < m; j++) {
    let d = S[j * m + j]!;
    for (let k = 0; k < j; k++) d -= L[j * m + k]! * L[j * m + k]!;
    if (d < -Math.max(tol, 1e-300)) return false;
    if (d <= tol) { for (let i = j + 1; i < m; i++) L[i * m + j] = 0; continue; }
    const ljj = Math.sqrt(d);
    L[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = S[i * m + j]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      L[i * m + j] = s / ljj;
    }
  }
  return true;
}

/** Whether the symmetric S is positive definite (a strict Cholesky): its factor L is left in the lower triangle of
 *  `work` (the upper triangle holds S). */
export function isPositiveDefinite(S: Float64Array, m: number, work: Float64Array): boolean {
  work.set(S.subarray(0, m * m));
  return strictCholesky(work, m);
}

/** out = S⁻¹ (Gauss–Jordan, partial pivoting; `work` has 2m² entries). Returns false when S is singular. */
export function invert(S: Float64Array, m: number, out: Float64Array, work: Float64Array): boolean {
  const w = 2 * m;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) { work[i * w + j] = S[i * m + j]!; work[i * w + m + j] = i === j ? 1 : 0; }
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let i = c + 1; i < m; i++) if (Math.abs(work[i * w + c]!) > Math.abs(work[p * w + c]!)) p = i;
    const piv = work[p * w + c]!;
    if (!(Math.abs(piv) > 0) || !Number.isFinite(piv)) return false;
    if (p !== c) for (let j = 0; j < w; j++) { const t = work[c * w + j]!; work[c * w + j] = work[p * w + j]!; work[p * w + j] = t; }
    for (let j = 0; j < w; j++) work[c * w + j] = work[c * w + j]! / piv;
    for (let i = 0; i < m; i++) {
      if (i === c) continue;
      const f = work[i * w + c]!;
      if (f !== 0) for (let j = 0; j < w; j++) work[i * w + j] = work[i * w + j]! - f * work[c * w + j]!;
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = work[i * w + m + j]!;
  return true;
}

/** out = X Y (m×m; out must not alias X or Y). */
export function matmul(X: Float64Array, Y: Float64Array, m: number, out: Float64Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += X[i * m + k]! * Y[k * m + j]!;
      out[i * m + j] = s;
    }
  }
}

function toMatrix(S: Float64Array, m: number): Matrix {
  const M = new Matrix(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) M.set(i, j, 0.5 * (S[i * m + j]! + S[j * m + i]!));
  return M;
}

/** Eigenvalues of the symmetric part of S, ascending. */
export function symmetricEigenvalues(S: Float64Array, m: number): number[] {
  return new EigenvalueDecomposition(toMatrix(S, m), { assumeSymmetric: true }).realEigenvalues.slice().sort((a, b) => a - b);
}

/** Symmetric square root S^{1/2} of a positive semidefinite S (negative eigenvalues from rounding are clipped to 0). */
export function symmetricSqrt(S: Float64Array, m: number): Float64Array {
  const e = new EigenvalueDecomposition(toMatrix(S, m), { assumeSymmetric: true });
  const V = e.eigenvectorMatrix, lam = e.realEigenvalues;
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += V.get(i, k) * Math.sqrt(Math.max(lam[k]!, 0)) * V.get(j, k);
      out[i * m + j] = s;
    }
  }
  return out;
}

/** Solves the n×n system J x = b (row-major J, partial pivoting); null when singular or not finite. */
export function solveLinear(J: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const A = Float64Array.from(J), x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(A[i * n + c]!) > Math.abs(A[p * n + c]!)) p = i;
    const piv = A[p * n + c]!;
    if (!(Math.abs(piv) > 0) || !Number.isFinite(piv)) return null;
    if (p !== c) {
      for (let j = 0; j < n; j++) { const t = A[c * n + j]!; A[c * n + j] = A[p * n + j]!; A[p * n + j] = t; }
      const t = x[c]!; x[c] = x[p]!; x[p] = t;
    }
    for (let i = c + 1; i < n; i++) {
      const f = A[i * n + c]! / piv;
      if (f === 0) continue;
      for (let j = c; j < n; j++) A[i * n + j] = A[i * n + j]! - f * A[c * n + j]!;
      x[i] = x[i]! - f * x[c]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= A[i * n + j]! * x[j]!;
    x[i] = s / A[i * n + i]!;
  }
  return Array.from(x).every(Number.isFinite) ? x : null;
}
