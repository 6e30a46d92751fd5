// Finite-n ridge errors on the features after one large step, bulk included (docs/theory.md (8.1)–(8.10), (8.15)–(8.19)):
// the neuron-profiled bulk of stepFeatures.ts (rows of W1 correlated through the training batch, rowCorrelation.ts, or
// independent isotropic when `rowCorrelation` is absent), the spikes of the uncentred mean kernel h(t, g) (θ̃_r = N ς_r², unit
// neuron profiles û_r, target components γ_r = E[y u_r(t)]), and the target split (8.4)
//   q_l = μ_{l+1}(g) √(l+1) ρ^l √(1 − ρ²)   (component of y along p_l(t)·⟨β*⊥, x⟩),   ν² = E y² − ‖γ‖² − ‖q‖².
// Quadrature: m-node Gauss–Hermite grids in t and g, and ⌊4m/5⌋ for the error estimate.
import type { CompiledFn } from '../../numerics/expr/index.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import type { HermiteData } from './coefficients.js';
import { Matrix, SVD } from 'ml-matrix';
import { gaussHermite } from '../../numerics/quadrature/index.js';
import { scalar } from './coefficients.js';
import type { RidgeErrors } from './ridge.js';
import type { KernelParams } from './smoothed.js';
import { profileRidgeErrors } from './profileRidge.js';
import { stepFeatureLaw, type StepFeatureLaw } from './stepFeatures.js';
import { rowScale } from './smoothed.js';
import type { RowLaw } from './rowCorrelation.js';

export const STEP_RIDGE_APPROXIMATION =
  'finite n: Gaussian-equivalent features conditional on t = <β,x>, neuron by neuron (row norms s(g), spike b = κg/√N), ' +
  'bulk blocks p_l(t)·<v_j,x> with coefficients from E σ′, the rest as independent noise; rows of W1 orthogonal to β ' +
  'independent given the training batch X with covariance ((I + γK)² + ωM)/d, K = XᵀD_rX/n, M = XᵀD_r²X/n (their ' +
  'correlations through the shared batch, by a matrix Dyson equation), residuals r independent of the directions of X ' +
  '(the β* component of K is left out); spikes of the uncentred mean kernel as feature directions orthogonal to the bulk';

export interface StepRidgeInput {
  act: { fn: CompiledFn; breaks: readonly number[] };
  g: HermiteData;
  /** The target g(z) itself (for E[y | t]). */
  target: CompiledFn;
  kp: KernelParams;
  /** ⟨β, β*⟩ (signed). */
  rho: number;
  /** E y² (label noise included). */
  ey2: number;
  n: number;
  psi: number;
  phi: number;
  lambda: number;
  /** Grid size per axis (default 80) and largest block degree L (default 6). */
  nodes?: number;
  blocks?: number;
  /** Row correlations of W1 (docs/theory.md (8.15)–(8.19)): γ(g) = gammaBar·g, ω(g) = omegaBar·g², residual
   *  r = g(z) + noise·ε. Absent: the v_j are independent isotropic (8.1). */
  rowCorrelation?: RowCorrelationParams;
}

export interface RowCorrelationParams {
  /** η c_2(σ)/√N. */
  gammaBar: number;
  /** η² ψ (Var σ′(G) − c_2(σ)²)/N. */
  omegaBar: number;
  /** Label-noise level S. */
  noise: number;
}

/** Quadrature rule for r = g(z) + Sε (40 × 4 Gauss–Hermite nodes in (z, ε)). */
export function residualLaw(target: CompiledFn, noise: number): RowLaw['r'] {
  const f = scalar(target);
  const z = gaussHermite(40);
  const e = gaussHermite(4);
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let a = 0; a < 40; a++)
    for (let b = 0; b < 4; b++) {
      nodes.push(f(z.nodes[a]!) + noise * e.nodes[b]!);
      weights.push(z.weights[a]! * e.weights[b]!);
    }
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights) };
}

/** Spikes of the uncentred mean kernel on the law's grid (header): A_ab = √(w_a w_b) h(t_a, g_b) = Σ_r ς_r U_ar V_br,
 *  θ̃_r = N ς_r², unit neuron profile û_r(b) = V_br, γ_r = Σ_a √w_a U_ar E[y | t_a]. */
