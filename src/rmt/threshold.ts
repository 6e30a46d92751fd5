// The threshold δ* at which a lower outlier along the selected spike coordinates leaves the bulk edge
// (THEORY §1, §2). At δ* the outlier sits on the edge: the fold condition and the outlier condition hold at
// the same point of the branch.
//  m = 1 (closed system, §1 generalised to k' coordinates): on λ < min(T, 0) the fold gives
//    δ(λ) = 1/E[(T/(λ−T))²], μ(λ) = λ(E[T²/(λ−T)²] + E[T/(λ−T)]),
//  and δ* = δ(λ*) where μ(λ*) is an eigenvalue of K(λ*) = E[ζζᵀ λT/(λ−T)] (k' = 1: E[(T/(λ−T))²] = E[(z²−1)T/(λ−T)]).
//  m > 1: nested — Brent in log δ on the largest gap μ̄ − κ_r at the lower edge (edge.ts, outliers.ts).
import type { SolverStatus } from '../status.js';
import { brent } from '../roots/brent.js';
import type { MatrixLaw } from './matrixLaw.js';
import { symEigen } from '../linalg/symmetricEigen.js';
import { lowerEdge } from './edge.js';
import { spikeMatrix } from './outliers.js';

export interface MatrixThreshold {
  /** null: no outlier along the selected coordinates at any δ (reason says why). */
  delta_star: number | null;
  /** Edge (= outlier) at δ*. */
  edge: number | null;
  reason?: string;
  status: SolverStatus;
}

/** Largest eigenvalue of μI − K for a scalar weight at λ, and δ(λ): the m = 1 closed system. */
function scalarSystem(law: MatrixLaw, coords: readonly number[], lambda: number): { delta: number; mu: number; gap: number } {
  const { k, size } = law;
  const q = coords.length;
  let e2 = 0;
  let e1 = 0;
  const K = new Float64Array(q * q);
  for (let i = 0; i < size; i++) {
    const w = law.weights[i]!;
    const T = law.A[i]!;
    const r = T / (lambda - T);
    e2 += w * r * r;
    e1 += w * r;
    const b = w * lambda * r;
    for (let s = 0; s < q; s++) {
      const zs = law.zeta[i * k + coords[s]!]!;
      for (let t = 0; t < q; t++) K[s * q + t] = K[s * q + t]! + b * zs * law.zeta[i * k + coords[t]!]!;
    }
  }
  const mu = lambda * (e2 + e1);
  const kmin = q === 1 ? K[0]! : symEigen(K, q).values[q - 1]!;
  return { delta: 1 / e2, mu, gap: mu - kmin };
}

/** δ* for a scalar weight (m = 1): scan λ from the domain boundary min(T, 0) outward (δ(λ) grows from its
 *  smallest value) for the first sign change of the gap, then Brent. */
function scalarThreshold(law: MatrixLaw, coords: readonly number[]): MatrixThreshold {
  let tmin = Infinity;
  let tmax = -Infinity;
  for (let i = 0; i < law.size; i++) if (law.weights[i]! > 0) {
    tmin = Math.min(tmin, law.A[i]!);
    tmax = Math.max(tmax, law.A[i]!);
  }
  const top = Math.min(tmin, 0);
  const scale = Math.max(Math.abs(tmin), Math.abs(tmax), 1e-300);
  const gap = (lam: number) => scalarSystem(law, coords, lam).gap / scale;
  let prevLam = top - 1e-12 * scale;
  let prevGap = gap(prevLam);
  for (let dist = 1e-10 * scale; dist < 1e8 * scale; dist *= 1.5) {
    const lam = top - dist;
    const g = gap(lam);
    if (prevGap < 0 && g > 0) {
      const root = brent(gap, prevLam, lam, { xtol: 1e-15 * scale, rtol: 1e-14 });
      const sys = scalarSystem(law, coords, root.x);
      return { delta_star: sys.delta, edge: sys.mu, status: { ...root.status, method: 'closed system (λ) + brent' } };
    }
    prevLam = lam;
    prevGap = g;
  }
  const ok: SolverStatus = { converged: true, residual: 0, iterations: 0, method: 'closed system (λ) scan' };
  if (prevGap <= 0) return { delta_star: null, edge: null, reason: 'no lower outlier along these coordinates at any δ', status: ok };
  return { delta_star: null, edge: null, reason: 'the outlier exists for every δ reached by the fold (threshold at the domain boundary)', status: ok };
}

/** Largest gap μ̄ − κ_r at the lower edge for sample ratio δ (positive: an outlier exists). */
export function edgeGap(law: MatrixLaw, coords: readonly number[], delta: number): { gap: number; edge: number; status: SolverStatus } {
  const e = lowerEdge(law, delta);
  const n = coords.length * law.m;
  const { values } = symEigen(spikeMatrix(law, e.point.Lambda, coords), n);
  return { gap: e.edge - values[n - 1]!, edge: e.edge, status: e.status };
}

/** δ* for an m×m weight (THEORY §2): Brent in log δ on the edge gap, bracketed on a geometric grid. */
function matrixThreshold(law: MatrixLaw, coords: readonly number[]): MatrixThreshold {
  const f = (ld: number) => edgeGap(law, coords, Math.exp(ld)).gap;
  let prev = Math.log(1 / 64);
  let fprev = f(prev);
  for (let ld = prev + Math.log(2); ld <= Math.log(1e6); ld += Math.log(2)) {
    const fl = f(ld);
    if (fprev < 0 && fl > 0) {
      const root = brent(f, prev, ld, { xtol: 1e-10, rtol: 1e-12 });
      const delta = Math.exp(root.x);
      const g = edgeGap(law, coords, delta);
      return { delta_star: delta, edge: g.edge, status: { ...root.status, converged: root.status.converged && g.status.converged, method: 'nested: brent(log δ) on edge gap' } };
    }
    prev = ld;
    fprev = fl;
  }
  const ok: SolverStatus = { converged: true, residual: 0, iterations: 0, method: 'nested scan in δ ∈ [1/64, 1e6]' };
  if (fprev <= 0) return { delta_star: null, edge: null, reason: 'no lower outlier along these coordinates for δ ≤ 1e6', status: ok };
  return { delta_star: null, edge: null, reason: 'an outlier exists already at δ = 1/64', status: ok };
}

/** δ*: the smallest δ with a lower outlier along the selected spike coordinates (THEORY §1 m = 1, §2). */
export function lowerThreshold(law: MatrixLaw, coords: readonly number[]): MatrixThreshold {
  return law.m === 1 ? scalarThreshold(law, coords) : matrixThreshold(law, coords);
}
