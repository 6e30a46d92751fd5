// Full-batch gradient descent on the empirical risk of the two-layer network (docs/theory.md (5.1)):
//   W(t+1) = W(t) − η (∇R̂(W(t)) + λ W(t)),  readout fixed,  w_j(0) ~ N(0, s² I_d/d).
// Records the U_E / U_H overlaps, train and test risk, ‖W‖ over time, and Lanczos probes of the lowest
// Hessian eigenpairs (with their U_H overlap and the §1 plug-in prediction) at chosen steps.
import { lanczos } from '../../numerics/linalg/lanczos.js';
import { makeRng } from '../../numerics/random/rng.js';
import type { SolverStatus } from '../../core/status.js';
import { ConvergenceError } from '../../core/errors.js';
import { riskAndGradient, sampleTerms } from '../../model/network.js';
import { blockedHessianOperator } from '../hessian/blockedHvp.js';
import { buildProblem, type GdConfig, type Problem } from '../../model/problem.js';
import { pluginSpectrum, type PluginPrediction } from './pluginLaw.js';

/** Lowest Hessian eigenpairs at one step, with their squared overlaps with U_H and U_E (‖P v‖², ‖v‖ = 1). */
export interface HessianProbe {
  t: number;
  values: number[];
  overlap_h: number[];
  overlap_e: number[];
  status: SolverStatus;
  /** §1 outlier equations fed the empirical law of (z_i, A_i(t)) (m = 1, one hard direction); null otherwise. */
  plugin: PluginPrediction | null;
}

export interface GdSeries {
  t: number[];
  /** max_j ‖P_H w_j‖²/‖w_j‖² (the best neuron's squared overlap with U_H). */
  overlap_h: number[];
  /** max_j ‖P_E w_j‖²/‖w_j‖² (0 when U_E is empty). */
  overlap_e: number[];
  train_risk: number[];
  test_risk: number[];
  /** ‖W‖_F. */
  w_norm: number[];
}

export interface GdRun {
  seed: number;
  d: number;
  n: number;
  m: number;
  easy: number[];
  hard: number[];
  series: GdSeries;
  hessian: HessianProbe[];
  final: { overlap_h: number; overlap_h_neurons: number[]; overlap_e: number; train_risk: number; test_risk: number; w_norm: number };
  /** First recorded step with overlap_h ≥ 0.5, null if never within the horizon. */
  t_learn: number | null;
  seconds: number;
}

export type Progress = (p: { seed: number; t: number; steps: number; overlap_h: number; train_risk: number }) => void;

function neuronOverlaps(W: Float64Array, m: number, d: number, idx: readonly number[]): number[] {
  const out: number[] = [];
  for (let j = 0; j < m; j++) {
    let num = 0, den = 0;
    for (let k = 0; k < d; k++) den += W[j * d + k]! ** 2;
    for (const i of idx) num += W[j * d + i]! ** 2;
    out.push(den > 0 ? num / den : 0);
  }
  return out;
}

/** ‖P v‖² for v in the neuron-major layout, P the projection on the given latent coordinates of every neuron. */
function vectorOverlap(v: Float64Array, m: number, d: number, idx: readonly number[]): number {
  let num = 0, den = 0;
  for (let k = 0; k < v.length; k++) den += v[k]! ** 2;
  for (let j = 0; j < m; j++) for (const i of idx) num += v[j * d + i]! ** 2;
  return den > 0 ? num / den : 0;
}

/** Lowest `k` eigenpairs of ∇²R̂(W) + λI by Lanczos on Hessian–vector products (docs/theory.md (4.2)–(4.3)). */
export function hessianProbe(p: Problem, W: Float64Array, t: number, k: number, delta: number, seed: number): HessianProbe {
  const m = p.net.readout.length;
  const d = p.train.d;
  const terms = sampleTerms(p.net, p.train, p.yTrain, W);
  const op = blockedHessianOperator(p.train, terms, p.net.ridge);
  const eig = lanczos(op, k, 'smallest', makeRng(seed * 7919 + t), { tol: 1e-6, maxIter: 400 });
  const plugin = m === 1 && p.hard.length === 1 ? pluginSpectrum(p, terms, delta) : null;
  return {
    t,
    values: eig.values,
    overlap_h: eig.vectors.map((v) => vectorOverlap(v, m, d, p.hard)),
    overlap_e: eig.vectors.map((v) => vectorOverlap(v, m, d, p.easy)),
    status: eig.status,
    plugin,
  };
}

/** One seeded GD run. Reproducible from (cfg, seed). */
export function runGd(cfg: GdConfig, seed: number, progress?: Progress): GdRun {
  const t0 = Date.now();
  const p = buildProblem(cfg, seed);
  const m = cfg.readout.length;
  const d = cfg.d;
  const W = Float64Array.from(p.W0);
  const grad = new Float64Array(W.length);
  const series: GdSeries = { t: [], overlap_h: [], overlap_e: [], train_risk: [], test_risk: [], w_norm: [] };
  const hessian: HessianProbe[] = [];
  const probeAt = new Set(cfg.hessianAt.filter((t) => t >= 0 && t <= cfg.steps));
  let tLearn: number | null = null;
  const record = (t: number, trainRisk: number): void => {
    const qh = Math.max(...neuronOverlaps(W, m, d, p.hard));
    const qe = p.easy.length > 0 ? Math.max(...neuronOverlaps(W, m, d, p.easy)) : 0;
    let wn = 0;
    for (let k = 0; k < W.length; k++) wn += W[k]! * W[k]!;
    series.t.push(t);
    series.overlap_h.push(qh);
    series.overlap_e.push(qe);
    series.train_risk.push(trainRisk);
    series.test_risk.push(riskAndGradient(p.net, p.test, p.yTest, W));
    series.w_norm.push(Math.sqrt(wn));
    if (tLearn === null && qh >= 0.5) tLearn = t;
    progress?.({ seed, t, steps: cfg.steps, overlap_h: qh, train_risk: trainRisk });
  };
  for (let t = 0; ; t++) {
    if (probeAt.has(t)) hessian.push(hessianProbe(p, W, t, cfg.hessianK, cfg.delta, seed));
    const risk = riskAndGradient(p.net, p.train, p.yTrain, W, t < cfg.steps ? grad : undefined);
    if (t <= 20 || t % cfg.recordEvery === 0 || t === cfg.steps) record(t, risk);
    if (t === cfg.steps || (cfg.stopWhenLearned === true && tLearn !== null)) break;
    for (let k = 0; k < W.length; k++) W[k] = W[k]! - cfg.lr * grad[k]!;
    if (!W.every(Number.isFinite))
      throw new ConvergenceError('gradient descent', {
        converged: false, residual: Infinity, iterations: t + 1, method: 'full-batch GD',
        message: `W became non-finite at step ${t + 1}; decrease --lr (now ${cfg.lr})`,
      });
  }
  const last = series.t.length - 1;
  const qhn = neuronOverlaps(W, m, d, p.hard);
  return {
    seed,
    d,
    n: p.n,
    m,
    easy: p.easy,
    hard: p.hard,
    series,
    hessian,
    final: {
      overlap_h: series.overlap_h[last]!,
      overlap_h_neurons: qhn,
      overlap_e: series.overlap_e[last]!,
      train_risk: series.train_risk[last]!,
      test_risk: series.test_risk[last]!,
      w_norm: series.w_norm[last]!,
    },
    t_learn: tLearn,
    seconds: (Date.now() - t0) / 1000,
  };
}
