// The marginal-stability closure of the θ curvature (docs/theory.md (6.17)–(6.18)). Where the stability index (6.7)
// exceeds 1, the leave-one-out κ lies beyond the turning point of the i.i.d. branch F(e) = E[eA/(1 + eA)] + λe at
// λ-shifted zero, and the minimiser GD reaches is taken marginal: its resolvent at 0 sits at that turning point,
//   κ_m = the root of F'(e) = E[A/(1 + eA)²] + λ = 0 on (0, 1/max(−A))   (s > 1),   κ_m = κ   (s ≤ 1),   (6.17)
// continuous in δ because F' vanishes at κ exactly when s = 1. The θ curvature is (6.9) with κ_m in place of κ:
//   Λ_m(δ) = λ + E[A z²/(1 + κ_m A)].   (6.18)
import { brent } from '../../numerics/roots/brent.js';
import type { StationaryPoint } from './fixedPoint.js';

/** F'(e) = E[A/(1 + eA)²] + λ over the stationary law (its probability weights). */
function foldSlope(p: StationaryPoint, ridge: number, e: number): number {
  const L = p.law;
  let s = 0;
  for (let q = 0; q < L.size; q++) {
    const den = 1 + e * L.A[q]!;
    s += (L.weights[q]! * L.A[q]!) / (den * den);
  }
  return s + ridge;
}

/** κ_m of (6.17): κ where the stability index is ≤ 1, the turning point of F otherwise (null if F has none on the
 *  domain, i.e. F'(0) ≤ 0 or no negative weight). */
export function marginalKappa(p: StationaryPoint, ridge: number): number | null {
  if (p.stability <= 1) return p.kappa;
  let minA = 0;
  for (let q = 0; q < p.law.size; q++) minA = Math.min(minA, p.law.A[q]!);
  if (minA >= 0 || foldSlope(p, ridge, 0) <= 0) return null;
  // F' decreases on the domain (F'' = −2E[A²/(1 + eA)³] < 0) and → −∞ at its end; κ itself has F'(κ) < 0 when s > 1.
  const hi = Math.min(p.kappa, (1 - 1e-12) / -minA);
  if (foldSlope(p, ridge, hi) > 0) return null;
  return brent((e) => foldSlope(p, ridge, e), 0, hi, { xtol: 1e-13 * hi, rtol: 1e-13 }).x;
}

/** The θ curvature with resolvent χ on the stationary law, λ + E[A z²/(1 + χA)]: (6.18) at χ = κ_m, (6.30) at the
 *  stationary part χ_st of the path's response. */
export function thetaCurvature(p: StationaryPoint, ridge: number, chi: number): number {
  const L = p.law;
  let s = 0;
  for (let q = 0; q < L.size; q++) s += (L.weights[q]! * L.A[q]! * L.z[q]! * L.z[q]!) / (1 + chi * L.A[q]!);
  return ridge + s;
}

/** κ_m and Λ_m of (6.17)–(6.18) from one turning-point search; null where κ_m does not exist. */
export function marginalClosure(p: StationaryPoint, ridge: number): { kappa: number; schur: number } | null {
  const km = marginalKappa(p, ridge);
  if (km === null) return null;
  return { kappa: km, schur: thetaCurvature(p, ridge, km) };
}

/** Λ_m of (6.18); null where κ_m is. */
export function marginalSchur(p: StationaryPoint, ridge: number): number | null {
  return marginalClosure(p, ridge)?.schur ?? null;
}
