// The bulk resolvent with the row correlations of W1 (docs/theory.md (8.15)–(8.19)).
// The β⊥ part of row j of W1 is v_j = (I + γ_j K) w0_j + (η g_j/(n√N)) Xᵀ D_r q_j, with K = XᵀD_rX/n and
// M = XᵀD_r²X/n built from the training batch X (r_i = y_i), γ_j = η c_2(σ) g_j/√N, and q_j the remainder of
// σ′ (variance e_q = Var σ′ − c_2², treated as independent noise). Given X the rows are independent Gaussian with
// covariance C_j/d, C_j = (I + γ_j K)² + ω_j M, ω_j = η² ψ e_q g_j²/N: they are correlated through the shared K and M
// (a product of random matrices), not isotropic. For A with rows ŵ_j ⊗ τ_j (ŵ_j = v_j/s_j, τ = c/√E), the
// deterministic equivalent of R̄ = (I + AᵀA)^{−1} (independent rows, Silverstein) is
//   R̄^{−1} = I ⊗ I + Σ_b μ_b (C_b ⊗ τ_bτ_bᵀ),   μ_b = (φ/ψ) w_b/(s_b²(1 + δ_b)),   δ_b = (1/d) tr[(C_b ⊗ τ_bτ_bᵀ) R̄]/s_b²,
// and R̄ is the Schur complement of the linear pencil
//   𝓛 = I_d ⊗ Λ + Σ_i (x_ix_iᵀ/n) ⊗ T(r_i),   Λ = [[I + Ξ_0, 0], [0, −I]],   T(r) = [[2rΞ_1 + r²Ξ_M, rA], [rA, 0]],
// Ξ_0, Ξ_1, Ξ_2, Ξ_M = Σ_b μ_b {1, γ_b, γ_b², ω_b} τ_bτ_bᵀ, A = Ξ_2^{1/2}; 𝓛^{−1} ≃ I_d ⊗ 𝒢 with (matrix Dyson equation)
//   𝒢^{−1} = Λ + E_r[T(r)(I + ψ𝒢T(r))^{−1}],
// and the partial traces (1/d) tr_d of R̄, (K ⊗ I)R̄, (M ⊗ I)R̄ and (K ⊗ I)R̄(K ⊗ I) are 𝒢_11, E_r[r𝒢(I+ψT𝒢)^{−1}]_11,
// E_r[r²𝒢(I+ψT𝒢)^{−1}]_11 and A⁺(𝒢_22 + I)A⁺. With γ = ω = 0 this is the isotropic fixed point (8.6).
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { invertInto, matMul } from '../../numerics/linalg/dense.js';

export interface RowLaw {
  /** Per neuron node b: γ_b, ω_b and s_b² (= (1/d) tr C_b in the large-d limit). */
  gamma: Float64Array;
  omega: Float64Array;
  scale2: Float64Array;
  /** Quadrature rule for the law of the training residual r = y (weights sum to 1). */
  r: { nodes: Float64Array; weights: Float64Array };
  psi: number;
  phi: number;
}

export interface CorrelatedResolvent {
  /** δ_b per neuron node; the diagonal resolvent is 1/(E_b(1 + δ_b)). */
  delta: Float64Array;
  /** (1/d) tr_d R̄ (p×p): the resolvent seen by a direction unrelated to X. */
  R0: Matrix;
  /** 𝒢 (2p×2p, row-major), to warm-start a nearby solve. */
  G: Float64Array;
  iterations: number;
  converged: boolean;
}

const invert = (a: Float64Array, k: number): Float64Array => invertInto(a, k, new Float64Array(k * k), new Float64Array(k * k));

function mul(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  matMul(a, b, k, out);
  return out;
}

/** Quadratic form τᵀBτ with B the top-left p×p block of a k×k matrix (symmetrised). */
function quad(B: Float64Array, k: number, tau: ArrayLike<number>, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s += tau[i]! * 0.5 * (B[i * k + j]! + B[j * k + i]!) * tau[j]!;
  return s;
}

