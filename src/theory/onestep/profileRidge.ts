// Ridge train/test errors of random features with a neuron profile (docs/theory.md (8.5)–(8.9)).
// Features (per-feature units; the ridge sees them divided by √N): φ_j(x) = Σ_l c_l(g_j) ⟨ŵ_j, x_l'⟩ + D*(g_j) ξ_j
// + spikes, where x' = (p_l(t) x⊥)_l has identity covariance, ŵ_j ~ N(0, I_d/d) i.i.d. and ξ ~ N(0, I_N). The bulk
// covariance is Σ = A Aᵀ + diag(D*²), A's row j = ŵ_j ⊗ c(g_j). With E = D*² + κ̃ and τ_j = c(g_j)/√E_j, the
// deterministic equivalent of (Aᵀ E^{−1} A + I)^{−1} is I_d ⊗ R, R (L×L) the solution of (8.6)
//   R^{−1} = I + (φ/ψ) E_g[τ τᵀ/(1 + τᵀ R τ)],
// and  (1/N) tr (Σ + κ̃)^{−1} = E_g[1/(E (1 + τᵀ R τ))] =: T(κ̃),  qᵀ A'ᵀ(Σ + κ̃)^{−1}A' q = qᵀ(I − R)q =: Φ(κ̃)
// for a target θ̂ ⊗ q with θ̂ a unit vector independent of the ŵ_j. The spikes add U Θ Uᵀ (unit neuron profiles
// û_r, θ̃_r, target components γ_r): with the diagonal resolvent w(g) = 1/(D*² + κ̃ + cᵀRc) and
// S = Θ^{1/2} K Θ^{1/2}, K_rs = E_g[û_r û_s w] (Woodbury, (8.7)),
//   (1/N) tr(Σ + κ̃)^{−1} = T + (1/N) ∂_κ̃ log det(I + S) =: T_full,   Ψ = γᵀ S (I + S)^{−1} γ.
// With mean-loss ridge λ/n, the effective ridge κ̃ = Nκ solves λφ = κ̃ [1 − φ(1 − κ̃ T_full)], and (8.8)–(8.9)
//   test = [ν² + ‖q‖² − Φ + κ̃Φ′ + ‖γ‖² − Ψ + κ̃Ψ′]/(1 − df₂/n),   train = (λφ/κ̃)² test,
//   df₂/n = φ(1 − 2κ̃T_full − κ̃²T_full′),
// κ̃-derivatives by central differences with one Richardson step (the change it makes is the error estimate).
import { CholeskyDecomposition, inverse, Matrix } from 'ml-matrix';
import { brent, expandBracket } from '../../numerics/roots/index.js';
import type { SolverStatus } from '../../core/status.js';
import type { RidgeErrors } from './ridge.js';
import type { StepFeatureLaw } from './stepFeatures.js';
import { correlatedResolvent, type RowLaw } from './rowCorrelation.js';

export interface ProfileRidgeModel {
  law: StepFeatureLaw;
  /** Target coefficients q_l along the blocks p_l(t)·⟨θ̂, x⊥⟩. */
  q: Float64Array;
  /** Spikes: θ̃_r, target components γ_r = E[y u_r(t)], and unit neuron profiles û_r over law.nodes (Σ_b û_r(b)² = 1). */
  spikes: { theta: number[]; gamma: number[]; profile: Float64Array[] };
  /** ν²: target variance outside the bulk blocks and the spikes (label noise included). */
  noise2: number;
  psi: number;
  phi: number;
  n: number;
  lambda: number;
  /** Row law of W1 (rowCorrelation.ts, docs/theory.md (8.15)–(8.19)) over law.nodes; absent: isotropic rows (8.6). */
  rows?: RowLaw;
}

interface Resolvent {
  T: number;
  Phi: number;
  /** log det(I + S) and Ψ = γᵀS(I+S)^{−1}γ of the spikes (header). */
  logdet: number;
  Psi: number;
  iterations: number;
  converged: boolean;
}

