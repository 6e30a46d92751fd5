// The threshold δ* at which a lower outlier along the selected spike coordinates leaves the bulk edge
// (docs/theory.md (1.7), (2.9)). At δ* the outlier sits on the edge: the fold condition and the outlier condition hold at
// the same point of the branch.
//  m = 1 (closed system, §1 generalised to k' coordinates): on λ < min(T, 0) the fold gives
//    δ(λ) = 1/E[(T/(λ−T))²], μ(λ) = λ(E[T²/(λ−T)²] + E[T/(λ−T)]),
//  and δ* = δ(λ*) where μ(λ*) is an eigenvalue of K(λ*) = E[ζζᵀ λT/(λ−T)] (k' = 1: E[(T/(λ−T))²] = E[(z²−1)T/(λ−T)]).
//  The (ζζᵀ − I) part is centred with the rule's own moments, and a gap within a few hundred ε of the size of its
//  terms is "no separation" (scalarSystem), so a weight that ignores ζ has no threshold at any resolution.
//  m > 1: the joint system (2.15)–(2.17) in (Λ, μ, δ) by Newton (jointThreshold.ts), started (2.18) at the branch's
//  fold at the block-diagonal threshold min_j δ*_j and checked (2.19) against the edge march at the root; where no
//  block has a threshold, the fold or Newton fails or the check does, the nested search — Brent in log δ on the largest
//  gap μ̄ − κ_r at the lower edge (edge.ts, outliers.ts) — decides, and the status's method says which one did.
import type { SolverStatus } from '../../core/status.js';
import { brent } from '../../numerics/roots/brent.js';
import { spikeProduct, type MatrixLaw } from './matrixLaw.js';
import { symEigen } from '../../numerics/linalg/symmetricEigen.js';
import { lowerEdge } from './edge.js';
import { spikeMatrix } from './outliers.js';
import { diagonalBlockLaw, weightRange } from './matrixLaw.js';
import { jointThreshold } from './jointThreshold.js';

export interface MatrixThreshold {
  /** null: no outlier along the selected coordinates at any δ (reason says why). */
  delta_star: number | null;
  /** Edge (= outlier) at δ*. */
  edge: number | null;
  reason?: string;
  status: SolverStatus;
}

/** Relative size, in units of machine epsilon, below which a gap is "no separation" (zero): the gap is a sum over
 *  ≤ 10^5–10^6 atoms, whose accumulated rounding is at most ~N·ε and typically ~√N·ε times the sum of the absolute
 *  values of its terms; 2^10·ε ≈ 2.3e-13 covers √N·ε for N up to 10^6. */
export const GAP_ZERO_EPS_MULTIPLE = 1024;

/** Second moments M = E_q[ζ_S ζ_Sᵀ]/E_q[1] of the selected coordinates under the atoms' own weights. */
function secondMoments(law: MatrixLaw, coords: readonly number[]): Float64Array {
  const { size } = law;
  const q = coords.length;
  const M = new Float64Array(q * q);
  let w1 = 0;
  for (let i = 0; i < size; i++) {
    const w = law.weights[i]!;
    w1 += w;
    for (let s = 0; s < q; s++)
      for (let t = 0; t < q; t++) M[s * q + t] = M[s * q + t]! + w * spikeProduct(law, i, coords[s]!, coords[t]!);
  }
  return M.map((x) => x / w1);
}

/** The m = 1 closed system at λ: δ(λ) = 1/E[r²], μ(λ) = λ(E[r²] + E[r]) with r = T/(λ−T), and the gap
 *  μ − κ_min(K), K = λE[ζζᵀ r]. Since E[ζζᵀ] = I exactly, K = λE[r]·I + λE[(ζζᵀ − I) r] and
 *    μ − κ_min(K) = λE[r²] − κ_min(λE[(ζζᵀ − I) r]);
 *  the quadrature estimates E[(ζζᵀ − I) r] by E_q[(ζζᵀ − M) r] with M = E_q[ζζᵀ]/E_q[1] (centring with the rule's
 *  own moments). Both are consistent, but only the centred one is exactly zero (up to rounding) when T does not
 *  depend on ζ under a tensor rule — otherwise the rule's error in E[z²] (e.g. 5e-7 for a kink-split Gauss–Legendre
 *  rule of order 34) times E[T] outweighs λE[r²] ~ E[T²]/λ far from the bulk and fakes a threshold. `floor` is the
 *  rounding floor GAP_ZERO_EPS_MULTIPLE·ε × (|λ|E[r²] + |λ|E[|r|(‖ζ_S‖² + tr M)]), the scale of the gap's terms. */
