// The Hessian ∇²R̂ + λI at the stationary point of docs/theory.md (6.2), m = 1, in the θ direction:
// with the Schur complement S(μ) = λ + H_θθ − μ − H_θ⊥(H⊥⊥ + λ − μ)^{-1}H⊥θ, the inertia identity (6.8) says that
// at a minimiser in the ⊥ directions (H⊥⊥ + λ ≻ 0) the Hessian has a negative eigenvalue iff S(0) < 0. In the
// proportional limit the cross terms i ≠ j of H_θ⊥(·)H⊥θ vanish (z_i's sign is independent of everything else
// when E[z|y] = 0) and x_iᵀ(H⊥⊥ + λ)^{-1}x_i/n → κ/(1 + κA_i) by the leave-one-out argument, so (6.9)
//   Λ := lim S(0) = λ + E[A z²/(1 + κA)] = (1/κ)·(1/δ − E[(z² − 1)·∂u/∂v]),   ∂u/∂v = 1/(1 + κA).
// The i.i.d. resolvent of docs/theory.md (1.x) fed the stationary law (z, A) gives the other numbers reported here
// (bulk edge, outlier, overlap²); it ignores the dependence of ŵ on the data (docs/theory.md (6.10)).
import type { Law } from '../../model/law.js';
import { spectrum, orientLaw, type Spectrum } from '../spectral/spectrum.js';
import { outlierSystem, outlierTerms } from '../spectral/outlierEquations.js';
import { bulkEdge, DOMAIN_OFFSET } from '../spectral/bulkEdge.js';
import type { StationaryPoint } from './fixedPoint.js';

/** Λ of (6.9): the limit of the Schur complement S(0) in the θ direction. */
export function schurAtZero(p: StationaryPoint, ridge: number): number {
  const L = p.law;
  let s = 0;
  for (let q = 0; q < L.size; q++) {
    const A = L.A[q]!;
    s += (L.weights[q]! * A * L.z[q]! * L.z[q]!) / (1 + p.kappa * A);
  }
  return ridge + s;
}

/** The stationary law as a §1 law of (T, z) = (A, z). */
export function hessianLaw(p: StationaryPoint): Law {
  return { size: p.law.size, weights: p.law.weights, columns: { T: p.law.A, z: p.law.z }, origin: 'stationary law of (A, z), docs/theory.md (6.3)', order: p.order };
}

/** Lower bulk edge, θ-outlier and overlap² of (1/n)Σ A_i x_i x_iᵀ + λI from the i.i.d. resolvent fed the stationary law. */
export function iidSpectrum(p: StationaryPoint, ridge: number): Spectrum {
  const s = spectrum(hessianLaw(p), p.delta, 'lower');
  return { ...s, bulk_edge: s.bulk_edge + ridge, outlier: s.outlier === null ? null : s.outlier + ridge };
}

/** Separation margin of the i.i.d.-resolvent θ-outlier (6.10): h = 1/δ − φ(λ̄⁺) on the lower side, with λ̄ the bulk
 *  edge's abscissa (docs/theory.md (1.4)–(1.6)). The outlier equation 1/δ = φ(λ) has a root above λ̄ iff h < 0 when φ
 *  decreases on (λ̄, ∞) (as it does for these laws): a continuous function whose zero is the separation threshold,
 *  where the outlier leaves the bulk. */
export function separationMargin(p: StationaryPoint): number {
  const sys = outlierSystem(orientLaw(hessianLaw(p), 'lower'), 1);
  const edge = bulkEdge(sys, p.delta);
  const lambda = edge.lambdaBar + DOMAIN_OFFSET * sys.scale + (edge.degenerate ? 0 : 1e-14 * Math.abs(edge.lambdaBar));
  return 1 / p.delta - outlierTerms(sys, lambda).rMax;
}

/** Lowest θ-aligned eigenvalue of the i.i.d. resolvent (6.10): the outlier where it has separated, the bulk edge
 *  before (where the outlier merges into it), so continuous in δ; its zero is where the stationary point turns into
 *  a saddle along θ according to the i.i.d. plug-in. */
export function iidLowestTheta(p: StationaryPoint, ridge: number): number {
  const s = iidSpectrum(p, ridge);
  return s.outlier ?? s.bulk_edge;
}
