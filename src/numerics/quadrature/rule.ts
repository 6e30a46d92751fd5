// A quadrature rule for E[f(G)], G ~ N(0, 1): E[f(G)] ≈ Σ_i weights[i] f(nodes[i]), Σ weights = 1.

export interface GaussianRule {
  nodes: Float64Array;
  weights: Float64Array;
  /** e.g. "gauss-hermite" or "piecewise-gauss-legendre". */
  kind: string;
  /** Number of nodes for Gauss–Hermite; nodes per panel for piecewise rules. */
  order: number;
}

/** E[f(G)] under the rule. */
export function integrate(rule: { nodes: Float64Array; weights: Float64Array }, f: (x: number) => number): number {
  let s = 0;
  const { nodes, weights } = rule;
  for (let i = 0; i < nodes.length; i++) s += weights[i]! * f(nodes[i]!);
  return s;
}
