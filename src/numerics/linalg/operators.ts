// Matrix-free symmetric operators for the eigensolver.
import type { GaussianData } from '../random/gaussianData.js';

/** Symmetric linear operator on R^dim, applied without forming the matrix: out ← A v. */
export interface LinearOperator {
  dim: number;
  apply(v: Float64Array, out: Float64Array): void;
}

/** D v = (1/n) Σ_i T_i x_i (x_iᵀ v): the weighted sample covariance D = (1/n) Σ_i T_i x_i x_iᵀ of docs/theory.md §1.
 *  Xv and Xᵀ(T∘Xv)/n are fused into one sweep over blocks of eight rows: the dot products x_iᵀv read the
 *  rows, the update out += Σ_i (T_i x_iᵀv / n) x_i re-reads them while they are still in cache, and each load of
 *  v and out serves eight rows (about 2× faster than row by row in V8). Cost 4nd flops per apply, no allocation. */
export function weightedCovarianceOperator(data: GaussianData, T: Float64Array): LinearOperator {
  const { n, d, X } = data;
  if (T.length !== n) throw new RangeError(`weightedCovarianceOperator: T has length ${T.length}, expected n = ${n}`);
  const n8 = n - (n % 8);
  const apply = (v: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let i = 0; i < n8; i += 8) {
      const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d, a4 = a3 + d, a5 = a4 + d, a6 = a5 + d, a7 = a6 + d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let j = 0; j < d; j++) {
        const vj = v[j]!;
        s0 += X[a0 + j]! * vj;
        s1 += X[a1 + j]! * vj;
        s2 += X[a2 + j]! * vj;
        s3 += X[a3 + j]! * vj;
        s4 += X[a4 + j]! * vj;
        s5 += X[a5 + j]! * vj;
        s6 += X[a6 + j]! * vj;
        s7 += X[a7 + j]! * vj;
      }
      const c0 = (T[i]! * s0) / n, c1 = (T[i + 1]! * s1) / n, c2 = (T[i + 2]! * s2) / n, c3 = (T[i + 3]! * s3) / n;
      const c4 = (T[i + 4]! * s4) / n, c5 = (T[i + 5]! * s5) / n, c6 = (T[i + 6]! * s6) / n, c7 = (T[i + 7]! * s7) / n;
      for (let j = 0; j < d; j++)
        out[j] =
          out[j]! +
          (c0 * X[a0 + j]! + c1 * X[a1 + j]! + c2 * X[a2 + j]! + c3 * X[a3 + j]!) +
          (c4 * X[a4 + j]! + c5 * X[a5 + j]! + c6 * X[a6 + j]! + c7 * X[a7 + j]!);
    }
    for (let i = n8; i < n; i++) {
      const a = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += X[a + j]! * v[j]!;
      const c = (T[i]! * s) / n;
      for (let j = 0; j < d; j++) out[j] = out[j]! + c * X[a + j]!;
    }
  };
  return { dim: d, apply };
}

/** The operator of an explicit symmetric matrix (row-major dim×dim), for tests and comparisons. */
export function denseOperator(A: Float64Array, dim: number): LinearOperator {
  if (A.length !== dim * dim) throw new RangeError(`denseOperator: matrix has ${A.length} entries, expected ${dim * dim}`);
  return {
    dim,
    apply(v, out) {
      for (let i = 0; i < dim; i++) {
        let s = 0;
        const off = i * dim;
        for (let j = 0; j < dim; j++) s += A[off + j]! * v[j]!;
        out[i] = s;
      }
    },
  };
}
