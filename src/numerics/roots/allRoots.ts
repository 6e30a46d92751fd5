// All roots of a scalar function on an interval: grid scan for sign changes, each refined by Brent.
import { brent, type RootResult } from './brent.js';

/** Grid points a = t_0 < … < t_grid = b, equally spaced, or geometrically spaced if `log` (needs 0 < a). */
export function scanGrid(a: number, b: number, grid: number, log: boolean): Float64Array {
  const t = new Float64Array(grid + 1);
  if (log) {
    if (!(a > 0)) throw new RangeError(`log-spaced grid needs a > 0, got a = ${a}`);
    const la = Math.log(a);
    const lb = Math.log(b);
    for (let i = 0; i <= grid; i++) t[i] = Math.exp(la + ((lb - la) * i) / grid);
  } else {
    for (let i = 0; i <= grid; i++) t[i] = a + ((b - a) * i) / grid;
  }
  t[0] = a;
  t[grid] = b;
  return t;
}

/** Every root of f on [a, b] at which f changes sign between grid points (plus exact zeros at grid points),
 *  refined by Brent; sorted ascending (largest last). Roots closer than one grid cell to each other in pairs
 *  (even number of sign changes in a cell) and touching zeros are not seen: refine the grid if that matters.
 *  Grid cells where f is NaN are skipped. */
export function allRoots(
  f: (x: number) => number,
  a: number,
  b: number,
  opts: { grid?: number; log?: boolean } = {},
): RootResult[] {
  const grid = opts.grid ?? 1000;
  if (!(a < b)) throw new RangeError(`allRoots: need a < b, got [${a}, ${b}]`);
  if (!(Number.isInteger(grid) && grid >= 1)) throw new RangeError(`allRoots: grid must be a positive integer, got ${grid}`);
  const t = scanGrid(a, b, grid, opts.log ?? false);
  const v = new Float64Array(grid + 1);
  for (let i = 0; i <= grid; i++) v[i] = f(t[i]!);
  const roots: RootResult[] = [];
  for (let i = 0; i <= grid; i++) {
    const vi = v[i]!;
    if (vi === 0) {
      roots.push({ x: t[i]!, fx: 0, status: { converged: true, residual: 0, iterations: 0, method: 'grid' }, bracket: [t[i]!, t[i]!] });
      continue;
    }
    if (i === grid) break;
    const vj = v[i + 1]!;
    if (vj !== 0 && !Number.isNaN(vi) && !Number.isNaN(vj) && vi > 0 !== vj > 0) roots.push(brent(f, t[i]!, t[i + 1]!));
  }
  return roots;
}
