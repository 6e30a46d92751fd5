// Finite-n refinement of the spikes (docs/theory.md (7.7); Moniri et al. 2024, §3). The truncated sum Σ_{k≤ℓ} (c_k/k!) δ^k is
// the Taylor series of the Gaussian-smoothed activation E σ(G + δ) − E σ(G). At finite n we keep, for neuron j
// (a_j = g_j/√N), the full update of its row: w_j¹ = w_j + η a_j [c_1(σ) ζ + c_2(σ) E[y] w_j + ρ_j], where ρ_j, the
// part of the gradient from σ'(u) − E σ'(u) − c_2(σ)u's mean, is nearly orthogonal to x̃'s other directions with
// ‖ρ_j‖² ≈ (d/n) E[y²] Var σ'(G). (Both corrections are O(n^{α−1/2}) and vanish in the limit.) Then, given
// t = ⟨x̃, β⟩ and g, the pre-activation is s(g) G + κ t g/√N with G ~ N(0,1) independent,
//   s(g)² = (1 + η c_2(σ) E[y] g/√N)² + η² ‖ρ‖² g²/N,   κ = η |c_1(σ)| ‖ζ‖,
// and the mean part of F is h(t_i, g_j), h(t, g) = E_G σ(s(g) G + κ t g/√N). The double-centred singular values of
// F are predicted as √(nN) ς_r, ς_r the singular values of the double-centred integral operator with kernel h on
// L²(N(0,1)) ⊗ L²(N(0,1)), computed on a Gauss–Hermite grid. This is the mean part only: the bulk of F adds to the
// observed singular values (BBP-type inflation) and is not included.
import { SVD, Matrix } from 'ml-matrix';
import type { CompiledFn } from '../../numerics/expr/index.js';
import { gaussHermite, gaussLegendre } from '../../numerics/quadrature/index.js';
import { hermitePolys } from '../../model/hermite.js';
import type { SolverStatus } from '../../core/status.js';
import { scalar } from './coefficients.js';

/** (s, δ) ↦ E f(sG + δ) = ∫ f(y) φ((y − δ)/s)/s dy, composite Gauss–Legendre (`nodes` per panel, panels of
 *  width ≤ s/2 on [δ − 10s, δ + 10s], split at the kinks `breaks` of f). */
export function gaussianSmoothing(f: (x: number) => number, breaks: readonly number[], nodes = 20): (s: number, delta: number) => number {
  const ref = gaussLegendre(nodes, -1, 1);
  const L = 10;
  return (sd, delta) => {
    const a = delta - L * sd;
    const b = delta + L * sd;
    const cuts = [a, ...breaks.filter((x) => x > a && x < b), b];
    let acc = 0;
    for (let p = 0; p + 1 < cuts.length; p++) {
      const lo = cuts[p]!;
      const hi = cuts[p + 1]!;
      const panels = Math.max(1, Math.ceil((2 * (hi - lo)) / sd));
      const h = (hi - lo) / panels;
      for (let q = 0; q < panels; q++) {
        const m = lo + (q + 0.5) * h;
        for (let i = 0; i < nodes; i++) {
          const y = m + 0.5 * h * ref.nodes[i]!;
          const u = (y - delta) / sd;
          acc += 0.5 * h * ref.weights[i]! * f(y) * Math.exp(-0.5 * u * u);
        }
      }
    }
    return acc / (sd * Math.sqrt(2 * Math.PI));
  };
}

/** (s, δ) ↦ E σ(sG + δ) (gaussianSmoothing of the compiled activation). */
export function smoothedActivation(fn: CompiledFn, breaks: readonly number[], nodes = 20): (s: number, delta: number) => number {
  return gaussianSmoothing(scalar(fn), breaks, nodes);
}

/** Parameters of the kernel h(t, g) = E σ(s(g)G + κ t g/√N), s(g)² = (1 + shift·g)² + tau2·g². */
export interface KernelParams {
  kappa: number;
  N: number;
  /** η c_2(σ) E[y]/√N (0 for the leading-order kernel). */
  shift: number;
  /** η² ‖ρ‖²/N (0 for the leading-order kernel). */
  tau2: number;
}

/** s(g) = √((1 + shift·g)² + tau2·g²): the scale of neuron g's pre-activation orthogonal to β after the step (header). */
export function rowScale(kp: KernelParams, g: number): number {
  return Math.sqrt((1 + kp.shift * g) ** 2 + kp.tau2 * g * g);
}

export interface SmoothedPair {
  /** Operator singular value ς_r; the predicted singular value of the double-centred F is √(nN)·ς_r. */
  varsigma: number;
  /** ⟨u_r, p_m⟩, m = 0..kmax, p_m = He_m/√m! (left singular function in the Hermite basis). */
  hermite: number[];
  /** argmax_m ⟨u_r, p_m⟩²: the degree this pair carries. */
  degree: number;
}

export interface SmoothedSpectrum {
  pairs: SmoothedPair[];
  /** ⟨p_k, H̃ p_k⟩, k = 0..kmax: the kernel's bilinear form on the k-th Hermite functions (√(nN)× it predicts
   *  ĥ_kᵀ F_c r̂_k, the projection of the centred features on the normalised He_k(X̃β) and He_k(√N a)). */
  projections: number[];
  status: SolverStatus;
}

