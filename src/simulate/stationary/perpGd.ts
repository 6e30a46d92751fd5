// Full-batch GD on R̂ restricted to w ⊥ θ (the hard direction), run until ‖∇⊥R̂‖ ≤ tol: the finite-d stationary
// point of docs/theory.md (6.2). At that point: ‖w‖, the training risk, quantiles of u_i = wᵀx_i, and the lowest
// eigenpairs of the FULL Hessian ∇²R̂ + λI (Lanczos on Hessian–vector products) with their overlap² with θ.
// m = 1, one hard latent coordinate.
import { lanczos } from '../../numerics/linalg/lanczos.js';
import { makeRng } from '../../numerics/random/rng.js';
import { riskAndGradient, sampleTerms, hessianOperator } from '../../model/network.js';
import { buildProblem, type GdConfig } from '../../model/problem.js';
import type { SolverStatus } from '../../core/status.js';
import { conjugateGradient } from './conjugateGradient.js';

export interface PerpGdOptions {
  act: string;
  loss: string;
  target: string;
  noise: number;
  readout: number;
  initScale: number;
  lr: number;
  ridge: number;
  delta: number;
  d: number;
  /** Stop when ‖∇⊥R̂‖ ≤ gradTol. */
  gradTol: number;
  maxSteps: number;
  /** Lowest eigenpairs computed at the end. */
  eigenpairs: number;
  /** Hutchinson probes for (1/n) tr H⊥⊥^{-1} (0: skip). */
  traceProbes: number;
}

export interface PerpGdResult {
  seed: number;
  d: number;
  n: number;
  steps: number;
  grad_norm: number;
  converged: boolean;
  w_norm: number;
  train_risk: number;
  /** Quantiles of u_i at probabilities QUANTILE_PROBS. */
  u_quantiles: number[];
  /** Lowest eigenvalues of ∇²R̂ + λI, ascending, and their eigenvectors' overlap² with θ. */
  eigenvalues: number[];
  overlap2: number[];
  /** Rayleigh quotient of the Hessian along ŵ/‖ŵ‖. */
  rayleigh_w: number;
  /** Schur complement S(0) = λ + H_θθ − H_θ⊥ H⊥⊥^{-1} H⊥θ (docs/theory.md (6.9)); its sign is the sign of the
   *  lowest eigenvalue when H⊥⊥ ≻ 0. null when the conjugate-gradient solve did not converge. */
  schur0: number | null;
  /** (1/n) tr H⊥⊥^{-1} by Hutchinson's estimator (Rademacher probes), with its standard error; null if a solve failed. */
  trace_inverse: { mean: number; se: number; probes: number } | null;
  cg_iterations: number;
  lanczos: SolverStatus;
  seconds: number;
}

export const QUANTILE_PROBS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export function quantiles(xs: Float64Array, probs: readonly number[]): number[] {
  const s = Float64Array.from(xs).sort();
  return probs.map((p) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, s.length - 1);
    return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
  });
}

/** One seeded run. Reproducible from (opts, seed): the data and w(0) are those of src/dynamics/problem.ts. */
export function perpGd(opts: PerpGdOptions, seed: number, progress?: (t: number, g: number) => void): PerpGdResult {
  const t0 = Date.now();
  const cfg: GdConfig = {
    act: opts.act, loss: opts.loss, target: opts.target, noise: opts.noise, readout: [opts.readout],
    initScale: opts.initScale, lr: opts.lr, steps: opts.maxSteps, ridge: opts.ridge, delta: opts.delta, d: opts.d,
    hessianAt: [], hessianK: opts.eigenpairs, nTest: 1, recordEvery: 1_000_000,
  };
  const p = buildProblem(cfg, seed);
  if (p.hard.length !== 1) throw new RangeError('perpGd: needs exactly one hard latent coordinate');
  const h = p.hard[0]!;
  const d = opts.d;
  const W = Float64Array.from(p.W0);
  W[h] = 0;
  // Keep ‖w(0)‖ = initScale after removing the θ component.
  const grad = new Float64Array(d);
  let t = 0;
  let gn = Infinity;
  for (; ; t++) {
    riskAndGradient(p.net, p.train, p.yTrain, W, grad);
    grad[h] = 0;
    let g2 = 0;
    for (let k = 0; k < d; k++) g2 += grad[k]! * grad[k]!;
    gn = Math.sqrt(g2);
    if (progress && t % 500 === 0) progress(t, gn);
    if (gn <= opts.gradTol || t >= opts.maxSteps || !Number.isFinite(gn)) break;
    for (let k = 0; k < d; k++) W[k] = W[k]! - opts.lr * grad[k]!;
  }
  const terms = sampleTerms(p.net, p.train, p.yTrain, W);
  const op = hessianOperator(p.train, terms, opts.ridge);
  const eig = lanczos(op, opts.eigenpairs, 'smallest', makeRng(seed * 7919 + 17), { tol: 1e-7, maxIter: 600 });
  let wn2 = 0;
  for (let k = 0; k < d; k++) wn2 += W[k]! * W[k]!;
  const Hw = new Float64Array(d);
  op.apply(W, Hw);
  let wHw = 0;
  for (let k = 0; k < d; k++) wHw += W[k]! * Hw[k]!;
  // H⊥⊥ v = P H P v with P the projection off θ (coordinate h).
  const perp = (v: Float64Array, out: Float64Array) => {
    const vh = v[h]!;
    v[h] = 0;
    op.apply(v, out);
    v[h] = vh;
    out[h] = 0;
  };
  let cgIt = 0;
  const e = new Float64Array(d);
  e[h] = 1;
  const He = new Float64Array(d);
  op.apply(e, He);
  const b = Float64Array.from(He);
  b[h] = 0;
  const sol = conjugateGradient(perp, b, 1e-10, 4 * d);
  cgIt += sol.iterations;
  let schur0: number | null = null;
  if (sol.converged) {
    let bx = 0;
    for (let k = 0; k < d; k++) bx += b[k]! * sol.x[k]!;
    schur0 = He[h]! - bx;
  }
  const rng = makeRng(seed * 104729 + 3);
  const traces: number[] = [];
  for (let k = 0; k < opts.traceProbes; k++) {
    const xi = new Float64Array(d);
    for (let j = 0; j < d; j++) xi[j] = j === h ? 0 : rng.uniform() < 0.5 ? -1 : 1;
    const s2 = conjugateGradient(perp, xi, 1e-10, 4 * d);
    cgIt += s2.iterations;
    if (!s2.converged) { traces.length = 0; break; }
    let q = 0;
    for (let j = 0; j < d; j++) q += xi[j]! * s2.x[j]!;
    traces.push(q / p.n);
  }
  const tm = traces.length > 0 ? traces.reduce((a, c) => a + c, 0) / traces.length : NaN;
  const tse = traces.length > 1 ? Math.sqrt(traces.reduce((a, c) => a + (c - tm) ** 2, 0) / (traces.length - 1) / traces.length) : NaN;
  return {
    schur0,
    trace_inverse: traces.length > 0 ? { mean: tm, se: tse, probes: traces.length } : null,
    cg_iterations: cgIt,
    seed, d, n: p.n, steps: t, grad_norm: gn, converged: gn <= opts.gradTol,
    w_norm: Math.sqrt(wn2),
    train_risk: terms.risk,
    u_quantiles: quantiles(terms.u, QUANTILE_PROBS),
    eigenvalues: eig.values,
    overlap2: eig.vectors.map((v) => v[h]! * v[h]!),
    rayleigh_w: wHw / wn2,
    lanczos: eig.status,
    seconds: (Date.now() - t0) / 1000,
  };
}
