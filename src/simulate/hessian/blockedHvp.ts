// Row-blocked Hessian–vector product of the two-layer network at a fixed state (docs/theory.md (4.3)):
//   (∇²R̂ V)_j = (1/n) Σ_i x_i [ℓ''_i s_ij Σ_k s_ik (x_iᵀv_k) + c_ij (x_iᵀv_j)],   s_ij = a_jσ'(u_ij), c_ij = ℓ'_i a_jσ''(u_ij).
// Same operator as src/model/network.ts's hessianOperator, arranged for speed: rows of X in blocks of four,
// each block's m·4 dot products and m axpys done while the rows are in cache, each load of v_k and out_j serving
// four rows. For m = 1 the Hessian is the weighted covariance (1/n) Σ_i A_i x_i x_iᵀ with the scalar
// A_i = ℓ''_i s_i² + c_i, and src/simulate's eight-row weightedCovarianceOperator is used directly.
import { weightedCovarianceOperator, type LinearOperator } from '../../numerics/linalg/operators.js';
import { type GaussianData } from '../../numerics/random/gaussianData.js';
import type { SampleTerms } from '../../model/network.js';

/** ∇²R̂(W) + λI on R^{m·d} (neuron-major) from the per-sample terms; one pass over X per apply, no allocation. */
export function blockedHessianOperator(data: GaussianData, t: SampleTerms, ridge = 0): LinearOperator {
  const op = unregularised(data, t);
  if (!(ridge > 0)) return op;
  return {
    dim: op.dim,
    apply: (v, out) => {
      op.apply(v, out);
      for (let k = 0; k < out.length; k++) out[k] = out[k]! + ridge * v[k]!;
    },
  };
}

function unregularised(data: GaussianData, t: SampleTerms): LinearOperator {
  const { n, d, X } = data;
  const m = t.m;
  if (t.n !== n) throw new RangeError(`blockedHessianOperator: terms for n = ${t.n}, data has n = ${n}`);
  if (m === 1) {
    const A = new Float64Array(n);
    for (let i = 0; i < n; i++) A[i] = t.l2[i]! * t.s[i]! * t.s[i]! + t.c[i]!;
    return weightedCovarianceOperator(data, A);
  }
  const P = new Float64Array(4 * m); // x_rᵀ v_k for the four rows r of a block
  const Q = new Float64Array(4 * m); // their coefficients on x_r in out_j
  const n4 = n - (n % 4);
  const apply = (v: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let i = 0; i < n4; i += 4) {
      const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
      for (let k = 0; k < m; k++) {
        const vo = k * d;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let x = 0; x < d; x++) {
          const vx = v[vo + x]!;
          s0 += X[a0 + x]! * vx;
          s1 += X[a1 + x]! * vx;
          s2 += X[a2 + x]! * vx;
          s3 += X[a3 + x]! * vx;
        }
        P[k] = s0;
        P[m + k] = s1;
        P[2 * m + k] = s2;
        P[3 * m + k] = s3;
      }
      for (let r = 0; r < 4; r++) coefficients(t, i + r, m, n, P, Q, r * m);
      for (let j = 0; j < m; j++) {
        const q0 = Q[j]!, q1 = Q[m + j]!, q2 = Q[2 * m + j]!, q3 = Q[3 * m + j]!;
        const oo = j * d;
        for (let x = 0; x < d; x++) out[oo + x] = out[oo + x]! + (q0 * X[a0 + x]! + q1 * X[a1 + x]!) + (q2 * X[a2 + x]! + q3 * X[a3 + x]!);
      }
    }
    for (let i = n4; i < n; i++) {
      const a0 = i * d;
      for (let k = 0; k < m; k++) {
        let s = 0;
        for (let x = 0; x < d; x++) s += X[a0 + x]! * v[k * d + x]!;
        P[k] = s;
      }
      coefficients(t, i, m, n, P, Q, 0);
      for (let j = 0; j < m; j++) {
        const q = Q[j]!;
        for (let x = 0; x < d; x++) out[j * d + x] = out[j * d + x]! + q * X[a0 + x]!;
      }
    }
  };
  return { dim: m * d, apply };
}

/** Q[o + j] = (ℓ''_i s_ij Σ_k s_ik P[o + k] + c_ij P[o + j]) / n for row i. */
function coefficients(t: SampleTerms, i: number, m: number, n: number, P: Float64Array, Q: Float64Array, o: number): void {
  let sp = 0;
  for (let k = 0; k < m; k++) sp += t.s[i * m + k]! * P[o + k]!;
  const g = t.l2[i]! * sp;
  for (let j = 0; j < m; j++) Q[o + j] = (g * t.s[i * m + j]! + t.c[i * m + j]! * P[o + j]!) / n;
}
