// Bulk of the random-features matrix and the BBP outliers of rank-one perturbations of it (docs/theory.md (7.8)–(7.9), finite n).
//
// Gaussian-equivalent model (Péché 2019; Pennington & Worah 2017; Mei & Montanari 2022; Adlam & Pennington 2020):
// the centred F0 = σ(X̃W0ᵀ) (n×N, X̃ ~ N(0,1) entries, W0 ~ N(0,1/d) entries) has the singular-value law of
//   M = μ1 X̃W0ᵀ + μ* Z,   μ1 = c_1(σ), μ*² = E σ(G)² − c_0(σ)² − c_1(σ)²,   Z ~ N(0,1) entries independent,
// (the mean part c_0 11ᵀ and the O(1)-rank structures of F0 are removed by the double centring).
// Resolvent (our derivation by the Dyson equation of the linear pencil of M/√n over the blocks n, N, d, d):
// with g1 = (1/n) tr z(MMᵀ/n − z²)^{-1}, g2 = (1/N) tr z(MᵀM/n − z²)^{-1}, t = g1·g2 and
//   k(t) = μ*² + μ1²/(1 − (φ/ψ) μ1² t),   ψ = d/n, φ = N/n,
// the equations reduce to  z g1 = −(1 + φ t k),  z g2 = −(1 + t k),  hence on the real axis beyond the bulk
//   x(t)² = (1 + φ t k(t)) (1 + t k(t)) / t,      t ∈ (0, ψ/(φ μ1²)),
// an explicit inverse of the D-transform D(x) = φ_n(x) φ_N(x) = t of Benaych-Georges & Nadakuditi (2012)
// (φ_n(x) = (1/n) tr x(x² − MMᵀ/n)^{-1} = (1 + φ t k)/x,  φ_N(x) = (1 + t k)/x). The top bulk edge (in units of √n)
// is E = min_t x(t), attained at t_E; x decreases from ∞ on (0, t_E).
// BBP (Benaych-Georges & Nadakuditi 2012, J. Multivariate Anal. 111, Thms 2.8–2.10): for M + √n Σ_r θ_r u_r v_rᵀ
// with orthonormal u_r, v_r independent of M (u isotropic), θ_r produces an outlier iff θ_r² > 1/t_E, located at
// ρ = x(1/θ_r²), with |⟨ũ, u⟩|² → −2 φ_n(ρ)/(θ² D′(ρ)) and |⟨ṽ, v⟩|² → −2 φ_N(ρ)/(θ² D′(ρ)).
// Checks: μ1 = 0 gives the Marchenko–Pastur edge 1 + √φ (·μ*) and the outlier θ + 1/θ at φ = 1 (unit tests).
import { brent } from '../../numerics/roots/index.js';
import type { SolverStatus } from '../../core/status.js';

export interface BulkModel {
  /** μ1 = c_1(σ) (linear coefficient of σ for a standard Gaussian pre-activation). */
  mu1: number;
  /** μ*² = E σ² − c_0² − c_1². */
  mustar2: number;
  psi: number;
  phi: number;
}

export interface BulkEdge {
  /** Top edge of the singular-value law of M/√n (multiply by √n for F). */
  edge: number;
  /** D(edge) = t_E; a spike θ (units √n) separates iff θ² t_E > 1. */
  tEdge: number;
  /** θ_c = 1/√t_E: the critical spike size in units of √n. */
  thetaCritical: number;
  /** Brent root of d x²/dt = 0 (the fold of x(t) is the edge). */
  status: SolverStatus;
}

export interface Outlier {
  /** Outlier location ρ (units √n). */
  location: number;
  /** Limiting |⟨ũ, u⟩|² and |⟨ṽ, v⟩|² of the outlier's singular vectors with the spike's. */
  left2: number;
  right2: number;
}

const kOf = (m: BulkModel, t: number) => m.mustar2 + (m.mu1 * m.mu1) / (1 - (m.phi / m.psi) * m.mu1 * m.mu1 * t);

/** Pole of k(t): t < ψ/(φ μ1²) (∞ when μ1 = 0). */
export function tPole(m: BulkModel): number {
  return m.mu1 === 0 ? Infinity : m.psi / (m.phi * m.mu1 * m.mu1);
}

/** x(t)² = (1 + φ t k)(1 + t k)/t and its derivative in t (see header). */
export function x2OfT(m: BulkModel, t: number): { x2: number; dx2: number } {
  const r = (m.phi / m.psi) * m.mu1 * m.mu1;
  const k = kOf(m, t);
  const dk = (m.mu1 * m.mu1 * r) / (1 - r * t) ** 2;
  const p = t * k;
  const dp = k + t * dk;
  const x2 = ((1 + m.phi * p) * (1 + p)) / t;
  const dx2 = (m.phi * dp * (1 + p) + (1 + m.phi * p) * dp) / t - x2 / t;
  return { x2, dx2 };
}

