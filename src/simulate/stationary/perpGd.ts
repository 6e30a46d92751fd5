// Full-batch GD on R̂ restricted to w ⊥ θ (the hard direction), run until ‖∇⊥R̂‖ ≤ tol: the finite-d stationary
// point of docs/theory.md (6.2). At that point: ‖w‖, the training risk, quantiles of u_i = wᵀx_i, and the lowest
// eigenpairs of the FULL Hessian ∇²R̂ + λI (Lanczos on Hessian–vector products) with their overlap² with θ.
// m = 1, one hard latent coordinate. Once ‖∇⊥R̂‖ ≤ polishBelow, GD hands over to Newton–CG inside the basin GD has
// reached (H⊥⊥ p = −∇⊥R̂ by conjugate gradients, backtracking on R̂): near a nearly marginal minimum plain GD contracts
// by only 1 − ηλ_min per step, so the last decades of the gradient cost thousands of steps.
import { lanczos } from '../../numerics/linalg/lanczos.js';
import { makeRng, type Rng } from '../../numerics/random/rng.js';
import { riskAndGradient, sampleTerms, type Network } from '../../model/network.js';
import { blockedHessianOperator } from '../hessian/blockedHvp.js';
import type { GaussianData } from '../../numerics/random/gaussianData.js';
import { buildProblem, type GdConfig, type Problem } from '../../model/problem.js';
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
  /** Switch from GD to Newton–CG once ‖∇⊥R̂‖ ≤ polishBelow (0: GD all the way). */
  polishBelow?: number;
  /** Lowest eigenpairs computed at the end. */
  eigenpairs: number;
  /** Hutchinson probes for (1/n) tr H⊥⊥^{-1} (0: skip). */
  traceProbes: number;
}