/** Bulk part at ridge κ̃: T, Φ and the diagonal resolvent w(g_b), from (8.6) (isotropic rows) or (8.15)–(8.19). */
function bulkResolvent(m: ProfileRidgeModel, k: number, warm: { start?: { delta: Float64Array; G: Float64Array } }): { T: number; Phi: number; diag: number[]; iterations: number; converged: boolean } {
  const L = m.law.blocks;
  const taus = m.law.nodes.map((nd) => {
    const e = nd.noise2 + k;
    return { w: nd.weight, e, tau: Array.from(nd.coeffs, (c) => c / Math.sqrt(e)) };
  });
  if (m.rows) {
    const res = correlatedResolvent(taus.map((t) => t.w), taus.map((t) => t.tau), m.rows, warm.start);
    warm.start = { delta: res.delta, G: res.G };
    let T = 0;
    const diag = taus.map(({ w, e }, b) => {
      const v = 1 / (e * (1 + res.delta[b]!));
      T += w * v;
      return v;
    });
    const Rq = res.R0.mmul(Matrix.columnVector(Array.from(m.q))).to1DArray();
    let Phi = 0;
    for (let l = 0; l < L; l++) Phi += m.q[l]! * (m.q[l]! - Rq[l]!);
    return { T, Phi, diag, iterations: res.iterations, converged: res.converged };
  }
  const ratio = m.phi / m.psi;
  let R = Matrix.eye(L);
  let it = 0;
  let change = Infinity;
  for (; it < 5000 && change > 1e-14; it++) {
    const S = Matrix.eye(L);
    for (const { w, tau } of taus) {
      const Rt = R.mmul(Matrix.columnVector(tau)).to1DArray();
      let quad = 0;
      for (let l = 0; l < L; l++) quad += tau[l]! * Rt[l]!;
      const f = (ratio * w) / (1 + quad);
      for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) S.set(i, j, S.get(i, j) + f * tau[i]! * tau[j]!);
    }
    const Rn = inverse(S);
    const next = Rn.add(R).mul(0.5);
    change = 0;
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) change = Math.max(change, Math.abs(next.get(i, j) - R.get(i, j)));
    R = next;
  }
  let T = 0;
  const diag = taus.map(({ w, e, tau }) => {
    const Rt = R.mmul(Matrix.columnVector(tau)).to1DArray();
    let quad = 0;
    for (let l = 0; l < L; l++) quad += tau[l]! * Rt[l]!;
    T += w / (e * (1 + quad));
    return 1 / (e * (1 + quad));
  });
  const Rq = R.mmul(Matrix.columnVector(Array.from(m.q))).to1DArray();
  let Phi = 0;
  for (let l = 0; l < L; l++) Phi += m.q[l]! * (m.q[l]! - Rq[l]!);
  return { T, Phi, diag, iterations: it, converged: change <= 1e-14 };
}

/** Bulk (8.6) or (8.15)–(8.19), then the spikes by Woodbury (8.7), at ridge κ̃. */
function resolvent(m: ProfileRidgeModel, k: number, warm: { start?: { delta: Float64Array; G: Float64Array } }): Resolvent {
  const { T, Phi, diag, iterations, converged } = bulkResolvent(m, k, warm);
  const { theta, gamma, profile } = m.spikes;
  const r = theta.length;
  let logdet = 0;
  let Psi = 0;
  if (r > 0) {
    const IS = Matrix.eye(r);
    for (let i = 0; i < r; i++)
      for (let j = 0; j <= i; j++) {
        let kij = 0;
        for (let b = 0; b < diag.length; b++) kij += profile[i]![b]! * profile[j]![b]! * diag[b]!;
        const sij = Math.sqrt(theta[i]! * theta[j]!) * kij;
        IS.set(i, j, IS.get(i, j) + sij);
        if (i !== j) IS.set(j, i, sij);
      }
    const chol = new CholeskyDecomposition(IS);
    const Lc = chol.lowerTriangularMatrix;
    for (let i = 0; i < r; i++) logdet += 2 * Math.log(Lc.get(i, i));
    // γᵀS(I+S)^{−1}γ = ‖γ‖² − γᵀ(I+S)^{−1}γ.
    const x = chol.solve(Matrix.columnVector(gamma)).to1DArray();
    Psi = gamma.reduce((acc, gi, i) => acc + gi * (gi - x[i]!), 0);
  }
  return { T, Phi, logdet, Psi, iterations, converged };
}

const frac = (theta: number, k: number): number => (theta === Infinity ? 1 : theta / (theta + k));

