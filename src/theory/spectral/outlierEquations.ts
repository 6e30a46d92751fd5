// The outlier equations of docs/theory.md (1.2)–(1.3), (1.10) for D = (1/n) Σ_i T_i x_i x_iᵀ, x ~ N(0, I_d), δ = n/d, evaluated on a Law
// with columns T and z (or z1..zk). With q = T/(λ − T), for λ > max(τ, 0), τ = sup T:
//   ψ_δ(λ) = λ(1/δ + E[q]),            ψ'_δ(λ) = 1/δ − E[q²],
//   φ(λ)   = λ E[z² q],                φ'(λ)   = −E[z² q²],
// and for k latent coordinates (docs/theory.md §2 with m = 1, A = T): Φ(λ) = λ E[z zᵀ q], Φ'(λ) = −E[z zᵀ q²].
// The outlier condition ψ_δ(λ) ∈ spec Φ(λ) reads 1/δ ∈ spec R(λ), R(λ) = E[(z zᵀ − I) q]
// (Φ − ψ I = λ(R − I/δ)), so only E[q], E[q²], R and E[zzᵀq²] are ever needed.
// Monotone split (used to skip scan cells, see certifiedScan.ts): |q| decreases in λ for every atom, so R = A − B
// with A = E[zzᵀ q₊] + E[q₋] I and B = E[zzᵀ q₋] + E[q₊] I both positive semidefinite and non-increasing in λ
// (k = 1: A, B = E[((z²−1)q)±], tighter). With the spread S = A + B, on λ ∈ [a, b]:
//   M − Δ ⪯ R(λ) ⪯ M + Δ,   M = (R(a) + R(b))/2,  Δ = (S(a) − S(b))/2 ⪰ 0.
import { column, latentNames, type Law } from '../../model/law.js';
import { topEigen } from '../../numerics/linalg/symmetricEigen.js';
import type { SolverStatus } from '../../core/status.js';

/** The arrays of a law that the outlier equations read, with τ = sup T (see `tau`). */
export interface OutlierSystem {
  size: number;
  weights: Float64Array;
  /** The law's weight column T; the equations read orientation·T (−T for the lower side). */
  T: Float64Array;
  orientation: 1 | -1;
  /** Latent columns z (k = 1) or z1..zk. */
  z: Float64Array[];
  names: string[];
  k: number;
  /** τ = sup T: max_i T_i over atoms with positive weight, or the law's supremum approached as |v| → ∞ when that is
   *  larger (law.tail, src/numerics/tailSupremum.ts): never the cut-off-dependent value of the outermost atom. */
  tau: number;
  /** True when τ is approached only as |v| → ∞ (no atom attains it): then the equations stay finite at λ = τ⁺ and
   *  the bulk edge may be degenerate (docs/theory.md §1, "supremum not attained"). */
  tauAtInfinity: boolean;
  /** False when τ is approached only as |v| → ∞ and its uncertainty (law.tail.error) is not negligible against the
   *  gap τ − (largest T over the atoms). */
  tauResolved: boolean;
  /** Indices of the outermost atoms (radius ≥ 0.9 × the largest), for the cut-off guard (cutoffShare); empty for
   *  empirical laws. */
  outer: Int32Array;
  /** Left end of the λ-domain: max(τ, 0) (Ḡ = δ/λ must be positive above the spectrum). */
  lambdaMin: number;
  /** Scale of T: max(|τ|, √E[T²]) (for tolerances). */
  scale: number;
  /** B = E[|T| · ‖zzᵀ − I‖] ≥ sup over λ of (λ − λ_min)·‖R(λ)‖: beyond λ_min + δB there is no outlier. */
  responseBound: number;
}

