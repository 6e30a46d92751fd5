// Right edge of the bulk of D = (1/n) Σ T_i x_i x_iᵀ (docs/theory.md (1.4)): edge = ψ_δ(λ̄), λ̄ = argmin_{λ > λ_min} ψ_δ(λ),
// i.e. the root of ψ'_δ(λ) = 0 ⇔ E[(T/(λ−T))²] = 1/δ. E[(T/(λ−T))²] decreases strictly on (λ_min, ∞), so the root
// is unique when it exists. Degenerate case: if E[(T/(λ_min⁺−T))²] ≤ 1/δ (T has little mass near its supremum),
// ψ_δ increases on all of (λ_min, ∞), the edge is ψ_δ(λ_min⁺) and λ̄ = λ_min; this is reported as `degenerate`.
// (On a quadrature law with an atom of positive weight at τ, E[q²] → ∞ as λ ↓ τ and the root always exists. When
// T → τ only as |z| → ∞, τ is the limit (outlierSystem, src/numerics/tailSupremum.ts), no atom sits at τ and E[q²]
// stays finite at τ⁺: e.g. T = y/(1+y) − 0.3, y = z², τ = 0.7, E[q²](τ⁺) = 1.14, degenerate for δ ≤ 1/1.14 with
// edge 0.7(1/δ + 0.4).)
import type { SolverStatus } from '../../core/status.js';
import { outlierTerms, type OutlierSystem, type OutlierTerms } from './outlierEquations.js';
import { safeNewton } from './safeNewton.js';

export interface BulkEdge {
  /** λ̄ (in the oriented variable, λ > λ_min). */
  lambdaBar: number;
  /** ψ_δ(λ̄). */
  edge: number;
  degenerate: boolean;
  status: SolverStatus;
}

/** Smallest offset above λ_min at which the equations are evaluated (relative to the scale of T). */
export const DOMAIN_OFFSET = 1e-12;

/** λ̄ and the bulk edge ψ_δ(λ̄) (docs/theory.md (1.4)), degenerate case included (see the file comment). */
export function bulkEdge(sys: OutlierSystem, delta: number): BulkEdge {
  const lo = sys.lambdaMin + DOMAIN_OFFSET * sys.scale;
  const tLo = outlierTerms(sys, lo);
  if (!(tLo.meanQ2 > 1 / delta)) {
    return {
      lambdaBar: sys.lambdaMin,
      edge: lo * (1 / delta + tLo.meanQ),
      degenerate: true,
      status: { converged: true, residual: 0, iterations: 1, method: 'closed form', message: 'ψ_δ increasing on (λ_min, ∞): edge = ψ_δ(λ_min⁺)' },
    };
  }
  // E[q²] ≤ E[T²]/(λ − λ_min)² ≤ scale²/(λ − λ_min)², so the root lies below λ_min + √δ·scale.
  // In t = log(λ − λ_min): f(t) = log E[q²] + log δ, f'(t) = (λ − λ_min)·(d E[q²]/dλ)/E[q²]; f decreases.
  const uHi = 1.01 * Math.sqrt(delta) * sys.scale;
  let last: OutlierTerms = tLo;
  const fdf = (t: number) => {
    const u = Math.exp(t);
    last = outlierTerms(sys, sys.lambdaMin + u, true);
    return { f: Math.log(last.meanQ2) + Math.log(delta), df: (u * last.meanQ2Slope) / last.meanQ2 };
  };
  // Start from the upper end: f is nearly linear there (E[q²] ≈ E[T²]/u²).
  const r = safeNewton(fdf, Math.log(lo - sys.lambdaMin), Math.log(uHi), 1, -1, { x0: Math.log(uHi), xtol: 1e-13, rtol: 1e-15 });
  const lambdaBar = last.lambda;
  return {
    lambdaBar,
    edge: lambdaBar * (1 / delta + last.meanQ),
    degenerate: false,
    status: { ...r.status, iterations: r.status.iterations + 1, method: 'safeguarded newton on log(λ − λ_min)' },
  };
}
