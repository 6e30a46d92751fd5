// The threshold δ* of an m×m weight solved jointly (docs/theory.md (2.15)–(2.17)): at δ* the lowest outlier sits on the
// lower edge, so (Λ, μ, δ) satisfies at once
//   Ψ_δ(Λ) = μ I                         (2.15, the fixed point (2.3)),
//   dμ/dp = 0 on the branch at Λ          (2.16, the fold (2.4): the bordered tangent's μ-component),
//   μ = κ_min(K(Λ))                      (2.17, the outlier condition (2.5) with the lowest eigenvalue of K).
// Unknowns: the independent entries of Λ (one per class of index pairs (a ≤ b) under the law's block permutations
// (2.12); every pair without orbits), μ and log δ. Newton with the analytic Jacobian of (2.15) (fixedPoint.evaluate)
// and forward differences for the rows (2.16)–(2.17), backtracking on the residual norm and staying in the domain
// −Λ ≻ 0, A_i − Λ ≻ 0. The caller supplies the start (2.18) and checks the root (2.19) (threshold.ts).
import type { SolverStatus } from '../../core/status.js';
import { luSolve } from '../../numerics/linalg/dense.js';
import { symEigen } from '../../numerics/linalg/symmetricEigen.js';
import type { MatrixLaw } from './matrixLaw.js';
import { evaluate, symPairs } from './fixedPoint.js';
import { spikeMatrix } from './outliers.js';

/** A point (Λ, μ, δ) of the joint system. */
export interface JointPoint {
  Lambda: Float64Array;
  mu: number;
  delta: number;
}

export interface JointResult {
  point: JointPoint;
  /** d(μ − κ_min)/d log δ along the fold curve (2.15)–(2.16) at the root (positive: the outlier appears as δ grows);
   *  from the last Newton Jacobian; NaN where unavailable. */
  gapSlope: number;
  status: SolverStatus;
}

/** d(μ − κ_min)/d log δ along the fold curve from the Jacobian of (2.15)–(2.17) (columns c, μ, log δ; the last row is
 *  (2.17) divided by `scale`): solve the first nc + 1 rows for the tangent with d log δ = 1. */
function gapSlope(Jac: Float64Array, dim: number, scale: number): number {
  const n = dim - 1;
  const M = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) M[r * n + c] = Jac[r * dim + c]!;
    rhs[r] = -Jac[r * dim + n]!;
  }
  const sol = luSolve(M, n, rhs);
  if (!sol) return NaN;
  let d = Jac[n * dim + n]!;
  for (let c = 0; c < n; c++) d += Jac[n * dim + c]! * sol.x[c]!;
  return scale * d;
}

/** Residual tolerance (the rows are relative to the weights' scale; the fold row dμ/dp is dimensionless). */
const RESIDUAL_TOL = 1e-11;
/** The last Newton step in log δ must be below this (the nested search's bracket tolerance in log δ). */
const LOG_DELTA_TOL = 1e-10;
const MAX_ITER = 25;
/** Iterations of the fixed-δ corrector, and the first halvings of a joint step that get one. */
const CORRECTOR_ITER = 6;
const CORRECTED_HALVINGS = 4;
/** Residual evaluations after which the joint solve gives up (the nested search then decides). */
const MAX_EVALUATIONS = 400;
const MAX_HALVINGS = 10;
/** Forward-difference steps: relative to the scale of Λ, and in log δ. */
const FD_STEP = 1e-7;

interface PairClasses {
  /** Class of each pair (index into symPairs(m)). */
  classOf: Int32Array;
  /** A representative pair per class. */
  reps: number[];
}

/** Classes of the index pairs (a ≤ b) under the block permutations of the law's orbit group (singletons without one):
 *  a G-invariant Λ is constant on each class. */
function pairClasses(law: MatrixLaw): PairClasses {
  const m = law.m;
  const pairs = symPairs(m);
  const index = new Map(pairs.map(([a, b], r) => [a * m + b, r]));
  const classOf = new Int32Array(pairs.length).fill(-1);
  const reps: number[] = [];
  const perms = law.orbits?.blockPerms ?? [];
  pairs.forEach(([a, b], r) => {
    if (classOf[r] !== -1) return;
    const c = reps.length;
    reps.push(r);
    classOf[r] = c;
    for (const P of perms) {
      const x = P[a]!, y = P[b]!;
      classOf[index.get(Math.min(x, y) * m + Math.max(x, y))!] = c;
    }
  });
  return { classOf, reps };
}

function lambdaOf(c: Float64Array, cl: PairClasses, m: number): Float64Array {
  const L = new Float64Array(m * m);
  symPairs(m).forEach(([a, b], r) => {
    L[a * m + b] = c[cl.classOf[r]!]!;
    L[b * m + a] = c[cl.classOf[r]!]!;
  });
  return L;
}

