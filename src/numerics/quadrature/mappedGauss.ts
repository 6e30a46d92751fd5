// Gauss rule in a mapped variable (docs/theory.md (10.26)): for E[F(v(X))], X ~ N(0, 1), with F analytic in v but
// v(x) steep or saturating (tanh(x), tanh(x²)), the Gauss rule of the law of V = v(X) converges geometrically in
// its number of nodes where rules in x (Gauss–Hermite, panels) see the poles of v near the real axis. On each piece
// of [−L, L] where v is strictly monotone, the law of V restricted to the piece is discretised by a fine composite
// Gauss–Legendre rule in x and compressed to its n-point Gauss rule (discreteGauss.ts, exact for polynomials in v of
// degree ≤ 2n − 1 against the fine rule); each node v_k is mapped back to the x_k of its piece with v(x_k) = v_k
// (bisection), so callers that also need x (a spike coordinate) get it. Returns null when v is flat on a piece (fewer
// than 2n distinct values: no n-point Gauss rule in v there) or has more than MAX_PIECES pieces.
import { piecewiseGaussianRule } from './piecewise.js';
import { discreteGaussRule } from './discreteGauss.js';

export interface MappedGaussRule {
  /** x-values of the nodes (ascending within each piece) and their weights (sum 1 up to the cut-off mass). */
  nodes: Float64Array;
  weights: Float64Array;
  /** Number of monotone pieces of v. */
  pieces: number;
}

/** The fine rule in x: 20-node Gauss–Legendre panels of width ¼ on [−9, 9] (1440 nodes; mass outside 2e-19). */
const FINE = { nodesPerPanel: 20, maxPanelWidth: 0.25, cutoff: 9 } as const;
const MAX_PIECES = 8;

/** The n-point-per-piece Gauss rule of the law of v(X), X ~ N(0, 1), mapped back to x (see the file comment). */
export function mappedGaussRule(v: (x: number) => number, n: number): MappedGaussRule | null {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`mappedGaussRule: n must be a positive integer, got ${n}`);
  const fine = piecewiseGaussianRule([], FINE);
  const N = fine.nodes.length;
  const val = new Float64Array(N);
  for (let i = 0; i < N; i++) val[i] = v(fine.nodes[i]!);
  if (!val.every(Number.isFinite)) return null;
  // Pieces: maximal runs of nodes on which v is monotone. Equal neighbours do not split a piece (v saturates in
  // floating point, e.g. tanh(z²) = 1 for z > 4.3); a piece starts where the direction of the non-zero steps flips,
  // at the first node after the last step in the old direction (so an even v splits at the middle).
  const starts = [0];
  const moves = [0];
  let dir = 0;
  let lastMove = 0;
  for (let i = 1; i < N; i++) {
    const d = Math.sign(val[i]! - val[i - 1]!);
    if (d === 0) continue;
    if (dir !== 0 && d !== dir) {
      starts.push(lastMove + 1);
      moves.push(0);
    }
    dir = d;
    lastMove = i;
    moves[moves.length - 1]!++;
  }
  // A piece needs at least 2n distinct values for its n-point Gauss rule (fewer: v is flat there).
  if (moves.some((c) => c < 2 * n)) return null;
  if (starts.length > MAX_PIECES) return null;
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let c = 0; c < starts.length; c++) {
    const lo = starts[c]!;
    const hi = c + 1 < starts.length ? starts[c + 1]! : N;
    const g = discreteGaussRule(val.subarray(lo, hi), fine.weights.subarray(lo, hi), Math.min(n, hi - lo));
    // v is monotone on [x_lo, x_hi] (the piece's fine nodes); each Gauss node lies in the hull of their values.
    const a = fine.nodes[lo]!;
    const b = fine.nodes[hi - 1]!;
    const va = val[lo]!;
    const up = val[hi - 1]! > va;
    for (let t = 0; t < g.nodes.length; t++) {
      nodes.push(invert(v, g.nodes[t]!, a, b, up));
      weights.push(g.weights[t]!);
    }
  }
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights), pieces: starts.length };
}

/** x ∈ [a, b] with v(x) = target, v monotone on [a, b] (increasing iff `up`); bisection to rounding. */
function invert(v: (x: number) => number, target: number, a: number, b: number, up: boolean): number {
  let lo = a;
  let hi = b;
  for (let it = 0; it < 200 && hi - lo > 4 * Number.EPSILON * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (v(mid) < target === up) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
