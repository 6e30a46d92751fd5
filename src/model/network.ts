// The two-layer network with fixed readout of docs/theory.md §4 and its empirical risk:
//   f(x; W) = Σ_{j≤m} a_j σ(w_jᵀx),   R̂(W) = (1/n) Σ_i ℓ(y_i, f(x_i; W)) + (λ/2)‖W‖_F².
// W is stored neuron-major: w_j = W[j·d .. j·d + d). All hot loops are fused single sweeps over the rows of X.
import type { CompiledFn } from '../numerics/expr/compile.js';
import type { GaussianData } from '../numerics/random/gaussianData.js';
import type { LinearOperator } from '../numerics/linalg/operators.js';

/** The pieces of the model that do not change during training. */
export interface Network {
  /** σ, vars ['x']. */
  act: CompiledFn;
  /** ℓ(y, f), vars ['y', 'f']. */
  loss: CompiledFn;
  /** Fixed second-layer weights a ∈ R^m. */
  readout: Float64Array;
  /** Ridge λ ≥ 0 on the first layer. */
  ridge: number;
}

/** Per-sample quantities at a state W, enough for the Hessian and the plug-in law (docs/theory.md §4):
 *  u_ij = w_jᵀx_i, s_ij = a_j σ'(u_ij), c_ij = ℓ'_i a_j σ''(u_ij), l1_i = ℓ'(y_i, f_i), l2_i = ℓ''(y_i, f_i),
 *  so that A_i = l2_i s_i s_iᵀ + diag(c_i). Arrays are n×m row-major. */
export interface SampleTerms {
  n: number;
  m: number;
  u: Float64Array;
  s: Float64Array;
  c: Float64Array;
  l1: Float64Array;
  l2: Float64Array;
  /** R̂(W) without the ridge term. */
  risk: number;
}

/** Scalar jets with one reusable argument buffer each (out[0..3] = value and first three derivatives). */
function jets(net: Network) {
  const xa = new Float64Array(1);
  const ya = new Float64Array(2);
  const act = (x: number, out: Float64Array): void => {
    xa[0] = x;
    net.act.jet(xa, 0, out);
  };
  const loss = (y: number, f: number, out: Float64Array): void => {
    ya[0] = y;
    ya[1] = f;
    net.loss.jet(ya, 1, out);
  };
  return { act, loss };
}

function dot(X: Float64Array, off: number, v: Float64Array, voff: number, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const d4 = d - (d % 4);
  let k = 0;
  for (; k < d4; k += 4) {
    s0 += X[off + k]! * v[voff + k]!;
    s1 += X[off + k + 1]! * v[voff + k + 1]!;
    s2 += X[off + k + 2]! * v[voff + k + 2]!;
    s3 += X[off + k + 3]! * v[voff + k + 3]!;
  }
  for (; k < d; k++) s0 += X[off + k]! * v[voff + k]!;
  return s0 + s1 + s2 + s3;
}

function axpy(c: number, X: Float64Array, off: number, out: Float64Array, ooff: number, d: number): void {
  const d4 = d - (d % 4);
  let k = 0;
  for (; k < d4; k += 4) {
    out[ooff + k] = out[ooff + k]! + c * X[off + k]!;
    out[ooff + k + 1] = out[ooff + k + 1]! + c * X[off + k + 1]!;
    out[ooff + k + 2] = out[ooff + k + 2]! + c * X[off + k + 2]!;
    out[ooff + k + 3] = out[ooff + k + 3]! + c * X[off + k + 3]!;
  }
  for (; k < d; k++) out[ooff + k] = out[ooff + k]! + c * X[off + k]!;
}

/** R̂(W) (without ridge) and, if `grad` is given, ∇R̂(W) = (1/n) Σ_i ℓ'_i (a∘σ'(u_i)) ⊗ x_i + λW, in one sweep
 *  over X (docs/theory.md §4). `grad` has the layout of W. Rows are taken eight at a time: the 8m products x_rᵀw_j read
 *  the eight rows, the gradient update Σ_r g_rj x_r re-reads them while they are in cache, and each load of w_j
 *  and grad_j serves eight rows (X is read from memory once per call). */