/** Top bulk edge E = min_t x(t) of the Gaussian-equivalent random-features matrix (units √n): the root of
 *  d x²/dt = 0 on (0, t_pole), where d x²/dt < 0 near 0 and > 0 near the pole (x² → ∞ at both ends). */
export function bulkEdge(m: BulkModel): BulkEdge {
  if (!(m.mustar2 >= 0 && m.psi > 0 && m.phi > 0 && m.mustar2 + m.mu1 * m.mu1 > 0)) throw new RangeError('bulkEdge: need μ*² ≥ 0, ψ, φ > 0 and a non-zero bulk');
  const pole = tPole(m);
  let hi = Number.isFinite(pole) ? pole * (1 - 1e-9) : 1;
  while (!Number.isFinite(pole) && x2OfT(m, hi).dx2 <= 0 && hi < 1e12) hi *= 2;
  let lo = Math.min(1e-6, hi / 2);
  while (x2OfT(m, lo).dx2 >= 0 && lo > 1e-300) lo /= 16;
  const g = (s: number) => x2OfT(m, Math.exp(s)).dx2;
  const root = brent(g, Math.log(lo), Math.log(hi), { rtol: 1e-14, xtol: 1e-14 });
  const tE = Math.exp(root.x);
  return { edge: Math.sqrt(x2OfT(m, tE).x2), tEdge: tE, thetaCritical: 1 / Math.sqrt(tE), status: { ...root.status, method: 'brent on d x(t)²/dt (bulk edge)' } };
}

/** BBP outlier of a rank-one spike of size θ (units √n), or null when θ² t_E ≤ 1 (see header). */
export function outlierOf(m: BulkModel, edge: BulkEdge, theta: number): Outlier | null {
  const t = 1 / (theta * theta);
  if (!(t < edge.tEdge)) return null;
  const { x2, dx2 } = x2OfT(m, t);
  const x = Math.sqrt(x2);
  const k = kOf(m, t);
  const phiN = (1 + m.phi * t * k) / x;
  const phiNt = (1 + t * k) / x;
  const dD = (2 * x) / dx2; // D′(x) = dt/dx = 1/(dx/dt), dx/dt = (dx²/dt)/(2x)
  return { location: x, left2: (-2 * phiN) / (theta * theta * dD), right2: (-2 * phiNt) / (theta * theta * dD) };
}

/** Mean and standard deviation of the GOE Tracy–Widom law TW1 (Tracy & Widom 1996; Bornemann 2010, Table 4). */
export const TW1_MEAN = -1.2065335745820;
export const TW1_SD = Math.sqrt(1.6077810345810);

/** Square-root edge of the singular-value density ρ(x) ≈ (c/π)√(E − x) (ρ normalised over the n singular values):
 *  near the fold x(t) ≈ E + ½x″(t_E)(t − t_E)², so Im g1(x) = |dg1/dt| √(2(E − x)/x″) with g1 = −(1 + φtk)/x and
 *  Im g1 = (π/2)ρ, i.e. c = 2|dg1/dt| √(2/x″) (derivatives by central differences in t, relative step 1e-4). */
export function edgeDensityCoefficient(m: BulkModel, edge: BulkEdge): number {
  const x = (t: number) => Math.sqrt(x2OfT(m, t).x2);
  const g1 = (t: number) => -(1 + m.phi * t * kOf(m, t)) / x(t);
  const t = edge.tEdge;
  const h = 1e-4 * t;
  const x2d = (x(t + h) - 2 * x(t) + x(t - h)) / (h * h);
  const dg = (g1(t + h) - g1(t - h)) / (2 * h);
  return 2 * Math.abs(dg) * Math.sqrt(2 / x2d);
}

/** Finite-n top singular value of the bulk (units √n), assuming Tracy–Widom edge universality (real case):
 *  s_1/√n ≈ E + (c n)^{−2/3} TW1, with c from edgeDensityCoefficient (scale as for the GOE, ρ = (1/π)√(2 − x)). */
export function finiteEdge(m: BulkModel, edge: BulkEdge, n: number): { mean: number; sd: number; scale: number } {
  const scale = Math.pow(n * edgeDensityCoefficient(m, edge), -2 / 3);
  return { mean: edge.edge + TW1_MEAN * scale, sd: TW1_SD * scale, scale };
}
