// Threshold δ* at which the outlier leaves the bulk edge (docs/theory.md (1.7)–(1.8), closed system): at δ*, λ̄ = λ*, i.e.
//   E[(T/(λ−T))²] = 1/δ  and  r_max(λ) = 1/δ   ⇒   Q(λ) := r_max(λ) − E[(T/(λ−T))²] = 0,  δ* = 1/E[(T/(λ−T))²],
// with r_max the top eigenvalue of R(λ) = E[(zzᵀ − I)T/(λ−T)] (k = 1: E[(z²−1)T/(λ−T)]). λ̄(δ) increases with δ,
// and an outlier exists at δ iff Q(λ̄(δ)) > 0, so δ* comes from the largest upward zero crossing λ_c of Q.
// If Q > 0 right above λ_min with no upward crossing (degenerate edge, see bulkEdge.ts), λ_c = λ_min and
// δ* = 1/r_max(λ_min⁺). If Q ≤ 0 on the whole domain there is no outlier at any δ (delta_star null).
// A downward crossing above λ_c (possible only if E[(zzᵀ − I)T] has no positive eigenvalue) bounds the range:
// the outlier exists only for δ* < δ < delta_star_upper.
// The scan is a fixed logarithmic grid in λ − λ_min, walked from the top down; blocks of it where the sign of Q is
// certified by the monotone split of outlierEquations.ts (with E[q²] non-increasing) are skipped (certifiedScan.ts).
import { brent } from '../../numerics/roots/brent.js';
import { scanGrid } from '../../numerics/roots/allRoots.js';
import type { Law } from '../../model/law.js';
import type { SolverStatus } from '../../core/status.js';
import { cutoffStatus, outlierSystem, outlierTerms, responseRange, type OutlierSystem, type OutlierTerms } from './outlierEquations.js';
import { DOMAIN_OFFSET } from './bulkEdge.js';
import { CERTIFICATE_MARGIN } from './outlier.js';
import { signChangesDown, type Sign } from './certifiedScan.js';
import type { Side } from './spectrum.js';

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

/** Q(λ) = r_max(λ) − E[(T/(λ−T))²]. */
function closed(t: OutlierTerms): number {
  return t.rMax - t.meanQ2;
}

function closedSystem(sys: OutlierSystem): (u: number) => number {
  return (u) => closed(outlierTerms(sys, sys.lambdaMin + u));
}

/** δ* from the closed system of docs/theory.md (1.7)–(1.8) on the given side. */
export function deltaStar(law: Law, side: Side): Threshold {
  const sign = side === 'upper' ? 1 : -1;
  const sys = outlierSystem(law, sign);
  const Q = closedSystem(sys);
  const uLo = DOMAIN_OFFSET * sys.scale;
  let evaluations = 1;
  // For large λ, Q ≈ ρ/λ with ρ the top eigenvalue of E[(zzᵀ − I)T]: extend the scan until Q has the sign of ρ.
  const rho = outlierTerms(sys, sys.lambdaMin + 1e12 * sys.scale).rMax;
  let uHi = 1e6 * sys.scale;
  for (let i = 0; i < 6 && rho > 0 && !(Q(uHi) > 0); i++, evaluations++) uHi *= 10;
  const u = scanGrid(uLo, uHi, GRID, true);
  const terms: Array<OutlierTerms | undefined> = new Array(u.length);
  const at = (i: number) => {
    if (!terms[i]) {
      terms[i] = outlierTerms(sys, sys.lambdaMin + u[i]!);
      evaluations++;
    }
    return terms[i];
  };
  const sgn = (i: number): Sign => (closed(at(i)) > 0 ? 1 : -1);
  // On [a, b]: r_max within responseRange, E[q²] between its values at b and a.
  const blockSign = (lo: number, hi: number): Sign | 0 => {
    const ta = at(lo);
    const tb = at(hi);
    const b = responseRange(ta, tb, sys.k);
    const margin = CERTIFICATE_MARGIN * (b.size + ta.meanQ2);
    return b.lower - ta.meanQ2 > margin ? 1 : b.upper - tb.meanQ2 < -margin ? -1 : 0;
  };
  // From the top down: downward crossings (Q > 0 below, ≤ 0 above) until the largest upward one.
  let up = -1;
  let down = -1;
  for (const i of signChangesDown(u.length - 1, sgn, blockSign)) {
    if (sgn(i) < 0) {
      up = i;
      break;
    }
    down = i;
  }
  const anyPositive = up >= 0 || down >= 0 || sgn(u.length - 1) > 0;
  if (!anyPositive) {
    return {
      delta_star: null,
      lambda: null,
      delta_star_upper: null,
      reason: `E[(z²−1)T/(λ−T)] ≤ E[(T/(λ−T))²] for every λ > ${side === 'upper' ? 'sup T' : 'sup(−T)'}: no outlier on the ${side} side at any δ`,
      status: { converged: true, residual: 0, iterations: evaluations, method: 'log-grid scan (certified blocks skipped)' },
    };
  }
  const statuses: SolverStatus[] = [];
  let lambdaC: number;
  if (up >= 0) {
    const r = brent(Q, u[up]!, u[up + 1]!, { xtol: 1e-15 * sys.scale, rtol: 1e-15 });
    statuses.push(r.status);
    lambdaC = sys.lambdaMin + r.x;
  } else {
    lambdaC = sys.lambdaMin + uLo;
  }
  const rAt = (lambda: number) => outlierTerms(sys, lambda).rMax;
  let upper: number | null = null;
  if (down >= 0) {
    const r = brent(Q, u[down]!, u[down + 1]!, { xtol: 1e-15 * sys.scale, rtol: 1e-15 });
    statuses.push(r.status);
    upper = 1 / rAt(sys.lambdaMin + r.x);
  }
  statuses.push(cutoffStatus(sys, [lambdaC]));
  const converged = statuses.every((s) => s.converged);
  const status: SolverStatus = {
    converged,
    residual: statuses.reduce((m, s) => Math.max(m, s.residual), 0),
    iterations: evaluations + statuses.reduce((m, s) => m + s.iterations, 0),
    method: 'log-grid scan (certified blocks skipped) + brent on r_max(λ) − E[(T/(λ−T))²]',
    ...(converged
      ? up < 0
        ? { message: 'degenerate edge: threshold where λ* reaches λ_min' }
        : {}
      : { message: statuses.filter((s) => !s.converged).map((s) => `${s.method}: ${s.message ?? 'not converged'}`).join('; ') }),
  };
  return {
    delta_star: 1 / rAt(lambdaC),
    lambda: sign * lambdaC,
    delta_star_upper: upper,
    ...(upper !== null ? { reason: `the outlier exists only for δ between δ* and ${upper}` } : {}),
    status,
  };
}
