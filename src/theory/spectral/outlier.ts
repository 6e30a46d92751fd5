// The outlier of docs/theory.md (1.5)–(1.6), (1.10) (and its k-coordinate form, docs/theory.md §2 with m = 1): λ* = the largest λ > λ̄ with
// 1/δ = r_max(λ), the top eigenvalue of R(λ) = E[(zzᵀ − I) T/(λ−T)] (for k = 1: ψ_δ(λ) = φ(λ)).
// Top eigenvalue of D → ψ_δ(λ*). Squared overlap of the top eigenvector with the latent span:
//   ψ'_δ(λ*) / (ψ'_δ(λ*) − cᵀΦ'(λ*)c),  c = unit top eigenvector of R(λ*) (the latent direction),
// which for k = 1 is ψ'/(ψ' − φ'). Above λ_min + δB (B = E[|T|‖zzᵀ−I‖]) r_max < 1/δ, so the scan is finite.
// The scan is a fixed logarithmic grid in λ − λ̄; blocks of it on which the sign of 1/δ − r_max is certified by the
// monotone split of outlierEquations.ts are skipped (certifiedScan.ts), so only a few grid points are evaluated;
// the root in the last cell is refined by Newton's method (r_max' from the same pass) safeguarded by bisection.
import { scanGrid } from '../../numerics/roots/allRoots.js';
import type { SolverStatus } from '../../core/status.js';
import { outlierTerms, responseRange, type OutlierSystem, type OutlierTerms } from './outlierEquations.js';
import { topEigen } from '../../numerics/linalg/symmetricEigen.js';
import { DOMAIN_OFFSET, type BulkEdge } from './bulkEdge.js';
import { signChangesDown, type Sign } from './certifiedScan.js';
import { safeNewton } from './safeNewton.js';

export interface Outlier {
  /** λ* (oriented variable), null when there is no outlier. */
  lambdaStar: number | null;
  /** ψ_δ(λ*), null when there is no outlier. */
  value: number | null;
  /** Squared overlap with the latent span (0 without outlier). */
  overlap2: number;
  /** Unit latent direction c (coordinates along z1..zk), null without outlier. */
  direction: Float64Array | null;
  status: SolverStatus;
}

/** Grid points of the logarithmic scan in λ − λ̄. */
export const SCAN_GRID = 240;

/** Relative rounding margin of the certificates (sums over ≤ 10⁶ atoms). */
export const CERTIFICATE_MARGIN = 1e-10;

/** λ*, ψ_δ(λ*) and overlap² above the bulk edge `edge` (docs/theory.md (1.5)–(1.6), (1.10)). */
export function outlier(sys: OutlierSystem, delta: number, edge: BulkEdge): Outlier {
  const method = 'log-grid scan (certified blocks skipped) + safeguarded newton';
  const none = (message: string, evaluations: number): Outlier => ({
    lambdaStar: null,
    value: null,
    overlap2: 0,
    direction: null,
    status: { converged: true, residual: 0, iterations: evaluations, method, message },
  });
  const lamHi = sys.lambdaMin + 1.01 * delta * sys.responseBound;
  const uLo = DOMAIN_OFFSET * sys.scale + (edge.degenerate ? 0 : 1e-14 * edge.lambdaBar);
  const uHi = lamHi - edge.lambdaBar;
  if (!(uHi > uLo)) return none('no root of 1/δ = r_max(λ) above λ̄ (λ̄ ≥ λ_min + δB)', 0);
  const u = scanGrid(uLo, uHi, SCAN_GRID, true);
  const terms: Array<OutlierTerms | undefined> = new Array(u.length);
  let evaluations = 0;
  const at = (i: number) => {
    if (!terms[i]) {
      terms[i] = outlierTerms(sys, edge.lambdaBar + u[i]!);
      evaluations++;
    }
    return terms[i];
  };
  // Sign of h = 1/δ − r_max: −1 where h < 0.
  const inv = 1 / delta;
  const sign = (i: number): Sign => (inv - at(i).rMax < 0 ? -1 : 1);
  const blockSign = (lo: number, hi: number): Sign | 0 => {
    const b = responseRange(at(lo), at(hi), sys.k);
    const margin = CERTIFICATE_MARGIN * (b.size + inv);
    return b.upper < inv - margin ? 1 : b.lower > inv + margin ? -1 : 0;
  };
  if (sign(u.length - 1) < 0) throw new Error('outlier: 1/δ − r_max(λ) < 0 at the proven upper bound (internal error)');
  // The first sign change from the top is the largest grid point with h < 0.
  const last = signChangesDown(u.length - 1, sign, blockSign).next().value;
  if (last === undefined) return none('ψ_δ(λ) > φ(λ) for all λ > λ̄: no outlier, the top eigenvalue sticks to the bulk edge', evaluations);
  // h(u) = 1/δ − r_max(λ̄ + u), h' = −r_max'; h < 0 at u[last], h ≥ 0 at u[last + 1].
  let t = at(last);
  const fdf = (x: number) => {
    t = outlierTerms(sys, edge.lambdaBar + x, true);
    evaluations++;
    return { f: inv - t.rMax, df: -t.rMaxSlope };
  };
  const hHi = inv - at(last + 1).rMax;
  const r = safeNewton(fdf, u[last]!, u[last + 1]!, inv - t.rMax, hHi > 0 ? hHi : Number.MIN_VALUE, { xtol: 1e-15 * (1 + edge.lambdaBar), rtol: 1e-15 });
  const lambdaStar = t.lambda;
  const { vector: c } = topEigen(t.response, sys.k);
  let cCc = 0;
  for (let p = 0; p < sys.k; p++) for (let q = 0; q < sys.k; q++) cCc += c[p]! * t.curvature[p * sys.k + q]! * c[q]!;
  const dPsi = inv - t.meanQ2;
  return {
    lambdaStar,
    value: lambdaStar * (inv + t.meanQ),
    overlap2: dPsi / (dPsi + cCc),
    direction: c,
    status: { ...r.status, iterations: evaluations, method },
  };
}
