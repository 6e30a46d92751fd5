// Grokking times (THEORY §4): the first step t_learn at which max_j ‖P_H w_j‖²/‖w_j‖² ≥ 0.5, as a function of δ
// above the threshold, compared with the outlier-gap prediction. Along the negative outlier of the Hessian the
// U_H component of W grows like exp(η|λ_out| t) and a typical bulk direction like exp(η|λ_edge| t), so the
// overlap² rises from O(1/d) to O(1) after t_learn ≈ ln d / (η·gap), gap = λ_edge − λ_out: to leading order
// t_learn · η · gap / ln d is a constant independent of δ. The gap is taken from the population model's final
// state (population.ts), the only δ-dependent theory available in closed form here.
import { meanSe } from '../sim/stats.js';
import type { GdConfig } from './problem.js';
import { runSeeds, type SeedRunOptions } from './seeds.js';
import { populationStateDeltaNN } from './population.js';
import type { SolverStatus } from '../status.js';

export interface GrokkingPoint {
  delta: number;
  n: number;
  t_learn: (number | null)[];
  learned: number;
  /** Mean and standard error of t_learn over the seeds that learned (null if fewer than 2 did). */
  mean_t: number | null;
  se_t: number | null;
  /** Population-model outlier gap λ_edge − λ_out at this δ (null: no outlier predicted). */
  gap: number | null;
  /** mean_t · η · gap / ln d: constant in δ if the 1/gap law holds. */
  scaled: number | null;
  gap_status: SolverStatus;
}

export interface Grokking {
  criterion: string;
  d: number;
  horizon: number;
  points: GrokkingPoint[];
  prediction: string;
}

export async function grokkingTimes(cfg: GdConfig, deltas: number[], seeds: number[], opts: SeedRunOptions = {}): Promise<Grokking> {
  const pop = populationStateDeltaNN({ ...cfg, deltas });
  const points: GrokkingPoint[] = [];
  for (const delta of deltas) {
    const runs = await runSeeds({ ...cfg, delta, hessianAt: [] }, seeds, opts);
    const ts = runs.map((r) => r.t_learn);
    const got = ts.filter((t): t is number => t !== null);
    const ms = got.length >= 2 ? meanSe(got) : null;
    const sp = pop.spectra.find((s) => s.delta === delta)!;
    points.push({
      delta,
      n: runs[0]!.n,
      t_learn: ts,
      learned: got.length,
      mean_t: ms ? ms.mean : null,
      se_t: ms ? ms.se : null,
      gap: sp.gap,
      scaled: ms && sp.gap !== null ? (ms.mean * cfg.lr * sp.gap) / Math.log(cfg.d) : null,
      gap_status: sp.status,
    });
  }
  return {
    criterion: 't_learn := first recorded step with max_j ‖P_H w_j‖²/‖w_j‖² ≥ 0.5',
    d: cfg.d,
    horizon: cfg.steps,
    points,
    prediction: 't_learn ≈ C·ln d/(η·gap), gap = λ_edge − λ_out of the population-model Hessian at the end of phase 1',
  };
}
