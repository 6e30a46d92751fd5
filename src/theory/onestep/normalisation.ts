// The one normalisation used by the one-step theory and the one-step simulator (docs/theory.md (7.1); Ba et al. 2022,
// Moniri, Lee, Hassani & Dobriban 2024). Every output of `flcalc onestep` and `flcalc simulate onestep` quotes it.
//
//   data        x ~ N(0, I_d), y = g(⟨β*, x⟩) + S·ε, ε ~ N(0, 1), ‖β*‖ = 1 (the simulator uses β* = e_1)
//   network     f(x) = (1/√N) Σ_j a_j σ(⟨w_j, x⟩),  w_j ~ N(0, I_d/d),  a_j ~ N(0, 1/N)   (so f ≈ 0 at init)
//   one step    W1 = W0 − η √N ∇_W L,  L = (1/2n) Σ_i (y_i − f(x_i))²,  η = c·n^α
//               ⇒ W1 = W0 + η G̃,  G̃_j = (a_j/n) Σ_i (y_i − f(x_i)) σ'(⟨w_j, x_i⟩) x_i ≈ c_1(σ) a_j ζ
//   features    F = σ(X̃ W1ᵀ) ∈ R^{n×N} on an independent batch X̃ of n samples
//   ridge       â = argmin_a Σ_i (ỹ_i − ⟨a, σ(W1 x̃_i)⟩/√N)² + λ‖a‖²  (kernel ridge with K = FFᵀ/N and ridge λ)
//   errors      train = (1/n) Σ_i (ỹ_i − ŷ(x̃_i))²,  test = E(y − ŷ(x))² on fresh data (label noise included)
//   spectrum    singular values of the double-centred feature matrix P_n F P_N (P = I − 11ᵀ/m): centring removes
//               the mean spike c_0(σ)·√(nN) and the rank-one mean structures of F0, and matches spike k's
//               Gram–Schmidt orthogonalisation against the constant.
// Hermite coefficients are unnormalised: c_k(f) = E[f(G) He_k(G)] (docs/theory.md §0).
import { UsageError } from '../../core/errors.js';

export const NORMALISATION =
  'x ~ N(0,I_d); f(x) = (1/√N) Σ_j a_j σ(<w_j,x>), w_j ~ N(0,I_d/d), a_j ~ N(0,1/N); ' +
  'W1 = W0 − η√N ∇_W L, L = (1/2n) Σ (y−f)², η = c·n^α; F = σ(X̃W1ᵀ) on an independent batch; ' +
  'ridge â = argmin Σ_i (ỹ_i − <a,σ(W1x̃_i)>/√N)² + λ‖a‖²; test error includes label noise; ' +
  'singular values of the double-centred F (P_n F P_N); Hermite coefficients c_k = E[f(G)He_k(G)]';

/** Parameters shared by the theory and the simulator. */
export interface OnestepParams {
  /** Exponent α ∈ [0, 1/2) of the step size η = c·n^α. */
  alpha: number;
  /** Prefactor c > 0 of the step size. */
  c: number;
  /** ψ = d/n. */
  psi: number;
  /** φ = N/n (width over samples). */
  phi: number;
  /** Label-noise standard deviation S ≥ 0. */
  noise: number;
  /** Ridge λ > 0 (sum-of-squares loss, see NORMALISATION). */
  ridge: number;
}

/** η = c·n^α (docs/theory.md (7.1)). */
export function stepSize(c: number, alpha: number, n: number): number {
  return c * Math.pow(n, alpha);
}

/** Throws UsageError for parameters outside the theory's domain. */
/** Caps on the step prefactor c and on the ratios d/n, N/n (and the noise): beyond them the formulas over- or
 *  underflow in double precision. */
export const MAX_C = 1e4;
export const MAX_RATIO = 1e4;

export function checkParams(p: OnestepParams): void {
  if (!(p.alpha >= 0 && p.alpha < 0.5))
    throw new UsageError('--alpha', `must lie in [0, 1/2) (the step η = c·n^α must stay below the √n scale), got ${p.alpha}`, '0.3');
  if (!(p.c > 0 && Number.isFinite(p.c))) throw new UsageError('--c', `must be a positive number, got ${p.c}`, '1');
  if (p.c > MAX_C) throw new UsageError('--c', `must be ≤ ${MAX_C} (the step η = c·n^α overflows the spike sizes beyond), got ${p.c}`, '1');
  if (p.psi > MAX_RATIO || p.phi > MAX_RATIO || p.psi < 1 / MAX_RATIO || p.phi < 1 / MAX_RATIO)
    throw new UsageError('--ratios', `d/n and N/n must lie in [${1 / MAX_RATIO}, ${MAX_RATIO}], got ${p.psi}, ${p.phi}`, '"1,1"');
  if (p.noise > MAX_RATIO) throw new UsageError('--noise', `must be ≤ ${MAX_RATIO}, got ${p.noise}`, '0.1');
  if (!(p.psi > 0 && Number.isFinite(p.psi)))
    throw new UsageError('--ratios', `d/n must be a positive number, got ${p.psi}`, '"1,1"');
  if (!(p.phi > 0 && Number.isFinite(p.phi)))
    throw new UsageError('--ratios', `N/n must be a positive number, got ${p.phi}`, '"1,1"');
  if (!(p.noise >= 0 && Number.isFinite(p.noise))) throw new UsageError('--noise', `must be ≥ 0, got ${p.noise}`, '0.1');
  if (!(p.ridge > 0 && Number.isFinite(p.ridge))) throw new UsageError('--ridge', `must be a positive number, got ${p.ridge}`, '0.1');
}
