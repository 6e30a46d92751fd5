// Is the Hessian weight A bounded below? The fixed-state theory (§1–§2) needs bounded weights: when ℓ'(y, f)
// grows with |f| or |y| (square loss, unbounded σ, label noise) and multiplies σ''(u_j) at a point where σ'' ≠ 0,
// A_jj → −∞ along Gaussian tails, the finite-n lowest eigenvalue is set by the most extreme samples (≈ min_i A_i/δ)
// and the deterministic-equivalent edge does not exist. First a sufficient condition for boundedness: no label
// noise, σ, σ', σ'' and the target saturate (their largest magnitudes out to 10³ equal those out to 40), so y and
// f = Σ_j a_jσ(u_j) lie in a bounded box on which ℓ' and ℓ'' are finite (checked on a grid): then A is bounded
// (tanh, sigmoid, erf with y = tanh(z²)). Otherwise two probes of A_jj far out in (z, ξ, g), both asking that A
// keep falling as the radius grows (a bounded weight saturates; one that is merely lower somewhere far out than on
// the atoms — a step or a bump the atoms do not reach — is not unbounded):
//  1. random directions, radius 16 and 64: unbounded if the lowest value at 64 is below twice the lowest value at 16
//     (and at 0) and below twice the atoms' minimum (or below −1 when the atoms' minimum is ≥ 0) — catches growth
//     along joint directions (e.g. f → −∞ with σ'' ≠ 0 along it);
//  2. coordinate axes from base points (the origin and seeded N(0, I) points), and for each block j the axes
//     projected onto the complement of neuron j's direction (u_j held while the other neurons, the target and the
//     noise move — how GELU's f = Σ_l a_lσ(u_l) grows under σ''(u_j) ≠ 0 when the neurons are correlated and no
//     coordinate axis keeps u_j fixed): the point moves by t = ±16, ±64 and ±256 along the axis. With fall₁ = A(base) − A(16), fall₂ = A(16) − A(64), fall₃ = A(64) − A(256):
//     unbounded if A keeps falling,
//       fall₂ ≥ ¼·|fall₁|,  fall₃ ≥ ¼·|fall₂|,  fall₂, fall₃ > 10⁻⁶·scale  and  fall₁ + fall₂ > 10⁻⁶·scale,
//     scale = max(|min over the atoms|, max over the base points of |A(base)|) (A(256) not finite: fall₃ is not
//     asked for). Bounded weights saturate (fall₂ or fall₃ ≈ 0, or a bump that returns to its base level); growth
//     like log t, √t, t, t² has fall₂/fall₁ ≥ ½, 1, 3, 15 and fall₃/fall₂ = 1, 2, 4, 16 (base at the origin). This
//     is the probe that sees label noise: ξ enters A only through
//     y = g(z) + σξ, so at fixed (z, g) A_jj is a function of ξ alone. E.g. square loss (ℓ' = f − y, ℓ'' = 1):
//       A_jj = (a_jσ'(u_j))² + (f − g(z) − σξ)·a_jσ''(u_j),
//     affine in ξ with slope −σ·a_jσ''(u_j); wherever σ''(u_j) ≠ 0 (GELU: everywhere but u = ±√2) and σ > 0, A_jj
//     → −∞ as ξ → +∞ (a_jσ'' > 0) or ξ → −∞ (a_jσ'' < 0), and ξ ~ N(0, 1) has unbounded support: ess inf A_jj = −∞.
//     A random direction rarely keeps u_j in the O(1) window where σ''(u_j) is not negligible, which is why probe 1
//     alone missed it.
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

const SATURATION_NEAR = 40;
const SATURATION_FAR = 1e3;
const SATURATION_RTOL = 1e-3;

/** Largest |h| on |x| ≤ R (a grid denser near 0) for R = SATURATION_NEAR and SATURATION_FAR; null if not finite. */
function saturates(h: (x: number) => number): { max: number } | null {
  const grid = (R: number) => Array.from({ length: 801 }, (_, i) => (i - 400) / 400).map((t) => Math.sign(t) * R * t * t);
  const near = Math.max(...grid(SATURATION_NEAR).map((x) => Math.abs(h(x))), ...Array.from({ length: 401 }, (_, i) => Math.abs(h(-4 + i / 50))));
  const far = Math.max(...grid(SATURATION_FAR).map((x) => Math.abs(h(x))));
  return Number.isFinite(near) && Number.isFinite(far) && far <= near * (1 + SATURATION_RTOL) + 1e-300 ? { max: near } : null;
}

