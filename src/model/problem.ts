// A GD learning problem: resolved activation/loss/target, the Gaussian data set with its labels, and the
// split of the latent space into the easy subspace U_E and the hard subspace U_H (docs/theory.md §4).
import { assertBinaryLabels, resolveActivation, resolveLoss, resolveTarget, type Target } from './formulas.js';
import { makeRng, type Rng } from '../numerics/random/rng.js';
import { gaussianData, type GaussianData } from '../numerics/random/gaussianData.js';
import { UsageError } from '../core/errors.js';
import type { Network } from './network.js';
import { correlationSplit } from './latentSplit.js';

/** Everything that defines one GD run (plain data, so it can cross a worker-thread boundary). */
export interface GdConfig {
  act: string;
  loss: string;
  target: string;
  /** Label noise: y = g(z) + noise·ξ, ξ ~ N(0,1) (continuous targets only). */
  noise: number;
  /** Fixed readout a ∈ R^m; m = readout.length. */
  readout: number[];
  /** Initialisation scale s: w_j(0) ~ N(0, s² I_d / d), so ‖w_j(0)‖ ≈ s. */
  initScale: number;
  lr: number;
  steps: number;
  ridge: number;
  delta: number;
  d: number;
  /** Hard latent coordinates (1-based); omitted: every coordinate i with E[g(z) z_i] = 0. */
  hard?: number[];
  /** Steps at which the lowest Hessian eigenpairs are computed (Lanczos on Hessian–vector products). */
  hessianAt: number[];
  /** Number of lowest eigenpairs per probe. */
  hessianK: number;
  /** Test-set size for the test risk. */
  nTest: number;
  /** Record the time series every this many steps (and at every step t ≤ 20, and at the end). */
  recordEvery: number;
  /** Stop at the first recorded step with U_H overlap² ≥ 0.5 (grokking-time runs); default false. */
  stopWhenLearned?: boolean;
}

export interface Problem {
  net: Network;
  target: Target;
  n: number;
  train: GaussianData;
  test: GaussianData;
  yTrain: Float64Array;
  yTest: Float64Array;
  /** 0-based latent coordinates of U_E and U_H (U_E ⊕ U_H = span(e_1..e_k)). */
  easy: number[];
  hard: number[];
  W0: Float64Array;
  rng: Rng;
}

export function labels(target: Target, data: GaussianData, noise: number, rng: Rng): Float64Array {
  const { n, d, X } = data;
  const k = target.k;
  const z = new Float64Array(k);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) z[j] = X[i * d + j]!;
    y[i] = target.fn.value(z) + (noise > 0 ? noise * rng.normal() : 0);
  }
  return y;
}

/** Builds the problem for one seed. The stream of makeRng(seed) draws, in order: the training inputs, the
 *  training label noise, W(0), the test inputs, the test label noise (so the training run does not depend on nTest). */
export function buildProblem(cfg: GdConfig, seed: number): Problem {
  const act = resolveActivation(cfg.act, '--act');
  const loss = resolveLoss(cfg.loss, '--loss');
  const target = resolveTarget(cfg.target, '--target');
  if (target.k > cfg.d) throw new UsageError('--d', `must be at least the number of latent coordinates (${target.k})`, '500');
  if (cfg.noise > 0 && (target.discrete || loss.binaryLabels))
    throw new UsageError('--noise', 'label noise is only supported for continuous targets and losses', '0');
  assertBinaryLabels(target, loss);
  const n = Math.round(cfg.delta * cfg.d);
  if (n < 1) throw new UsageError('--delta', `gives n = δ·d = ${n} < 1 samples`, '8');
  const split = correlationSplit(target, cfg.hard);
  if (split.hard.length === 0)
    throw new UsageError('--target', 'has no hard direction (every latent coordinate has E[g(z) z_i] ≠ 0); pass --hard to choose one', 'tanh(z^2)');
  const rng = makeRng(seed);
  const train = gaussianData(n, cfg.d, rng);
  const yTrain = labels(target, train, cfg.noise, rng);
  const m = cfg.readout.length;
  const W0 = new Float64Array(m * cfg.d);
  rng.fillNormal(W0);
  const sc = cfg.initScale / Math.sqrt(cfg.d);
  for (let k = 0; k < W0.length; k++) W0[k] = W0[k]! * sc;
  const test = gaussianData(cfg.nTest, cfg.d, rng);
  const yTest = labels(target, test, cfg.noise, rng);
  const net: Network = { act: act.fn, loss: loss.fn, readout: Float64Array.from(cfg.readout), ridge: cfg.ridge };
  return { net, target, n, train, test, yTrain, yTest, easy: split.easy, hard: split.hard, W0, rng };
}
