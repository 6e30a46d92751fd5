// Quadrature against the spectral law of W0 W0ᵀ (N×N, entries N(0, 1/d)): the Marchenko–Pastur law with ratio
// γ = N/d, density √((b−x)(x−a))/(2πγx) on [a, b] = [(1−√γ)², (1+√γ)²] plus an atom 1 − 1/γ at 0 when γ > 1
// (Marchenko & Pastur 1967; Bai & Silverstein 2010, Thm 3.6). With x = (a+b)/2 + r cos θ, r = (b−a)/2, the
// density becomes r² sin²θ/(2πγx) dθ on [0, π], smooth, so the midpoint rule converges spectrally.

export interface SpectralRule {
  nodes: Float64Array;
  weights: Float64Array;
}

/** Atoms (x_q, w_q) of the Marchenko–Pastur law with ratio γ (weights sum to 1): M midpoint nodes in θ plus the
 *  atom at 0 when γ > 1. */
export function marchenkoPasturRule(gamma: number, M = 400): SpectralRule {
  const a = (1 - Math.sqrt(gamma)) ** 2;
  const b = (1 + Math.sqrt(gamma)) ** 2;
  const mid = 0.5 * (a + b);
  const r = 0.5 * (b - a);
  const atom = gamma > 1 ? 1 - 1 / gamma : 0;
  const size = M + (atom > 0 ? 1 : 0);
  const nodes = new Float64Array(size);
  const weights = new Float64Array(size);
  for (let q = 0; q < M; q++) {
    const th = (Math.PI * (q + 0.5)) / M;
    const x = mid + r * Math.cos(th);
    const s = Math.sin(th);
    nodes[q] = x;
    weights[q] = ((Math.PI / M) * r * r * s * s) / (2 * Math.PI * gamma * x);
  }
  if (atom > 0) {
    nodes[M] = 0;
    weights[M] = atom;
  }
  return { nodes, weights };
}

/** ∫ h dMP_γ on a rule. */
export function mpIntegral(rule: SpectralRule, h: (x: number) => number): number {
  let s = 0;
  for (let q = 0; q < rule.nodes.length; q++) s += rule.weights[q]! * h(rule.nodes[q]!);
  return s;
}