/** The sufficient condition of the file comment: A is bounded (no probes needed). */
function boundedByConstruction(p: HessianProblem, s: NetworkState): boolean {
  if (p.noise > 0) return false;
  const ja = new Float64Array(4);
  const x1 = new Float64Array(1);
  const jets = [0, 1, 2].map((order) => saturates((x) => {
    x1[0] = x;
    p.act.fn.jet(x1, 0, ja);
    return ja[order]!;
  }));
  if (jets.some((j) => j === null)) return false;
  const k = s.k;
  const rng = makeRng(20260103);
  const dirs = Array.from({ length: k === 1 ? 1 : 64 }, () => {
    const d = new Float64Array(k);
    if (k === 1) d[0] = 1;
    else rng.fillNormal(d);
    const n = Math.hypot(...d);
    return d.map((v) => v / n);
  });
  const z = new Float64Array(k);
  let ymax = 0;
  for (const d of dirs) {
    const t = saturates((x) => {
      for (let r = 0; r < k; r++) z[r] = x * d[r]!;
      return p.target.fn.value(z);
    });
    if (!t) return false;
    ymax = Math.max(ymax, t.max);
  }
  const fmax = jets[0]!.max * s.readout.reduce((a, b) => a + Math.abs(b), 0);
  const jl = new Float64Array(4);
  for (let i = 0; i <= 40; i++)
    for (let l = 0; l <= 40; l++) {
      p.loss.fn.jet([ymax * (i / 20 - 1), fmax * (l / 20 - 1)], 1, jl);
      if (!Number.isFinite(jl[1]!) || !Number.isFinite(jl[2]!)) return false;
    }
  return true;
}

/** Per block j: true if A_jj is unbounded below (see the file comment for the two probes). */
export function unboundedBelow(p: HessianProblem, s: NetworkState, f: StateFactor, atomMin: number[]): boolean[] {
  if (boundedByConstruction(p, s)) return Array(s.m).fill(false) as boolean[];
  const k = s.k;
  const dim = k + 1 + f.p;
  const rng = makeRng(20260101);
  const x = new Float64Array(dim);
  const near = Array(s.m).fill(Infinity) as number[];
  const far = Array(s.m).fill(Infinity) as number[];
  for (let t = 0; t < DIRECTIONS; t++) {
    rng.fillNormal(x);
    const nx = Math.hypot(...x);
    for (const [R, out] of [[RADIUS / 4, near], [RADIUS, far]] as const) {
      const pt = x.map((v) => (v / nx) * R);
      const v = minDiagonal(p, s, f, pt.subarray(0, k), p.noise > 0 ? pt[k]! : 0, pt.subarray(k + 1));
      v.forEach((a, j) => (out[j] = Math.min(out[j]!, a)));
    }
  }
  const byDirections = far.map((v, j) => !(v >= 2 * Math.min(near[j]!, 0)) && (v < 2 * Math.min(atomMin[j]!, 0) - 1e-12 || (atomMin[j]! >= 0 && v < -1)));
  const byAxes = axisFall(p, s, f, atomMin);
  return byDirections.map((b, j) => b || byAxes[j]!);
}

/** Probe 2's axes: the coordinate axes, then per block j each axis minus its component along neuron j's direction
 *  (normalised; skipped when that leaves less than 1e-6 of it). */
function probeAxes(p: HessianProblem, s: NetworkState, f: StateFactor, dim: number): { vector: Float64Array; coordinate: number }[] {
  const k = s.k;
  const gAt = k + (p.noise > 0 ? 1 : 0);
  const out: { vector: Float64Array; coordinate: number }[] = [];
  for (let c = 0; c < dim; c++) out.push({ vector: Float64Array.from({ length: dim }, (_, t) => (t === c ? 1 : 0)), coordinate: c });
  for (let j = 0; j < s.m; j++) {
    const v = new Float64Array(dim);
    for (let r = 0; r < k; r++) v[r] = s.latentCos[r * s.m + j]!;
    for (let q = 0; q < f.p; q++) v[gAt + q] = f.L[j * f.p + q]!;
    const nv = Math.hypot(...v);
    if (nv === 0) continue;
    for (let c = 0; c < dim; c++) {
      const e = Float64Array.from({ length: dim }, (_, t) => (t === c ? 1 : 0) - (v[c]! * v[t]!) / (nv * nv));
      const ne = Math.hypot(...e);
      if (ne < 1e-6 || ne > 1 - 1e-12) continue;
      out.push({ vector: e.map((x) => x / ne), coordinate: -1 });
    }
  }
  return out;
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
  const axes = probeAxes(p, s, f, dim);
  const at = (base: Float64Array, e: Float64Array, t: number) => {
    for (let c = 0; c < dim; c++) pt[c] = base[c]! + t * e[c]!;
    return diagonalAt(p, s, f, pt);
  };
  bases.forEach((base, b) => {
    const a0 = atBase[b]!;
    for (const e of axes)
      for (const sign of [1, -1]) {
        // Along a coordinate axis the coordinate is set to ±16, ±64, ±256 (as from the base's projection onto its
        // complement); along a projected axis the point moves by that much.
        const start = e.coordinate >= 0 ? base[e.coordinate]! : 0;
        const a16 = at(base, e.vector, (sign * RADIUS) / 4 - start);
        const a64 = at(base, e.vector, sign * RADIUS - start);
        const a256 = at(base, e.vector, sign * RADIUS * 4 - start);
        for (let j = 0; j < s.m; j++) {
          const fall1 = a0[j]! - a16[j]!;
          const fall2 = a16[j]! - a64[j]!;
          const fall3 = a64[j]! - a256[j]!;
          const tol = FALL_TOL * scale[j]!;
          const keeps = !Number.isFinite(a256[j]!) || (fall3 >= 0.25 * Math.abs(fall2) && fall3 > tol);
          if (fall2 >= 0.25 * Math.abs(fall1) && fall2 > tol && fall1 + fall2 > tol && keeps) out[j] = true;
        }
      }
  });
  return out;
}
