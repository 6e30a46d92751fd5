// Sign changes of a function on a fixed grid t_0 < … < t_N, found from the top down without evaluating every grid
// point: a block [t_lo, t_hi] whose sign is certified by a bound (for the outlier equations: the monotone split of
// outlierEquations.ts) contains no sign change and is skipped; an uncertified block is halved, upper half first.
// The result is the same as evaluating the sign at every grid point, as long as the certificates are sound.

export type Sign = 1 | -1;

/** The i with sign(i) ≠ sign(i + 1), in descending order (lazily, so a caller can stop at the first it needs).
 *  `blockSign(lo, hi)` returns the sign of every point of [t_lo, t_hi] when it can be certified, else 0. */
export function* signChangesDown(
  top: number,
  sign: (i: number) => Sign,
  blockSign: (lo: number, hi: number) => Sign | 0,
): Generator<number, void, undefined> {
  function* walk(lo: number, hi: number): Generator<number, void, undefined> {
    if (hi - lo === 1) {
      if (sign(lo) !== sign(hi)) yield lo;
      return;
    }
    if (blockSign(lo, hi) !== 0) return;
    const mid = (lo + hi) >> 1;
    yield* walk(mid, hi);
    yield* walk(lo, mid);
  }
  if (top >= 1) yield* walk(0, top);
}
