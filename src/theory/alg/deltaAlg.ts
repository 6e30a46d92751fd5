// Algorithmic weak-recovery threshold δ_alg (docs/theory.md (3.1)–(3.3); Troiani et al. 2024 for multi-index):
//   1/δ_alg = largest eigenvalue of M ↦ E_y[G(y) M G(y)] on symmetric k×k matrices, G(y) = E[zzᵀ | y] − I
//   (k = 1: 1/δ_alg = E_y[(E[z² − 1 | y])²]);  δ_alg = 0 if E[z | y] ≠ 0 (a first-order direction).
// Method by case: noiseless single index — exact preimages on monotone pieces (singleIndexExact.ts); noisy —
// Gaussian conditional densities in y-space (noisyMoments.ts; k ≥ 2 on noise-resolved polar rays, rayAtoms.ts);
// discrete multi-index — partition into level sets (partitionMoments.ts); noiseless continuous multi-index —
// co-area formula along rays (rayMoments.ts); a product y = c·z1⋯zk — exact conditioning on log|y| by a
// log-coordinate convolution (src/theory/alg/productMoments.ts, docs/theory.md (10.20)).
// Each is computed at two resolutions; error_estimate = |difference| of 1/δ_alg, and the result is converged iff
// error_estimate ≤ tol·max(1, 1/δ_alg).
import { UsageError } from '../../core/errors.js';
import type { SolverStatus } from '../../core/status.js';
import { topEigen } from '../../numerics/linalg/symmetricEigen.js';
import type { Moments } from './moments.js';
import { singleIndexMoments } from './singleIndexExact.js';
import { noisyMoments } from './noisyMoments.js';
import { largestLevelSet, partitionMoments } from './partitionMoments.js';
import { rayMoments } from './rayMoments.js';
import type { RayAtomResolution } from './rayAtoms.js';
import { topOfStateEvolution } from './symmetricMap.js';
import { isDiscrete, type LatentTarget } from './target.js';
import { productFactor, productMoments } from './productMoments.js';

export interface AlgResult {
  /** 0 for a first-order direction; null when y carries no second-order information (1/δ_alg = 0). */
  delta_alg: number | null;
  /** Largest eigenvalue of M ↦ E[G M G] (= 1/δ_alg). */
  inverse_delta_alg: number;
  first_order: boolean;
  /** Largest eigenvalue of E_y[E[z|y] E[z|y]ᵀ] (0 up to quadrature error when there is no first-order direction). */
  first_order_strength: number;
  /** Top eigenvector of the state-evolution map (PSD overlap matrix, unit Frobenius norm); for a degenerate top
   *  eigenvalue, the projection of I onto the top eigenspace (symmetricMap.ts). */
  overlap_matrix: number[][];
  /** Dimension of the top eigenspace (eigenvalues within twice the error estimate of the largest). */
  top_multiplicity: number;
  reason?: string;
  method: string;
  rule: string;
  error_estimate: number;
  k: number;
  noise: number;
  status: SolverStatus;
}

/** First-order directions are declared when E_y[|E[z|y]|²] exceeds this plus 10× its error estimate. */
export const FIRST_ORDER_TOL = 1e-9;

/** Ray resolutions (lower, higher) of the noisy multi-index atoms (rayAtoms.ts) for k = 2 and k = 3: directions
 *  per turn ∝ S/σ (S = angularScale(g)), capped to bound the cost (measured, 2 shared cores: k = 2 ≤ 1 s at σ ≥ 0.1,
 *  ~30 s for z1·z2 at σ = 0.01; k = 3 ~8 s at σ = 0.3 and ~25 s at σ = 0.1 for z1·z2·z3). Beyond the caps the
 *  two-resolution estimate reports the loss of accuracy. */
const NOISY_RAYS: ReadonlyArray<readonly [RayAtomResolution, RayAtomResolution]> = [
  [
    { radialNodes: 6, variation: 4, angles: { perScale: 20, min: 64, max: 4096, nodes: 8 } },
    { radialNodes: 8, variation: 2, angles: { perScale: 30, min: 96, max: 6144, nodes: 8 } },
  ],
  [
    { radialNodes: 6, variation: 4, angles: { perScale: 10, min: 32, max: 128, nodes: 8 } },
    { radialNodes: 8, variation: 2, angles: { perScale: 15, min: 48, max: 192, nodes: 8 } },
  ],
];

interface Evaluation {
  moments: Moments;
  rule: string;
  /** Half-widths of a rigorous bracket around the moments (added to the error estimate). */
  halfGap?: { first: number; second: number };
  /** Estimated error of 1/δ_alg from the angular integrals of the higher resolution (added to the error estimate). */
  angularError?: number;
}

