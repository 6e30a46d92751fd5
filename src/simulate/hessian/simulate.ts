// Finite-d check of the fixed-state Hessian theory (docs/theory.md §4): draw x_i ~ N(0, I_d), y_i = g(z_i) + noise·ξ_i,
// place W at the state (independent of the data), and compute the lowest eigenpairs of ∇²R̂(W) by Lanczos on
// Hessian–vector products, with each eigenvector's squared overlap with U_H (its components on the hard latent
// coordinates, summed over the m blocks).
import { combineStatus, statusLabel, type SolverStatus } from '../../core/status.js';
import { makeRng } from '../../numerics/random/rng.js';
import { gaussianData } from '../../numerics/random/gaussianData.js';
import { lanczos } from '../../numerics/linalg/lanczos.js';
import { meanSe } from '../../numerics/stats.js';
import { SIMULATION_TOL } from '../spectral/index.js';
import { labels } from '../../model/problem.js';
import { provenance, type Provenance } from '../../core/provenance.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import { checkProblem } from '../../model/hessianProblem.js';
import type { NetworkState } from '../../model/state.js';
import { stateFactor } from '../../model/state.js';
import { conditionalMeanSplit } from '../../model/latentSplit.js';
import { stateWeights, empiricalHessian } from './hvp.js';

export interface HessianSimConfig {
  delta: number;
  d: number;
  seeds: number[];
  /** Number of lowest eigenpairs (default 3). */
  eigenpairs?: number;
}

export interface HessianSeedResult {
  seed: number;
  eigenvalues: number[];
  overlap2_hard: number[];
  lanczos_residual: number;
  lanczos_status: SolverStatus;
}

export interface HessianSimResult {
  /** Mean over seeds of the lowest eigenvalues, lowest first, and their standard errors. */
  eigenvalues: number[];
  /** null with a single seed. */
  eigenvalues_se: (number | null)[];
  /** Squared U_H overlap of the lowest eigenvector: mean and standard error over seeds. */
  overlap2_hard: number;
  overlap2_hard_se: number | null;
  per_seed: HessianSeedResult[];
  /** Worst-of the seeds' Lanczos statuses: "converged" only if every seed's Ritz residuals met the tolerance. */
  status: 'converged' | 'not_converged';
  residual: number;
  d: number;
  n: number;
  config: Record<string, unknown>;
  provenance: Provenance;
}

/** Σ_j Σ_{r ∈ hard} v_j[r]² for v ∈ R^{md} (neuron-major), v unit. */
function hardOverlap(v: Float64Array, m: number, d: number, hard: number[]): number {
  let s = 0;
  for (let j = 0; j < m; j++) for (const r of hard) s += v[j * d + r]! ** 2;
  return s;
}

/** Largest Ritz residual relative to the largest |eigenvalue| reported for which they count as resolved. */
const EIGENVALUE_RTOL = 1e-3;

/** One seed: data, labels, the state's W, Lanczos on the Hessian. */
export function simulateHessianSeed(p: HessianProblem, s: NetworkState, cfg: HessianSimConfig, seed: number, hard: number[]): HessianSeedResult {
  const n = Math.round(cfg.delta * cfg.d);
  const rng = makeRng(seed);
  const data = gaussianData(n, cfg.d, rng);
  const y = labels(p.target, data, p.noise, rng);
  const W = stateWeights(s, stateFactor(s), cfg.d);
  const { op } = empiricalHessian(p, s.readout, data, y, W);
  const eig = lanczos(op, cfg.eigenpairs ?? 3, 'smallest', rng, { tol: SIMULATION_TOL });
  // Lanczos meets tol·‖A‖; the reported eigenvalues are known only to ± residual, so that bound must also be small
  // against their own size (e.g. σ = exp(x²): ‖A‖ ~ 10⁸, residual 330 against eigenvalues ~ 100).
  const size = eig.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const resolved = eig.status.residual <= EIGENVALUE_RTOL * size;
  const status = resolved || !eig.status.converged
    ? eig.status
    : { ...eig.status, converged: false, message: `Ritz residual ${eig.status.residual.toExponential(2)} > ${EIGENVALUE_RTOL} × max|λ| = ${(EIGENVALUE_RTOL * size).toExponential(2)}: eigenvalues not resolved` };
  return {
    seed,
    eigenvalues: eig.values,
    overlap2_hard: eig.vectors.map((v) => hardOverlap(v, s.m, cfg.d, hard)),
    lanczos_residual: eig.status.residual,
    lanczos_status: status,
  };
}

/** Lowest Hessian eigenpairs over seeds, with standard errors (docs/theory.md §4, fixed state). */
export function simulateHessian(p: HessianProblem, s: NetworkState, cfg: HessianSimConfig, progress?: (done: number, total: number) => void): HessianSimResult {
  checkProblem(p);
  const hard = conditionalMeanSplit(p).hard;
  const per = cfg.seeds.map((seed, i) => {
    const r = simulateHessianSeed(p, s, cfg, seed, hard);
    progress?.(i + 1, cfg.seeds.length);
    return r;
  });
  const K = Math.min(...per.map((r) => r.eigenvalues.length));
  const ev = Array.from({ length: K }, (_, i) => meanSe(per.map((r) => r.eigenvalues[i]!)));
  const ov = meanSe(per.map((r) => r.overlap2_hard[0]!));
  const se = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    eigenvalues: ev.map((e) => e.mean),
    eigenvalues_se: ev.map((e) => se(e.se)),
    overlap2_hard: ov.mean,
    overlap2_hard_se: se(ov.se),
    per_seed: per,
    status: statusLabel(combineStatus('lanczos over seeds', per.map((r) => r.lanczos_status))),
    residual: Math.max(...per.map((r) => r.lanczos_residual)),
    d: cfg.d,
    n: Math.round(cfg.delta * cfg.d),
    config: { act: p.act.name, loss: p.loss.name, target: p.target.name, noise: p.noise, readout: Array.from(s.readout), norms: Array.from(s.norms), delta: cfg.delta, seeds: cfg.seeds, lanczos_tol: SIMULATION_TOL, hard_coordinates: hard.map((h) => h + 1) },
    provenance: provenance(),
  };
}
