// Angular breaks for polar/spherical quadrature of E_z[h(z)], z = r·u ~ N(0, I_k) (used by rayAtoms.ts, docs/theory.md §0:
// split at kinks). After the radial integral ∫ h(ru) ρ_k(r) dr is done exactly on panels split at the kinks along
// each ray, the angular integrand F(u) is smooth except
//   (a) on kink cones through the origin: directions u with s(r u) = 0 for every r (s a switch function, e.g.
//       z1 = 0 for |z1|, z1 = z2 for max(z1, z2)): F has a kink there;
//   (b) where the number of kink crossings along the ray changes (a kink curve tangent to a ray, or leaving the
//       radial cut-off R): F has a square-root-type singularity there.
// Both are located on a one-parameter curve of directions τ ↦ u(τ), τ ∈ [lo, hi].
import { findBreaks } from '../../numerics/quadrature/breaks.js';

export type Switch = (args: ArrayLike<number>) => number;
/** Writes the unit direction u(τ) into out. */
export type DirectionCurve = (tau: number, out: Float64Array) => void;

const ANGLE_GRID = 1000;
const RADIAL_GRID = 1000;
/** Second probe radius for cone zeros (the first is 1). */
const CONE_PROBE = 2.5;
const CONE_TOL = 1e-8;
const CROSSING_SCAN = 256;

/** Zeros of one switch along the ray r ↦ s(r u), r ∈ (0, R) (kinks of the radial integrand). */
export function rayBreaks(switches: ReadonlyArray<Switch>, u: Float64Array, R: number): number[] {
  if (switches.length === 0) return [];
  const k = u.length;
  const arg = new Float64Array(k);
  const along = switches.map((s) => (r: number) => {
    for (let j = 0; j < k; j++) arg[j] = r * u[j]!;
    return s(arg);
  });
  return findBreaks(along, { cutoff: R, grid: 2 * RADIAL_GRID }).filter((r) => r > 0 && r < R);
}

/** (a) Directions τ ∈ (lo, hi) on the curve where some switch vanishes on the whole ray: zeros of τ ↦ s(u(τ)) that
 *  are also zeros at radius CONE_PROBE (relative to the switch's scale on that probe circle). */
export function coneZeros(switches: ReadonlyArray<Switch>, dir: DirectionCurve, k: number, lo: number, hi: number): number[] {
  const out: number[] = [];
  const u = new Float64Array(k);
  const arg = new Float64Array(k);
  const mid = 0.5 * (lo + hi);
  const half = 0.5 * (hi - lo);
  const at = (s: Switch, tau: number, r: number) => {
    dir(tau, u);
    for (let j = 0; j < k; j++) arg[j] = r * u[j]!;
    return s(arg);
  };
  for (const s of switches) {
    let scale = 0;
    for (let i = 0; i <= 64; i++) {
      const v = Math.abs(at(s, lo + ((hi - lo) * i) / 64, CONE_PROBE));
      if (Number.isFinite(v)) scale = Math.max(scale, v);
    }
    for (const x of findBreaks([(x: number) => at(s, mid + x, 1)], { cutoff: half, grid: ANGLE_GRID })) {
      const tau = mid + x;
      if (tau > lo && tau < hi && Math.abs(at(s, tau, CONE_PROBE)) <= CONE_TOL * scale) out.push(tau);
    }
  }
  return dedupe(out);
}

/** (b) Directions τ ∈ (lo, hi) where the number of kink crossings on the ray (0, R) changes. */
export function crossingChanges(switches: ReadonlyArray<Switch>, dir: DirectionCurve, k: number, lo: number, hi: number, R: number): number[] {
  if (switches.length === 0) return [];
  const u = new Float64Array(k);
  return countChanges(
    (tau) => {
      dir(tau, u);
      return rayBreaks(switches, u, R).length;
    },
    lo,
    hi,
  );
}

/** Points τ ∈ (lo, hi) where the integer-valued n(τ) changes: a scan of CROSSING_SCAN cells, each change bisected
 *  to width 1e−10·(hi − lo). Two changes within one cell that cancel are missed. */
export function countChanges(n: (tau: number) => number, lo: number, hi: number): number[] {
  const out: number[] = [];
  let a = lo;
  let ca = n(lo);
  for (let i = 1; i <= CROSSING_SCAN; i++) {
    const b = lo + ((hi - lo) * i) / CROSSING_SCAN;
    const cb = n(b);
    if (cb !== ca) {
      let p = a;
      let q = b;
      while (q - p > 1e-10 * (hi - lo)) {
        const m = 0.5 * (p + q);
        if (n(m) === ca) p = m;
        else q = m;
      }
      const tau = 0.5 * (p + q);
      if (tau > lo && tau < hi) out.push(tau);
    }
    a = b;
    ca = cb;
  }
  return dedupe(out);
}

function dedupe(xs: number[]): number[] {
  xs.sort((p, q) => p - q);
  return xs.filter((x, i) => i === 0 || x - xs[i - 1]! > 1e-10 * Math.max(1, Math.abs(x)));
}
