// The supremum τ = sup T of a weight T(v) of Gaussian variables v (docs/theory.md §1, "supremum not attained"), and whether it is
// approached only as |v| → ∞. The outlier equations live on λ > τ; a quadrature law only sees atoms with |v| ≤ L,
// so when T creeps up to τ only at infinity (e.g. T = y/(1+y) − 0.3, y = z²: τ = 0.7) the largest T over the atoms
// is below τ, depends on the cut-off L, and turns the outermost atom into a pole of the equations. The limit is
// taken along rays r·d (coordinate axes and diagonals) at radii r = L·2^j up to RADIUS_MAX, keeping finite values.
// Its error is bounded from the last two doublings: if the changes shrink by a factor ρ < 0.9 per doubling (e.g.
// ρ = 1/2 for T = τ − c/r), the rest of the approach is at most |last change|·ρ/(1 − ρ); otherwise it is unknown (∞).
import type { CompiledFn } from './expr/compile.js';

export interface TailSupremum {
  /** sup over the rays of lim_{r→∞} T(r·d) (the largest finite value seen along them); −∞ if none is finite. */
  value: number;
  /** Bound on τ − value from the rays that reach the supremum (0 when T is constant at the largest radii; ∞ when the
   *  approach does not slow down geometrically). */
  error: number;
  /** The ray direction and radius where `value` was seen (for messages). */
  where: string;
}

/** Largest radius probed: T(r·d) is evaluated at r = L, 2L, 4L, … ≤ RADIUS_MAX. */
export const RADIUS_MAX = 1e12;

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
  let where = '';
  const ends: Array<{ last: number; error: number }> = [];
  for (const d of directions(dim)) {
    let prev2 = NaN;
    let prev = NaN;
    let last = NaN;
    for (let r = cutoff; r <= RADIUS_MAX; r *= 2) {
      for (let j = 0; j < dim; j++) arg[j] = r * d[j]!;
      const v = sign * T.value(arg);
      if (!Number.isFinite(v)) continue;
      if (v > value) {
        value = v;
        where = `${T.vars.map((name, j) => `${name} = ${(r * d[j]!).toPrecision(3)}`).join(', ')}`;
      }
      prev2 = prev;
      prev = last;
      last = v;
    }
    if (!Number.isFinite(last)) continue;
    const d1 = Math.abs(last - prev);
    const d0 = Math.abs(prev - prev2);
    const rho = d0 > 0 ? d1 / d0 : d1 === 0 ? 0 : Infinity;
    ends.push({ last, error: d1 === 0 ? 0 : rho < 0.9 ? (d1 * rho) / (1 - rho) : Infinity });
  }
  // The rays whose limit could exceed `value`: their last value plus error reaches it.
  let error = 0;
  for (const e of ends) if (e.last + e.error >= value) error = Math.max(error, e.last + e.error - value);
  return { value, error, where };
}
