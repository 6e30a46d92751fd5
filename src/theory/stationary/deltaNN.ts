// δNN of gradient descent from the stationary state (docs/theory.md (6.11)): the largest δ at which Λ(δ) of (6.9)
// changes sign, Λ < 0 above it (a negative eigenvalue aligned with θ at the stationary point: GD can escape along
// it). Also the δ at which the stability index (6.7) crosses 1, the δ at which the i.i.d.-resolvent outlier leaves
// the bulk (the separation threshold), the δ at which that θ-eigenvalue crosses 0 (6.10), and the zero of the θ
// curvature of a marginal minimiser (6.17)–(6.19). Each solves the fixed
// point (6.4)–(6.5) along a geometric δ grid walked downwards from DELTA_MAX (warm starts), then Brent's method in
// the cell of the first sign change.
import { brent } from '../../numerics/roots/brent.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { stationaryPoint, type StationaryPoint, type StationaryProblem } from './fixedPoint.js';
import { schurAtZero, separationMargin, iidLowestTheta } from './hessian.js';
import { marginalSchur } from './marginal.js';

export const DELTA_MAX = 512;
/** Ratio of the geometric δ grid walked down from DELTA_MAX, and the smallest ratio its refinement reaches. */
export const GRID_RATIO = 1.6;
export const MIN_RATIO = GRID_RATIO ** (1 / 16);

export interface Crossing {
  /** null: no sign change on (δ_min, DELTA_MAX]. */
  delta: number | null;
  reason?: string;
  /** |δ at the full quadrature order − δ at the coarse order|. */
  errorEstimate?: number;
  /** The fixed point (6.4)–(6.5) at δ, full order. */
  point?: StationaryPoint;
  status: SolverStatus;
}

export interface StationaryThresholds {
  /** Λ(δ) = 0 (6.11). */
  deltaNN: Crossing;
  /** Stability index δE[(κA/(1+κA))²] = 1 (6.7). */
  deltaStable: Crossing;
  /** The i.i.d.-resolvent outlier along θ leaves the bulk (6.10). */
  deltaSeparation: Crossing;
  /** The i.i.d.-resolvent θ-eigenvalue (outlier, else bulk edge) crosses 0 (6.10). */
  deltaZeroIid: Crossing;
  /** Λ_m(δ) = 0: the θ curvature of a marginal minimiser (6.17)–(6.18); Λ where κ_m does not exist. */
  deltaMarginal: Crossing;
}

type Fn = (p: StationaryPoint) => number;

/** The fixed points solved at one quadrature order, kept by δ: a repeated δ is not solved again, and a new δ is
 *  started from the converged point nearest in log δ (at this order or at `fallback`'s), its atoms' fitted values
 *  included when the orders agree. */
class PointCache {
  private readonly points = new Map<number, StationaryPoint>();
  constructor(private readonly problem: StationaryProblem, readonly order: number, private readonly fallback?: PointCache) {}

  nearest(delta: number): { p: StationaryPoint; dist: number } | null {
    let best: { p: StationaryPoint; dist: number } | null = null;
    for (const p of this.points.values()) {
      const dist = Math.abs(Math.log(p.delta / delta));
      if (p.status.converged && (best === null || dist < best.dist)) best = { p, dist };
    }
    return best;
  }

  solve(delta: number): StationaryPoint {
    const known = this.points.get(delta);
    if (known) return known;
    const own = this.nearest(delta), other = this.fallback?.nearest(delta) ?? null;
    const near = (own && (!other || own.dist <= other.dist) ? own : other)?.p ?? null;
    const start = near ? { r: near.r, kappa: near.kappa, ...(near.order === this.order && near.proxKind === 'smooth' ? { u: near.law.u } : {}) } : undefined;
    const p = stationaryPoint(this.problem, delta, { order: this.order, ...(start ? { start } : {}) });
    this.points.set(delta, p);
    return p;
  }
}

/** Largest sign change of each f(point(δ)) on one geometric grid from DELTA_MAX down to deltaMin (shared by all fs),
 *  located with the coarse rule (order max(4, order − 2)), then refined by Brent's method with the full rule in a
 *  bracket grown around the coarse root. errorEstimate = |δ(order) − δ(coarse order)|. All root-finders share one
 *  cache of fixed points per order (the grid points are the coarse brackets' ends; warm starts from the nearest δ). */