function scalarSystem(law: MatrixLaw, coords: readonly number[], M: Float64Array, lambda: number): { delta: number; mu: number; gap: number; floor: number } {
  const { size } = law;
  const q = coords.length;
  let e2 = 0;
  let e1 = 0;
  let absTerms = 0;
  let trM = 0;
  for (let s = 0; s < q; s++) trM += M[s * q + s]!;
  const C = new Float64Array(q * q);
  for (let i = 0; i < size; i++) {
    const w = law.weights[i]!;
    const T = law.A[i]!;
    const r = T / (lambda - T);
    e2 += w * r * r;
    e1 += w * r;
    let z2 = 0;
    for (let s = 0; s < q; s++) {
      z2 += spikeProduct(law, i, coords[s]!, coords[s]!);
      for (let t = 0; t < q; t++) C[s * q + t] = C[s * q + t]! + w * r * (spikeProduct(law, i, coords[s]!, coords[t]!) - M[s * q + t]!);
    }
    absTerms += w * Math.abs(r) * (z2 + trM);
  }
  const mu = lambda * (e2 + e1);
  // K = λE_q[r]·I + λC, so μ − κ_min(K) = λE[r²] − κ_min(λC).
  const lc = C.map((x) => lambda * x);
  const kmin = q === 1 ? lc[0]! : symEigen(lc, q).values[q - 1]!;
  const floor = GAP_ZERO_EPS_MULTIPLE * Number.EPSILON * (Math.abs(lambda) * e2 + Math.abs(lambda) * absTerms);
  return { delta: 1 / e2, mu, gap: lambda * e2 - kmin, floor };
}

/** Sign of the gap with the rounding floor: |gap| ≤ floor is 0 ("no separation"). */
const gapSign = (s: { gap: number; floor: number }): -1 | 0 | 1 => (s.gap > s.floor ? 1 : s.gap < -s.floor ? -1 : 0);

/** δ* for a scalar weight (m = 1): scan λ from the domain boundary min(T, 0) outward (δ(λ) grows from its
 *  smallest value) for the first change of the gap from clearly negative to clearly positive (|gap| above the
 *  rounding floor of scalarSystem; a gap within it is no separation), then Brent on that bracket. */
function scalarThreshold(law: MatrixLaw, coords: readonly number[]): MatrixThreshold {
  let tmin = Infinity;
  let tmax = -Infinity;
  for (let i = 0; i < law.size; i++) if (law.weights[i]! > 0) {
    tmin = Math.min(tmin, law.A[i]!);
    tmax = Math.max(tmax, law.A[i]!);
  }
  const top = Math.min(tmin, 0);
  const scale = Math.max(Math.abs(tmin), Math.abs(tmax), 1e-300);
  const M = secondMoments(law, coords);
  const system = (lam: number) => scalarSystem(law, coords, M, lam);
  const gap = (lam: number) => system(lam).gap / scale;
  let lastNeg: number | null = null;
  let sign = gapSign(system(top - 1e-12 * scale));
  if (sign < 0) lastNeg = top - 1e-12 * scale;
  for (let dist = 1e-10 * scale; dist < 1e8 * scale; dist *= 1.5) {
    const lam = top - dist;
    sign = gapSign(system(lam));
    if (sign > 0 && lastNeg !== null) {
      const root = brent(gap, lastNeg, lam, { xtol: 1e-15 * scale, rtol: 1e-14 });
      const sys = system(root.x);
      return { delta_star: sys.delta, edge: sys.mu, status: { ...root.status, method: 'closed system (λ) + brent' } };
    }
    if (sign < 0) lastNeg = lam;
  }
  const ok: SolverStatus = { converged: true, residual: 0, iterations: 0, method: 'closed system (λ) scan' };
  if (sign <= 0) return { delta_star: null, edge: null, reason: 'no lower outlier along these coordinates at any δ', status: ok };
  return { delta_star: null, edge: null, reason: 'the outlier exists for every δ reached by the fold (threshold at the domain boundary)', status: ok };
}

/** Largest gap μ̄ − κ_r at the lower edge for sample ratio δ (positive: an outlier exists). */
export function edgeGap(law: MatrixLaw, coords: readonly number[], delta: number): { gap: number; edge: number; floor: number; status: SolverStatus } {
  const e = lowerEdge(law, delta);
  const n = coords.length * law.m;
  const { values } = symEigen(spikeMatrix(law, e.point.Lambda, coords), n);
  const kmin = values[n - 1]!;
  // The gap is a difference of two sums over the atoms; within GAP_ZERO_EPS_MULTIPLE·ε of their size it is rounding.
  return { gap: e.edge - kmin, edge: e.edge, floor: GAP_ZERO_EPS_MULTIPLE * Number.EPSILON * (Math.abs(e.edge) + Math.abs(kmin)), status: e.status };
}

/** δ* for an m×m weight by the nested search (docs/theory.md §2): Brent in log δ on the edge gap, bracketed on a
 *  geometric grid. */
