// Gaussian pair kernels K(w, v) = E[σ(wᵀx) σ(vᵀx)], x ~ N(0, I_d) (docs/theory.md (9.2)–(9.3)), as functions of the norms
// r = ‖w‖, s = ‖v‖ and the cosine ρ = ŵᵀv̂, with the partials the population gradients need:
//   ∇_w K(w, v) = ∂_r K · ŵ + (∂_ρ K / r) · (v̂ − ρ ŵ).
// Two implementations:
//  • closed form for every positively 1-homogeneous σ(t) = A t + B |t| (|·|: A = 0, B = 1; ReLU: A = B = ½):
//      K = r s (A² ρ + B² k_abs(ρ)),  k_abs(ρ) = (2/π)(√(1−ρ²) + ρ arcsin ρ)   (arc-cosine kernel, Cho & Saul
//      2009), because E[wᵀx |vᵀx|] = 0 by x ↦ −x symmetry;
//  • for any other σ, the Hermite (Mehler) series with norm-dependent coefficients, exact for all norms:
//      K = Σ_k c_k(r) c_k(s) ρ^k / k!,  c_k(r) = E[σ(rG) He_k(G)],
//    truncated at k ≤ kmax, with the Cauchy–Schwarz tail bound |ρ|^{kmax+1} √(τ(r) τ(s)),
//    τ(r) = E[σ(rG)²] − Σ_{k≤kmax} c_k(r)²/k! (docs/theory.md §0 conventions: probabilists' He_k, unnormalised c_k).
import { gaussHermite } from '../../numerics/quadrature/gaussHermite.js';
import { piecewiseGaussianRule } from '../../numerics/quadrature/piecewise.js';

/** Per-vector data computed once per evaluation from the norms (coefficients for the Hermite series). */
export interface KernelFeatures {
  r: Float64Array;
  /** Hermite series only: c_k(r_p) at [p·(kmax+1) + k], c_k'(r_p), E[σ(r_pG)²], its r-derivative, tail τ(r_p). */
  c?: Float64Array;
  dc?: Float64Array;
  sq?: Float64Array;
  dsq?: Float64Array;
  tail?: Float64Array;
  /** Quadrature error estimate of the coefficients (two rule orders). */
  qerr?: Float64Array;
}

export interface ActivationKernel {
  name: string;
  /** 'closed-form arc-cosine' or 'hermite-series(kmax=…)'. */
  method: string;
  /** σ(ct) = c σ(t) for c > 0: the balance |a_j| = ‖w_j‖ and the certificate η(ŵ_j) = sign(a_j) apply. */
  homogeneous: boolean;
  /** σ(−t) = σ(t): w and −w are the same neuron (angles are measured with |ρ|). */
  even: boolean;
  features(r: Float64Array): KernelFeatures;
  /** out[0] = K, out[1] = ∂K/∂r_a, out[2] = (∂K/∂ρ)/r_a, out[3] = error bound on K: series tail + quadrature
   *  estimate (0 for closed forms). */
  pair(fa: KernelFeatures, a: number, fb: KernelFeatures, b: number, rho: number, out: Float64Array): void;
  /** The same at v = w (ρ = 1 exactly): out[0] = K(w, w) = E[σ(rG)²], out[1] = ∂_1K(w, w) radial = ½ d/dr E[σ(rG)²],
   *  out[3] its quadrature error estimate. */
  self(fa: KernelFeatures, a: number, out: Float64Array): void;
}

const clamp1 = (x: number): number => (x > 1 ? 1 : x < -1 ? -1 : x);

/** k_abs(ρ) = E[|g₁||g₂|] for unit-variance Gaussians with correlation ρ = (2/π)(√(1−ρ²) + ρ arcsin ρ). */
export function kAbs(rho: number): number {
  const p = clamp1(rho);
  return (2 / Math.PI) * (Math.sqrt(1 - p * p) + p * Math.asin(p));
}

/** k_abs'(ρ) = (2/π) arcsin ρ (bounded up to ρ = ±1, where the √(1−ρ²) terms cancel). */
export function kAbsPrime(rho: number): number {
  return (2 / Math.PI) * Math.asin(clamp1(rho));
}

