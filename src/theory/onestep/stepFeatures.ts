// Law of the features after one large step, neuron by neuron (docs/theory.md (8.1)–(8.4)).
// Row j of W1 is w_j¹ = b_j β + v_j with b_j = κ g_j/√N (g_j = √N a_j, κ = η c_1(σ)‖ζ‖ signed) and v_j ⊥ β of norm
// s(g_j) (rowScale of smoothed.ts: the c_2(σ)E[y] rescaling of w_j and the gradient's residual part). With
// t = ⟨x, β⟩ and G_j = ⟨v_j, x⟩/s_j ~ N(0, 1) independent of t, the feature σ(b_j t + s_j G_j) splits into
//   h(t, g)                     = E_G σ(b t + s G)                       (mean part, a function of t: the spikes)
//   s(g) Σ_l a_l(g) p_l(t) G    with a_l(g) = E_t[m1(t, g) p_l(t)],  m1 = E_G σ'(b t + s G)   (linear in G, block l)
//   the rest, of variance  D*²(g) = E σ(u)² − E_t h² − s² Σ_{l≤L} a_l²,  u ~ N(0, b² + s²)   (noise, (8.3)).
// Sums over neurons are E_g over g ~ N(0, 1) on a Gauss–Hermite grid.
import type { CompiledFn } from '../../numerics/expr/index.js';
import { gaussHermite } from '../../numerics/quadrature/index.js';
import { hermitePolys } from '../../model/hermite.js';
import { scalar } from './coefficients.js';
import { gaussianSmoothing, rowScale, type KernelParams } from './smoothed.js';

export interface NeuronProfile {
  /** Gauss–Hermite weight of the node g (weights sum to 1). */
  weight: number;
  g: number;
  /** c_l(g) = s(g) a_l(g), l = 0..L: the linear coefficients of the blocks p_l(t)·G (8.2). */
  coeffs: Float64Array;
  /** D*²(g) (8.3). */
  noise2: number;
}

export interface StepFeatureLaw {
  nodes: NeuronProfile[];
  /** Number of blocks L + 1. */
  blocks: number;
  /** The Gauss–Hermite grid shared by t and g, and the mean kernel h(t_a, g_b) at index a·m + b (8.2). */
  grid: { nodes: Float64Array; weights: Float64Array };
  kernel: Float64Array;
}

/** (s, δ) ↦ E f(sG + δ): a 120-node Gauss–Hermite rule when f has no kinks, the kink-aware composite rule of
 *  smoothed.ts otherwise. */
function smoothing(f: (x: number) => number, breaks: readonly number[]): (s: number, delta: number) => number {
  if (breaks.length > 0) return gaussianSmoothing(f, breaks);
  const rule = gaussHermite(120);
  return (sd, delta) => {
    let acc = 0;
    for (let k = 0; k < 120; k++) acc += rule.weights[k]! * f(delta + sd * rule.nodes[k]!);
    return acc;
  };
}

/** Per-neuron law of the features (header) on an m-node Gauss–Hermite grid in g and in t, with blocks l = 0..L. */
export function stepFeatureLaw(act: { fn: CompiledFn; breaks: readonly number[] }, kp: KernelParams, m: number, L: number): StepFeatureLaw {
  const f = scalar(act.fn);
  const mean = smoothing(f, act.breaks);
  const square = smoothing((x) => f(x) * f(x), act.breaks);
  const rule = gaussHermite(m);
  const t = rule.nodes;
  const w = rule.weights;
  const P = Array.from({ length: m }, (_, a) => {
    const He = hermitePolys(t[a]!, L);
    let fact = 1;
    return Array.from({ length: L + 1 }, (_, l) => {
      if (l > 1) fact *= l;
      return He[l]! / Math.sqrt(fact);
    });
  });
  const scale = kp.kappa / Math.sqrt(kp.N);
  const nodes: NeuronProfile[] = [];
  const kernel = new Float64Array(m * m);
  for (let b = 0; b < m; b++) {
    const g = t[b]!;
    const s = rowScale(kp, g);
    const bg = scale * g;
    const step = 1e-4 * s;
    const a = new Float64Array(L + 1);
    let h2 = 0;
    for (let i = 0; i < m; i++) {
      const delta = bg * t[i]!;
      const h = mean(s, delta);
      kernel[i * m + b] = h;
      const m1 = (mean(s, delta + step) - mean(s, delta - step)) / (2 * step);
      h2 += w[i]! * h * h;
      for (let l = 0; l <= L; l++) a[l] = a[l]! + w[i]! * m1 * P[i]![l]!;
    }
    const second = square(Math.sqrt(s * s + bg * bg), 0);
    let lin = 0;
    for (let l = 0; l <= L; l++) lin += s * s * a[l]! * a[l]!;
    nodes.push({ weight: w[b]!, g, coeffs: a.map((x) => s * x), noise2: Math.max(0, second - h2 - lin) });
  }
  return { nodes, blocks: L + 1, grid: { nodes: t, weights: w }, kernel };
}
