// δNN for m ≥ 2 neurons (docs/theory.md (6.27)): the largest δ at which λ_min(Λ(δ)) of (6.26) changes sign, on a
// geometric δ grid walked down from DELTA_MAX with warm starts (the coarse rule), then Brent's method with the
// coarse rule and again with the fine rule in a bracket around the coarse root; error estimate |δ_fine − δ_coarse|.
// The fixed point is solved in the exchangeable ansatz when the readout is exchangeable, else in all entries.
import { brent } from '../../../numerics/roots/brent.js';
import { combineStatus, type SolverStatus } from '../../../core/status.js';
import { DELTA_MAX, GRID_RATIO, MIN_RATIO } from '../deltaNN.js';
import { COARSE, FINE, multiStationaryPoint, type Ansatz, type MultiPoint, type MultiProblem, type MultiResolution } from './fixedPoint.js';

export interface MultiCrossing {
  delta: number | null;
  reason?: string;
  errorEstimate?: number;
  point?: MultiPoint;
  status: SolverStatus;
}

/** Whether every readout entry is equal (then the equations are invariant under permuting the neurons). */
export function isExchangeable(readout: Float64Array): boolean {
  return readout.every((a) => a === readout[0]);
}

/** Converged fixed points at one resolution, kept by δ; a new δ starts from the converged point nearest in log δ. */
class Cache {
  private readonly points = new Map<number, MultiPoint>();
  constructor(private readonly problem: MultiProblem, private readonly res: MultiResolution, private readonly ansatz: Ansatz, private readonly fallback?: Cache, private readonly onSolve?: (delta: number) => void) {}

  nearest(delta: number): MultiPoint | null {
    let best: MultiPoint | null = null, dist = Infinity;
    for (const p of this.points.values()) {
      const d = Math.abs(Math.log(p.delta / delta));
      if (p.status.converged && d < dist) { best = p; dist = d; }
    }
    return best;
  }

  solve(delta: number): MultiPoint {
    const known = this.points.get(delta);
    if (known) return known;
    const near = this.nearest(delta) ?? this.fallback?.nearest(delta) ?? null;
    const start = near ? { Q: near.Q, K: near.K, ...(near.resolution === this.res && near.J ? { J: near.J } : {}) } : undefined;
    // A failing warm start is not retried from the default starts (each failure costs up to 60 Newton steps).
    const p = multiStationaryPoint(this.problem, delta, { resolution: this.res, ansatz: this.ansatz, ...(start ? { start } : {}) });
    this.points.set(delta, p);
    this.onSolve?.(delta);
    return p;
  }
}

const lambdaMin = (p: MultiPoint) => p.lambdaEigenvalues[0]!;

/** `onSolve` is called after each fixed point is solved (a scan solves tens of them, each taking seconds). */
export function multiDeltaNN(problem: MultiProblem, deltaMin: number, fine: MultiResolution = FINE, coarse: MultiResolution = COARSE, onSolve?: (delta: number) => void): MultiCrossing {
  const ansatz: Ansatz = isExchangeable(problem.readout) && problem.readout.length > 1 ? 'exchangeable' : 'full';
  const cc = new Cache(problem, coarse, ansatz, undefined, onSolve);
  const fc = new Cache(problem, fine, ansatz, cc, onSolve);
  let hi = DELTA_MAX;
  const pHi = cc.solve(hi);
  let evaluations = 1;
  if (!pHi.status.converged) return { delta: null, reason: `the fixed point did not converge at δ = ${hi} (${pHi.status.message ?? ''})`, status: pHi.status };
  const sHi = Math.sign(lambdaMin(pHi));
  let cell: [number, number] | null = null;
  // Where the point fails, shorten the step (down to GRID_RATIO^(1/16)) before giving up, as for m = 1.
  let ratio = GRID_RATIO;
  while (hi / ratio >= deltaMin) {
    let lo = hi / ratio;
    let p = cc.solve(lo);
    evaluations++;
    while (!p.status.converged && ratio > MIN_RATIO) {
      ratio = Math.sqrt(ratio);
      lo = hi / ratio;
      p = cc.solve(lo);
      evaluations++;
    }
    if (!p.status.converged) {
      return { delta: null, reason: `no sign change of λ_min(Λ) on [${hi.toPrecision(4)}, ${DELTA_MAX}]; the fixed point did not converge at δ = ${lo.toPrecision(4)} (${p.status.message ?? ''})`, status: p.status };
    }
    if (Math.sign(lambdaMin(p)) !== sHi) { cell = [lo, hi]; break; }
    hi = lo;
  }
  if (cell === null) return { delta: null, reason: `no sign change of λ_min(Λ) on [${deltaMin.toPrecision(3)}, ${DELTA_MAX}]`, status: { converged: true, residual: 0, iterations: evaluations, method: `grid ×${GRID_RATIO} on δ` } };
  const bad: SolverStatus[] = [];
  const g = (c: Cache) => (d: number) => {
    const q = c.solve(d);
    if (!q.status.converged) bad.push(q.status);
    return lambdaMin(q);
  };
  const rel = 1e-7;
  const rc = brent(g(cc), cell[0], cell[1], { xtol: rel * cell[1], rtol: rel });
  const gf = g(fc);
  let a = rc.x * 0.99, b = rc.x * 1.01;
  let fa = gf(a), fb = gf(b);
  for (let j = 0; j < 8 && Math.sign(fa) === Math.sign(fb); j++) { a = Math.max(deltaMin, a / 1.05); b *= 1.05; fa = gf(a); fb = gf(b); }
  const rf = brent(gf, a, b, { xtol: rel * b, rtol: rel });
  const status = combineStatus(`λ_min(Λ) (6.26)–(6.27): grid (coarse rule) + brent (fine rule), ${ansatz} ansatz`, [rc.status, rf.status, ...bad]);
  return { delta: rf.x, errorEstimate: Math.abs(rf.x - rc.x), point: fc.solve(rf.x), status };
}