/** Closed-form kernel of σ(t) = A t + B |t|: K = r s (A² ρ + B² k_abs(ρ)) (docs/theory.md (9.2)–(9.3)). */
export function homogeneousKernel(name: string, A: number, B: number): ActivationKernel {
  const A2 = A * A;
  const B2 = B * B;
  return {
    name,
    method: 'closed-form arc-cosine',
    homogeneous: true,
    even: A === 0,
    features: (r) => ({ r }),
    pair(fa, a, fb, b, rho, out) {
      const s = fb.r[b]!;
      const p = clamp1(rho);
      const k = A2 * p + B2 * kAbs(p);
      out[0] = fa.r[a]! * s * k;
      out[1] = s * k;
      out[2] = s * (A2 + B2 * kAbsPrime(p));
      out[3] = 0;
    },
    self(fa, a, out) {
      const r = fa.r[a]!;
      out[0] = (A2 + B2) * r * r;
      out[1] = (A2 + B2) * r;
      out[2] = 0;
      out[3] = 0;
    },
  };
}

export const absKernel = (): ActivationKernel => homogeneousKernel('abs', 0, 1);
/** ReLU with its linear component t/2 kept: relu(t) = t/2 + |t|/2, K = r s (ρ/4 + k_abs(ρ)/4)
 *  = r s (1/2π)(√(1−ρ²) + (π − arccos ρ) ρ). */
export const reluKernel = (): ActivationKernel => homogeneousKernel('relu', 0.5, 0.5);

/** σ as plain functions: value, a.e. derivative, and the kinks of σ (empty if smooth). */
export interface ScalarActivation {
  name: string;
  f: (t: number) => number;
  df: (t: number) => number;
  kinks: readonly number[];
}

/** σ(t) = A t + B|t| exactly (to 1e−12 relative on a grid of t), else null: such σ get the closed form. */
export function homogeneousCoefficients(act: ScalarActivation): { A: number; B: number } | null {
  const p = act.f(1);
  const q = act.f(-1);
  const A = (p - q) / 2;
  const B = (p + q) / 2;
  for (const t of [-7.3, -2.1, -0.9, -0.31, -1e-3, 0, 2e-3, 0.27, 0.8, 1.7, 4.4, 9.1]) {
    const want = A * t + B * Math.abs(t);
    const got = act.f(t);
    if (!(Math.abs(got - want) <= 1e-12 * (1 + Math.abs(want)))) return null;
  }
  return { A, B };
}

/** σ(−t) = σ(t) on a grid (to 1e−12 relative). */
export function isEven(act: ScalarActivation): boolean {
  return [0.13, 0.5, 1, 1.9, 3.7, 8.2].every((t) => Math.abs(act.f(t) - act.f(-t)) <= 1e-12 * (1 + Math.abs(act.f(t))));
}

/** Probabilists' He_0..He_kmax at x into out (three-term recurrence He_{k+1} = x He_k − k He_{k−1}). */
function hermiteRow(x: number, kmax: number, out: Float64Array): void {
  out[0] = 1;
  if (kmax >= 1) out[1] = x;
  for (let k = 1; k < kmax; k++) out[k + 1] = x * out[k]! - k * out[k - 1]!;
}

/** Moments of σ(rG) under one rule: c_k(r), c_k'(r) = E[σ'(rG) G He_k(G)], E[σ(rG)²] and its r-derivative. */
function moments(act: ScalarActivation, r: number, rule: { nodes: Float64Array; weights: Float64Array }, kmax: number, he: Float64Array) {
  const c = new Float64Array(kmax + 1);
  const dc = new Float64Array(kmax + 1);
  let sq = 0, dsq = 0;
  const { nodes, weights } = rule;
  for (let i = 0; i < nodes.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const g = nodes[i]!;
    const s = act.f(r * g);
    const ds = act.df(r * g) * g;
    hermiteRow(g, kmax, he);
    for (let k = 0; k <= kmax; k++) {
      c[k] += w * s * he[k]!;
      dc[k] += w * ds * he[k]!;
    }
    sq += w * s * s;
    dsq += 2 * w * s * ds;
  }
  return { c, dc, sq, dsq };
}

/** Hermite-series kernel for a general σ: c_k(r), c_k'(r) and E[σ(rG)²] by a Gauss–Hermite rule (smooth σ) or a
 *  kink-aware composite Gauss–Legendre rule split at kinks/r (docs/theory.md §0), each computed with two rule orders;
 *  the reported error bound adds to the series tail the quadrature part √(Σ_k Δc_k(r)²/k!)·√E[σ(sG)²] (+ r ↔ s),
 *  Δc_k the difference between the two orders. */
