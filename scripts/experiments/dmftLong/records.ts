// The long-horizon DMFT records (validation/experiments/dmft_long/data/stationarity_*.json, written by
// stationarity.ts), read and ordered by δ, N, T and population seed, for the table and comparison scripts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentDir } from '../record.js';

export interface SeriesRow {
  t: number; w_norm2: number; w_norm2_compression_error: number; train_risk: number; train_risk_mc_se: number;
  train_risk_compression_error: number; test_risk: number; test_risk_compression_error: number;
}
export interface Aitken { limit: number | null; ratio: number; last_increment: number }

/** Aitken Δ² limit of x(t), x(2t), x(4t): exact for x = x∞ + b·t^{−α}; ratio = (x(4t) − x(2t))/(x(2t) − x(t)) = 2^{−α};
 *  null when the increments do not shrink geometrically (ratio ∉ [0, 1)). */
export const aitken = (a: number, b: number, c: number): Aitken => {
  const d1 = b - a, d2 = c - b, ratio = d2 / d1;
  // x∞ = c + d2·ratio/(1 − ratio) = c − d2²/(d2 − d1); meaningful only for 0 ≤ ratio < 1
  return { limit: ratio >= 0 && ratio < 1 ? c - (d2 * d2) / (d2 - d1) : null, ratio, last_increment: d2 };
};
export interface StationarityRecord {
  config: { delta: number; samples: number; steps: number; lr: number; seed: number; act: string; loss: string; target: string; readout: number[]; ridge: number; noise: number };
  provenance: { git_commit: string };
  status: { converged: boolean; residual: number; message?: string };
  max_cells: number; march_memory_bytes: number; wall_s_both_levels: number; cpu_s_both_levels: number; load_average: number[];
  series: SeriesRow[];
  law_of_u: { quantiles: number[]; at: { t: number; u_quantiles: number[]; u_mean_square: number }[] };
  extrapolation: { w_norm2: Aitken; train_risk: Aitken; test_risk: Aitken } | null;
}

export function readStationarityRecords(): StationarityRecord[] {
  const dir = join(experimentDir('dmft_long'), 'data');
  return readdirSync(dir)
    .filter((f) => f.startsWith('stationarity_delta') && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as StationarityRecord)
    .sort((a, b) => a.config.delta - b.config.delta || a.config.samples - b.config.samples || a.config.steps - b.config.steps || a.config.seed - b.config.seed);
}

/** x to p significant digits; non-finite values as text. */
export const g = (x: number, p = 4): string => (Number.isFinite(x) ? x.toPrecision(p) : String(x));
