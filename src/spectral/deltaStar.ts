// Threshold δ* at which the outlier leaves the bulk edge (THEORY §1, closed system): at δ*, λ̄ = λ*, i.e.
//   E[(T/(λ−T))²] = 1/δ  and  r_max(λ) = 1/δ   ⇒   Q(λ) := r_max(λ) − E[(T/(λ−T))²] = 0,  δ* = 1/E[(T/(λ−T))²],
// with r_max the top eigenvalue of R(λ) = E[(zzᵀ − I)T/(λ−T)] (k = 1: E[(z²−1)T/(λ−T)]). λ̄(δ) increases with δ,
// and an outlier exists at δ iff Q(λ̄(δ)) > 0, so δ* comes from the largest upward zero crossing λ_c of Q.
// If Q > 0 right above λ_min with no upward crossing (degenerate edge, see bulkEdge.ts), λ_c = λ_min and
// δ* = 1/r_max(λ_min⁺). If Q ≤ 0 on the whole domain there is no outlier at any δ (delta_star null).
// A downward crossing above λ_c (possible only if E[(zzᵀ − I)T] has no positive eigenvalue) bounds the range:
// the outlier exists only for δ* < δ < delta_star_upper.
import { brent } from '../roots/brent.js';
import { scanGrid } from '../roots/allRoots.js';
import type { Law } from '../law.js';
import type { SolverStatus } from '../status.js';
import { outlierSystem, outlierTerms, type OutlierSystem } from './outlierEquations.js';
import { topEigen } from './symmetricEigen.js';
import { DOMAIN_OFFSET } from './bulkEdge.js';
import { orientLaw, type Side } from './spectrum.js';

export interface Threshold {
  /** null: no outlier at any δ (see reason). */
  delta_star: number | null;
  /** λ_c in the original sign (negated for the lower side). */
  lambda: number | null;
  /** Upper end of the outlier's δ-range when it is bounded, else null. */
  delta_star_upper: number | null;
  reason?: string;
  status: SolverStatus;
}

const GRID = 300;

function closedSystem(sys: OutlierSystem): (u: number) => number {
  return (u) => {
    const t = outlierTerms(sys, sys.lambdaMin + u);
    return topEigen(t.response, sys.k).value - t.meanQ2;
  };
}

/** δ* from the closed system of THEORY §1 on the given side. */
export function deltaStar(law: Law, side: Side): Threshold {
  const sys = outlierSystem(orientLaw(law, side));
  const sign = side === 'upper' ? 1 : -1;
  const Q = closedSystem(sys);
  const uLo = DOMAIN_OFFSET * sys.scale;
  // For large λ, Q ≈ ρ/λ with ρ the top eigenvalue of E[(zzᵀ − I)T]: extend the scan until Q has the sign of ρ.
  const rho = topEigen(outlierTerms(sys, sys.lambdaMin + 1e12 * sys.scale).response, sys.k).value;
  let uHi = 1e6 * sys.scale;
  for (let i = 0; i < 6 && rho > 0 && !(Q(uHi) > 0); i++) uHi *= 10;
  const u = scanGrid(uLo, uHi, GRID, true);
  const q = Float64Array.from(u, Q);
  let up = -1;
  for (let i = 0; i + 1 < u.length; i++) if (q[i]! <= 0 && q[i + 1]! > 0) up = i;
  const anyPositive = q.some((x) => x > 0);
  if (!anyPositive) {
    return {
      delta_star: null,
      lambda: null,
      delta_star_upper: null,
      reason: `E[(z²−1)T/(λ−T)] ≤ E[(T/(λ−T))²] for every λ > ${side === 'upper' ? 'sup T' : 'sup(−T)'}: no outlier on the ${side} side at any δ`,
      status: { converged: true, residual: 0, iterations: GRID + 1, method: 'log-grid scan' },
    };
  }
  const statuses: SolverStatus[] = [];
  let lambdaC: number;
  let iStart: number;
  if (up >= 0) {
    const r = brent(Q, u[up]!, u[up + 1]!, { xtol: 1e-15 * sys.scale, rtol: 1e-15 });
    statuses.push(r.status);
    lambdaC = sys.lambdaMin + r.x;
    iStart = up + 1;
  } else {
    lambdaC = sys.lambdaMin + uLo;
    iStart = 0;
  }
  const rAt = (lambda: number) => topEigen(outlierTerms(sys, lambda).response, sys.k).value;
  let upper: number | null = null;
  for (let i = iStart; i + 1 < u.length; i++) {
    if (q[i]! > 0 && q[i + 1]! <= 0) {
      const r = brent(Q, u[i]!, u[i + 1]!, { xtol: 1e-15 * sys.scale, rtol: 1e-15 });
      statuses.push(r.status);
      upper = 1 / rAt(sys.lambdaMin + r.x);
      break;
    }
  }
  const converged = statuses.every((s) => s.converged);
  const status: SolverStatus = {
    converged,
    residual: statuses.reduce((m, s) => Math.max(m, s.residual), 0),
    iterations: GRID + 1 + statuses.reduce((m, s) => m + s.iterations, 0),
    method: 'log-grid scan + brent on r_max(λ) − E[(T/(λ−T))²]',
    ...(up < 0 ? { message: 'degenerate edge: threshold where λ* reaches λ_min' } : {}),
  };
  return {
    delta_star: 1 / rAt(lambdaC),
    lambda: sign * lambdaC,
    delta_star_upper: upper,
    ...(upper !== null ? { reason: `the outlier exists only for δ between δ* and ${upper}` } : {}),
    status,
  };
}
