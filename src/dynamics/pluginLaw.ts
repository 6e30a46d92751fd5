// The plug-in diagnostic of THEORY §4: the §1 outlier equations fed the *empirical* joint law of
// (z_i, A_i(t)) at a step t of a simulated GD run (m = 1, one hard direction θ), i.e. ψ_δ, φ evaluated with
// E over the n training samples, T_i = A_i(t) = ℓ''_i a²σ'(u_i)² + ℓ'_i a σ''(u_i), z_i = θᵀx_i.
// THEORY reports ~1% agreement with the simulated Hessian for t ≤ 20 (GELU case, d = 3000).
import { empiricalLaw, type Law } from '../law.js';
import { spectrum, deltaStar } from '../spectral/index.js';
import { runGd } from './gd.js';
import type { GdConfig } from './problem.js';
import { combineStatus, type SolverStatus } from '../status.js';
import { UsageError } from '../errors.js';
import type { SampleTerms } from './network.js';
import type { Problem } from './problem.js';

export interface PluginPrediction {
  /** Predicted lowest bulk edge and outlier of ∇²R̂ + λI (null outlier: none), squared θ-overlap. */
  bulk_edge: number;
  outlier: number | null;
  overlap2: number;
  /** §1 lower-side threshold δ* of the same law (the δNN(t) of the frozen state at step t), null: none. */
  delta_star: number | null;
  status: SolverStatus;
}

/** The empirical law of (T_i, z_i) = (A_i(t), θᵀx_i), i ≤ n, with weights 1/n (m = 1). */
export function pathLaw(terms: SampleTerms, z: Float64Array): Law {
  const n = terms.n;
  if (terms.m !== 1) throw new RangeError('pathLaw: the scalar plug-in law needs m = 1');
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) T[i] = terms.l2[i]! * terms.s[i]! ** 2 + terms.c[i]!;
  return empiricalLaw({ T, z }, 'empirical law of (A_i(t), z_i) along the GD path');
}

/** §1 lower-side spectrum (ψ_δ(λ*) = φ(λ*), overlap ψ'/(ψ' − φ')) of the empirical law at the current state,
 *  shifted by the ridge λ. */
export function pluginSpectrum(p: Problem, terms: SampleTerms, delta: number): PluginPrediction {
  const { n, d, X } = p.train;
  const h = p.hard[0]!;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = X[i * d + h]!;
  const law = pathLaw(terms, z);
  const s = spectrum(law, delta, 'lower');
  const th = p.net.ridge > 0 ? null : deltaStar(law, 'lower');
  const r = p.net.ridge;
  return {
    bulk_edge: s.bulk_edge + r,
    outlier: s.outlier === null ? null : s.outlier + r,
    overlap2: s.overlap2,
    delta_star: th ? th.delta_star : null,
    status: th ? combineStatus('§1 on the empirical path law', [s.status, th.status]) : s.status,
  };
}

/** δNN(t) of the plug-in law: δ* of the empirical law of (A_i(t), z_i) of one simulated GD run at sample ratio
 *  cfg.delta, at the given steps (m = 1, one hard direction, no ridge: with a ridge λ the threshold of the
 *  shifted operator is not a δ* of a weighted covariance and is not reported). This is a diagnostic, not a
 *  self-consistent theory: the state W(t) was produced at cfg.delta. */
export function pluginDeltaNN(cfg: GdConfig, seed: number, times: number[]): { t: number[]; delta_nn_t: (number | null)[]; status: SolverStatus } {
  if (cfg.readout.length !== 1) throw new UsageError('--width', 'the plug-in law is implemented for m = 1', '1');
  const run = runGd({ ...cfg, hessianAt: times, hessianK: 1 }, seed);
  const probes = run.hessian.filter((h) => h.plugin !== null);
  return {
    t: probes.map((h) => h.t),
    delta_nn_t: probes.map((h) => h.plugin!.delta_star),
    status: combineStatus('§1 on the empirical path law', probes.map((h) => h.plugin!.status)),
  };
}