export function hermiteKernel(act: ScalarActivation, opts: { kmax?: number; order?: number } = {}): ActivationKernel {
  const kmax = opts.kmax ?? 30;
  const K1 = kmax + 1;
  const smooth = act.kinks.length === 0;
  const n1 = opts.order ?? (smooth ? 4 * kmax + 80 : 20);
  const n2 = Math.round(1.5 * n1);
  const smoothRules = smooth ? [gaussHermite(n1), gaussHermite(n2)] : null;
  const invFact = new Float64Array(K1);
  invFact[0] = 1;
  for (let k = 1; k <= kmax; k++) invFact[k] = invFact[k - 1]! / k;
  const he = new Float64Array(K1);
  const homogeneous = homogeneousCoefficients(act) !== null;
  return {
    name: act.name,
    method: `hermite-series(kmax=${kmax}, ${smooth ? `gauss-hermite ${n2} vs ${n1}` : `piecewise-gauss-legendre ${n2} vs ${n1} per panel`})`,
    homogeneous,
    even: isEven(act),
    features(r) {
      const P = r.length;
      const c = new Float64Array(P * K1);
      const dc = new Float64Array(P * K1);
      const sq = new Float64Array(P);
      const dsq = new Float64Array(P);
      const tail = new Float64Array(P);
      const qerr = new Float64Array(P);
      for (let p = 0; p < P; p++) {
        const rp = r[p]!;
        const [rule1, rule2] = smoothRules ?? [n1, n2].map((n) => piecewiseGaussianRule(act.kinks.map((t) => t / rp), { nodesPerPanel: n }));
        const lo = moments(act, rp, rule1!, kmax, he);
        const hi = moments(act, rp, rule2!, kmax, he);
        c.set(hi.c, p * K1);
        dc.set(hi.dc, p * K1);
        sq[p] = hi.sq;
        dsq[p] = hi.dsq;
        let partial = 0, dq = 0;
        for (let k = 0; k <= kmax; k++) {
          partial += hi.c[k]! ** 2 * invFact[k]!;
          dq += (hi.c[k]! - lo.c[k]!) ** 2 * invFact[k]!;
        }
        tail[p] = Math.max(0, hi.sq - partial);
        qerr[p] = Math.sqrt(dq) + Math.abs(hi.sq - lo.sq);
      }
      return { r, c, dc, sq, dsq, tail, qerr };
    },
    pair(fa, a, fb, b, rho, out) {
      const ca = fa.c!, dca = fa.dc!, cb = fb.c!;
      const p = clamp1(rho);
      const ra = fa.r[a]!;
      let K = 0, Kr = 0, Kp = 0;
      let pk = 1; // ρ^k
      for (let k = 0; k <= kmax; k++) {
        const cbk = cb[b * K1 + k]!;
        K += ca[a * K1 + k]! * cbk * pk * invFact[k]!;
        Kr += dca[a * K1 + k]! * cbk * pk * invFact[k]!;
        if (k + 1 <= kmax) Kp += ca[a * K1 + k + 1]! * cb[b * K1 + k + 1]! * pk * invFact[k]!;
        pk *= p;
      }
      out[0] = K;
      out[1] = Kr;
      out[2] = ra > 0 ? Kp / ra : 0;
      out[3] =
        Math.abs(pk) * Math.sqrt(fa.tail![a]! * fb.tail![b]!) +
        fa.qerr![a]! * Math.sqrt(fb.sq![b]!) +
        fb.qerr![b]! * Math.sqrt(fa.sq![a]!);
    },
    self(fa, a, out) {
      out[0] = fa.sq![a]!;
      out[1] = 0.5 * fa.dsq![a]!;
      out[2] = 0;
      out[3] = fa.qerr![a]!;
    },
  };
}

/** The closed form when σ(t) = A t + B|t| (names abs/relu keep their names), else the Hermite series. */
export function kernelFor(act: ScalarActivation, opts: { kmax?: number } = {}): ActivationKernel {
  const h = homogeneousCoefficients(act);
  return h ? homogeneousKernel(act.name, h.A, h.B) : hermiteKernel(act, opts);
}