function evaluations(target: LatentTarget, noise: number): { method: string; lo: Evaluation; hi: Evaluation } {
  const k = target.k;
  if (noise > 0) {
    // z-atoms (k = 1: Gauss–Legendre nodes per panel; k ≥ 2: NOISY_RAYS) and trapezoid nodes per σ in y, lower/higher.
    const yPerSigma = k === 1 ? [8, 12] : [4, 6];
    const run = (i: number) =>
      noisyMoments(target, noise, { nodesPerPanel: i === 0 ? 8 : 12, yPerSigma: yPerSigma[i]!, ...(k > 1 ? { rays: NOISY_RAYS[k - 2]![i]! } : {}) });
    return { method: 'gaussian conditional densities in y-space (noisy target)', lo: run(0), hi: run(1) };
  }
  if (k === 1) {
    const run = (nodes: number): Evaluation => {
      const { moments: m } = singleIndexMoments(target, nodes);
      const sat = m.saturatedMass > 0 ? `; y constant in floating point on a set of mass ${m.saturatedMass.toExponential(2)} (bracketed)` : '';
      const half = { first: m.firstOrderGap / 2, second: m.informationGap / 2 };
      return {
        moments: { k: 1, first: Float64Array.of(m.firstOrder + half.first), second: Float64Array.of(m.information + half.second) },
        rule: `exact preimages on monotone pieces; tower rule by Gauss–Legendre(${nodes}) on graded panels${sat}`,
        // Half-width of the bracket plus the (symmetric) preimage-conditioning error.
        halfGap: { first: half.first + m.firstOrderRootError, second: half.second + m.informationRootError },
      };
    };
    return { method: 'noiseless single index: preimages on monotone pieces', lo: run(12), hi: run(20) };
  }
  if (isDiscrete(target)) {
    const orders = k === 2 ? [32, 48] : [16, 24];
    return { method: 'partition into level sets (discrete target)', lo: partitionMoments(target, orders[0]), hi: partitionMoments(target, orders[1]) };
  }
  if (productFactor(target) !== null)
    return {
      method: 'product target y = c·z1⋯zk: exact conditioning on log|y| (log-coordinate convolution)',
      lo: productMoments(k, { h: 0.1, tMin: -30 }),
      hi: productMoments(k, { h: 0.075, tMin: -38 }),
    };
  // Continuous noiseless multi-index: refuse targets with atoms (flat regions), which the co-area formula misses.
  // An atom shows up as one floating-point value of y shared by many quadrature points (symmetries of a continuous
  // target give at most 2^k·k! coincidences).
  const { size: largestLevel } = largestLevelSet(target, k === 2 ? 24 : 12);
  if (largestLevel > 64)
    throw new UsageError(
      '--target',
      `y = ${target.fn.source} has atoms (regions where it is constant) and a continuous part; for k ≥ 2 this is supported only with --noise > 0`,
      'z1*z2',
    );
  return {
    method: 'noiseless multi-index: co-area formula along rays',
    lo: rayMoments(target, { yNodes: 4, angularTol: 1e-8, sphereNodes: 12 }),
    hi: rayMoments(target, { yNodes: 6, angularTol: 1e-10, sphereNodes: 16 }),
  };
}

/** δ_alg of docs/theory.md §3 for y = g(z) (+ noise·ξ), with a two-resolution error estimate. */
export function deltaAlg(target: LatentTarget, noise: number, opts: { tol?: number } = {}): AlgResult {
  if (!(noise >= 0 && Number.isFinite(noise))) throw new UsageError('--noise', `must be a finite number ≥ 0, got ${noise}`, '0.5');
  if (!(target.k >= 1 && target.k <= 3)) throw new UsageError('--target', `δ_alg supports k ≤ 3 latent coordinates, got k = ${target.k}`, 'z1*z2');
  const tol = opts.tol ?? 1e-4;
  const { method, lo, hi } = evaluations(target, noise);
  const k = target.k;
  const topLo = topOfStateEvolution(lo.moments);
  const value = topOfStateEvolution(hi.moments).value;
  const valueErr = Math.abs(value - topLo.value) + (hi.halfGap?.second ?? 0) + (hi.angularError ?? 0);
  const top = topOfStateEvolution(hi.moments, 2 * valueErr + 1e-12 * Math.abs(value));
  const first = topEigen(hi.moments.first, k).value;
  const firstLo = topEigen(lo.moments.first, k).value;
  const err = valueErr;
  const firstErr = Math.abs(first - firstLo) + (hi.halfGap?.first ?? 0);
  const converged = err <= tol * Math.max(1, top.value) && Number.isFinite(top.value);
  const status: SolverStatus = {
    converged,
    residual: err,
    iterations: 2,
    method,
    ...(converged ? {} : { message: `two resolutions differ by ${err.toExponential(2)} (> ${tol} relative)` }),
  };
  const base = {
    inverse_delta_alg: top.value,
    first_order_strength: first,
    overlap_matrix: top.matrix,
    top_multiplicity: top.multiplicity,
    method,
    rule: hi.rule,
    error_estimate: err,
    k,
    noise,
    status,
  };
  if (first > FIRST_ORDER_TOL + 10 * firstErr)
    return { ...base, delta_alg: 0, first_order: true, reason: `first-order direction: E_y[|E[z|y]|²] = ${first.toPrecision(4)} > 0, weak recovery at any δ > 0` };
  if (!(top.value > 1e-12))
    return { ...base, delta_alg: null, first_order: false, reason: 'E[zzᵀ | y] = I: y carries no second-order information on z (δ_alg = ∞)' };
  return { ...base, delta_alg: 1 / top.value, first_order: false };
}
