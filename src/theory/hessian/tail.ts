// Is the Hessian weight A bounded below? The fixed-state theory (§1–§2) needs bounded weights: when ℓ'(y, f)
// grows with |f| or |y| (square loss, unbounded σ, label noise) and multiplies σ''(u_j) at a point where σ'' ≠ 0,
// A_jj → −∞ along Gaussian tails, the finite-n lowest eigenvalue is set by the most extreme samples (≈ min_i A_i/δ)
// and the deterministic-equivalent edge does not exist. Two probes of A_jj far out in (z, ξ, g):
//  1. random directions, radius 16 and 64: unbounded if a far value is below twice the atoms' minimum (or below −1
//     when the atoms' minimum is ≥ 0) — catches growth along joint directions (e.g. f → −∞ with σ'' ≠ 0 along it);
//  2. coordinate axes from base points (the origin and seeded N(0, I) points): one coordinate t is moved to ±16 and
//     ±64, the others held. With fall₁ = A(base) − A(16), fall₂ = A(16) − A(64): unbounded if A keeps falling,
//       fall₂ ≥ ¼·|fall₁|,  fall₂ > 10⁻⁶·scale  and  fall₁ + fall₂ > 10⁻⁶·scale  (A(64) below the base value too),
//     scale = max(|min over the atoms|, max over the base points of |A(base)|). Bounded weights saturate (fall₂ ≈ 0,
//     or a bump that returns to its base level); growth like log t, √t, t, t² has fall₂/fall₁ ≥ ½, 1, 3, 15 (base
//     at the origin). This is the probe that sees label noise: ξ enters A only through
//     y = g(z) + σξ, so at fixed (z, g) A_jj is a function of ξ alone. E.g. square loss (ℓ' = f − y, ℓ'' = 1):
//       A_jj = (a_jσ'(u_j))² + (f − g(z) − σξ)·a_jσ''(u_j),
//     affine in ξ with slope −σ·a_jσ''(u_j); wherever σ''(u_j) ≠ 0 (GELU: everywhere but u = ±√2) and σ > 0, A_jj
//     → −∞ as ξ → +∞ (a_jσ'' > 0) or ξ → −∞ (a_jσ'' < 0), and ξ ~ N(0, 1) has unbounded support: ess inf A_jj = −∞.
//     A random direction rarely keeps u_j in the O(1) window where σ''(u_j) is not negligible, which is why probe 1
//     alone missed it. (A weight that first changes beyond 16 standard deviations also counts as unbounded: atoms cut
//     at 9 could not represent it anyway.)
import { makeRng } from '../../numerics/random/rng.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import type { NetworkState, StateFactor } from '../../model/state.js';
import { preactivations } from '../../model/state.js';

const RADIUS = 64;
const DIRECTIONS = 400;
const BASE_POINTS = 64;
/** Probe 2: a fall must exceed this fraction of the weight's scale — far above rounding, far below any fall that
 *  matters. */
const FALL_TOL = 1e-6;

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

/** A_jj (per block) at a point x = (z, [ξ], g) of the law's coordinates (ξ present iff noise > 0). */
function diagonalAt(p: HessianProblem, s: NetworkState, f: StateFactor, x: Float64Array): number[] {
  const k = s.k;
  const hasXi = p.noise > 0;
  return minDiagonal(p, s, f, x.subarray(0, k), hasXi ? x[k]! : 0, x.subarray(k + (hasXi ? 1 : 0)));
}

/** Per block j: true if A_jj is unbounded below (see the file comment for the two probes). */
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
  const byDirections = far.map((v, j) => v < 2 * Math.min(atomMin[j]!, 0) - 1e-12 || (atomMin[j]! >= 0 && v < -1));
  const byAxes = axisFall(p, s, f, atomMin);
  return byDirections.map((b, j) => b || byAxes[j]!);
}

/** Probe 2: per block, does A_jj keep falling along some coordinate axis from some base point? */
function axisFall(p: HessianProblem, s: NetworkState, f: StateFactor, atomMin: number[]): boolean[] {
  const dim = s.k + (p.noise > 0 ? 1 : 0) + f.p;
  const rng = makeRng(20260102);
  const bases: Float64Array[] = [new Float64Array(dim)];
  for (let b = 1; b < BASE_POINTS; b++) {
    const x = new Float64Array(dim);
    rng.fillNormal(x);
    bases.push(x);
  }
  const atBase = bases.map((x) => diagonalAt(p, s, f, x));
  const scale = atomMin.map((v, j) => Math.max(Math.abs(v), ...atBase.map((a) => Math.abs(a[j]!)), 1e-300));
  const pt = new Float64Array(dim);
  const out = Array(s.m).fill(false) as boolean[];
  bases.forEach((base, b) => {
    const a0 = atBase[b]!;
    for (let c = 0; c < dim; c++)
      for (const sign of [1, -1]) {
        pt.set(base);
        pt[c] = (sign * RADIUS) / 4;
        const a16 = diagonalAt(p, s, f, pt);
        pt[c] = sign * RADIUS;
        const a64 = diagonalAt(p, s, f, pt);
        for (let j = 0; j < s.m; j++) {
          const fall1 = a0[j]! - a16[j]!;
          const fall2 = a16[j]! - a64[j]!;
          const tol = FALL_TOL * scale[j]!;
          if (fall2 >= 0.25 * Math.abs(fall1) && fall2 > tol && fall1 + fall2 > tol) out[j] = true;
        }
      }
  });
  return out;
}
