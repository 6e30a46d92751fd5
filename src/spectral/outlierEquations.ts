// The outlier equations of THEORY §1 for D = (1/n) Σ_i T_i x_i x_iᵀ, x ~ N(0, I_d), δ = n/d, evaluated on a Law
// with columns T and z (or z1..zk). With q = T/(λ − T), for λ > max(τ, 0), τ = sup T:
//   ψ_δ(λ) = λ(1/δ + E[q]),            ψ'_δ(λ) = 1/δ − E[q²],
//   φ(λ)   = λ E[z² q],                φ'(λ)   = −E[z² q²],
// and for k latent coordinates (THEORY §2 with m = 1, A = T): Φ(λ) = λ E[z zᵀ q], Φ'(λ) = −E[z zᵀ q²].
// The outlier condition ψ_δ(λ) ∈ spec Φ(λ) reads 1/δ ∈ spec R(λ), R(λ) = E[(z zᵀ − I) q]
// (Φ − ψ I = λ(R − I/δ)), so only E[q], E[q²], R and E[zzᵀq²] are ever needed.
import { column, latentNames, type Law } from '../law.js';

/** The arrays of a law that the outlier equations read, with τ = max T over the atoms. */
export interface OutlierSystem {
  size: number;
  weights: Float64Array;
  T: Float64Array;
  /** Latent columns z (k = 1) or z1..zk. */
  z: Float64Array[];
  names: string[];
  k: number;
  /** τ = max_i T_i over atoms with positive weight. */
  tau: number;
  /** Left end of the λ-domain: max(τ, 0) (Ḡ = δ/λ must be positive above the spectrum). */
  lambdaMin: number;
  /** Scale of T: max(|τ|, √E[T²]) (for tolerances). */
  scale: number;
  /** B = E[|T| · ‖zzᵀ − I‖] ≥ sup over λ of (λ − λ_min)·‖R(λ)‖: beyond λ_min + δB there is no outlier. */
  responseBound: number;
}

export function outlierSystem(law: Law): OutlierSystem {
  const T = column(law, 'T');
  const names = latentNames(law);
  const z = names.map((n) => column(law, n));
  let tau = -Infinity;
  let m2 = 0;
  let bound = 0;
  for (let i = 0; i < law.size; i++) {
    const wi = law.weights[i]!;
    if (wi > 0 && T[i]! > tau) tau = T[i]!;
    m2 += wi * T[i]! * T[i]!;
    let r2 = 0;
    for (const zj of z) r2 += zj[i]! * zj[i]!;
    bound += wi * Math.abs(T[i]!) * Math.max(Math.abs(r2 - 1), 1);
  }
  const scale = Math.max(Math.abs(tau), Math.sqrt(m2));
  return {
    size: law.size,
    weights: law.weights,
    T,
    z,
    names,
    k: z.length,
    tau,
    lambdaMin: Math.max(tau, 0),
    scale: scale > 0 ? scale : 1,
    responseBound: bound,
  };
}

/** E[q], E[q²], R = E[(zzᵀ − I)q] and C = E[zzᵀ q²] (k×k row-major) at λ, q = T/(λ − T). */
export interface OutlierTerms {
  lambda: number;
  meanQ: number;
  meanQ2: number;
  response: Float64Array;
  curvature: Float64Array;
}

export function outlierTerms(sys: OutlierSystem, lambda: number): OutlierTerms {
  const { k, size, weights: w, T, z } = sys;
  let a = 0;
  let s = 0;
  const R = new Float64Array(k * k);
  const C = new Float64Array(k * k);
  if (k === 1) {
    const z0 = z[0]!;
    let r = 0;
    let c = 0;
    for (let i = 0; i < size; i++) {
      const t = T[i]!;
      const q = t / (lambda - t);
      const wi = w[i]!;
      const zz = z0[i]! * z0[i]!;
      a += wi * q;
      s += wi * q * q;
      r += wi * zz * q;
      c += wi * zz * q * q;
    }
    R[0] = r - a;
    C[0] = c;
  } else {
    for (let i = 0; i < size; i++) {
      const t = T[i]!;
      const q = t / (lambda - t);
      const wi = w[i]!;
      a += wi * q;
      s += wi * q * q;
      for (let p = 0; p < k; p++) {
        const zp = z[p]![i]!;
        for (let r = p; r < k; r++) {
          const zz = zp * z[r]![i]!;
          R[p * k + r] += wi * zz * q;
          C[p * k + r] += wi * zz * q * q;
        }
      }
    }
    for (let p = 0; p < k; p++) {
      R[p * k + p] -= a;
      for (let r = 0; r < p; r++) {
        R[p * k + r] = R[r * k + p]!;
        C[p * k + r] = C[r * k + p]!;
      }
    }
  }
  return { lambda, meanQ: a, meanQ2: s, response: R, curvature: C };
}

function coordinateIndex(sys: OutlierSystem, coordinate: string): number {
  const j = sys.names.indexOf(coordinate);
  if (j < 0) throw new Error(`law has no latent coordinate "${coordinate}" (has ${sys.names.join(', ')})`);
  return j;
}

/** ψ_δ(λ) = λ (1/δ + E[T/(λ−T)])  (THEORY §1; λ > max(τ, 0)). */
export function psi(law: Law, delta: number, lambda: number): number {
  return lambda * (1 / delta + outlierTerms(outlierSystem(law), lambda).meanQ);
}

/** ψ'_δ(λ) = 1/δ − E[T²/(λ−T)²]  (THEORY §1). */
export function psiPrime(law: Law, delta: number, lambda: number): number {
  return 1 / delta - outlierTerms(outlierSystem(law), lambda).meanQ2;
}

/** φ(λ) = λ E[T z²/(λ−T)] along the latent coordinate `coordinate` (THEORY §1). */
export function phi(law: Law, lambda: number, coordinate = 'z'): number {
  const sys = outlierSystem(law);
  const j = coordinateIndex(sys, coordinate);
  const t = outlierTerms(sys, lambda);
  return lambda * (t.response[j * sys.k + j]! + t.meanQ);
}

/** φ'(λ) = −E[T² z²/(λ−T)²]  (THEORY §1). */
export function phiPrime(law: Law, lambda: number, coordinate = 'z'): number {
  const sys = outlierSystem(law);
  const j = coordinateIndex(sys, coordinate);
  return -outlierTerms(sys, lambda).curvature[j * sys.k + j]!;
}
