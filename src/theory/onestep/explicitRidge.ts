// Ridge train/test errors for features with an explicit population second moment (docs/theory.md (8.13)): the
// deterministic equivalent of ridge regression (Bach 2023, SIAM J. Math. Data Sci. 6; Hastie, Montanari, Rosset &
// Tibshirani 2022) for i.i.d. rows z with E[zzᵀ] = Σ = Σ_i e_i v_i v_iᵀ, cross-moment b = E[z y] (components
// β_i = v_iᵀ b) and E y², mean-loss ridge λ_m:
//   λ_m = κ (1 − df₁/n),  df_p = Σ_i [e_i/(e_i + κ)]^p,
//   test = [E y² − Σ_i β_i²/(e_i + κ) − κ Σ_i β_i²/(e_i + κ)²] / (1 − df₂/n),   train = (λ_m/κ)² test,
// the numerator being Bach's bias κ² a*ᵀΣ(Σ+κ)^{−2}a* plus the residual E y² − bᵀΣ^{−1}b of the best linear predictor
// a* = Σ^{−1}b, in partial fractions (no division by small e_i). The part of y outside span(z) acts as noise.
import { brent, expandBracket } from '../../numerics/roots/index.js';
import type { RidgeErrors } from './ridge.js';

export interface ExplicitRidgeModel {
  /** Eigenvalues e_i ≥ 0 of Σ = E[zzᵀ]. */
  eigenvalues: ArrayLike<number>;
  /** β_i = v_iᵀ E[z y]. */
  projections: ArrayLike<number>;
  /** E y² (label noise included). */
  ey2: number;
  n: number;
  /** Mean-loss ridge in the units of Σ: λ/n for z = σ(Wx)/√N with the sum-of-squares ridge λ of NORMALISATION, or
   *  λφ for per-feature units z = σ(Wx) (then the returned κ is κ̃ = Nκ, as in ridge.ts). */
  lambdaMean: number;
}

/** Deterministic-equivalent ridge errors on an explicit spectrum (header). */
export function explicitRidgeErrors(m: ExplicitRidgeModel): RidgeErrors {
  const ev = Array.from(m.eigenvalues, (e) => Math.max(0, e));
  const b2 = Array.from(m.projections, (b) => b * b);
  const { n, lambdaMean } = m;
  const df = (k: number, p: number) => ev.reduce((s, e) => s + (e / (e + k)) ** p, 0);
  const F = (k: number) => k * (1 - df(k, 1) / n) - lambdaMean;
  const lo = 1e-12 * lambdaMean;
  const bracket = expandBracket(F, lo, lambdaMean + 1, { lower: lo });
  if (bracket === null)
    return { train_error: 0, test_error: 0, kappa: 0, bias: 0, status: { converged: false, residual: Math.abs(F(lo)), iterations: 0, method: 'brent', message: 'no bracket for the effective ridge' } };
  const root = brent(F, bracket[0], bracket[1], { rtol: 1e-13, xtol: 0 });
  const k = root.x;
  let fit1 = 0, fit2 = 0, bias = 0;
  ev.forEach((e, i) => {
    fit1 += b2[i]! / (e + k);
    fit2 += b2[i]! / (e + k) ** 2;
    if (e > 0) bias += (b2[i]! * k * k) / (e * (e + k) ** 2);
  });
  const df2 = df(k, 2) / n;
  const test = (m.ey2 - fit1 - k * fit2) / (1 - df2);
  const train = (lambdaMean / k) ** 2 * test;
  const ok = root.status.converged && df2 < 1 && Number.isFinite(test) && test > 0;
  return {
    train_error: train, test_error: test, kappa: k, bias: bias / (1 - df2),
    status: { ...root.status, converged: ok, method: 'ridge deterministic equivalent on an explicit covariance (brent on κ)', ...(ok ? {} : { message: df2 >= 1 ? `df_2/n = ${df2} ≥ 1` : 'effective ridge not found' }) },
  };
}