export function meanKernelSpikes(law: StepFeatureLaw, N: number, condMean: (t: number) => number): { theta: number[]; gamma: number[]; profile: Float64Array[] } {
  const m = law.grid.nodes.length;
  const w = law.grid.weights;
  const A = Matrix.zeros(m, m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) A.set(a, b, Math.sqrt(w[a]! * w[b]!) * law.kernel[a * m + b]!);
  const svd = new SVD(A, { computeLeftSingularVectors: true, computeRightSingularVectors: true, autoTranspose: false });
  const sv = svd.diagonal;
  const ey = Array.from(law.grid.nodes, (t) => condMean(t));
  const theta: number[] = [];
  const gamma: number[] = [];
  const profile: Float64Array[] = [];
  for (let r = 0; r < m; r++) {
    if (!(sv[r]! > 1e-13 * sv[0]!)) continue;
    let gr = 0;
    for (let a = 0; a < m; a++) gr += Math.sqrt(w[a]!) * svd.leftSingularVectors.get(a, r) * ey[a]!;
    theta.push(N * sv[r]! * sv[r]!);
    gamma.push(gr);
    profile.push(Float64Array.from({ length: m }, (_, b) => svd.rightSingularVectors.get(b, r)));
  }
  return { theta, gamma, profile };
}

/** E[g(ρt + √(1−ρ²) z) | t] by an `nodes`-point Gauss–Hermite rule in z. */
export function conditionalMean(target: CompiledFn, rho: number, nodes = 80): (t: number) => number {
  const f = scalar(target);
  const rule = gaussHermite(nodes);
  const rp = Math.sqrt(Math.max(0, 1 - rho * rho));
  return (t) => {
    let s = 0;
    for (let k = 0; k < nodes; k++) s += rule.weights[k]! * f(rho * t + rp * rule.nodes[k]!);
    return s;
  };
}

/** Finite-n F1 ridge errors (header), with the two-grid quadrature error in the status. */
export function stepRidgeErrors(inp: StepRidgeInput): RidgeErrors {
  const m = inp.nodes ?? 80;
  const L = inp.blocks ?? 6;
  const rhoPerp = Math.sqrt(Math.max(0, 1 - inp.rho * inp.rho));
  const q = new Float64Array(L + 1);
  for (let l = 0; l <= L; l++) q[l] = (inp.g.mu[l + 1] ?? 0) * Math.sqrt(l + 1) * inp.rho ** l * rhoPerp;
  const q2 = q.reduce((s, x) => s + x * x, 0);
  const condMean = conditionalMean(inp.target, inp.rho);
  const N = inp.phi * inp.n;
  const rc = inp.rowCorrelation;
  const rLaw = rc ? residualLaw(inp.target, rc.noise) : null;
  const solve = (nodes: number) => {
    const law = stepFeatureLaw(inp.act, inp.kp, nodes, L);
    const spikes = meanKernelSpikes(law, N, condMean);
    const noise2 = Math.max(0, inp.ey2 - q2 - spikes.gamma.reduce((s, x) => s + x * x, 0));
    const rows: RowLaw | undefined = rc && rLaw ? {
      gamma: Float64Array.from(law.nodes, (nd) => rc.gammaBar * nd.g),
      omega: Float64Array.from(law.nodes, (nd) => rc.omegaBar * nd.g * nd.g),
      scale2: Float64Array.from(law.nodes, (nd) => rowScale(inp.kp, nd.g) ** 2),
      r: rLaw, psi: inp.psi, phi: inp.phi,
    } : undefined;
    return profileRidgeErrors({ law, q, spikes, noise2, psi: inp.psi, phi: inp.phi, n: inp.n, lambda: inp.lambda, ...(rows ? { rows } : {}) });
  };
  const hi = solve(m);
  const mLo = Math.floor((4 * m) / 5);
  const lo = solve(mLo);
  const quad = Math.max(Math.abs(hi.test_error - lo.test_error) / hi.test_error, Math.abs(hi.train_error - lo.train_error) / hi.train_error);
  const quadStatus: SolverStatus = {
    converged: quad <= 1e-4,
    residual: quad,
    iterations: m,
    method: `gauss-hermite neuron profile and mean kernel (${m} vs ${mLo} nodes per axis)`,
    ...(quad <= 1e-4 ? {} : { message: `relative change ${quad.toExponential(2)} between grids` }),
  };
  return { ...hi, status: combineStatus('finite-n ridge (docs/theory.md §8)', [hi.status, lo.status, quadStatus]) };
}
