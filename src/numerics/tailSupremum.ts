// The supremum τ = sup T of a weight T(v) of Gaussian variables v (docs/theory.md §1, "supremum not attained"), and whether it is
// approached only as |v| → ∞. The outlier equations live on λ > τ; a quadrature law only sees atoms with |v| ≤ L,
// so when T creeps up to τ only at infinity (e.g. T = y/(1+y) − 0.3, y = z²: τ = 0.7) the largest T over the atoms
// is below τ, depends on the cut-off L, and turns the outermost atom into a pole of the equations. The limit is
// taken along rays r·d (coordinate axes and diagonals) at radii r = L·2^j up to RADIUS_MAX, keeping finite values;
// the approach is `resolved` when the last doubling changes T by at most RESOLVED_TOL relative.
import type { CompiledFn } from './expr/compile.js';

export interface TailSupremum {
  /** sup over the rays of lim_{r→∞} T(r·d) (the largest finite value seen along them); −∞ if none is finite. */
  value: number;
  /** False when T still moves by more than RESOLVED_TOL (relative) over the last doubling of r on some ray. */
  resolved: boolean;
  /** The ray direction and radius where `value` was seen (for messages). */
  where: string;
}

/** Largest radius probed: T(r·d) is evaluated at r = L, 2L, 4L, … ≤ RADIUS_MAX. */
export const RADIUS_MAX = 1e7;
/** Relative change of T over the last doubling of r below which the limit counts as resolved. */
export const RESOLVED_TOL = 1e-9;

/** Unit directions: ±e_j for every variable, and the diagonals (±1, 1, …, 1)/√dim when dim > 1. */
function directions(dim: number): number[][] {
  const dirs: number[][] = [];
  for (let j = 0; j < dim; j++) for (const s of [1, -1]) dirs.push(Array.from({ length: dim }, (_, i) => (i === j ? s : 0)));
  if (dim > 1)
    for (let j = 0; j < dim; j++)
      for (const s of [1, -1]) dirs.push(Array.from({ length: dim }, (_, i) => (i === j ? s : 1) / Math.sqrt(dim)));
  return dirs;
}

/** The supremum of `sign`·T approached along rays as |v| → ∞ (see the file comment), starting at radius `cutoff`. */
export function tailSupremum(T: CompiledFn, sign: 1 | -1, cutoff: number): TailSupremum {
  const dim = T.vars.length;
  const arg = new Float64Array(dim);
  let value = -Infinity;
  let resolved = true;
  let where = '';
  for (const d of directions(dim)) {
    let prev = NaN;
    let last = NaN;
    let lastR = 0;
    for (let r = cutoff; r <= RADIUS_MAX; r *= 2) {
      for (let j = 0; j < dim; j++) arg[j] = r * d[j]!;
      const v = sign * T.value(arg);
      if (!Number.isFinite(v)) continue;
      if (v > value) {
        value = v;
        where = `${T.vars.map((name, j) => `${name} = ${(r * d[j]!).toPrecision(3)}`).join(', ')}`;
      }
      prev = last;
      last = v;
      lastR = r;
    }
    // Only a ray whose last values are near the running supremum can leave it unresolved.
    if (lastR > RADIUS_MAX / 4 && Number.isFinite(prev) && last >= value - Math.abs(value) * 1e-6 && Math.abs(last - prev) > RESOLVED_TOL * Math.max(1, Math.abs(last)))
      resolved = false;
  }
  return { value, resolved, where };
}