export interface PerpGdResult {
  seed: number;
  d: number;
  n: number;
  /** GD steps, then Newton steps and their conjugate-gradient iterations (each costs about one GD step). */
  steps: number;
  newton_steps: number;
  newton_cg_iterations: number;
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
  /** The leave-one-out identities of docs/theory.md (6.6) and (6.9) evaluated on this run's own weights A_i and
   *  coordinates z_i: the roots κ̂ of (1/n) Σ_i κA_i/(1 + κA_i) + λκ = (d − 1)/n on (0, 1/max(−A_i)) (ascending; the
   *  function rises from 0 and falls to −∞ at the pole, so there are 0 or 2 roots when some A_i < 0) and
   *  Λ̂(κ̂) = λ + (1/n) Σ_i A_i z_i²/(1 + κ̂A_i) at each. E_ε[S(0)] equals (1/n) Σ_i A_i z_i²/(1 + κ_iA_i) exactly, with
   *  κ_i = x_iᵀH₍ᵢ₎⁻¹x_i/n, so S(0) ≈ Λ̂ tests whether the κ_i concentrate on a root. */
  empirical: { kappa_roots: number[]; lambda_at_roots: number[]; min_weight: number };
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

/** The problem fields a GD run ⊥ θ shares with src/model/problem.ts. */
export type PerpProblemSpec = Pick<PerpGdOptions, 'act' | 'loss' | 'target' | 'noise' | 'initScale' | 'lr' | 'ridge' | 'delta' | 'd'>;

/** The data and w(0) of src/model/problem.ts for readout a (one hard latent coordinate; `who` names the caller in the
 *  error), and h, the coordinate of θ. The runs ⊥ θ set w(0)'s θ components to 0 themselves. */
export function perpProblem(spec: PerpProblemSpec, readout: readonly number[], steps: number, seed: number, who: string): { p: Problem; h: number } {
  const cfg: GdConfig = {
    act: spec.act, loss: spec.loss, target: spec.target, noise: spec.noise, readout: [...readout],
    initScale: spec.initScale, lr: spec.lr, steps, ridge: spec.ridge, delta: spec.delta, d: spec.d,
    hessianAt: [], hessianK: 1, nTest: 1, recordEvery: 1_000_000,
  };
  const p = buildProblem(cfg, seed);
  if (p.hard.length !== 1) throw new RangeError(`${who}: needs exactly one hard latent coordinate`);
  return { p, h: p.hard[0]! };
}

/** A Rademacher probe ξ ⊥ θ (ξ_h = 0): the Hutchinson probe of (1/n) tr H⊥⊥⁻¹. */
export function rademacherPerp(d: number, h: number, rng: Rng): Float64Array {
  const xi = new Float64Array(d);
  for (let j = 0; j < d; j++) xi[j] = j === h ? 0 : rng.uniform() < 0.5 ? -1 : 1;
  return xi;
}

/** ξᵀH⊥⊥⁻¹ξ/n by conjugate gradients (relative residual 1e-10); null where they fail (H⊥⊥ not positive definite).
 *  Adds the iterations to `count`. */
export function inverseForm(perp: (v: Float64Array, out: Float64Array) => void, xi: Float64Array, n: number, count?: { cg: number }): number | null {
  const sol = conjugateGradient(perp, xi, 1e-10, 4 * xi.length);
  if (count) count.cg += sol.iterations;
  if (!sol.converged) return null;
  let q = 0;
  for (let j = 0; j < xi.length; j++) q += xi[j]! * sol.x[j]!;
  return q / n;
}

/** One seeded run. Reproducible from (opts, seed): the data and w(0) are those of src/model/problem.ts. */
export function perpGd(opts: PerpGdOptions, seed: number, progress?: (t: number, g: number) => void): PerpGdResult {
  const t0 = Date.now();
  const { p, h } = perpProblem(opts, [opts.readout], opts.maxSteps, seed, 'perpGd');
  const d = opts.d;
  const W = Float64Array.from(p.W0);
  W[h] = 0;
  const grad = new Float64Array(d);
  let t = 0;
  let gn = Infinity;
  const polishBelow = Math.max(opts.polishBelow ?? 0, opts.gradTol);
  const gdUntil = (tol: number) => {
    for (; ; t++) {
      gn = perpGradient(p.net, p.train, p.yTrain, W, grad, h);
      if (progress && t % 500 === 0) progress(t, gn);
      if (gn <= tol || t >= opts.maxSteps || !Number.isFinite(gn)) break;
      for (let k = 0; k < d; k++) W[k] = W[k]! - opts.lr * grad[k]!;
    }
  };
  gdUntil(polishBelow);
  const newton = { steps: 0, cg: 0 };
  if (gn > opts.gradTol && gn <= polishBelow) gn = newtonPolish(p.net, p.train, p.yTrain, W, h, opts, newton);
  // Newton–CG stops early where the ⊥ Hessian is not yet positive definite: GD takes over again from there.
  if (gn > opts.gradTol && Number.isFinite(gn)) gdUntil(opts.gradTol);
  const terms = sampleTerms(p.net, p.train, p.yTrain, W);
  const op = blockedHessianOperator(p.train, terms, opts.ridge);
  const eig = lanczos(op, opts.eigenpairs, 'smallest', makeRng(seed * 7919 + 17), { tol: 1e-7, maxIter: 600 });
  let wn2 = 0;
  for (let k = 0; k < d; k++) wn2 += W[k]! * W[k]!;
  const Hw = new Float64Array(d);
  op.apply(W, Hw);
  let wHw = 0;
  for (let k = 0; k < d; k++) wHw += W[k]! * Hw[k]!;
  const perp = perpOperator(op, h);
  const cg = { cg: 0 };
  const e = new Float64Array(d);
  e[h] = 1;
  const He = new Float64Array(d);
  op.apply(e, He);
  const b = Float64Array.from(He);
  b[h] = 0;
  // S(0) = H_θθ − bᵀH⊥⊥⁻¹b with b = H⊥θ (inverseForm with n = 1).
  const bHb = inverseForm(perp, b, 1, cg);
  const schur0 = bHb === null ? null : He[h]! - bHb;
  const rng = makeRng(seed * 104729 + 3);
  const traces: number[] = [];
  for (let k = 0; k < opts.traceProbes; k++) {
    const q = inverseForm(perp, rademacherPerp(d, h, rng), p.n, cg);
    if (q === null) { traces.length = 0; break; }
    traces.push(q);
  }
  const tm = traces.length > 0 ? traces.reduce((a, c) => a + c, 0) / traces.length : NaN;
  const tse = traces.length > 1 ? Math.sqrt(traces.reduce((a, c) => a + (c - tm) ** 2, 0) / (traces.length - 1) / traces.length) : NaN;
  return {
    empirical: empiricalIdentities(terms, p.train, h, opts.ridge),
    schur0,
    trace_inverse: traces.length > 0 ? { mean: tm, se: tse, probes: traces.length } : null,
    cg_iterations: cg.cg,
    seed, d, n: p.n, steps: t, newton_steps: newton.steps, newton_cg_iterations: newton.cg, grad_norm: gn, converged: gn <= opts.gradTol,
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

/** ∇R̂ with its θ coordinate(s) removed (h, or one per neuron); returns ‖∇⊥R̂‖. */
export function perpGradient(net: Network, data: GaussianData, y: Float64Array, W: Float64Array, grad: Float64Array, h: number | readonly number[]): number {
  riskAndGradient(net, data, y, W, grad);
  for (const k of typeof h === 'number' ? [h] : h) grad[k] = 0;
  let g2 = 0;
  for (let k = 0; k < grad.length; k++) g2 += grad[k]! * grad[k]!;
  return Math.sqrt(g2);
}

/** R̂ + (λ/2)‖w‖², the objective GD descends. */
export function objective(net: Network, data: GaussianData, y: Float64Array, W: Float64Array): number {
  let w2 = 0;
  for (let k = 0; k < W.length; k++) w2 += W[k]! * W[k]!;
  return riskAndGradient(net, data, y, W) + (net.ridge / 2) * w2;
}

/** H⊥⊥ v = P H P v with P the projection off θ (coordinate h); v is restored after the product. */
export function perpOperator(op: { apply(v: Float64Array, out: Float64Array): void }, h: number) {
  return (v: Float64Array, out: Float64Array): void => {
    const vh = v[h]!;
    v[h] = 0;
    op.apply(v, out);
    v[h] = vh;
    out[h] = 0;
  };
}

/** Newton–CG on R̂ restricted to w ⊥ θ, from a point GD has brought near a minimum: p solves H⊥⊥ p = −∇⊥R̂ to a
 *  relative residual min(0.1, ‖∇‖^½) (inexact Newton, superlinear), step 1 halved until the Armijo condition holds.
 *  Stops at ‖∇⊥R̂‖ ≤ gradTol, after 40 steps, or when a direction is not a descent direction (then W is the last
 *  accepted point). Updates W in place; returns the final ‖∇⊥R̂‖. */
function newtonPolish(
  net: Network, data: GaussianData, y: Float64Array, W: Float64Array, h: number,
  opts: PerpGdOptions, count: { steps: number; cg: number },
): number {
  const d = W.length;
  const grad = new Float64Array(d);
  const trial = new Float64Array(d);
  let gn = perpGradient(net, data, y, W, grad, h);
  let f = objective(net, data, y, W);
  while (gn > opts.gradTol && count.steps < 40) {
    const perp = perpOperator(blockedHessianOperator(data, sampleTerms(net, data, y, W), opts.ridge), h);
    const rhs = grad.map((g) => -g);
    const sol = conjugateGradient(perp, rhs, Math.min(0.1, Math.sqrt(gn)), 2 * d);
    count.cg += sol.iterations;
    let slope = 0;
    for (let k = 0; k < d; k++) slope += grad[k]! * sol.x[k]!;
    if (!(slope < 0)) break;
    let step = 1;
    let accepted = false;
    for (let tries = 0; tries < 12; tries++, step /= 2) {
      for (let k = 0; k < d; k++) trial[k] = W[k]! + step * sol.x[k]!;
      const ft = objective(net, data, y, trial);
      if (ft <= f + 1e-4 * step * slope) {
        W.set(trial);
        f = ft;
        accepted = true;
        break;
      }
    }
    count.steps++;
    if (!accepted) break;
    gn = perpGradient(net, data, y, W, grad, h);
  }
  return gn;
}

/** See PerpGdResult.empirical. */
function empiricalIdentities(t: ReturnType<typeof sampleTerms>, data: GaussianData, h: number, ridge: number): PerpGdResult['empirical'] {
  const { n, d, X } = data;
  const A = new Float64Array(n), z2 = new Float64Array(n);
  let minA = Infinity;
  for (let i = 0; i < n; i++) {
    A[i] = t.l2[i]! * t.s[i]! * t.s[i]! + t.c[i]!;
    z2[i] = X[i * d + h]! ** 2;
    minA = Math.min(minA, A[i]!);
  }
  const target = (d - 1) / n;
  const f = (k: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (k * A[i]!) / (1 + k * A[i]!);
    return sum / n + ridge * k - target;
  };
  const lam = (k: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (A[i]! * z2[i]!) / (1 + k * A[i]!);
    return ridge + sum / n;
  };
  const kMax = minA < 0 ? 1 / -minA : 1e6;
  // Scan a geometric grid up to the pole for sign changes, then bisect each.
  const grid: number[] = [];
  for (let k = kMax * 1e-6; k < kMax * (1 - 1e-12); k = kMax - (kMax - k) / 1.5) grid.push(k);
  const roots: number[] = [];
  for (let j = 1; j < grid.length; j++) {
    let a = grid[j - 1]!, b = grid[j]!;
    let fa = f(a);
    if (Math.sign(fa) === Math.sign(f(b))) continue;
    for (let it = 0; it < 100 && b - a > 1e-14 * b; it++) {
      const c = (a + b) / 2, fc = f(c);
      if (Math.sign(fc) === Math.sign(fa)) { a = c; fa = fc; } else b = c;
    }
    roots.push((a + b) / 2);
  }
  return { kappa_roots: roots, lambda_at_roots: roots.map(lam), min_weight: minA };
}
