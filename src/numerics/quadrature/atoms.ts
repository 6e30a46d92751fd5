// Atoms (points, weights) for E[f(X)], X ~ N(0, I_k), k ≤ 4: a nested product rule. Outer coordinates
// x_1..x_{k−1} use Gauss–Hermite of the given order; the innermost coordinate x_k, on each line through an outer
// node, uses the kink-aware piecewise rule with breaks at the zeros of the switch functions restricted to that
// line (docs/theory.md (10.4): split at kinks). For dim = 2 the outer coordinate is split too, at the zeros of the switches on
// two generic probe lines (outerBreaksDim2); for dim 3–4 kinks whose location does not depend on x_k are seen only
// by the outer Gauss–Hermite rule and converge O(1/order) — put the kinked coordinate last when possible. Breaks are
// searched on a grid of 1000 cells over [−10, 10] per line: two zeros within 0.02 of each other can be missed.
import { gaussHermite } from './gaussHermite.js';
import { piecewiseGaussianRule } from './piecewise.js';
import { findBreaks } from './breaks.js';

export interface GaussianAtoms {
  dim: number;
  size: number;
  /** size × dim, row-major (point i is points[i·dim .. i·dim + dim − 1]). */
  points: Float64Array;
  /** Sum to 1. */
  weights: Float64Array;
  /** Gauss–Hermite order of the outer coordinates (and of the inner one when there are no switches); for dim 1
   *  with switches, the nodes per panel of the piecewise rule. */
  order: number;
  rule: string;
}

const DEFAULT_ORDER = [200, 48, 24, 12] as const;
const INNER = { nodesPerPanel: 16, maxPanelWidth: 2, cutoff: 10 } as const;
const BREAK_GRID = 1000;
/** Generic values of x_2 on which outer breaks are probed (dim = 2); not 0, where product switches vanish identically. */
const OUTER_PROBES = [0.3137, -0.7071] as const;

/** Nested product rule for N(0, I_dim), dim ∈ {1, 2, 3, 4}; default order 200, 48, 24, 12 by dim. Without
 *  switches it is the tensor Gauss–Hermite rule. */
export function gaussianAtoms(
  dim: number,
  opts: { switches?: ReadonlyArray<(args: ArrayLike<number>) => number>; order?: number } = {},
): GaussianAtoms {
  if (!(Number.isInteger(dim) && dim >= 1 && dim <= 4)) throw new RangeError(`gaussianAtoms: dim must be 1, 2, 3 or 4, got ${dim}`);
  const order = opts.order ?? DEFAULT_ORDER[dim - 1]!;
  const switches = opts.switches ?? [];
  const outerBreaks = dim === 2 ? outerBreaksDim2(switches) : [];
  const gh =
    dim === 1 && switches.length > 0
      ? { nodes: new Float64Array(0), weights: new Float64Array(0) }
      : outerBreaks.length > 0
        ? piecewiseGaussianRule(outerBreaks, INNER)
        : gaussHermite(order);
  const outerOrder = gh.nodes.length;
  const outerCount = outerOrder ** (dim - 1);
  const outer = new Float64Array(dim);
  const chunks: { points: Float64Array; weights: Float64Array }[] = [];
  let size = 0;
  for (let line = 0; line < outerCount; line++) {
    // Outer multi-index, first coordinate slowest.
    let rem = line;
    let wOuter = 1;
    for (let j = dim - 2; j >= 0; j--) {
      const i = rem % outerOrder;
      rem = (rem - i) / outerOrder;
      outer[j] = gh.nodes[i]!;
      wOuter *= gh.weights[i]!;
    }
    if (wOuter === 0) continue;
    let inner: { nodes: Float64Array; weights: Float64Array };
    if (switches.length === 0) inner = gh;
    else {
      const args = outer.slice();
      const restricted = switches.map((s) => (t: number) => {
        args[dim - 1] = t;
        return s(args);
      });
      inner = piecewiseGaussianRule(findBreaks(restricted, { cutoff: INNER.cutoff, grid: BREAK_GRID }), INNER);
    }
    const m = inner.nodes.length;
    const points = new Float64Array(m * dim);
    const weights = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < dim - 1; j++) points[i * dim + j] = outer[j]!;
      points[i * dim + dim - 1] = inner.nodes[i]!;
      weights[i] = wOuter * inner.weights[i]!;
    }
    chunks.push({ points, weights });
    size += m;
  }
  const points = new Float64Array(size * dim);
  const weights = new Float64Array(size);
  let at = 0;
  for (const c of chunks) {
    points.set(c.points, at * dim);
    weights.set(c.weights, at);
    at += c.weights.length;
  }
  const innerName =
    switches.length === 0
      ? `gauss-hermite(${order})`
      : `piecewise-gauss-legendre(${INNER.nodesPerPanel}/panel, width ≤ ${INNER.maxPanelWidth}, L = ${INNER.cutoff}, split at switch zeros per line)`;
  const outerName = outerBreaks.length > 0 ? `piecewise-gauss-legendre(split at ${outerBreaks.length} outer break(s))` : `gauss-hermite(${order})^${dim - 1}`;
  const rule = dim === 1 ? innerName : `${outerName} × ${innerName}`;
  return { dim, size, points, weights, order: dim === 1 && switches.length > 0 ? INNER.nodesPerPanel : order, rule };
}

/** For dim = 2, breaks of the outer coordinate x_1: zeros along x_1 of the switches on two generic lines
 *  x_2 = c. The outer integrand x_1 ↦ E[f | x_1] is non-smooth where the inner kinks appear, merge or cross
 *  x_1-independent kinks (e.g. x_1 = 0 for sign(x_1x_2), |x_1| = √3 for min(x_1² + x_2², 3) up to the probe's
 *  offset); a spurious break only adds a panel, so probing generously is safe. */
function outerBreaksDim2(switches: ReadonlyArray<(args: ArrayLike<number>) => number>): number[] {
  if (switches.length === 0) return [];
  const found: number[] = [];
  for (const c of OUTER_PROBES) {
    const args = new Float64Array(2);
    args[1] = c;
    const along = switches.map((s) => (t: number) => {
      args[0] = t;
      return s(args);
    });
    found.push(...findBreaks(along, { cutoff: INNER.cutoff, grid: BREAK_GRID }));
  }
  found.sort((a, b) => a - b);
  return found.filter((x, i) => i === 0 || x - found[i - 1]! > 1e-9);
}
