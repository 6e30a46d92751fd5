// Break points of a piecewise-smooth function of one variable: the zeros of its switch functions
// (arguments of abs/relu/sign…, a − b for min/max; see CompiledFn.switches in src/numerics/expr/compile.ts).
import { brent } from '../roots/brent.js';
import { minimizeBounded } from '../roots/minimize.js';
import { scanGrid } from '../roots/allRoots.js';

/** Zeros of the switch functions on [−L, L]: every sign change between grid points refined by Brent, plus
 *  touching zeros (a grid local minimum of |s| where Brent's minimiser reaches |s| ≤ 1e−12·max|s|, e.g. (x−1)²).
 *  Sorted, deduplicated (relative 1e−10). Pairs of zeros closer than one grid cell (2L/grid) can be missed. A switch
 *  that vanishes on a whole stretch of grid points (a degenerate kink such as max(z, z)) contributes only the ends
 *  of that stretch (none if it vanishes everywhere).
 *  Defaults: L = 10, grid = 2000 cells. */
export function findBreaks(
  switches: ReadonlyArray<(x: number) => number>,
  opts: { cutoff?: number; grid?: number } = {},
): number[] {
  const L = opts.cutoff ?? 10;
  const grid = opts.grid ?? 2000;
  const t = scanGrid(-L, L, grid, false);
  const v = new Float64Array(grid + 1);
  const found: number[] = [];
  for (const s of switches) {
    let scale = 0;
    for (let i = 0; i <= grid; i++) {
      v[i] = s(t[i]!);
      if (Number.isFinite(v[i]!)) scale = Math.max(scale, Math.abs(v[i]!));
    }
    for (let i = 0; i <= grid; i++) {
      const vi = v[i]!;
      if (vi === 0) {
        // A run of exact zeros (e.g. the switch z − z of max(z, z)) is a degenerate switch: both branches agree on
        // it, so only its ends can be breaks. An isolated zero is a break.
        const runStart = i > 0 && v[i - 1] === 0;
        const runEnd = i < grid && v[i + 1] === 0;
        if (!runStart && !runEnd) found.push(t[i]!);
        else if (!runStart && i > 0) found.push(zeroBoundary(s, t[i - 1]!, t[i]!));
        else if (!runEnd && i < grid) found.push(zeroBoundary(s, t[i + 1]!, t[i]!));
        continue;
      }
      if (i < grid) {
        const vj = v[i + 1]!;
        if (vj !== 0 && Number.isFinite(vi) && Number.isFinite(vj) && vi > 0 !== vj > 0) {
          const r = brent(s, t[i]!, t[i + 1]!);
          if (r.status.converged) found.push(r.x);
        }
      }
      // Touching zero: |s| has a strict grid local minimum without a sign change around it.
      if (i > 0 && i < grid) {
        const a = Math.abs(v[i - 1]!);
        const b = Math.abs(vi);
        const c = Math.abs(v[i + 1]!);
        const sameSign = vi > 0 === v[i - 1]! > 0 && vi > 0 === v[i + 1]! > 0;
        if (sameSign && b < a && b < c && v[i - 1] !== 0 && v[i + 1] !== 0) {
          const m = minimizeBounded((x) => Math.abs(s(x)), t[i - 1]!, t[i + 1]!, { xtol: 1e-14 });
          if (m.fx <= 1e-12 * scale) found.push(m.x);
        }
      }
    }
  }
  found.sort((p, q) => p - q);
  const out: number[] = [];
  for (const x of found) if (out.length === 0 || x - out[out.length - 1]! > 1e-10 * Math.max(1, Math.abs(x))) out.push(x);
  return out;
}

/** The boundary of the zero set of s between `outside` (s ≠ 0) and `inside` (s = 0), by bisection. */
function zeroBoundary(s: (x: number) => number, outside: number, inside: number): number {
  let a = outside;
  let b = inside;
  for (let k = 0; k < 60 && Math.abs(b - a) > 1e-14 * Math.max(1, Math.abs(b)); k++) {
    const m = 0.5 * (a + b);
    if (s(m) === 0) b = m;
    else a = m;
  }
  return b;
}
