// Where the global-minimiser prox starts to jump, as a function of the latent z (docs/theory.md (6.14)):
// the prox of label y folds (H(u) = u + κρ'_y(u) is not monotone, so u(v) jumps, docs/theory.md (6.13)) iff
//   1 + κ·c(y) ≤ 0,   c(y) = min_u ρ''_y(u).
// At the onset the jump has size 0 and grows like a square root (for σ(u) = u², y = z²: 2√(z² − 1/(2κ)), so the
// integrands of (6.4)–(6.5) and (6.13) have √-kinks at z² = 1/(2κ)). A composite rule in z converges only as
// h^{3/2} across such a kink and exponentially on either side: the z-rule is split at the roots z* of
// 1 + κ·c(g(z)) = 0, which move with κ and are recomputed at every (r, κ).
import { minimizeBounded } from '../../numerics/roots/minimize.js';
import { gaussLegendre } from '../../numerics/quadrature/gaussLegendre.js';
import type { SampleLoss } from './prox.js';

/** min of ρ''_y over [−U, U]: the smallest value on the grid of proxBranches (branches.ts, `grid` cells), refined
 *  by Brent's minimiser on the two cells around it. */
export function minCurvature(rho: SampleLoss, y: number, U: number, grid = 600): number {
  const out = new Float64Array(3);
  const curv = (u: number) => { rho.jet(y, u, out); return out[2]!; };
  let k0 = 0, c0 = Infinity;
  for (let k = 0; k <= grid; k++) {
    const c = curv(-U + (2 * U * k) / grid);
    if (c < c0) { c0 = c; k0 = k; }
  }
  const a = -U + (2 * U * Math.max(0, k0 - 1)) / grid, b = -U + (2 * U * Math.min(grid, k0 + 1)) / grid;
  const m = minimizeBounded(curv, a, b, { xtol: 1e-12 * (1 + U) });
  return Math.min(c0, m.fx);
}

export interface FoldOnset {
  z: number;
  /** +1: the prox folds for z just above z*; −1: just below. */
  side: 1 | -1;
}

/** Roots z* of s(z) = 1 + κ·c(g(z)) between adjacent points of the sorted z-nodes `zs` where s changes sign (one
 *  root per such pair; a pair with a kink of the target between them is skipped: the label jumps there and the
 *  rule is already split at the kink), refined by bisection to machine precision. U(y) is the u-window of
 *  labelRule for that label. */
export function foldOnsets(
  rho: SampleLoss, g: (z: number) => number, zs: Float64Array, kinks: readonly number[], kappa: number, U: (y: number) => number,
): FoldOnset[] {
  const s = (z: number) => { const y = g(z); return 1 + kappa * minCurvature(rho, y, U(y)); };
  const out: FoldOnset[] = [];
  let zPrev = zs[0]!, sPrev = s(zPrev);
  for (let i = 1; i < zs.length; i++) {
    const z = zs[i]!, sz = s(z);
    if ((sz > 0) !== (sPrev > 0) && !kinks.some((k) => k > zPrev && k < z)) {
      let a = zPrev, b = z;
      const aPos = sPrev > 0;
      for (let it = 0; it < 100 && b - a > 2 * Number.EPSILON * Math.max(1, Math.abs(a)); it++) {
        const m = 0.5 * (a + b);
        if ((s(m) > 0) === aPos) a = m; else b = m;
      }
      out.push({ z: 0.5 * (a + b), side: aPos ? 1 : -1 });
    }
    zPrev = z; sPrev = sz;
  }
  return out;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Composite Gauss–Legendre rule for E[f(z)], z ~ N(0,1), over [−L, L] (docs/theory.md (6.15)): panels between the
 *  sorted `edges` (which must include ±L) and the onsets; on the folded side of an onset z*, up to the next onset
 *  (or the midpoint between two onsets folded towards each other), every panel is integrated in s = √|z − z*|
 *  (z = z* ± s², dz = 2s ds), where f = a + b·√|z − z*| with a, b smooth becomes smooth. The rule varies continuously
 *  with z*: a panel that changes sides as z* crosses an edge has width 0 at that moment. */
export function foldSplitRule(edges: readonly number[], onsets: readonly FoldOnset[], L: number, order: number): { nodes: Float64Array; weights: Float64Array } {
  const folds = [...onsets].filter((o) => o.z > -L && o.z < L).sort((a, b) => a.z - b.z);
  // Anchored stretches: [z*, end] (side +1) or [start, z*] (side −1), ends at the neighbouring onset or the midpoint.
  const stretches: Array<{ lo: number; hi: number; anchor: number; side: 1 | -1 }> = [];
  folds.forEach((o, k) => {
    if (o.side === 1) {
      const next = folds[k + 1];
      const hi = next === undefined ? L : next.side === -1 ? 0.5 * (o.z + next.z) : next.z;
      stretches.push({ lo: o.z, hi, anchor: o.z, side: 1 });
    } else {
      const prev = folds[k - 1];
      const lo = prev === undefined ? -L : prev.side === 1 ? 0.5 * (prev.z + o.z) : prev.z;
      stretches.push({ lo, hi: o.z, anchor: o.z, side: -1 });
    }
  });
  const cuts = [...edges, ...stretches.flatMap((s) => [s.lo, s.hi])].filter((x) => x >= -L && x <= L).sort((a, b) => a - b);
  const gl = gaussLegendre(order, -1, 1);
  const nodes: number[] = [], weights: number[] = [];
  for (let j = 0; j + 1 < cuts.length; j++) {
    const a = cuts[j]!, b = cuts[j + 1]!;
    if (!(b > a)) continue;
    const mid = 0.5 * (a + b);
    const st = stretches.find((s) => mid > s.lo && mid < s.hi);
    // The map x ∈ [−1, 1] → z: linear, or through s (s² = |z − z*|) linear in x.
    const sa = st ? Math.sqrt(Math.abs(a - st.anchor)) : 0, sb = st ? Math.sqrt(Math.abs(b - st.anchor)) : 0;
    for (let i = 0; i < order; i++) {
      const x = gl.nodes[i]!, w = gl.weights[i]!;
      let z: number, jac: number;
      if (!st) { z = mid + 0.5 * (b - a) * x; jac = 0.5 * (b - a); }
      else {
        const s = 0.5 * (sa + sb) + 0.5 * (sb - sa) * x;
        z = st.anchor + st.side * s * s;
        jac = 2 * s * 0.5 * Math.abs(sb - sa);
      }
      nodes.push(z);
      weights.push(w * jac * INV_SQRT_2PI * Math.exp(-0.5 * z * z));
    }
  }
  const idx = nodes.map((_, i) => i).sort((p, q) => nodes[p]! - nodes[q]!);
  return { nodes: Float64Array.from(idx, (i) => nodes[i]!), weights: Float64Array.from(idx, (i) => weights[i]!) };
}
