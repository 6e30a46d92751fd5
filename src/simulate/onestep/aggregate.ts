// Mean ± standard error over seeds of the one-step simulator's measurements (for the CLI and the suite).
import { meanSe } from '../../numerics/stats.js';
import type { OnestepSimResult } from './simulate.js';

export interface Estimate {
  mean: number;
  /** Standard error over seeds (null with a single seed). */
  se: number | null;
}

export function estimate(xs: readonly number[]): Estimate {
  const r = meanSe(xs);
  return { mean: r.mean, se: Number.isFinite(r.se) ? r.se : null };
}

export interface AlphaSummary {
  alpha: number;
  num_spikes_rule: number;
  visible_count: Estimate;
  visible_counts: number[];
  aligned_count: Estimate;
  aligned_counts: number[];
  singular_values: Estimate[];
  spikes: Array<{ k: number; singular_value: Estimate; projection: Estimate; left_alignment2: Estimate; right_alignment2: Estimate; index: number[] }>;
  train_error: Estimate | null;
  test_error: Estimate | null;
}

/** Per-α summaries over the seeds of `runs` (all with the same config). */
export function summarise(runs: readonly OnestepSimResult[]): AlphaSummary[] {
  return runs[0]!.alphas.map((a0, ia) => {
    const per = runs.map((r) => r.alphas[ia]!);
    const opt = (xs: Array<number | null>) => (xs.every((x) => x !== null) ? estimate(xs as number[]) : null);
    return {
      alpha: a0.alpha,
      num_spikes_rule: a0.num_spikes_rule,
      visible_count: estimate(per.map((p) => p.visible_count)),
      visible_counts: per.map((p) => p.visible_count),
      aligned_count: estimate(per.map((p) => p.aligned_count)),
      aligned_counts: per.map((p) => p.aligned_count),
      singular_values: a0.singular_values.map((_, i) => estimate(per.map((p) => p.singular_values[i]!))),
      spikes: a0.spikes.map((s, is) => ({
        k: s.k,
        singular_value: estimate(per.map((p) => p.spikes[is]!.singular_value)),
        projection: estimate(per.map((p) => p.spikes[is]!.projection)),
        left_alignment2: estimate(per.map((p) => p.spikes[is]!.left_alignment2)),
        right_alignment2: estimate(per.map((p) => p.spikes[is]!.right_alignment2)),
        index: per.map((p) => p.spikes[is]!.index),
      })),
      train_error: opt(per.map((p) => p.train_error)),
      test_error: opt(per.map((p) => p.test_error)),
    };
  });
}
