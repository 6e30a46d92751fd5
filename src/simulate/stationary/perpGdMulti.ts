// Full-batch GD on R̂(W) for m neurons with every column kept ⊥ θ (the hard direction), run until ‖∇⊥R̂‖ ≤ tol and
// polished by Newton–CG: the finite-d stationary point of docs/theory.md (6.20)–(6.24). At that point: Q̂ = ŴᵀŴ, the
// training risk, and the m×m θ-block Schur complement S(0) = λI + H_θθ − H_θ⊥H⊥⊥⁻¹H⊥θ of the full Hessian (6.26),
// by m conjugate-gradient solves with H⊥⊥ (which also certifies H⊥⊥ ≻ 0 when they converge).
// W has the layout of src/model/network.ts (column j at j·d); θ is the coordinate axis h of perpProblem (the hard coordinate of src/model/problem.ts).
import { sampleTerms } from '../../model/network.js';
import { blockedHessianOperator } from '../hessian/blockedHvp.js';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { conjugateGradient } from './conjugateGradient.js';
import { objective, perpGradient, perpProblem, type PerpGdOptions } from './perpGd.js';

/** The options of perpGd with a readout vector a ∈ R^m (no eigenpairs or trace probes: S(0) is computed instead). */
export type PerpGdMultiOptions = Omit<PerpGdOptions, 'readout' | 'eigenpairs' | 'traceProbes' | 'polishBelow'> & {
  readout: number[];
  /** Switch from GD to Newton–CG once ‖∇⊥R̂‖ ≤ polishBelow. */
  polishBelow: number;
};

export interface PerpGdMultiResult {
  seed: number;
  d: number;
  n: number;
  m: number;
  steps: number;
  newton_steps: number;
  grad_norm: number;
  converged: boolean;
  /** Q̂ = ŴᵀŴ (m×m row-major). */
  Q: number[];
  train_risk: number;
  /** S(0) (m×m row-major) and its eigenvalues ascending; null when a conjugate-gradient solve did not converge
   *  (H⊥⊥ not positive definite, or too ill-conditioned). */
  schur0: number[] | null;
  schur0_eigenvalues: number[] | null;
  cg_iterations: number;
  seconds: number;
}

/** The θ coordinates j·d + h of every column. */
function thetaIndices(m: number, d: number, h: number): number[] {
  return Array.from({ length: m }, (_, j) => j * d + h);
}

/** v ↦ P H P v with P the projection off the θ coordinates (v restored after the product). */
function perpOperator(op: { apply(v: Float64Array, out: Float64Array): void }, th: number[]) {
  const saved = new Float64Array(th.length);
  return (v: Float64Array, out: Float64Array): void => {
    th.forEach((k, i) => { saved[i] = v[k]!; v[k] = 0; });
    op.apply(v, out);
    th.forEach((k, i) => { v[k] = saved[i]!; out[k] = 0; });
  };
}

export function perpGdMulti(opts: PerpGdMultiOptions, seed: number): PerpGdMultiResult {
  const t0 = Date.now();
  const { p, h } = perpProblem(opts, opts.readout, opts.maxSteps, seed, 'perpGdMulti');
  const d = opts.d, m = opts.readout.length;
  const th = thetaIndices(m, d, h);
  const W = Float64Array.from(p.W0);
  for (const k of th) W[k] = 0;
  const grad = new Float64Array(m * d);
  let t = 0, gn = Infinity;
  const gdUntil = (tol: number) => {
    for (; ; t++) {
      gn = perpGradient(p.net, p.train, p.yTrain, W, grad, th);
      if (gn <= tol || t >= opts.maxSteps || !Number.isFinite(gn)) break;
      for (let k = 0; k < W.length; k++) W[k] = W[k]! - opts.lr * grad[k]!;
    }
  };
  gdUntil(Math.max(opts.polishBelow, opts.gradTol));
  let newtonSteps = 0;
  // Newton–CG (inexact, Armijo backtracking) once GD is close; GD again where it stops early.
  const trial = new Float64Array(m * d);
  let f = objective(p.net, p.train, p.yTrain, W);
  while (gn > opts.gradTol && gn <= opts.polishBelow && newtonSteps < 40 && Number.isFinite(gn)) {
    const perp = perpOperator(blockedHessianOperator(p.train, sampleTerms(p.net, p.train, p.yTrain, W), opts.ridge), th);
    const sol = conjugateGradient(perp, grad.map((g) => -g), Math.min(0.1, Math.sqrt(gn)), 2 * m * d);
    let slope = 0;
    for (let k = 0; k < W.length; k++) slope += grad[k]! * sol.x[k]!;
    if (!(slope < 0)) break;
    let step = 1, accepted = false;
    for (let tries = 0; tries < 12; tries++, step /= 2) {
      for (let k = 0; k < W.length; k++) trial[k] = W[k]! + step * sol.x[k]!;
      const ft = objective(p.net, p.train, p.yTrain, trial);
      if (ft <= f + 1e-4 * step * slope) { W.set(trial); f = ft; accepted = true; break; }
    }
    newtonSteps++;
    if (!accepted) break;
    gn = perpGradient(p.net, p.train, p.yTrain, W, grad, th);
  }
  if (gn > opts.gradTol && Number.isFinite(gn)) gdUntil(opts.gradTol);

  const terms = sampleTerms(p.net, p.train, p.yTrain, W);
  const op = blockedHessianOperator(p.train, terms, opts.ridge);
  const perp = perpOperator(op, th);
  const Q: number[] = [];
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += W[a * d + k]! * W[b * d + k]!;
    Q.push(s);
  }
  // S(0)_jk = H_{θj,θk} − b_jᵀ H⊥⊥⁻¹ b_k, b_j = (H e_{θj}) off θ.
  const He: Float64Array[] = [], B: Float64Array[] = [], X: Float64Array[] = [];
  let cgIt = 0, ok = true;
  for (let j = 0; j < m; j++) {
    const e = new Float64Array(m * d);
    e[th[j]!] = 1;
    const col = new Float64Array(m * d);
    op.apply(e, col);
    He.push(col);
    const b = Float64Array.from(col);
    for (const k of th) b[k] = 0;
    B.push(b);
    const sol = conjugateGradient(perp, b, 1e-10, 4 * m * d);
    cgIt += sol.iterations;
    ok &&= sol.converged;
    X.push(sol.x);
  }
  let schur0: number[] | null = null, eig: number[] | null = null;
  if (ok) {
    schur0 = [];
    for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) {
      let bx = 0;
      for (let q = 0; q < m * d; q++) bx += B[j]![q]! * X[k]![q]!;
      schur0.push(He[k]![th[j]!]! - bx);
    }
    const S = new Matrix(m, m);
    for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) S.set(j, k, 0.5 * (schur0[j * m + k]! + schur0[k * m + j]!));
    eig = new EigenvalueDecomposition(S, { assumeSymmetric: true }).realEigenvalues.slice().sort((a, b) => a - b);
  }
  return {
    seed, d, n: p.n, m, steps: t, newton_steps: newtonSteps, grad_norm: gn, converged: gn <= opts.gradTol,
    Q, train_risk: terms.risk, schur0, schur0_eigenvalues: eig, cg_iterations: cgIt, seconds: (Date.now() - t0) / 1000,
  };
}