/** Deterministic-equivalent ridge errors of the profiled feature model (header). */
export function profileRidgeErrors(m: ProfileRidgeModel): RidgeErrors & { derivative_error: number } {
  const { phi, n, lambda } = m;
  const N = phi * n;
  let fixedIter = 0;
  let fixedOk = true;
  const warm: { start?: { delta: Float64Array; G: Float64Array } } = {};
  const at = (k: number) => {
    const r = resolvent(m, k, warm);
    fixedIter = Math.max(fixedIter, r.iterations);
    fixedOk &&= r.converged;
    return r;
  };
  // T_full(κ̃) = T + (1/N) ∂_κ̃ log det(I + S), the κ̃-derivative by a central difference at relative step hs.
  const hs = 1e-3;
  const tFull = (k: number) => {
    const mid = at(k);
    const ld = (at(k * (1 + hs)).logdet - at(k * (1 - hs)).logdet) / (2 * hs * k);
    return { ...mid, Tf: mid.T + ld / N };
  };
  const F = (k: number) => k * (1 - phi * (1 - k * tFull(k).Tf)) - lambda * phi;
  // κ̃T_full = (1/N) tr κ̃(Σ + κ̃)^{−1} ≤ 1, so F(κ̃) ≤ κ̃ − λφ: the root is ≥ λφ, where F ≤ 0.
  const lo = lambda * phi;
  const bracket = expandBracket(F, lo, lambda * phi + 1, { lower: lo });
  if (bracket === null) {
    const status: SolverStatus = { converged: false, residual: Math.abs(F(lo)), iterations: 0, method: 'brent', message: 'no bracket for the effective ridge' };
    return { train_error: 0, test_error: 0, kappa: 0, bias: 0, status, derivative_error: NaN };
  }
  const root = brent(F, bracket[0], bracket[1], { rtol: 1e-12, xtol: 0 });
  const k = root.x;
  const mid = tFull(k);
  const deriv = (h: number) => {
    const p = tFull(k * (1 + h));
    const q = tFull(k * (1 - h));
    return { dT: (p.Tf - q.Tf) / (2 * h * k), dPhi: (p.Phi - q.Phi) / (2 * h * k), dPsi: (p.Psi - q.Psi) / (2 * h * k) };
  };
  // Richardson: (4 D(h) − D(2h))/3 removes the O(h²) term; |D(h) − D(2h)| bounds what is left.
  const h1 = deriv(2e-3);
  const h2 = deriv(4e-3);
  const rich = (a: number, b: number) => (4 * a - b) / 3;
  const d1 = { dT: rich(h1.dT, h2.dT), dPhi: rich(h1.dPhi, h2.dPhi), dPsi: rich(h1.dPsi, h2.dPsi) };
  const d2 = h1;
  const q2 = m.q.reduce((s, x) => s + x * x, 0);
  const g2 = m.spikes.gamma.reduce((s, x) => s + x * x, 0);
  const bulk = q2 - mid.Phi + k * d1.dPhi;
  const spike = g2 - mid.Psi + k * d1.dPsi;
  const df2 = phi * (1 - 2 * k * mid.Tf - k * k * d1.dT);
  const test = (m.noise2 + bulk + spike) / (1 - df2);
  const train = ((lambda * phi) / k) ** 2 * test;
  // Error estimate of the differences: O(h²) truncation, seen as the change between steps h and 2h.
  const derivative_error = Math.max(Math.abs(k * (d1.dPhi - d2.dPhi)), Math.abs(k * (d1.dPsi - d2.dPsi)), Math.abs(phi * k * k * (d1.dT - d2.dT))) / Math.max(test * (1 - df2), 1e-300);
  const ok = root.status.converged && fixedOk && df2 < 1 && Number.isFinite(test) && derivative_error < 1e-5;
  const status: SolverStatus = {
    converged: ok,
    residual: Math.max(root.status.residual, derivative_error),
    iterations: root.status.iterations + fixedIter,
    method: 'profiled ridge deterministic equivalent (brent on κ̃, fixed point for R, Woodbury for the spikes)',
    ...(ok ? {} : { message: !fixedOk ? 'fixed point for R did not converge' : df2 >= 1 ? `df_2/n = ${df2} ≥ 1` : `κ̃-derivatives uncertain (${derivative_error.toExponential(2)})` }),
  };
  // Bias: the numerator above its κ̃ → 0 value (evaluated at κ̃ = 1e-9 κ̃).
  const z = at(1e-9 * k);
  const bias = bulk + spike - (q2 - z.Phi + g2 - z.Psi);
  return { train_error: train, test_error: test, kappa: k, bias: bias / (1 - df2), status, derivative_error };
}
