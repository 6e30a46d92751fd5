// One seed of the docs/theory.md §1 experiment: the extreme eigenpairs of D = (1/n) Σ_i T(y_i) x_i x_iᵀ with
// x_i ~ N(0, I_d), y_i = g(z_i) + σ ξ_i, z_i = the first k coordinates of x_i, n = round(δ d).
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { gaussianData, latent } from '../../numerics/random/gaussianData.js';
import { lanczos } from '../../numerics/linalg/lanczos.js';
import { weightedCovarianceOperator } from '../../numerics/linalg/operators.js';
import { latentOverlap2 } from '../overlap.js';
import { makeRng } from '../../numerics/random/rng.js';
import { meanSe } from '../../numerics/stats.js';

export interface SpectralExperiment {
  /** y = target(z) + noise·ξ, z ∈ R^k. */
  target: (z: ArrayLike<number>) => number;
  k: number;
  /** T = weight(y). */
  weight: (y: number) => number;
  noise: number;
  delta: number;
  d: number;
  /** 'upper': the largest eigenvalues; 'lower': the smallest. */
  side: 'upper' | 'lower';
  /** How many extreme eigenvalues to report. */
  count: number;
  /** Lanczos residual tolerance relative to ‖D‖ (default SIMULATION_TOL). */
  tol?: number;
}

export interface SpectralSample {
  seed: number;
  n: number;
  d: number;
  /** The `count` extreme eigenvalues, outermost first (largest first for 'upper', smallest first for 'lower'). */
  eigenvalues: number[];
  /** ‖Θ*ᵀv‖² of the outermost eigenvector v. */
  overlap2: number;
  status: SolverStatus;
}

/** A target or weight that returned a non-finite value on the simulated data. */
export class NonFiniteValue extends RangeError {
  constructor(
    readonly role: 'target' | 'weight',
    readonly at: number[],
  ) {
    super(`the ${role} is not finite at ${role === 'target' ? 'z' : 'y'} = ${at.map((a) => a.toPrecision(6)).join(', ')}`);
    this.name = 'NonFiniteValue';
  }
}

/** Ritz residual ‖Dv − θv‖ ≤ 1e-6‖D‖: the eigenvalue error is at most the residual (1e-6, and ~1e-12 for an
 *  isolated outlier, residual²/gap), three orders below the d^{-2/3} ≈ 6e-3 (d = 2000) finite-size fluctuations
 *  that the comparisons with theory face; eigenvector error ≤ residual/gap. */
export const SIMULATION_TOL = 1e-6;

/** n = round(δ d), the sample size of docs/theory.md §0. */
export function sampleSize(delta: number, d: number): number {
  return Math.max(1, Math.round(delta * d));
}

/** Draws X (from makeRng(seed)), then ξ, builds T_i = weight(target(z_i) + σ ξ_i) and runs Lanczos for the
 *  `count` extreme eigenpairs of D on the chosen side. */
export function sampleSpectrum(exp: SpectralExperiment, seed: number): SpectralSample {
  const { d, k } = exp;
  const n = sampleSize(exp.delta, d);
  if (k > d) throw new RangeError(`sampleSpectrum: the target has k = ${k} latent coordinates but d = ${d}`);
  const rng = makeRng(seed);
  const data = gaussianData(n, d, rng);
  const T = new Float64Array(n);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    latent(data, i, k, z);
    const g = exp.target(z);
    if (!Number.isFinite(g)) throw new NonFiniteValue('target', Array.from(z));
    const y = exp.noise > 0 ? g + exp.noise * rng.normal() : g;
    const t = exp.weight(y);
    if (!Number.isFinite(t)) throw new NonFiniteValue('weight', [y]);
    T[i] = t;
  }
  const which = exp.side === 'upper' ? 'largest' : 'smallest';
  const eig = lanczos(weightedCovarianceOperator(data, T), exp.count, which, rng, { tol: exp.tol ?? SIMULATION_TOL });
  return { seed, n, d, eigenvalues: eig.values, overlap2: latentOverlap2(eig.vectors[0]!, k), status: eig.status };
}

export interface SpectralRun {
  samples: SpectralSample[];
  /** Per rank (outermost first): mean and standard error over seeds (se NaN for one seed). */
  eigenvalues: { mean: number; se: number }[];
  overlap2: { mean: number; se: number };
  status: SolverStatus;
}

/** sampleSpectrum for seeds seed0, seed0 + 1, …, seed0 + seeds − 1, with means and standard errors. */
export function runSpectralExperiment(exp: SpectralExperiment, seed0: number, seeds: number, progress?: (done: number, total: number) => void): SpectralRun {
  const samples = Array.from({ length: seeds }, (_, s) => {
    const x = sampleSpectrum(exp, seed0 + s);
    progress?.(s + 1, seeds);
    return x;
  });
  return {
    samples,
    eigenvalues: Array.from({ length: exp.count }, (_, r) => meanSe(samples.map((x) => x.eigenvalues[r]!))),
    overlap2: meanSe(samples.map((x) => x.overlap2)),
    status: combineStatus('lanczos-full-reorth', samples.map((x) => x.status)),
  };
}
