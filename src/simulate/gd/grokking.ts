// Grokking times (docs/theory.md (5.12)): the first step t_learn at which max_j ‖P_H w_j‖²/‖w_j‖² ≥ 0.5, as a function of δ
// above the threshold, compared with the outlier-gap prediction. Along the negative outlier of the Hessian the
// U_H component of W grows like exp(η|λ_out| t) and a typical bulk direction like exp(η|λ_edge| t), so the
// overlap² rises from O(1/d) to O(1) after t_learn ≈ C ln d / (η·gap), gap = λ_edge − λ_out: to leading order
// t_learn · η · gap is a constant independent of δ (at fixed d). Nothing is fitted: the module reports that product
// per δ with its standard error over seeds, and a χ² test of its constancy. Two gaps, both from the §1 equations of
// the population model (population.ts): at the initial state (t = 0, exact for the data-independent W(0)) and at
// the end of the population model's phase 1 (its state at the horizon).
import { meanSe } from '../../numerics/stats.js';
import type { GdConfig } from '../../model/problem.js';
import { runSeeds, type SeedRunOptions } from './seeds.js';
import { populationStateDeltaNN } from '../../theory/population/population.js';
import type { SolverStatus } from '../../core/status.js';

export interface GapProduct {
  /** λ_edge − λ_out of the §1 lower-side spectrum at this δ (null: no outlier predicted). */
  gap: number | null;
  /** mean_t · η · gap and its standard error se_t · η · gap (null if the gap or mean_t is missing). */
  product: number | null;
  product_se: number | null;
  status: SolverStatus;
}

export interface GrokkingPoint {
  delta: number;
  n: number;
  t_learn: (number | null)[];
  learned: number;
  /** Mean and standard error of t_learn over the seeds that learned (null if fewer than 2 did). */
  mean_t: number | null;
  se_t: number | null;
  /** Gap of the initial state (t = 0) and of the population model's end of phase 1. */
  initial: GapProduct;
  phase1: GapProduct;
}

/** χ² test that the product t·η·gap is the same at every δ: inverse-variance mean, χ² = Σ ((p − p̄)/se)², dof. */
export interface Constancy {
  mean: number;
  chi2: number;
  dof: number;
  /** max/min of the per-δ products. */
  spread: number;
}

export interface Grokking {
  criterion: string;
  d: number;
  horizon: number;
  lr: number;
  seeds: number[];
  points: GrokkingPoint[];
  constancy_initial: Constancy | null;
  constancy_phase1: Constancy | null;
  prediction: string;
}

function constancy(ps: GapProduct[]): Constancy | null {
  const ok = ps.filter((p): p is GapProduct & { product: number; product_se: number } => p.product !== null && p.product_se !== null && p.product_se > 0);
  if (ok.length < 2) return null;
  const w = ok.map((p) => 1 / p.product_se ** 2);
  const W = w.reduce((s, x) => s + x, 0);
  const mean = ok.reduce((s, p, i) => s + w[i]! * p.product, 0) / W;
  const chi2 = ok.reduce((s, p) => s + ((p.product - mean) / p.product_se) ** 2, 0);
  const vals = ok.map((p) => p.product);
  return { mean, chi2, dof: ok.length - 1, spread: Math.max(...vals) / Math.min(...vals) };
}

function product(gap: number | null, ms: { mean: number; se: number } | null, lr: number, status: SolverStatus): GapProduct {
  return {
    gap,
    product: gap !== null && ms ? ms.mean * lr * gap : null,
    product_se: gap !== null && ms ? ms.se * lr * gap : null,
    status,
  };
}

/** t_learn over seeds at each δ (GD stops at the first recorded step with overlap² ≥ 0.5, so record often:
 *  cfg.recordEvery is the time resolution), and the products t·η·gap for the two gaps. */
export async function grokkingTimes(cfg: GdConfig, deltas: number[], seeds: number[], opts: SeedRunOptions = {}): Promise<Grokking> {
  const init = populationStateDeltaNN({ ...cfg, steps: 0, deltas });
  const pop = populationStateDeltaNN({ ...cfg, deltas });
  const points: GrokkingPoint[] = [];
  for (const delta of deltas) {
    const runs = await runSeeds({ ...cfg, delta, hessianAt: [], stopWhenLearned: true }, seeds, opts);
    const ts = runs.map((r) => r.t_learn);
    const got = ts.filter((t): t is number => t !== null);
    const ms = got.length >= 2 ? meanSe(got) : null;
    const s0 = init.spectra.find((s) => s.delta === delta)!;
    const s1 = pop.spectra.find((s) => s.delta === delta)!;
    points.push({
      delta,
      n: runs[0]!.n,
      t_learn: ts,
      learned: got.length,
      mean_t: ms ? ms.mean : null,
      se_t: ms ? ms.se : null,
      initial: product(s0.gap, ms, cfg.lr, s0.status),
      phase1: product(s1.gap, ms, cfg.lr, s1.status),
    });
  }
  return {
    criterion: `t_learn := first recorded step (every ${cfg.recordEvery} steps after t = 20) with max_j ‖P_H w_j‖²/‖w_j‖² ≥ 0.5`,
    d: cfg.d,
    horizon: cfg.steps,
    lr: cfg.lr,
    seeds,
    points,
    constancy_initial: constancy(points.map((p) => p.initial)),
    constancy_phase1: constancy(points.map((p) => p.phase1)),
    prediction: 't_learn ≈ C·ln d/(η·gap): t_learn·η·gap constant in δ at fixed d (nothing fitted)',
  };
}