/**
 * Solves the coupled fixed point (header) for neuron nodes with weights w_b, scaled coefficients τ_b (τ = c/√E)
 * and row law `rows`; `start` warm-starts δ and 𝒢. Joint iteration of δ and 𝒢 (relaxed when a sweep increases the
 * change) to a relative change ≤ tol. The change of δ_b is weighted by w_b/max w: δ_b enters every output through
 * w_b (T, μ_b, and the spike profiles, whose squares carry w_b), and at the far Gauss–Hermite nodes (w_b down to 1e-30)
 * the partial trace A⁺(𝒢_22 + I)A⁺ is rounding noise of size ~1/μ_b that would otherwise never settle.
 */
export function correlatedResolvent(weights: ArrayLike<number>, taus: ArrayLike<number>[], rows: RowLaw, start?: { delta: Float64Array; G: Float64Array }, tol = 1e-13): CorrelatedResolvent {
  const m = weights.length;
  const p = taus[0]!.length;
  const k = 2 * p;
  const { gamma, omega, scale2, psi, phi } = rows;
  const rn = rows.r.nodes;
  const rw = rows.r.weights;
  const delta = start ? Float64Array.from(start.delta) : new Float64Array(m);
  let G = new Float64Array(k * k);
  if (start) G.set(start.G);
  else for (let i = 0; i < p; i++) { G[i * k + i] = 1; G[(p + i) * k + p + i] = -1; }
  let it = 0;
  let change = Infinity;
  let relax = 1; // halved (down to 1/4) whenever a sweep increases the change
  let wMax = 0;
  for (let b = 0; b < m; b++) wMax = Math.max(wMax, weights[b]!);
  let R0 = new Float64Array(p * p);
  for (; it < 5000 && change > tol; it++) {
    // Ξ's from the current δ.
    const X0 = new Float64Array(p * p), X1 = new Float64Array(p * p), X2 = new Float64Array(p * p), XM = new Float64Array(p * p);
    for (let b = 0; b < m; b++) {
      const mu = ((phi / psi) * weights[b]!) / (scale2[b]! * (1 + delta[b]!));
      if (!(mu > 0)) continue;
      const t = taus[b]!;
      for (let i = 0; i < p; i++)
        for (let j = 0; j < p; j++) {
          const tt = mu * t[i]! * t[j]!;
          X0[i * p + j] = X0[i * p + j]! + tt;
          X1[i * p + j] = X1[i * p + j]! + gamma[b]! * tt;
          X2[i * p + j] = X2[i * p + j]! + gamma[b]! * gamma[b]! * tt;
          XM[i * p + j] = XM[i * p + j]! + omega[b]! * tt;
        }
    }
    // A = Ξ_2^{1/2} and its pseudo-inverse on the range (eigenvalues below 1e-13·max dropped).
    const eig = new EigenvalueDecomposition(Matrix.from1DArray(p, p, X2), { assumeSymmetric: true });
    const ev = eig.realEigenvalues;
    const U = eig.eigenvectorMatrix;
    const top = Math.max(0, ...ev);
    const A = new Float64Array(p * p), Ap = new Float64Array(p * p);
    for (let e = 0; e < p; e++) {
      if (!(ev[e]! > 1e-13 * top)) continue;
      const sq = Math.sqrt(ev[e]!);
      for (let i = 0; i < p; i++)
        for (let j = 0; j < p; j++) {
          const uu = U.get(i, e) * U.get(j, e);
          A[i * p + j] = A[i * p + j]! + sq * uu;
          Ap[i * p + j] = Ap[i * p + j]! + uu / sq;
        }
    }
    // One sweep of the Dyson equation. T(r) = r T1 + r² T2 with T1 = [[2Ξ_1, A], [A, 0]], T2 = [[Ξ_M, 0], [0, 0]], so with
    // X_r = (I + ψT(r)𝒢)^{−1}: E_r[X_r T(r)] = S1 T1 + S2 T2, S1 = E_r[r X_r], S2 = E_r[r² X_r].
    const T1 = new Float64Array(k * k), T2 = new Float64Array(k * k);
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) {
        T1[i * k + j] = 2 * X1[i * p + j]!;
        T1[i * k + p + j] = A[i * p + j]!;
        T1[(p + i) * k + j] = A[i * p + j]!;
        T2[i * k + j] = XM[i * p + j]!;
      }
    const P1 = mul(T1, G, k), P2 = mul(T2, G, k);
    const S1 = new Float64Array(k * k), S2 = new Float64Array(k * k);
    const B = new Float64Array(k * k), scratch = new Float64Array(k * k), Xr = new Float64Array(k * k);
    for (let a = 0; a < rn.length; a++) {
      const r = rn[a]!, w = rw[a]!;
      if (w === 0) continue;
      for (let i = 0; i < k * k; i++) B[i] = psi * (r * P1[i]! + r * r * P2[i]!);
      for (let i = 0; i < k; i++) B[i * k + i] = B[i * k + i]! + 1;
      invertInto(B, k, scratch, Xr);
      for (let i = 0; i < k * k; i++) {
        S1[i] = S1[i]! + w * r * Xr[i]!;
        S2[i] = S2[i]! + w * r * r * Xr[i]!;
      }
    }
    const Lam = mul(S1, T1, k);
    const S2T2 = mul(S2, T2, k);
    for (let i = 0; i < k * k; i++) Lam[i] = Lam[i]! + S2T2[i]!;
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) Lam[i * k + j] = Lam[i * k + j]! + X0[i * p + j]! + (i === j ? 1 : 0);
    for (let i = 0; i < p; i++) Lam[(p + i) * k + p + i] = Lam[(p + i) * k + p + i]! - 1;
    const Gn = invert(Lam, k);
    // Partial traces at the current 𝒢.
    const GS1 = mul(G, S1, k), GS2 = mul(G, S2, k);
    const G22 = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) G22[i * p + j] = 0.5 * (G[(p + i) * k + p + j]! + G[(p + j) * k + p + i]!) + (i === j ? 1 : 0);
    const RKK = mul(mul(Ap, G22, p), Ap, p);
    const previous = change;
    change = 0;
    const nextDelta = new Float64Array(m);
    for (let b = 0; b < m; b++) {
      const t = taus[b]!;
      let v = quad(G, k, t, p) + 2 * gamma[b]! * quad(GS1, k, t, p) + omega[b]! * quad(GS2, k, t, p);
      let kk = 0;
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) kk += t[i]! * RKK[i * p + j]! * t[j]!;
      v += gamma[b]! * gamma[b]! * kk;
      const next = Number.isFinite(v) ? Math.max(0, v / scale2[b]!) : delta[b]!;
      change = Math.max(change, ((weights[b]! / wMax) * Math.abs(next - delta[b]!)) / (1 + Math.abs(next)));
      nextDelta[b] = next;
    }
    for (let i = 0; i < k * k; i++) {
      const sym = 0.5 * (Gn[i]! + Gn[(i % k) * k + Math.floor(i / k)]!);
      change = Math.max(change, Math.abs(sym - G[i]!) / (1 + Math.abs(sym)));
    }
    if (change > previous && relax > 0.25) relax /= 2;
    for (let b = 0; b < m; b++) delta[b] = (1 - relax) * delta[b]! + relax * nextDelta[b]!;
    const Gs = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Gs[i * k + j] = (1 - relax) * G[i * k + j]! + relax * 0.5 * (Gn[i * k + j]! + Gn[j * k + i]!);
    G = Gs;
    R0 = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) R0[i * p + j] = G[i * k + j]!;
  }
  return { delta, R0: Matrix.from1DArray(p, p, R0), G, iterations: it, converged: change <= tol };
}
