// Block j's scalar weight when the other neurons are independent of (z, u_j) (docs/theory.md (10.25)):
//   T_j = ℓ''(y, f)(a_jσ'(u_j))² + ℓ'(y, f) a_jσ''(u_j),   f = a_jσ(u_j) + F_{−j},   F_{−j} = Σ_{l≠j} a_lσ(u_l).
// If every w_l (l ≠ j) is orthogonal to the latent space, to w_j and to the other w_t (one target coordinate z, no
// label noise), F_{−j} is independent of (z, u_j) and T_j is a function of three independent variables:
//   (z, u_j/r_j = c_j z + ℓ_j v) by the panel-aligned rule in the plane (z, v), and F_{−j} by the n_F-point Gauss
// rule of its law. That law is the convolution of the laws of a_lσ(r_l ℓ_l g), each discretised by the panel
// rule in g; after each convolution it is compressed to its n_F-point Gauss rule (discreteGauss.ts), which keeps the
// moments of degree ≤ 2n_F − 1 of the sum. So any m costs (panel nodes)² × n_F atoms per block, where the joint
// law needs (panel nodes)^{m+1}.
import { discreteGaussRule } from '../../numerics/quadrature/index.js';
import type { MatrixLaw } from '../rmt/matrixLaw.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import type { NetworkState, StateFactor } from '../../model/state.js';
import { kinkAlignedAtoms } from './kinkAlignedRule.js';
import { PANEL_BREAKS, type JointAtoms } from './jointLaw.js';

/** Orthogonality tolerance for "independent". */
const ORTHO_TOL = 1e-12;

/** Does the reduction apply to block j (smooth σ, m ≥ 3, k = 1, no noise; every other neuron orthogonal to the
 *  latent direction, to w_j and to the remaining neurons)? */
export function separableBlockApplies(p: HessianProblem, s: NetworkState, f: StateFactor, j: number): boolean {
  if (p.act.fn.switches.length > 0 || s.m < 3 || s.k !== 1 || p.noise > 0) return false;
  for (let l = 0; l < s.m; l++) {
    if (l === j) continue;
    if (Math.abs(s.latentCos[l]!) > ORTHO_TOL) return false;
    for (let t = 0; t < s.m; t++) {
      if (t === l) continue;
      let c = 0;
      for (let q = 0; q < f.p; q++) c += f.L[l * f.p + q]! * f.L[t * f.p + q]!;
      if (Math.abs(c) > ORTHO_TOL) return false;
    }
  }
  return true;
}

const norm = (f: StateFactor, j: number) => Math.hypot(...f.L.subarray(j * f.p, (j + 1) * f.p));

/** Gauss rule (nF nodes) for the law of F_{−j}; the panel rule with `per` nodes per panel in each g_l. */
function otherNeuronsRule(p: HessianProblem, s: NetworkState, f: StateFactor, j: number, per: number, nF: number): { nodes: Float64Array; weights: Float64Array } {
  let nodes: Float64Array = Float64Array.of(0);
  let weights: Float64Array = Float64Array.of(1);
  const g = kinkAlignedAtoms(1, [{ vector: Float64Array.of(1), breaks: PANEL_BREAKS }], per, { perInterval: per });
  const ja = new Float64Array(4);
  for (let l = 0; l < s.m; l++) {
    if (l === j || s.readout[l] === 0) continue;
    const scale = s.norms[l]! * norm(f, l);
    const x = g.points.map((t) => {
      p.act.fn.jet([scale * t], 0, ja);
      return s.readout[l]! * ja[0]!;
    });
    const sum = new Float64Array(nodes.length * x.length);
    const w = new Float64Array(sum.length);
    for (let a = 0; a < nodes.length; a++)
      for (let b = 0; b < x.length; b++) {
        sum[a * x.length + b] = nodes[a]! + x[b]!;
        w[a * x.length + b] = weights[a]! * g.weights[b]!;
      }
    ({ nodes, weights } = sum.length > nF ? discreteGaussRule(sum, w, nF) : { nodes: sum, weights: w });
  }
  return { nodes, weights };
}

/** The scalar law of A_jj with ζ = (z), on (panel rule in (z, v)) × (nF-point Gauss rule of F_{−j}). */
export function separableBlockLaw(p: HessianProblem, s: NetworkState, f: StateFactor, j: number, per: number, nF: number): { law: MatrixLaw; atoms: JointAtoms } {
  const c = s.latentCos[j]!;
  const l = norm(f, j);
  const plane = kinkAlignedAtoms(2, [{ vector: Float64Array.of(c, l), breaks: PANEL_BREAKS }, { vector: Float64Array.of(1, 0), breaks: PANEL_BREAKS }], per, { perInterval: per, complementOrder: 4 * per });
  const F = otherNeuronsRule(p, s, f, j, per, nF);
  const size = plane.size * F.nodes.length;
  const A = new Float64Array(size);
  const zeta = new Float64Array(size);
  const weights = new Float64Array(size);
  const ja = new Float64Array(4);
  const jl = new Float64Array(4);
  const a = s.readout[j]!;
  const zv = new Float64Array(1);
  for (let i = 0; i < plane.size; i++) {
    const z = plane.points[2 * i]!;
    const v = plane.points[2 * i + 1]!;
    zv[0] = z;
    const y = p.target.fn.value(zv);
    p.act.fn.jet([s.norms[j]! * (c * z + l * v)], 0, ja);
    const own = a * ja[0]!;
    const s1 = a * ja[1]!;
    const s2 = a * ja[2]!;
    for (let t = 0; t < F.nodes.length; t++) {
      const idx = i * F.nodes.length + t;
      p.loss.fn.jet([y, own + F.nodes[t]!], 1, jl);
      A[idx] = jl[2]! * s1 * s1 + jl[1]! * s2;
      zeta[idx] = z;
      weights[idx] = plane.weights[i]! * F.weights[t]!;
    }
  }
  const rule = `separable block rule[panel-aligned (z, u_${j + 1}) plane with ${per} nodes per panel × ${F.nodes.length}-point Gauss rule of the other neurons' output]`;
  const law: MatrixLaw = { m: 1, k: 1, size, weights, A, zeta, coords: ['z'], origin: `exact Hessian block ${j + 1} weight at a fixed state; atoms ${rule}` };
  const atoms: JointAtoms = {
    dim: 3, size, points: new Float64Array(0), weights, xiIndex: -1, gIndex: 1, rule,
    resolution: { kind: 'panels', nodesPerPanel: per, complementOrder: nF },
  };
  return { law, atoms };
}
