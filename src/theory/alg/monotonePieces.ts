// Partition of [−L, L] into pieces on which a piecewise-smooth g: R → R is strictly monotone or constant:
// cut at the kinks (zeros of the expression's switch functions) and at the sign changes of g'. Used for the
// exact noiseless conditional law of z given y = g(z) (docs/theory.md §3): on a monotone piece the preimage z_P(y) is
// unique and carries density φ(z_P)/|g'(z_P)|; a constant piece is an atom of y.
import { brent } from '../../numerics/roots/brent.js';
import { scanGrid } from '../../numerics/roots/allRoots.js';
import { findBreaks } from '../../numerics/quadrature/breaks.js';
import type { SolverStatus } from '../../core/status.js';

export interface Piece {
  a: number;
  b: number;
  /** g(a), g(b) (one-sided limits inside the piece). */
  ga: number;
  gb: number;
  kind: 'increasing' | 'decreasing' | 'constant';
}

const GRID_PER_UNIT = 50;

/** Monotone/constant pieces of g on [−L, L] or on the interval `domain` (see the file comment). `dg` is g'. */
export function monotonePieces(
  g: (z: number) => number,
  dg: (z: number) => number,
  switches: ReadonlyArray<(z: number) => number>,
  domain: number | readonly [number, number] = 10,
): { pieces: Piece[]; status: SolverStatus } {
  const [lo0, hi0] = typeof domain === 'number' ? [-domain, domain] : domain;
  const cutoff = Math.max(Math.abs(lo0), Math.abs(hi0));
  const kinks = findBreaks(switches, { cutoff, grid: 4000 });
  const cuts = [lo0, ...kinks.filter((x) => x > lo0 && x < hi0), hi0];
  const points: number[] = [cuts[0]!];
  let iterations = 0;
  let converged = true;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const lo = cuts[c]!;
    const hi = cuts[c + 1]!;
    const n = Math.max(8, Math.ceil((hi - lo) * GRID_PER_UNIT));
    // Interior grid only: at a kink g' is one-sided.
    const t = scanGrid(lo, hi, n, false);
    t[0] = lo + 1e-9 * (hi - lo);
    t[n] = hi - 1e-9 * (hi - lo);
    let prev = dg(t[0]!);
    for (let i = 1; i <= n; i++) {
      const cur = dg(t[i]!);
      if ((prev > 0 && cur < 0) || (prev < 0 && cur > 0)) {
        const r = brent(dg, t[i - 1]!, t[i]!);
        iterations += r.status.iterations;
        converged &&= r.status.converged;
        points.push(r.x);
      }
      if (cur !== 0) prev = cur;
    }
    points.push(hi);
  }
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (!(b > a)) continue;
    const eps = 1e-12 * (b - a);
    const ga = g(a + eps);
    const gb = g(b - eps);
    const gm = g(0.5 * (a + b));
    const scale = 1 + Math.abs(ga) + Math.abs(gb);
    const flat = Math.abs(gb - ga) <= 1e-12 * scale && Math.abs(gm - ga) <= 1e-12 * scale;
    pieces.push({ a, b, ga: g(a), gb: g(b), kind: flat ? 'constant' : gb > ga ? 'increasing' : 'decreasing' });
    const last = pieces[pieces.length - 1]!;
    // One-sided end values (g may jump at a kink of sign/heaviside type).
    last.ga = ga;
    last.gb = gb;
  }
  return { pieces, status: { converged, residual: 0, iterations, method: 'kinks + sign changes of g′' } };
}

/** The preimage of y in a monotone piece, or null if y is outside g(piece). */
export function preimage(g: (z: number) => number, piece: Piece, y: number): number | null {
  const lo = Math.min(piece.ga, piece.gb);
  const hi = Math.max(piece.ga, piece.gb);
  if (!(y >= lo && y <= hi)) return null;
  const r = brent((z) => g(z) - y, piece.a, piece.b, { xtol: 1e-15, rtol: 1e-15 });
  return r.status.converged ? r.x : null;
}
