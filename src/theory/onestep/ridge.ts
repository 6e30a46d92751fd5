// Train and test error of ridge on the (spiked) random features, by the deterministic equivalent of ridge
// regression (Bach 2023, SIAM J. Math. Data Sci. 6; Hastie, Montanari, Rosset & Tibshirani 2022, AoS 50) applied
// to the Gaussian-equivalent feature model (Mei & Montanari 2022, CPAM 75; Goldt et al. 2022):
//   z = σ(W0 x)/√N ≈ [c_1(σ) W0 x + c_*(σ) ξ]/√N, ξ ~ N(0, I_N), c_*² = E σ² − c_0² − c_1²,
// plus one rank-one direction per spike r (feature u_r(x) of unit norm, covariance eigenvalue θ_r) — the constant
// (r = 0, θ_0 = c_0(σ)², present iff c_0(σ) ≠ 0) and the spikes of docs/theory.md §7 (θ_k = s_k²/(nN)).
// With mean-loss ridge λ_m = λ/n (NORMALISATION uses the sum loss), the effective ridge κ solves
//   λ_m = κ (1 − df_1(κ)/n),  df_j = tr[S^j (S + κ)^{−j}],
// and   test = [κ² a*ᵀ S (S+κ)^{−2} a* + s²]/(1 − df_2/n),   train = (λ_m/κ)² · test.
// In units κ̃ = Nκ, θ̃ = Nθ, with e(μ) = c_1² μ + c_*², μ ~ Marchenko–Pastur(γ = N/d) (spectrum of W0W0ᵀ):
//   λφ = κ̃ [1 − φ E e/(e+κ̃) − (1/n) Σ_r θ̃_r/(θ̃_r+κ̃)],
//   bulk bias = c_1² κ̃² L γ E[μ/(e(e+κ̃)²)],  spike bias = Σ_r T_r κ̃²/(θ̃_r+κ̃)²,
//   s² = ν² + L (1 − c_1² γ E[μ/e]),  df_2/n = φ E[e²/(e+κ̃)²] + (1/n) Σ_r θ̃_r²/(θ̃_r+κ̃)²,
// where L = squared norm of the target's linear part left to the bulk, T_r = squared target component along
// spike r, ν² = the rest of E[y²] (higher-order components the features cannot represent, label noise).
// APPROXIMATION (stated in outputs): spikes are treated as extra Gaussian-equivalent feature directions
// orthogonal to the bulk; the bulk of F after the step is taken equal to the bulk of F0.
import { brent, expandBracket } from '../../numerics/roots/index.js';
import type { SolverStatus } from '../../core/status.js';
import { marchenkoPasturRule, mpIntegral } from './marchenkoPastur.js';

export interface RidgeSpike {
  /** θ̃ = N·θ (Infinity in the n → ∞ limit of a spike that outgrows the bulk). */
  theta: number;
  /** Squared target component along the spike's feature. */
  target2: number;
}

export interface RidgeModel {
  c1: number;
  /** c_*² = E σ² − c_0² − c_1². */
  cstar2: number;
  psi: number;
  phi: number;
  /** n, or Infinity for the proportional limit. */
  n: number;
  lambda: number;
  /** Squared norm of the linear target part left to the bulk. */
  linear2: number;
  /** Variance not representable by bulk or spikes (incl. label noise). */
  noise2: number;
  spikes: RidgeSpike[];
}

export interface RidgeErrors {
  train_error: number;
  test_error: number;
  /** κ̃ = N κ. */
  kappa: number;
  bias: number;
  status: SolverStatus;
}

const frac = (theta: number, k: number): number => (theta === Infinity ? 1 : theta / (theta + k));

/** Deterministic-equivalent ridge train/test errors of the spiked Gaussian-equivalent feature model (see header). */
export function ridgeErrors(m: RidgeModel, rule = marchenkoPasturRule(m.phi / m.psi)): RidgeErrors {
  const { c1, cstar2, phi, n, lambda } = m;
  const gamma = m.phi / m.psi;
  const e = (mu: number) => c1 * c1 * mu + cstar2;
  const invN = n === Infinity ? 0 : 1 / n;
  const F = (k: number) =>
    k * (1 - phi * mpIntegral(rule, (mu) => e(mu) / (e(mu) + k)) - invN * m.spikes.reduce((s, sp) => s + frac(sp.theta, k), 0)) - lambda * phi;
  const lo = 1e-12 * lambda * phi;
  const bracket = expandBracket(F, lo, lambda * phi + 1, { lower: lo });
  if (bracket === null) {
    const status: SolverStatus = { converged: false, residual: Math.abs(F(lo)), iterations: 0, method: 'brent', message: 'no bracket for the effective ridge' };
    return { train_error: 0, test_error: 0, kappa: 0, bias: 0, status };
  }
  const root = brent(F, bracket[0], bracket[1], { rtol: 1e-13, xtol: 0 });
  const k = root.x;
  const bulkBias = c1 * c1 * k * k * m.linear2 * gamma * mpIntegral(rule, (mu) => (mu === 0 ? 0 : mu / (e(mu) * (e(mu) + k) ** 2)));
  const spikeBias = m.spikes.reduce((s, sp) => s + (sp.theta === Infinity ? 0 : (sp.target2 * k * k) / (sp.theta + k) ** 2), 0);
  const explained = c1 * c1 * gamma * mpIntegral(rule, (mu) => (mu === 0 ? 0 : mu / e(mu)));
  const s2 = m.noise2 + m.linear2 * (1 - explained);
  const df2 = phi * mpIntegral(rule, (mu) => (e(mu) / (e(mu) + k)) ** 2) + invN * m.spikes.reduce((s, sp) => s + frac(sp.theta, k) ** 2, 0);
  const test = (bulkBias + spikeBias + s2) / (1 - df2);
  const train = ((lambda * phi) / k) ** 2 * test;
  const ok = root.status.converged && df2 < 1;
  return {
    train_error: train,
    test_error: test,
    kappa: k,
    bias: (bulkBias + spikeBias) / (1 - df2),
    status: { ...root.status, converged: ok, method: 'ridge deterministic equivalent (brent on κ)', ...(df2 < 1 ? {} : { message: `df_2/n = ${df2} ≥ 1` }) },
  };
}