function crossings(problem: StationaryProblem, fs: Array<{ f: Fn; what: string }>, deltaMin: number, order: number): Crossing[] {
  const coarse = Math.max(4, order - 2);
  const coarseCache = new PointCache(problem, coarse);
  const fineCache = new PointCache(problem, order, coarseCache);
  const solveC = (delta: number) => coarseCache.solve(delta);
  const cells: Array<[number, number] | null> = fs.map(() => null);
  let failure: { delta: number; hi: number; p: StationaryPoint } | null = null;
  let hiDelta = DELTA_MAX;
  const hiP = solveC(hiDelta);
  let evaluations = 1;
  const bad = (p: StationaryPoint) => !p.status.converged || fs.some(({ f }) => !Number.isFinite(f(p)));
  if (bad(hiP)) failure = { delta: hiDelta, hi: hiDelta, p: hiP };
  const hiSign = fs.map(({ f }) => Math.sign(f(hiP)));
  // Walk down by GRID_RATIO; where the point fails, shorten the step (down to GRID_RATIO^(1/16)) before giving up,
  // so that a sign change just above a δ where the fixed point stops existing (‖ŵ‖ → ∞) is still found.
  let ratio = GRID_RATIO;
  while (failure === null && hiDelta / ratio >= deltaMin && cells.some((c) => c === null)) {
    let lo = hiDelta / ratio;
    let p = solveC(lo);
    evaluations++;
    while (bad(p) && ratio > MIN_RATIO) {
      ratio = Math.sqrt(ratio);
      lo = hiDelta / ratio;
      p = solveC(lo);
      evaluations++;
    }
    if (bad(p)) { failure = { delta: lo, hi: hiDelta, p }; break; }
    fs.forEach(({ f }, k) => { if (cells[k] === null && Math.sign(f(p)) !== hiSign[k]) cells[k] = [lo, hiDelta]; });
    hiDelta = lo;
  }
  return fs.map(({ f, what }, k) => {
    // Root tolerance 1e-7 relative: far below the quadrature error estimate (≈ 3e-4 relative for the GELU reference).
    const rel = 1e-7;
    const cell = cells[k];
    if (!cell) {
      if (failure) {
        return {
          delta: null,
          reason: `${failure.delta < DELTA_MAX ? `no sign change of ${what} on [${failure.hi.toPrecision(4)}, ${DELTA_MAX}]; ` : ''}the stationary point did not converge at δ = ${failure.delta.toPrecision(4)} (${failure.p.status.message ?? 'non-finite value'})`,
          status: combineStatus(what, [failure.p.status]),
        };
      }
      return {
        delta: null, reason: `no sign change of ${what} on [${deltaMin.toPrecision(3)}, ${DELTA_MAX}]`,
        status: { converged: true, residual: 0, iterations: evaluations, method: `grid ×${GRID_RATIO} on δ` },
      };
    }
    const bad: SolverStatus[] = [];
    const g = (c: PointCache) => (d: number) => {
      const q = c.solve(d);
      if (!q.status.converged) bad.push(q.status);
      return f(q);
    };
    const rc = brent(g(coarseCache), cell[0], cell[1], { xtol: rel * cell[1], rtol: rel });
    const gf = g(fineCache);
    let a = rc.x * 0.99, b = rc.x * 1.01;
    let fa = gf(a), fb = gf(b);
    for (let j = 0; j < 8 && Math.sign(fa) === Math.sign(fb); j++) {
      a = Math.max(deltaMin, a / 1.05); b *= 1.05;
      fa = gf(a); fb = gf(b);
    }
    const rf = brent(gf, a, b, { xtol: rel * b, rtol: rel });
    const status = combineStatus(`${what}: grid (order ${coarse}) + brent (order ${order})`, [rc.status, rf.status, ...bad]);
    return { delta: rf.x, errorEstimate: Math.abs(rf.x - rc.x), point: fineCache.solve(rf.x), status };
  });
}

/** Smallest δ scanned: δ > 1 without ridge (below, ŵ interpolates), otherwise 0.25. */
export function deltaFloor(ridge: number): number {
  return ridge > 0 ? 0.25 : 1.05;
}

const LAMBDA = (ridge: number) => ({ f: (p: StationaryPoint) => schurAtZero(p, ridge), what: 'Λ(δ) (6.9)' });

const MARGINAL = (ridge: number) => ({ f: (p: StationaryPoint) => marginalSchur(p, ridge) ?? schurAtZero(p, ridge), what: 'Λ_m(δ), marginal closure (6.18)' });

export function stationaryDeltaNN(problem: StationaryProblem, order: number): Crossing {
  return crossings(problem, [LAMBDA(problem.ridge)], deltaFloor(problem.ridge), order)[0]!;
}

/** δNN of (6.11) and of the marginal closure (6.19) on one grid (one cache of fixed points). */
export function stationaryDeltaNNs(problem: StationaryProblem, order: number): { deltaNN: Crossing; deltaMarginal: Crossing } {
  const [deltaNN, deltaMarginal] = crossings(problem, [LAMBDA(problem.ridge), MARGINAL(problem.ridge)], deltaFloor(problem.ridge), order);
  return { deltaNN: deltaNN!, deltaMarginal: deltaMarginal! };
}

export function stationaryThresholds(problem: StationaryProblem, order: number): StationaryThresholds {
  const [deltaNN, deltaStable, deltaSeparation, deltaZeroIid, deltaMarginal] = crossings(problem, [
    LAMBDA(problem.ridge),
    { f: (p) => p.stability - 1, what: 'stability index − 1 (6.7)' },
    { f: (p) => separationMargin(p), what: 'i.i.d.-resolvent outlier separation margin (6.10)' },
    { f: (p) => iidLowestTheta(p, problem.ridge), what: 'i.i.d.-resolvent θ-eigenvalue (6.10)' },
    MARGINAL(problem.ridge),
  ], deltaFloor(problem.ridge), order);
  return { deltaNN: deltaNN!, deltaStable: deltaStable!, deltaSeparation: deltaSeparation!, deltaZeroIid: deltaZeroIid!, deltaMarginal: deltaMarginal! };
}