function invSqrtFactorials(kmax: number): number[] {
  const out: number[] = [];
  let f = 1;
  for (let k = 0; k <= kmax; k++) {
    if (k > 1) f *= k;
    out.push(1 / Math.sqrt(f));
  }
  return out;
}

function operatorSvd(sbar: (s: number, d: number) => number, kp: KernelParams, m: number, kmax: number, keep: number, centre: boolean) {
  const rule = gaussHermite(m);
  const t = rule.nodes;
  const w = rule.weights;
  const scale = kp.kappa / Math.sqrt(kp.N);
  const H = new Float64Array(m * m); // H[a, b] = h(t_a, g_b)
  for (let b = 0; b < m; b++) {
    const g = t[b]!;
    const sd = rowScale(kp, g);
    for (let a = 0; a < m; a++) H[a * m + b] = sbar(sd, scale * t[a]! * g);
  }
  // Double centring in L²(N(0,1)): H̃ = H − E_g H − E_t H + E H (skipped when `centre` is false).
  const row = new Float64Array(m);
  const col = new Float64Array(m);
  if (centre) for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
    row[a] = row[a]! + w[b]! * H[a * m + b]!;
    col[b] = col[b]! + w[a]! * H[a * m + b]!;
  }
  let grand = 0;
  for (let a = 0; a < m; a++) grand += w[a]! * row[a]!;
  const A = Matrix.zeros(m, m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) A.set(a, b, Math.sqrt(w[a]! * w[b]!) * (H[a * m + b]! - row[a]! - col[b]! + grand));
  const svd = new SVD(A, { computeLeftSingularVectors: true, computeRightSingularVectors: false, autoTranspose: false });
  const sv = svd.diagonal;
  const U = svd.leftSingularVectors;
  const isf = invSqrtFactorials(kmax);
  const He = new Float64Array(kmax + 1);
  const P = Array.from({ length: kmax + 1 }, () => new Float64Array(m)); // √w_a p_k(t_a)
  for (let a = 0; a < m; a++) {
    hermitePolys(t[a]!, kmax, He);
    for (let k = 0; k <= kmax; k++) P[k]![a] = Math.sqrt(w[a]!) * He[k]! * isf[k]!;
  }
  const projections = P.map((pk) => {
    let s = 0;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) s += pk[a]! * A.get(a, b) * pk[b]!;
    return s;
  });
  const pairs: SmoothedPair[] = [];
  for (let r = 0; r < Math.min(keep, m); r++) {
    const proj = P.map((pk) => {
      let s = 0;
      for (let a = 0; a < m; a++) s += pk[a]! * U.get(a, r);
      return s;
    });
    const sign = proj.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0) < 0 ? -1 : 1;
    const hermite = proj.map((x) => sign * x);
    let degree = 0;
    for (let k = 1; k <= kmax; k++) if (hermite[k]! ** 2 > hermite[degree]! ** 2) degree = k;
    pairs.push({ varsigma: sv[r]!, hermite, degree });
  }
  return { pairs, projections };
}

/** Top `keep` singular pairs of the double-centred kernel h (see header) and its Hermite projections, with an
 *  error estimate from two Gauss–Hermite grids (m and ⌊2m/3⌋ nodes per axis). `centre: false` gives those of h itself
 *  (the feature covariance of the ridge, docs/theory.md (8.3)). */
export function smoothedSpikes(
  fn: CompiledFn,
  breaks: readonly number[],
  kp: KernelParams,
  opts: { keep?: number; nodes?: number; kmax?: number; centre?: boolean } = {},
): SmoothedSpectrum {
  const m = opts.nodes ?? 90;
  const mLo = Math.floor((2 * m) / 3);
  const keep = opts.keep ?? 8;
  const kmax = opts.kmax ?? 12;
  const sbar = smoothedActivation(fn, breaks);
  const centre = opts.centre ?? true;
  const hi = operatorSvd(sbar, kp, m, kmax, keep, centre);
  const lo = operatorSvd(sbar, kp, mLo, kmax, keep, centre);
  const top = Math.max(hi.pairs[0]?.varsigma ?? 0, Number.MIN_VALUE);
  let residual = 0;
  for (let r = 0; r < Math.min(hi.pairs.length, lo.pairs.length); r++) residual = Math.max(residual, Math.abs(hi.pairs[r]!.varsigma - lo.pairs[r]!.varsigma));
  for (let k = 0; k <= kmax; k++) residual = Math.max(residual, Math.abs(hi.projections[k]! - lo.projections[k]!));
  const converged = residual <= 1e-6 * top;
  return {
    pairs: hi.pairs,
    projections: hi.projections,
    status: {
      converged,
      residual,
      iterations: m,
      method: `gauss-hermite operator SVD (${m} vs ${mLo} nodes per axis)`,
      ...(converged ? {} : { message: `singular values changed by ${residual.toExponential(2)} between grids` }),
    },
  };
}
