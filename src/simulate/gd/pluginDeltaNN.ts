// δNN(t) of the plug-in law along one simulated GD run: the outlier equations fed the empirical joint law of
// (z_i, A_i(t)) (src/simulate/gd/pluginLaw.ts) at the requested steps.
import { runGd } from './gd.js';
import type { GdConfig } from '../../model/problem.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { UsageError } from '../../core/errors.js';

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
