// Is the Hessian weight A bounded below? The fixed-state theory (§1–§2) needs bounded weights: when ℓ'(y, f)
// grows with |f| (square loss, unbounded σ) and multiplies σ''(u_j) at a point where σ'' ≠ 0, A_jj → −∞ along
// Gaussian tails, the finite-n lowest eigenvalue is set by the most extreme samples (≈ min_i A_i/δ) and the
// deterministic-equivalent edge does not exist. Detected by comparing the weight far out (radius 64 along fixed
// directions in (z, ξ, g)) with its minimum over the quadrature atoms.
import { makeRng } from '../sim/index.js';
import type { HessianProblem } from './problem.js';
import type { NetworkState, StateFactor } from './state.js';
import { preactivations } from './state.js';

const RADIUS = 64;
const DIRECTIONS = 400;

/** min_j A_jj at the point (z, ξ, g) (the diagonal entries bound λ_min(A) from above). */
function minDiagonal(p: HessianProblem, s: NetworkState, f: StateFactor, z: Float64Array, xi: number, g: Float64Array): number[] {
  const m = s.m;
  const u = new Float64Array(m);
  preactivations(s, f, z, g, u);
  const ja = new Float64Array(4);
  const jl = new Float64Array(4);
  const s1 = new Float64Array(m), s2 = new Float64Array(m);
  let fx = 0;
  for (let j = 0; j < m; j++) {
    p.act.fn.jet([u[j]!], 0, ja);
    fx += s.readout[j]! * ja[0]!;
    s1[j] = s.readout[j]! * ja[1]!;
    s2[j] = s.readout[j]! * ja[2]!;
  }
  p.loss.fn.jet([p.target.fn.value(z) + p.noise * xi, fx], 1, jl);
  return Array.from({ length: m }, (_, j) => jl[2]! * s1[j]! ** 2 + jl[1]! * s2[j]!);
}

/** Per block j: true if A_jj is unbounded below (far-out values below twice the atoms' minimum). */
export function unboundedBelow(p: HessianProblem, s: NetworkState, f: StateFactor, atomMin: number[]): boolean[] {
  const k = s.k;
  const dim = k + 1 + f.p;
  const rng = makeRng(20260101);
  const x = new Float64Array(dim);
  const far = Array(s.m).fill(Infinity) as number[];
  for (let t = 0; t < DIRECTIONS; t++) {
    rng.fillNormal(x);
    const nx = Math.hypot(...x);
    for (const R of [RADIUS / 4, RADIUS]) {
      const pt = x.map((v) => (v / nx) * R);
      const v = minDiagonal(p, s, f, pt.subarray(0, k), p.noise > 0 ? pt[k]! : 0, pt.subarray(k + 1));
      v.forEach((a, j) => (far[j] = Math.min(far[j]!, a)));
    }
  }
  return far.map((v, j) => v < 2 * Math.min(atomMin[j]!, 0) - 1e-12 || (atomMin[j]! >= 0 && v < -1));
}
