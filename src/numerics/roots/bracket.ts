// Geometric bracket expansion (Numerical Recipes §9.1, zbrac) with optional hard limits.

/** Expand [a, b] until f(a)·f(b) ≤ 0, moving the end with the smaller |f| each step: without a limit
 *  a ← a − factor·(b − a) (resp. b ← b + factor·(b − a)); towards a hard limit L the distance shrinks
 *  geometrically, a ← L + (a − L)/(1 + factor), so an open limit (a pole, e.g. λ > τ) is never reached.
 *  Returns the bracket, or null if no sign change was found within maxIter steps or f became NaN. */
export function expandBracket(
  f: (x: number) => number,
  a: number,
  b: number,
  opts: { lower?: number; upper?: number; factor?: number; maxIter?: number } = {},
): [number, number] | null {
  const factor = opts.factor ?? 1.6;
  const maxIter = opts.maxIter ?? 60;
  const { lower, upper } = opts;
  if (!(a < b)) throw new RangeError(`expandBracket: need a < b, got [${a}, ${b}]`);
  if ((lower !== undefined && a < lower) || (upper !== undefined && b > upper))
    throw new RangeError(`expandBracket: [${a}, ${b}] is outside the limits [${lower ?? '-inf'}, ${upper ?? 'inf'}]`);
  let fa = f(a);
  let fb = f(b);
  for (let iter = 0; iter <= maxIter; iter++) {
    if (Number.isNaN(fa) || Number.isNaN(fb)) return null;
    if (fa === 0 || fb === 0 || (fa > 0) !== (fb > 0)) return [a, b];
    if (iter === maxIter) break;
    const width = b - a;
    // Move the end whose |f| is smaller (closer to a root, heuristically); if one side is pinned, move the other.
    const lowerPinned = lower !== undefined && a - lower <= 4 * Number.EPSILON * Math.max(1, Math.abs(lower));
    const upperPinned = upper !== undefined && upper - b <= 4 * Number.EPSILON * Math.max(1, Math.abs(upper));
    if (lowerPinned && upperPinned) return null;
    const moveLower = upperPinned || (!lowerPinned && Math.abs(fa) < Math.abs(fb));
    if (moveLower) {
      a = lower === undefined ? a - factor * width : lower + (a - lower) / (1 + factor);
      fa = f(a);
    } else {
      b = upper === undefined ? b + factor * width : upper - (upper - b) / (1 + factor);
      fb = f(b);
    }
  }
  return null;
}
