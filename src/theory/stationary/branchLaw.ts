// The law of (z, y, v, u) with the global-minimiser prox (docs/theory.md (6.13)): for each label y, v = rG is cut
// at the jumps v* of u(v) and into panels of width PANEL·r, and each panel [a, b] is integrated in u over
// [u(a+), u(b−)] (composite Gauss–Legendre, panels ≤ U_PANEL in u) with the change of variables v = H(u),
// dv = H'(u) du, H(u) = u + κρ'_y(u):
//   E[f(u, v)] = Σ ∫ f(u, H(u)) φ_r(H(u)) H'(u) du,   E[f · ∂u/∂v] = Σ ∫ f(u, H(u)) φ_r(H(u)) du.
// The second form has no 1/(1 + κA) spike where the prox is nearly singular (1 + κA → 0 at a fold's birth).
import { gaussLegendre } from '../../numerics/quadrature/gaussLegendre.js';
import { proxBranches } from './branches.js';
import type { SampleLoss } from './prox.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Width of the u-panels (ρ varies on the scale 1 in u for the catalogue activations and losses). */
const U_PANEL = 0.25;
/** Most u-panels per label: beyond, the panels widen (a large ‖ŵ‖ on the way to a divergence); the trace
 *  equation's residual then reports the lost accuracy. */
const MAX_U_PANELS = 2000;

/** The atoms in u of one label y at (r, κ): positions, v-weights, ∂u/∂v-weights, and the jump term. */
export interface LabelRule {
  u: number[];
  v: number[];
  wV: number[];
  wP: number[];
  /** Σ_jumps φ_r(v*) (u(v*+) − u(v*−)). */
  jump: number;
  jumps: number;
  nonConvex: boolean;
}

export function labelRule(rho: SampleLoss, y: number, r: number, kappa: number, cutoff: number, panel: number, order: number): LabelRule {
  const vMax = cutoff * r;
  const br = proxBranches(rho, y, kappa, vMax, vMax + 4 + 2 * Math.abs(y));
  const phi = (v: number) => (INV_SQRT_2PI / r) * Math.exp(-0.5 * (v / r) ** 2);
  const cuts: Array<{ v: number; jump: number }> = [];
  const nPanels = Math.max(1, Math.ceil((2 * vMax) / (panel * r) - 1e-12));
  for (let k = 0; k <= nPanels; k++) cuts.push({ v: -vMax + (2 * vMax * k) / nPanels, jump: -1 });
  br.jumps.forEach((j, k) => { if (j.v > -vMax && j.v < vMax) cuts.push({ v: j.v, jump: k }); });
  cuts.sort((a, b) => a.v - b.v);
  const out = new Float64Array(3);
  const res: LabelRule = { u: [], v: [], wV: [], wP: [], jump: 0, jumps: 0, nonConvex: br.nonConvex };
  for (const j of br.jumps) if (j.v > -vMax && j.v < vMax) { res.jump += phi(j.v) * (j.uPlus - j.uMinus); res.jumps++; }
  let uSpan = 0;
  const ends: Array<[number, number] | null> = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k]!, b = cuts[k + 1]!;
    if (!(b.v > a.v)) { ends.push(null); continue; }
    const ua = a.jump >= 0 ? br.jumps[a.jump]!.uPlus : br.prox(a.v);
    const ub = b.jump >= 0 ? br.jumps[b.jump]!.uMinus : br.prox(b.v);
    ends.push(ub > ua ? [ua, ub] : null);
    if (ub > ua) uSpan += ub - ua;
  }
  const width = Math.max(U_PANEL, uSpan / MAX_U_PANELS);
  for (const e of ends) {
    if (!e) continue;
    const [ua, ub] = e;
    const m = Math.max(1, Math.ceil((ub - ua) / width - 1e-12));
    for (let i = 0; i < m; i++) {
      const gl = gaussLegendre(order, ua + ((ub - ua) * i) / m, ua + ((ub - ua) * (i + 1)) / m);
      for (let q = 0; q < order; q++) {
        const u = gl.nodes[q]!;
        rho.jet(y, u, out);
        const v = u + kappa * out[1]!;
        const slope = Math.max(0, 1 + kappa * out[2]!);
        const w = gl.weights[q]! * phi(v);
        res.u.push(u); res.v.push(v); res.wV.push(w * slope); res.wP.push(w);
      }
    }
  }
  return res;
}