interface State {
  /** Class coefficients of Λ, μ, log δ. */
  c: Float64Array;
  mu: number;
  logDelta: number;
}

interface Residual {
  F: Float64Array;
  /** Bordered Jacobian of (2.15) at Λ (fixedPoint.evaluate), (ns+1)². */
  J: Float64Array;
  Lambda: Float64Array;
}

/** The residual of (2.15)–(2.17) at a state; null outside the domain or where the bordered Jacobian is singular. */
function residual(law: MatrixLaw, coords: readonly number[], cl: PairClasses, st: State, scale: number): Residual | null {
  const m = law.m;
  const pairs = symPairs(m);
  const ns = pairs.length;
  const nc = cl.reps.length;
  const delta = Math.exp(st.logDelta);
  const Lambda = lambdaOf(st.c, cl, m);
  const ev = evaluate(law, delta, Lambda);
  if (!ev) return null;
  // (2.16) on the invariant subspace: the bordered Jacobian in class coordinates (a symmetry-breaking mode of the full
  // Jacobian that is nearly singular does not enter the G-invariant branch's dμ/dp).
  const Nb = nc + 1;
  const Jb = new Float64Array(Nb * Nb);
  cl.reps.forEach((r, k) => {
    for (let s = 0; s < ns; s++) Jb[k * Nb + cl.classOf[s]!] += ev.J[r * (ns + 1) + s]!;
    const [a, b] = pairs[r]!;
    Jb[k * Nb + nc] = a === b ? -1 : 0;
  });
  pairs.forEach(([a, b], s) => {
    if (a === b) Jb[nc * Nb + cl.classOf[s]!] += 1 / m;
  });
  const rhs = new Float64Array(Nb);
  rhs[nc] = 1;
  const tan = luSolve(Jb, Nb, rhs);
  if (!tan) return null;
  const n = coords.length * m;
  const kappa = symEigen(spikeMatrix(law, Lambda, coords), n).values[n - 1]!;
  const F = new Float64Array(nc + 2);
  cl.reps.forEach((r, k) => {
    const [a, b] = pairs[r]!;
    F[k] = (ev.Psi[a * m + b]! - (a === b ? st.mu : 0)) / scale;
  });
  F[nc] = tan.x[nc]!;
  F[nc + 1] = (st.mu - kappa) / scale;
  return { F, J: ev.J, Lambda };
}