function nestedThreshold(law: MatrixLaw, coords: readonly number[]): MatrixThreshold {
  const f = (ld: number) => edgeGap(law, coords, Math.exp(ld)).gap;
  /** Sign of the gap with its rounding floor: a gap within it is no separation (0), as in scalarSystem. */
  const sgn = (ld: number) => gapSign(edgeGap(law, coords, Math.exp(ld)));
  let prev = Math.log(1 / 64);
  let fprev = sgn(prev);
  for (let ld = prev + Math.log(2); ld <= Math.log(1e6); ld += Math.log(2)) {
    const fl = sgn(ld);
    if (fprev < 0 && fl > 0) {
      const root = brent(f, prev, ld, { xtol: 1e-10, rtol: 1e-12 });
      const delta = Math.exp(root.x);
      const g = edgeGap(law, coords, delta);
      return { delta_star: delta, edge: g.edge, status: { ...root.status, converged: root.status.converged && g.status.converged, method: NESTED } };
    }
    prev = ld;
    fprev = fl;
  }
  const ok: SolverStatus = { converged: true, residual: 0, iterations: 0, method: 'nested scan in δ ∈ [1/64, 1e6]' };
  if (fprev <= 0) return { delta_star: null, edge: null, reason: 'no lower outlier along these coordinates for δ ≤ 1e6', status: ok };
  return { delta_star: null, edge: null, reason: 'an outlier exists already at δ = 1/64', status: ok };
}

const NESTED = 'nested: brent(log δ) on edge gap';

/** The block-diagonal threshold (docs/theory.md (2.18)): with the off-diagonal parts of A dropped the blocks decouple,
 *  and the first outlier leaves a block's edge at min_j δ*_j, δ*_j the scalar threshold of block j's weight A_jj
 *  (closed system (2.9)); null where no block has a converged one. */
function blockDiagonalThreshold(law: MatrixLaw, coords: readonly number[]): number | null {
  let best: number | null = null;
  for (let j = 0; j < law.m; j++) {
    const t = scalarThreshold(diagonalBlockLaw(law, j), coords);
    if (t.delta_star !== null && t.status.converged && (best === null || t.delta_star < best)) best = t.delta_star;
  }
  return best;
}

/** The march's edge at the joint root must equal the root's μ to this (relative to the weights' scale): the joint
 *  residual is ≤ 1e-11 and the march locates the fold to 1e-13 in p; a different fold differs at O(1). */
const EDGE_MATCH_TOL = 1e-8;

/** δ* for an m×m weight (docs/theory.md §2): the joint solve (2.15)–(2.17) from the fold at the block-diagonal threshold
 *  (2.18), checked (2.19) against the edge march at the root (same edge, a fold, not the domain boundary) and for the
 *  direction of the crossing (d(μ − κ_min)/d log δ > 0); the nested search where there is no start or either fails. */
function matrixThreshold(law: MatrixLaw, coords: readonly number[]): MatrixThreshold {
  const start = blockDiagonalThreshold(law, coords);
  if (start === null) return fallback(nestedThreshold(law, coords), 'no block has a threshold: no block-diagonal start');
  const { min, max } = weightRange(law);
  const scale = Math.max(Math.abs(min), Math.abs(max), 1e-300);
  // (2.18): the full law's fold at the block-diagonal threshold, a point of the fold curve (2.15)–(2.16).
  const fold = lowerEdge(law, start);
  if (!fold.status.converged || fold.boundary) return fallback(nestedThreshold(law, coords), `no fold of the branch at the block-diagonal threshold δ = ${start.toPrecision(10)}`);
  const joint = jointThreshold(law, coords, { Lambda: fold.point.Lambda, mu: fold.edge, delta: start }, scale);
  if (!joint.status.converged) return fallback(nestedThreshold(law, coords), `joint Newton failed: ${joint.status.message}`);
  const { delta, mu } = joint.point;
  const march = lowerEdge(law, delta);
  const diff = Math.abs(march.edge - mu);
  if (!(march.status.converged && !march.boundary && diff <= EDGE_MATCH_TOL * scale && joint.gapSlope > 0))
    return fallback(
      nestedThreshold(law, coords),
      `joint root δ = ${delta.toPrecision(10)} rejected: edge march ${march.edge.toPrecision(10)} vs μ ${mu.toPrecision(10)}` +
        `${march.boundary ? ' (domain boundary)' : ''}, d(gap)/d log δ = ${joint.gapSlope.toExponential(2)}`,
    );
  return {
    delta_star: delta, edge: mu,
    status: {
      ...joint.status,
      residual: Math.max(joint.status.residual, march.status.residual),
      method: `${joint.status.method} from the fold at the block-diagonal threshold ${start.toPrecision(6)}; edge march agrees to ${(diff / scale).toExponential(1)}, d(gap)/d log δ = ${joint.gapSlope.toExponential(2)}`,
    },
  };
}

/** The nested search's answer, its method naming why the joint solve did not decide. */
function fallback(t: MatrixThreshold, why: string): MatrixThreshold {
  return { ...t, status: { ...t.status, method: `${t.status.method} (${why})` } };
}

/** δ* by the nested search alone (the reference the joint solve is tested against; docs/theory.md §2). */
export function nestedLowerThreshold(law: MatrixLaw, coords: readonly number[]): MatrixThreshold {
  return law.m === 1 ? scalarThreshold(law, coords) : nestedThreshold(law, coords);
}

/** δ*: the smallest δ with a lower outlier along the selected spike coordinates (docs/theory.md (1.7), (2.9) m = 1, §2). */
export function lowerThreshold(law: MatrixLaw, coords: readonly number[]): MatrixThreshold {
  return law.m === 1 ? scalarThreshold(law, coords) : matrixThreshold(law, coords);
}