/** The system of a law with T oriented by `sign` (+1: upper side, −1: lower side, docs/theory.md (1.9)). */
export function outlierSystem(law: Law, sign: 1 | -1 = 1): OutlierSystem {
  const T = column(law, 'T');
  const names = latentNames(law);
  const z = names.map((n) => column(law, n));
  const k = z.length;
  const w = law.weights;
  let tau = -Infinity;
  let m2 = 0;
  let bound = 0;
  const z0 = z[0]!;
  for (let i = 0; i < law.size; i++) {
    const t = sign * T[i]!;
    const wi = w[i]!;
    if (wi > 0 && t > tau) tau = t;
    m2 += wi * t * t;
    let r2 = z0[i]! * z0[i]!;
    for (let j = 1; j < k; j++) r2 += z[j]![i]! * z[j]![i]!;
    bound += wi * Math.abs(t) * Math.max(Math.abs(r2 - 1), 1);
  }
  const tail = law.tail ? (sign === 1 ? law.tail.upper : law.tail.lower) : undefined;
  const tauAtoms = tau;
  const tauAtInfinity = tail !== undefined && tail.value > tau;
  if (tail && tauAtInfinity) tau = tail.value;
  const scale = Math.max(Math.abs(tau), Math.sqrt(m2));
  return {
    size: law.size,
    weights: w,
    T,
    orientation: sign,
    z,
    names,
    k,
    tau,
    tauAtInfinity,
    // τ from the rays is known to tail.error: negligible if small against the gap to the largest T over the atoms.
    tauResolved: !tauAtInfinity || tail!.error <= CUTOFF_TOL * (tau - tauAtoms),
    outer: law.order > 0 ? outerAtoms(law, [...z, ...(law.columns['xi'] ? [law.columns['xi']] : [])]) : new Int32Array(0),
    lambdaMin: Math.max(tau, 0),
    scale: scale > 0 ? scale : 1,
    responseBound: bound,
  };
}

/** Atoms whose radius max_j |v_j| is at least 0.9 × the largest radius over atoms of positive weight. */
function outerAtoms(law: Law, vars: Float64Array[]): Int32Array {
  const radius = new Float64Array(law.size);
  let top = 0;
  for (let i = 0; i < law.size; i++) {
    let r = 0;
    for (const v of vars) r = Math.max(r, Math.abs(v[i]!));
    radius[i] = r;
    if (law.weights[i]! > 0) top = Math.max(top, r);
  }
  const out: number[] = [];
  for (let i = 0; i < law.size; i++) if (radius[i]! >= 0.9 * top) out.push(i);
  return Int32Array.from(out);
}

/** Relative share of the outermost atoms (sys.outer) in the sums E[q²] and E[|q|·‖zzᵀ − I‖] at λ: a quadrature law
 *  truncated at |v| ≤ L gives cut-off-independent equations only if this is negligible (docs/theory.md §1, "supremum not attained"). */
export function cutoffShare(sys: OutlierSystem, lambda: number): number {
  if (sys.outer.length === 0) return 0;
  const { size, weights: w, T, z, orientation: o } = sys;
  const term = (i: number): [number, number] => {
    const t = o * T[i]!;
    const q = t / (lambda - t);
    let r2 = 0;
    for (const zj of z) r2 += zj[i]! * zj[i]!;
    return [w[i]! * q * q, w[i]! * Math.abs(q) * Math.max(Math.abs(r2 - 1), 1)];
  };
  let s2 = 0;
  let s1 = 0;
  for (let i = 0; i < size; i++) {
    const [a, b] = term(i);
    s2 += a;
    s1 += b;
  }
  let o2 = 0;
  let o1 = 0;
  for (const i of sys.outer) {
    const [a, b] = term(i);
    o2 += a;
    o1 += b;
  }
  const share = Math.max(s2 > 0 ? o2 / s2 : 0, s1 > 0 ? o1 / s1 : 0);
  return Number.isFinite(share) ? share : 1;
}

/** Largest cutoffShare at which a result still counts as independent of the quadrature cut-off. */
export const CUTOFF_TOL = 1e-6;

/** Status of the cut-off guard at the λ's a result was computed at (λ̄, λ*, λ_c): not converged when τ = sup T could
 *  not be resolved as |v| → ∞, or when the outermost atoms carry more than CUTOFF_TOL of the sums at some λ. */