export function riskAndGradient(net: Network, data: GaussianData, y: Float64Array, W: Float64Array, grad?: Float64Array): number {
  const { n, d, X } = data;
  const m = net.readout.length;
  const a = net.readout;
  const { act, loss } = jets(net);
  const ja = new Float64Array(4);
  const jl = new Float64Array(4);
  const U = new Float64Array(8 * m); // x_rᵀw_j for the rows r of a block
  const G = new Float64Array(8 * m); // their coefficients ℓ'_r a_j σ'(u_rj) / n on x_r in grad_j
  if (grad) grad.fill(0);
  let risk = 0;
  // Loss and gradient coefficients of row i from U[o ..]: adds ℓ(y_i, f_i) to the risk, writes G[o ..].
  const row = (i: number, o: number): void => {
    let f = 0;
    for (let j = 0; j < m; j++) {
      act(U[o + j]!, ja);
      f += a[j]! * ja[0]!;
      G[o + j] = a[j]! * ja[1]!;
    }
    loss(y[i]!, f, jl);
    risk += jl[0]!;
    const g = jl[1]! / n;
    for (let j = 0; j < m; j++) G[o + j] = g * G[o + j]!;
  };
  const n8 = n - (n % 8);
  for (let i = 0; i < n8; i += 8) {
    const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d, a4 = a3 + d, a5 = a4 + d, a6 = a5 + d, a7 = a6 + d;
    for (let j = 0; j < m; j++) {
      const wo = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let x = 0; x < d; x++) {
        const wx = W[wo + x]!;
        s0 += X[a0 + x]! * wx;
        s1 += X[a1 + x]! * wx;
        s2 += X[a2 + x]! * wx;
        s3 += X[a3 + x]! * wx;
        s4 += X[a4 + x]! * wx;
        s5 += X[a5 + x]! * wx;
        s6 += X[a6 + x]! * wx;
        s7 += X[a7 + x]! * wx;
      }
      U[j] = s0;
      U[m + j] = s1;
      U[2 * m + j] = s2;
      U[3 * m + j] = s3;
      U[4 * m + j] = s4;
      U[5 * m + j] = s5;
      U[6 * m + j] = s6;
      U[7 * m + j] = s7;
    }
    for (let r = 0; r < 8; r++) row(i + r, r * m);
    if (!grad) continue;
    for (let j = 0; j < m; j++) {
      const g0 = G[j]!, g1 = G[m + j]!, g2 = G[2 * m + j]!, g3 = G[3 * m + j]!;
      const g4 = G[4 * m + j]!, g5 = G[5 * m + j]!, g6 = G[6 * m + j]!, g7 = G[7 * m + j]!;
      const go = j * d;
      for (let x = 0; x < d; x++)
        grad[go + x] =
          grad[go + x]! +
          (g0 * X[a0 + x]! + g1 * X[a1 + x]! + g2 * X[a2 + x]! + g3 * X[a3 + x]!) +
          (g4 * X[a4 + x]! + g5 * X[a5 + x]! + g6 * X[a6 + x]! + g7 * X[a7 + x]!);
    }
  }
  for (let i = n8; i < n; i++) {
    for (let j = 0; j < m; j++) U[j] = dot(X, i * d, W, j * d, d);
    row(i, 0);
    if (grad) for (let j = 0; j < m; j++) if (G[j] !== 0) axpy(G[j]!, X, i * d, grad, j * d, d);
  }
  if (grad && net.ridge > 0) for (let k = 0; k < grad.length; k++) grad[k] = grad[k]! + net.ridge * W[k]!;
  return risk / n;
}

/** The per-sample Hessian weights A_i = ℓ''_i (a∘σ'(u_i))(a∘σ'(u_i))ᵀ + ℓ'_i diag(a∘σ''(u_i)) at W (docs/theory.md §4),
 *  stored factored (see SampleTerms). For piecewise-linear σ the σ'' entries are the a.e. value 0. */
export function sampleTerms(net: Network, data: GaussianData, y: Float64Array, W: Float64Array): SampleTerms {
  const { n, d, X } = data;
  const m = net.readout.length;
  const a = net.readout;
  const { act, loss } = jets(net);
  const ja = new Float64Array(4);
  const jl = new Float64Array(4);
  const u = new Float64Array(n * m), s = new Float64Array(n * m), c = new Float64Array(n * m);
  const sig2 = new Float64Array(m);
  const l1 = new Float64Array(n), l2 = new Float64Array(n);
  let risk = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < m; j++) {
      const uij = dot(X, i * d, W, j * d, d);
      act(uij, ja);
      u[i * m + j] = uij;
      f += a[j]! * ja[0]!;
      s[i * m + j] = a[j]! * ja[1]!;
      sig2[j] = a[j]! * ja[2]!;
    }
    loss(y[i]!, f, jl);
    risk += jl[0]!;
    l1[i] = jl[1]!;
    l2[i] = jl[2]!;
    for (let j = 0; j < m; j++) c[i * m + j] = jl[1]! * sig2[j]!;
  }
  return { n, m, u, s, c, l1, l2, risk: risk / n };
}

/** The Hessian ∇²R̂(W) = (1/n) Σ_i (x_i x_iᵀ) ⊗ A_i + λI as a matrix-free operator on R^{m·d} (neuron-major
 *  layout, like W): (HV)_j = (1/n) Σ_i x_i [l2_i s_ij Σ_k s_ik (x_iᵀv_k) + c_ij (x_iᵀv_j)] + λ v_j. One sweep. */
export function hessianOperator(data: GaussianData, t: SampleTerms, ridge: number): LinearOperator {
  const { n, d, X } = data;
  const m = t.m;
  const p = new Float64Array(m);
  const apply = (v: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let sp = 0;
      for (let k = 0; k < m; k++) {
        p[k] = dot(X, off, v, k * d, d);
        sp += t.s[i * m + k]! * p[k]!;
      }
      const g = t.l2[i]! * sp;
      for (let j = 0; j < m; j++) {
        const q = (g * t.s[i * m + j]! + t.c[i * m + j]! * p[j]!) / n;
        if (q !== 0) axpy(q, X, off, out, j * d, d);
      }
    }
    if (ridge > 0) for (let k = 0; k < out.length; k++) out[k] = out[k]! + ridge * v[k]!;
  };
  return { dim: m * d, apply };
}
