// Gauss rule in a mapped variable (docs/theory.md (10.26)): for E[F(v(X))], X ~ N(0, 1), with F analytic in v but
// v(x) steep or saturating (tanh(x), tanh(x²)), the Gauss rule of the law of V = v(X) converges geometrically in
// its number of nodes where rules in x (Gauss–Hermite, panels) see the poles of v near the real axis. On each piece
// of [−L, L] where v is strictly monotone, the law of V restricted to the piece is discretised by a fine composite
// Gauss–Legendre rule in x and compressed to its n-point Gauss rule (discreteGauss.ts, exact for polynomials in v of
// degree ≤ 2n − 1 against the fine rule); each node v_k is mapped back to the x_k of its piece with v(x_k) = v_k
// (bisection), so callers that also need x (a spike coordinate) get it. Where v is constant in floating point
// (plateaus) the rule is the 2-point Gauss rule in x. Returns null if v has more than MAX_PIECES pieces or is not
// finite.
import { piecewiseGaussianRule } from './piecewise.js';
import { discreteGaussProjection, discreteGaussRule } from './discreteGauss.js';

export interface MappedGaussRule {
  /** x-values of the nodes (ascending within each piece) and their weights (sum 1 up to the cut-off mass). */
  nodes: Float64Array;
  weights: Float64Array;
  /** For spike coordinates: the values to use for x and x² at each node — on a monotone piece the projections
   *  Π_n[x](v_k), Π_n[x²](v_k) onto polynomials in v of degree ≤ n − 1 (x(v)² = atanh(v)² for tanh is not
   *  polynomial-like near v = ±1, and Σ w_k F(v_k) x_k² converges only algebraically; with the projections the
   *  error is a product of two projection errors and geometric for analytic F); on a plateau x_k and x_k². */
  x1: Float64Array;
  x2: Float64Array;
  /** Number of monotone pieces of v and of plateaus (each plateau: a 2-point Gauss rule in x). */
  pieces: number;
  plateaus: number;
}

/** The fine rule in x: 20-node Gauss–Legendre panels of width ¼ on [−9, 9] (1440 nodes; mass outside 2e-19). */
const FINE = { nodesPerPanel: 20, maxPanelWidth: 0.25, cutoff: 9 } as const;
const MAX_PIECES = 8;
const PLATEAU_NODES = 2;
/** Steps of v between neighbouring fine nodes below this fraction of its range are rounding (F is constant there). */
const PLATEAU_RTOL = 1e-13;

/** The n-point-per-piece Gauss rule of the law of v(X), X ~ N(0, 1), mapped back to x (see the file comment). */
export function mappedGaussRule(v: (x: number) => number, n: number): MappedGaussRule | null {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`mappedGaussRule: n must be a positive integer, got ${n}`);
  const fine = piecewiseGaussianRule([], FINE);
  const N = fine.nodes.length;
  const val = new Float64Array(N);
  for (let i = 0; i < N; i++) val[i] = v(fine.nodes[i]!);
  if (!val.every(Number.isFinite)) return null;
  // Plateaus: runs of at least a panel's worth of nodes whose steps are ≤ PLATEAU_RTOL of the range of v (shorter
  // runs are the clustered nodes at panel ends, not plateaus; v saturates in floating point, e.g. tanh(z²) = 1 for |z| > 4.3, or is
  // constant on a stretch). There x is not a function of v; F(v) is constant and a caller's polynomial in x of degree
  // ≤ 3 (spike coordinates appear at most squared) is integrated exactly by the 2-point Gauss rule of x there.
  const flat = new Uint8Array(N);
  let vmin = Infinity;
  let vmax = -Infinity;
  for (const x of val) {
    vmin = Math.min(vmin, x);
    vmax = Math.max(vmax, x);
  }
  const tol = PLATEAU_RTOL * (vmax - vmin);
  for (let i = 0; i < N; ) {
    let j = i + 1;
    while (j < N && Math.abs(val[j]! - val[j - 1]!) <= tol) j++;
    if (j - i >= FINE.nodesPerPanel) flat.fill(1, i, j);
    i = j;
  }
  // Pieces: plateaus, and between them maximal runs on which v is monotone; a single equal pair does not split a
  // run, and a run splits where the direction of its steps flips, after the last step in the old direction (so an
  // even v splits at the middle).
  const pieces: { lo: number; hi: number; flat: boolean }[] = [];
  for (let i = 0; i < N; ) {
    if (flat[i]) {
      let j = i;
      while (j < N && flat[j]) j++;
      pieces.push({ lo: i, hi: j, flat: true });
      i = j;
      continue;
    }
    let dir = 0;
    let lastMove = i;
    let start = i;
    let j = i + 1;
    for (; j < N && !flat[j]; j++) {
      const d = Math.sign(val[j]! - val[j - 1]!);
      if (d === 0) continue;
      if (dir !== 0 && d !== dir) {
        pieces.push({ lo: start, hi: lastMove + 1, flat: false });
        start = lastMove + 1;
      }
      dir = d;
      lastMove = j;
    }
    pieces.push({ lo: start, hi: j, flat: false });
    i = j;
  }
  if (pieces.length > MAX_PIECES) return null;
  const nodes: number[] = [];
  const weights: number[] = [];
  const x1: number[] = [];
  const x2: number[] = [];
  for (const { lo, hi, flat: isFlat } of pieces) {
    if (isFlat) {
      const g = discreteGaussRule(fine.nodes.subarray(lo, hi), fine.weights.subarray(lo, hi), Math.min(PLATEAU_NODES, hi - lo));
      nodes.push(...g.nodes);
      weights.push(...g.weights);
      x1.push(...g.nodes);
      x2.push(...g.nodes.map((t) => t * t));
      continue;
    }
    const xs = fine.nodes.subarray(lo, hi);
    const g = discreteGaussProjection(val.subarray(lo, hi), fine.weights.subarray(lo, hi), Math.min(n, hi - lo), [xs, xs.map((t) => t * t)]);
    x1.push(...g.projections[0]!);
    x2.push(...g.projections[1]!);
    // v is monotone on [x_lo, x_hi] (the piece's fine nodes); each Gauss node lies in the hull of their values.
    const a = fine.nodes[lo]!;
    const b = fine.nodes[hi - 1]!;
    const up = val[hi - 1]! > val[lo]!;
    for (let t = 0; t < g.nodes.length; t++) {
      nodes.push(invert(v, g.nodes[t]!, a, b, up));
      weights.push(g.weights[t]!);
    }
  }
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights), x1: Float64Array.from(x1), x2: Float64Array.from(x2), pieces: pieces.filter((c) => !c.flat).length, plateaus: pieces.filter((c) => c.flat).length };
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
