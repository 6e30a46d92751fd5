// Kink-aware rule for E[f(G)], G ~ N(0,1), f smooth between known breaks (docs/theory.md (10.3): plain Gauss–Hermite
// converges only O(1/n) for relu, |x|, min/max, clipping). Composite Gauss–Legendre on the density:
//   E[f(G)] ≈ Σ_panels Σ_i w_i φ(x_i) f(x_i),  φ(x) = e^{−x²/2}/√(2π),
// over [−L, L] split at the breaks and into panels of width ≤ maxPanelWidth. Each panel's integrand is analytic,
// so the error decays exponentially in nodesPerPanel. The tail mass 2Φ(−L) is dropped (L = 10: 1.5e−23).
import type { GaussianRule } from './rule.js';
import { gaussLegendre } from './gaussLegendre.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Panel end points: −L, the breaks inside (−L, L) (sorted, merged within 1e−12), L, then each interval
 *  subdivided evenly so that no panel is wider than maxWidth. */
function panelEdges(breaks: readonly number[], cutoff: number, maxWidth: number): number[] {
  const inside = breaks.filter((b) => Number.isFinite(b) && b > -cutoff && b < cutoff).sort((p, q) => p - q);
  const cuts = [-cutoff];
  for (const b of inside) if (b - cuts[cuts.length - 1]! > 1e-12 * Math.max(1, Math.abs(b))) cuts.push(b);
  if (cutoff - cuts[cuts.length - 1]! <= 1e-12 * cutoff) cuts.pop();
  cuts.push(cutoff);
  const edges = [cuts[0]!];
  for (let j = 0; j + 1 < cuts.length; j++) {
    const u = cuts[j]!;
    const v = cuts[j + 1]!;
    const m = Math.max(1, Math.ceil((v - u) / maxWidth - 1e-12));
    for (let i = 1; i < m; i++) edges.push(u + ((v - u) * i) / m);
    edges.push(v);
  }
  return edges;
}

/** Composite Gauss–Legendre rule on the Gaussian density over [−L, L], panels split at `breaks`.
 *  Defaults: nodesPerPanel 20, maxPanelWidth 1, cutoff L = 10. `order` is the nodes per panel. */
export function piecewiseGaussianRule(
  breaks: readonly number[],
  opts: { nodesPerPanel?: number; maxPanelWidth?: number; cutoff?: number } = {},
): GaussianRule {
  const m = opts.nodesPerPanel ?? 20;
  const maxWidth = opts.maxPanelWidth ?? 1;
  const L = opts.cutoff ?? 10;
  if (!(L > 0 && Number.isFinite(L))) throw new RangeError(`piecewiseGaussianRule: cutoff must be positive, got ${L}`);
  if (!(maxWidth > 0)) throw new RangeError(`piecewiseGaussianRule: maxPanelWidth must be positive, got ${maxWidth}`);
  const edges = panelEdges(breaks, L, maxWidth);
  const panels = edges.length - 1;
  const nodes = new Float64Array(panels * m);
  const weights = new Float64Array(panels * m);
  for (let j = 0; j < panels; j++) {
    const gl = gaussLegendre(m, edges[j]!, edges[j + 1]!);
    for (let i = 0; i < m; i++) {
      const x = gl.nodes[i]!;
      nodes[j * m + i] = x;
      weights[j * m + i] = gl.weights[i]! * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
  }
  return { nodes, weights, kind: 'piecewise-gauss-legendre', order: m };
}
