// δ_alg moments for a product target y = c·z1⋯zk (k = 2, 3; z ~ N(0, I_k), no noise) by conditioning on y exactly
// (docs/theory.md (10.20)–(10.21)).
// Reduction: flipping the signs of two coordinates keeps y, so E[z | y] = 0 and, for k = 3, E[z_i z_j | y] = 0
// (i ≠ j); for k = 2, E[z1 z2 | y] = y/c. The coordinates are exchangeable, so G(y) = E[zzᵀ|y] − I has one diagonal
// value a(y) = E[z1² | y] − 1, and everything depends on y only through |y| and its sign.
// In log coordinates t_i = log|z_i| the density of |z| is q(t) = 2φ(eᵗ)eᵗ and T = log|y/c| = Σ t_i, so
//   p_T = q * ⋯ * q (k factors),   N_T = (e^{2t} q) * q * ⋯ * q,   a(T) = N_T(T)/p_T(T) − 1     (10.20)
// and 1/δ_alg follows from E_y[G ⊗ G] = ∫ p_T(T) (…) dT. Every integrand is analytic in the strip |Im t| < π/4
// and decays doubly exponentially for t → +∞ and like eᵗ for t → −∞, so the trapezoid rule on a uniform grid —
// for which the k-fold convolution is a discrete convolution of the samples — converges like exp(−π²/(2h)) in the
// step h (Trefethen & Weideman 2014); the truncation at t_min costs O(e^{t_min}). Two resolutions (h, t_min) give the
// error estimate of the caller.
import { accumulate, emptyMoments, type Moments } from './moments.js';
import type { LatentTarget } from './target.js';

export interface LogGridResolution {
  /** Step of the uniform grid in t = log|z|. */
  h: number;
  /** Left end of the grid (mass of |z| < e^{tMin} is ≈ 0.8·e^{tMin}). */
  tMin: number;
}

/** Right end of the grid: |z| ≤ e^{2.5} ≈ 12.2 (mass beyond ~1e-32). */
const T_MAX = 2.5;

/** Test points for the structural check of productFactor (fixed, generic). */
const PROBES = [
  [0.37, -1.21, 0.83], [1.9, 0.44, -0.67], [-0.58, -2.3, 1.13], [2.71, -0.19, -1.47], [-1.05, 1.66, 0.29],
  [0.12, 0.97, 2.2], [-2.6, -0.73, -0.41], [0.81, 3.1, -1.9], [-0.33, 0.054, 1.72], [1.27, -1.58, -2.05],
];

/** c if y = c·z1⋯zk identically (checked on generic points, with first derivatives), else null; k = 2, 3 only. */
export function productFactor(target: LatentTarget): number | null {
  const k = target.k;
  if ((k !== 2 && k !== 3) || target.fn.smoothness !== 'smooth') return null;
  const one = new Float64Array(k).fill(1);
  const c = target.fn.value(one);
  if (!(Number.isFinite(c) && c !== 0)) return null;
  const jet = new Float64Array(4);
  for (const pt of PROBES) {
    const z = Float64Array.from(pt.slice(0, k));
    const prod = z.reduce((s, v) => s * v, 1);
    if (!(Math.abs(target.fn.value(z) - c * prod) <= 1e-13 * Math.abs(c * prod))) return null;
    for (let j = 0; j < k; j++) {
      target.fn.jet(z, j, jet);
      const d = (c * prod) / z[j]!;
      if (!(Math.abs(jet[1]! - d) <= 1e-13 * Math.abs(d))) return null;
    }
  }
  return c;
}

/** Full linear convolution of a and b (lengths na, nb → na + nb − 1), scaled by h. */
function convolve(a: Float64Array, b: Float64Array, h: number): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]! * h;
    if (ai === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] += ai * b[j]!;
  }
  return out;
}

export interface ProductLaw {
  /** T-grid start (T_j = start + j·h) and step. */
  start: number;
  h: number;
  /** Density of T = log|y/c| and N_T = E[z1²; T ∈ dT]/dT on the grid. */
  density: Float64Array;
  secondMoment: Float64Array;
}

/** p_T and N_T of (10.20) on the grid k·tMin + j·h. */
export function productLaw(k: number, res: LogGridResolution): ProductLaw {
  const { h, tMin } = res;
  if (!(h > 0 && tMin < 0)) throw new RangeError(`productLaw: need h > 0 and tMin < 0, got h = ${h}, tMin = ${tMin}`);
  const n = Math.floor((T_MAX - tMin) / h) + 1;
  const q = new Float64Array(n);
  const q2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Math.exp(tMin + i * h);
    q[i] = Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * x * x) * x;
    q2[i] = x * x * q[i]!;
  }
  let p: Float64Array = q;
  let N: Float64Array = q2;
  for (let f = 1; f < k; f++) {
    N = convolve(N, q, h);
    p = convolve(p, q, h);
  }
  return { start: k * tMin, h, density: p, secondMoment: N };
}

/** Moments (first, second) of G(y) for y = c·z1⋯zk from the log-grid law (10.21). */
export function productMoments(k: number, res: LogGridResolution): { moments: Moments; rule: string } {
  const law = productLaw(k, res);
  const mom = emptyMoments(k);
  const zero = new Float64Array(k);
  const N = new Float64Array(k * k);
  for (let j = 0; j < law.density.length; j++) {
    const p = law.density[j]!;
    if (!(p > 0)) continue;
    const diag = law.secondMoment[j]! - p;
    const absY = Math.exp(law.start + j * law.h);
    // y/c = ±e^T with probability ½ each; G_12 = y/c for k = 2 (its sign flips with y's).
    for (const sign of [1, -1]) {
      N.fill(0);
      for (let a = 0; a < k; a++) N[a * k + a] = diag / 2;
      if (k === 2) N[1] = N[2] = (sign * absY * p) / 2;
      accumulate(mom, law.h, p / 2, zero, N);
    }
  }
  return { moments: mom, rule: `trapezoid in log|z| (step ${res.h}, log|z| ∈ [${res.tMin}, ${T_MAX}]), ${k}-fold discrete convolution` };
}
