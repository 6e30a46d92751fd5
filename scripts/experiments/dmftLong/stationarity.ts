// Long-horizon DMFT (d → ∞, so M ≡ 0: GD with w ⊥ θ) of the GELU reference to T = 2000 with the coarse-grained march
// and its compression error (window 8 vs 4, first 32 steps exact): ‖w(t)‖², train and test risk and quantiles of u^t
// at t = 50 … 2000, their approach to a stationary value, and the t → ∞ extrapolation from t = 500, 1000, 2000.
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/dmftLong/stationarity.js [--deltas 14,20] [--samples 2048] [--steps 2000] [--seed 1] [--force]
// writes validation/experiments/dmft_long/data/stationarity_delta{δ}_N{N}_T{T}[_seed{s}].json (one per δ, written as
// each finishes; the suffix only for a population seed other than 1).
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { argValue, checkWritable, experimentDir, write } from '../record.js';
import { dmftWithCompressionError } from '../../../src/theory/dmft/compressionError.js';
import type { DmftSpec } from '../../../src/theory/dmft/march.js';
import { provenance } from '../../../src/core/provenance.js';
import { aitken } from './records.js';

const arg = (name: string, fallback: string): string => argValue(process.argv, name, fallback);
const deltas = arg('deltas', '14,20').split(',').map(Number);
const samples = Number(arg('samples', '2048')), steps = Number(arg('steps', '2000')), seed = Number(arg('seed', '1'));
if (!deltas.every((d) => d > 0) || !Number.isInteger(Math.log2(samples)) || !(Number.isInteger(steps) && steps >= 500) || !(Number.isInteger(seed) && seed >= 1)) {
  process.stderr.write('usage: stationarity.js [--deltas 14,20] [--samples 2048 (power of 2)] [--steps ≥ 500] [--seed ≥ 1 (population)] [--force]\n');
  process.exit(2);
}
const dir = join(experimentDir('dmft_long'), 'data');
mkdirSync(dir, { recursive: true });
const files = deltas.map((d) => join(dir, `stationarity_delta${d}_N${samples}_T${steps}${seed === 1 ? '' : `_seed${seed}`}.json`));
checkWritable(files, process.argv);

const POLICY = { window: 8, early: 32 };
const times = [50, 100, 250, 500, 1000, 1500, 2000].filter((t) => t <= steps);
const lawTimes = [250, 500, 1000, 2000].filter((t) => t <= steps);
const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];
const quantile = (xs: Float64Array, q: number): number => {
  const s = Float64Array.from(xs).sort(), h = (s.length - 1) * q, i = Math.floor(h);
  return i + 1 < s.length ? s[i]! + (h - i) * (s[i + 1]! - s[i]!) : s[i]!;
};
deltas.forEach((delta, k) => {
  const spec: DmftSpec = {
    act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 0.5, steps, ridge: 0, delta,
    samples, seed, lawAt: lawTimes,
  };
  const c0 = process.cpuUsage(), t0 = Date.now();
  let last = t0;
  const est = dmftWithCompressionError(spec, { d: Infinity, seed: 0 }, POLICY, (t, level) => {
    if (Date.now() - last > 30000) {
      last = Date.now();
      process.stderr.write(`δ = ${delta} (${level}): step ${t}/${steps}, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  });
  const cpu = process.cpuUsage(c0), wall = (Date.now() - t0) / 1000;
  const p = est.path, e = est.error!;
  const at = (t: number) => ({
    t,
    w_norm2: p.w_norm[t]! ** 2,
    w_norm2_compression_error: 2 * p.w_norm[t]! * e.w_norm[t]!,
    train_risk: p.train_risk[t]!,
    train_risk_mc_se: p.train_risk_se[t]!,
    train_risk_compression_error: e.train_risk[t]!,
    test_risk: p.test_risk[t]!,
    test_risk_compression_error: e.test_risk[t]!,
  });
  const series = times.map(at);
  const extrapolation = steps >= 2000
    ? {
        from_steps: [500, 1000, 2000],
        method: 'Aitken Δ² on x(500), x(1000), x(2000) (exact for x∞ + b·t^(−α); ratio = 2^(−α))',
        w_norm2: aitken(p.w_norm[500]! ** 2, p.w_norm[1000]! ** 2, p.w_norm[2000]! ** 2),
        train_risk: aitken(p.train_risk[500]!, p.train_risk[1000]!, p.train_risk[2000]!),
        test_risk: aitken(p.test_risk[500]!, p.test_risk[1000]!, p.test_risk[2000]!),
      }
    : null;
  const laws = p.laws.map((L) => ({ t: L.t, u_quantiles: QUANTILES.map((q) => quantile(L.u, q)), u_mean_square: L.u.reduce((s, x) => s + x * x, 0) / L.u.length, A_quantiles: QUANTILES.map((q) => quantile(L.A, q)) }));
  const record = {
    experiment: 'long-horizon DMFT, approach to stationarity (d → ∞: M ≡ 0, the dynamics orthogonal to θ)',
    config: { ...spec, d: 'infinity', compression: POLICY, error_window: POLICY.window / 2 },
    seeds: { population: spec.seed, theta: 0 },
    status: est.status,
    max_cells: p.compression.max_cells,
    march_memory_bytes: p.compression.bytes,
    wall_s_both_levels: wall,
    cpu_s_both_levels: (cpu.user + cpu.system) / 1e6,
    load_average: loadavg(),
    series,
    law_of_u: { quantiles: QUANTILES, at: laws },
    extrapolation,
    provenance: provenance(),
  };
  write(files[k]!, JSON.stringify(record, null, 1));
  process.stderr.write(`δ = ${delta}: ${wall.toFixed(0)} s wall, ${record.cpu_s_both_levels.toFixed(0)} s CPU; written ${files[k]}\n`);
});