const normInf = (x: Float64Array): number => x.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
const norm2 = (x: Float64Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

/** Newton on (2.15)–(2.17) from a starting state; with `fixDelta`, on (2.15)–(2.16) alone at the start's δ (the fold
 *  at that δ: the corrector). A joint step that leaves the domain or does not lower the residual is corrected back onto
 *  the fold curve (2.15)–(2.16) at its δ before it is judged (predictor–corrector), then halved. */
function newton(
  law: MatrixLaw,
  coords: readonly number[],
  cl: PairClasses,
  start: State,
  scale: number,
  fixDelta = false,
  maxIter = MAX_ITER,
): { state: State; F: Float64Array; status: SolverStatus; jacobian: Float64Array | null; evaluations: number } {
  const m = law.m;
  const pairs = symPairs(m);
  const ns = pairs.length;
  const N = ns + 1;
  const nc = cl.reps.length;
  const dim = nc + 2;
  // Rows and columns solved for: all (joint) or those of (2.15)–(2.16) and (c, μ) (fixed δ).
  const n = fixDelta ? nc + 1 : dim;
  const method = fixDelta ? 'newton (2.15)–(2.16) at fixed δ' : 'joint newton (2.15)–(2.17)';
  const size = (F: Float64Array) => norm2(F.subarray(0, n));
  let st: State = { c: Float64Array.from(start.c), mu: start.mu, logDelta: start.logDelta };
  let lastJac: Float64Array | null = null;
  let evaluations = 1;
  let cur = residual(law, coords, cl, st, scale);
  const fail = (it: number, res: number, message: string) => ({
    state: st, F: cur?.F ?? new Float64Array(dim), jacobian: lastJac, evaluations,
    status: { converged: false, residual: res, iterations: it, method, message },
  });
  if (!cur) return fail(0, Infinity, 'starting point outside the domain −Λ ≻ 0, A_i − Λ ≻ 0');
  let lastDlog = fixDelta ? 0 : Infinity;
  for (let it = 1; it <= maxIter; it++) {
    const res = normInf(cur.F.subarray(0, n));
    if (evaluations > MAX_EVALUATIONS) return fail(it, res, `more than ${MAX_EVALUATIONS} residual evaluations`);
    if (res <= RESIDUAL_TOL && Math.abs(lastDlog) <= LOG_DELTA_TOL)
      return { state: st, F: cur.F, jacobian: lastJac, evaluations, status: { converged: true, residual: res, iterations: it - 1, method } };
    // Jacobian: rows (2.15) analytic, rows (2.16)–(2.17) by forward differences; columns (c_1..c_nc, μ, log δ).
    const Jac = new Float64Array(dim * dim);
    const delta = Math.exp(st.logDelta);
    cl.reps.forEach((r, k) => {
      for (let s = 0; s < ns; s++) Jac[k * dim + cl.classOf[s]!] += cur!.J[r * N + s]! / scale;
      const [a, b] = pairs[r]!;
      Jac[k * dim + nc] = a === b ? -1 / scale : 0;
      Jac[k * dim + nc + 1] = -cur!.Lambda[a * m + b]! / delta / scale;
    });
    Jac[(nc + 1) * dim + nc] = 1 / scale;
    const cScale = Math.max(normInf(st.c), 1e-300);
    for (let col = 0; col < dim; col++) {
      if (col === nc || (fixDelta && col === nc + 1)) continue;
      const h = col < nc ? FD_STEP * cScale : FD_STEP;
      let pert: Residual | null = null;
      let sgn = 1;
      for (const s of [1, -1]) {
        const c = Float64Array.from(st.c);
        let ld = st.logDelta;
        if (col < nc) c[col] = c[col]! + s * h;
        else ld += s * h;
        pert = residual(law, coords, cl, { c, mu: st.mu, logDelta: ld }, scale);
        evaluations++;
        sgn = s;
        if (pert) break;
      }
      if (!pert) return fail(it, res, 'finite-difference step leaves the domain');
      for (const row of [nc, nc + 1]) Jac[row * dim + col] = (pert.F[row]! - cur.F[row]!) / (sgn * h);
    }
    lastJac = Jac;
    const sub = new Float64Array(n * n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) sub[r * n + c] = Jac[r * dim + c]!;
    const sol = luSolve(sub, n, cur.F.subarray(0, n).map((x) => -x));
    if (!sol) return fail(it, res, 'singular Jacobian');
    const dlog = fixDelta ? 0 : sol.x[nc + 1]!;
    const before = size(cur.F);
    let accepted = false;
    for (let back = 0, t = 1; back <= MAX_HALVINGS && !accepted; back++, t /= 2) {
      const trial: State = { c: st.c.map((x, k) => x + t * sol.x[k]!), mu: st.mu + t * sol.x[nc]!, logDelta: st.logDelta + t * dlog };
      let r = residual(law, coords, cl, trial, scale);
      evaluations++;
      let next = trial;
      if (!fixDelta && back < CORRECTED_HALVINGS && !(r && (size(r.F) < before || normInf(r.F) <= RESIDUAL_TOL))) {
        // Corrector: back onto the fold curve at the trial δ, from the predicted Λ (the current one where that
        // leaves the domain).
        const from = r ? trial : { ...trial, c: st.c, mu: st.mu };
        const corr = newton(law, coords, cl, from, scale, true, CORRECTOR_ITER);
        evaluations += corr.evaluations;
        if (corr.status.converged) {
          next = corr.state;
          r = residual(law, coords, cl, next, scale);
          evaluations++;
        } else r = null;
      }
      if (r && (size(r.F) < before || normInf(r.F.subarray(0, n)) <= RESIDUAL_TOL)) {
        st = next;
        cur = r;
        lastDlog = t * dlog;
        accepted = true;
      }
    }
    if (!accepted) return fail(it, res, `line search failed: no step ≥ 2^-${MAX_HALVINGS} of the Newton step stays in the domain and lowers the residual`);
  }
  return fail(maxIter, normInf(cur.F.subarray(0, n)), `residual ${normInf(cur.F.subarray(0, n)).toExponential(2)} after ${maxIter} iterations`);
}

/** Solve (2.15)–(2.17) for `law` by Newton from `start` (docs/theory.md (2.18): the fold of the branch at the
 *  block-diagonal threshold). */
export function jointThreshold(law: MatrixLaw, coords: readonly number[], start: JointPoint, scale: number): JointResult {
  const cl = pairClasses(law);
  const m = law.m;
  const pairs = symPairs(m);
  const c = Float64Array.from(cl.reps, (r) => start.Lambda[pairs[r]![0] * m + pairs[r]![1]]!);
  const r = newton(law, coords, cl, { c, mu: start.mu, logDelta: Math.log(start.delta) }, scale);
  const point: JointPoint = { Lambda: lambdaOf(r.state.c, cl, m), mu: r.state.mu, delta: Math.exp(r.state.logDelta) };
  const slope = r.status.converged && r.jacobian ? gapSlope(r.jacobian, cl.reps.length + 2, scale) : NaN;
  return { point, gapSlope: slope, status: { ...r.status, method: `${r.status.method} (${r.evaluations} evaluations of the residual)` } };
}