export function cutoffStatus(sys: OutlierSystem, lambdas: ReadonlyArray<number | null>): SolverStatus {
  const method = 'cut-off guard';
  if (!sys.tauResolved)
    return { converged: false, residual: 1, iterations: 0, method, message: 'sup T is approached only as |z| → ∞ and its limit is not resolved by |z| ≤ 10¹² (τ uncertain against the gap to the atoms)' };
  let share = 0;
  for (const l of lambdas) if (l !== null) share = Math.max(share, cutoffShare(sys, l));
  if (share > CUTOFF_TOL)
    return {
      converged: false,
      residual: share,
      iterations: lambdas.length,
      method,
      message: `the outermost quadrature atoms carry ${share.toExponential(2)} of E[(T/(λ−T))²]: the result depends on the cut-off |z| ≤ L (T approaches sup T too fast as |z| → ∞)`,
    };
  return { converged: true, residual: share, iterations: lambdas.length, method };
}

/** E[q], E[q²], R = E[(zzᵀ − I)q], C = E[zzᵀ q²] and the spread S = A + B (k×k row-major) at λ, q = T/(λ − T),
 *  with r_max = top eigenvalue of R, and the λ-derivatives (dq/dλ = −q/(λ−T)):
 *  d E[q²]/dλ = −2 E[q²/(λ−T)],  d r_max/dλ = cᵀR'c,  R' = −E[(zzᵀ − I) q/(λ−T)]  (c the top unit eigenvector). */
export interface OutlierTerms {
  lambda: number;
  meanQ: number;
  meanQ2: number;
  response: Float64Array;
  curvature: Float64Array;
  spread: Float64Array;
  rMax: number;
  meanQ2Slope: number;
  rMaxSlope: number;
}

/** All terms in one pass over the atoms (docs/theory.md (1.2)–(1.3), (1.10)). The λ-derivatives are computed if `slopes` or k > 1, else NaN. */
export function outlierTerms(sys: OutlierSystem, lambda: number, slopes = false): OutlierTerms {
  const { k, size, weights: w, T, z, orientation: o } = sys;
  let a = 0;
  let s = 0;
  const R = new Float64Array(k * k);
  const C = new Float64Array(k * k);
  const S = new Float64Array(k * k);
  if (k === 1) {
    const z0 = z[0]!;
    let r = 0;
    let c = 0;
    let m = 0;
    let ds = 0;
    let dr = 0;
    if (slopes) {
      for (let i = 0; i < size; i++) {
        const t = o * T[i]!;
        const inv = 1 / (lambda - t);
        const wq = w[i]! * t * inv;
        const wqq = wq * t * inv;
        const zz = z0[i]! * z0[i]!;
        const cq = (zz - 1) * wq;
        a += wq;
        s += wqq;
        r += cq;
        m += Math.abs(cq);
        c += zz * wqq;
        ds += wqq * inv;
        dr += cq * inv;
      }
    } else {
      // The scan's hot loop: the same sums without the two derivative terms.
      for (let i = 0; i < size; i++) {
        const t = o * T[i]!;
        const q = t / (lambda - t);
        const wq = w[i]! * q;
        const zz = z0[i]! * z0[i]!;
        const cq = (zz - 1) * wq;
        a += wq;
        s += wq * q;
        r += cq;
        m += Math.abs(cq);
        c += zz * wq * q;
      }
    }
    R[0] = r;
    C[0] = c;
    S[0] = m;
    return { lambda, meanQ: a, meanQ2: s, response: R, curvature: C, spread: S, rMax: r, meanQ2Slope: slopes ? -2 * ds : NaN, rMaxSlope: slopes ? -dr : NaN };
  }
  let aAbs = 0;
  let ds = 0;
  let aD = 0;
  const D = new Float64Array(k * k);
  for (let i = 0; i < size; i++) {
    const t = o * T[i]!;
    const inv = 1 / (lambda - t);
    const wq = w[i]! * t * inv;
    const wqq = wq * t * inv;
    const wqAbs = Math.abs(wq);
    const wqd = wq * inv;
    a += wq;
    s += wqq;
    aAbs += wqAbs;
    ds += wqq * inv;
    aD += wqd;
    for (let p = 0; p < k; p++) {
      const zp = z[p]![i]!;
      for (let r = p; r < k; r++) {
        const zz = zp * z[r]![i]!;
        R[p * k + r] += zz * wq;
        C[p * k + r] += zz * wqq;
        S[p * k + r] += zz * wqAbs;
        D[p * k + r] += zz * wqd;
      }
    }
  }
  for (let p = 0; p < k; p++) {
    R[p * k + p] -= a;
    S[p * k + p] += aAbs;
    D[p * k + p] -= aD;
    for (let r = 0; r < p; r++) {
      R[p * k + r] = R[r * k + p]!;
      C[p * k + r] = C[r * k + p]!;
      S[p * k + r] = S[r * k + p]!;
      D[p * k + r] = D[r * k + p]!;
    }
  }
  const top = topEigen(R, k);
  let cDc = 0;
  for (let p = 0; p < k; p++) for (let r = 0; r < k; r++) cDc += top.vector[p]! * D[p * k + r]! * top.vector[r]!;
  return { lambda, meanQ: a, meanQ2: s, response: R, curvature: C, spread: S, rMax: top.value, meanQ2Slope: -2 * ds, rMaxSlope: -cDc };
}

/** Bounds on r_max(λ) over λ ∈ [ta.lambda, tb.lambda]: λ_max(M − Δ) ≤ r_max ≤ λ_max(M + Δ) (file comment), and
 *  `size` = tr S(a), the magnitude of the sums involved (for rounding margins). */
export function responseRange(ta: OutlierTerms, tb: OutlierTerms, k: number): { lower: number; upper: number; size: number } {
  if (k === 1) {
    const m = 0.5 * (ta.response[0]! + tb.response[0]!);
    const d = Math.max(0, 0.5 * (ta.spread[0]! - tb.spread[0]!));
    return { lower: m - d, upper: m + d, size: Math.abs(ta.spread[0]!) };
  }
  const lo = new Float64Array(k * k);
  const hi = new Float64Array(k * k);
  let size = 0;
  for (let i = 0; i < k * k; i++) {
    const m = 0.5 * (ta.response[i]! + tb.response[i]!);
    const d = 0.5 * (ta.spread[i]! - tb.spread[i]!);
    lo[i] = m - d;
    hi[i] = m + d;
  }
  for (let p = 0; p < k; p++) size += Math.abs(ta.spread[p * k + p]!);
  return { lower: topEigen(lo, k).value, upper: topEigen(hi, k).value, size };
}

function coordinateIndex(sys: OutlierSystem, coordinate: string): number {
  const j = sys.names.indexOf(coordinate);
  if (j < 0) throw new Error(`law has no latent coordinate "${coordinate}" (has ${sys.names.join(', ')})`);
  return j;
}

/** ψ_δ(λ) = λ (1/δ + E[T/(λ−T)])  (docs/theory.md §1; λ > max(τ, 0)). */
export function psi(law: Law, delta: number, lambda: number): number {
  return lambda * (1 / delta + outlierTerms(outlierSystem(law), lambda).meanQ);
}

/** ψ'_δ(λ) = 1/δ − E[T²/(λ−T)²]  (docs/theory.md §1). */
export function psiPrime(law: Law, delta: number, lambda: number): number {
  return 1 / delta - outlierTerms(outlierSystem(law), lambda).meanQ2;
}

/** φ(λ) = λ E[T z²/(λ−T)] along the latent coordinate `coordinate` (docs/theory.md §1). */
export function phi(law: Law, lambda: number, coordinate = 'z'): number {
  const sys = outlierSystem(law);
  const j = coordinateIndex(sys, coordinate);
  const t = outlierTerms(sys, lambda);
  return lambda * (t.response[j * sys.k + j]! + t.meanQ);
}

/** φ'(λ) = −E[T² z²/(λ−T)²]  (docs/theory.md §1). */
export function phiPrime(law: Law, lambda: number, coordinate = 'z'): number {
  const sys = outlierSystem(law);
  const j = coordinateIndex(sys, coordinate);
  return -outlierTerms(sys, lambda).curvature[j * sys.k + j]!;
}
