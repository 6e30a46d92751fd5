// The two-time integrated response χ(t_w + Δ, t_w) of the d = ∞ DMFT of GD ⊥ θ (the GELU reference, or with --config
// another m = 1 configuration of gdLongHorizon.ts), to set beside
// finite-d GD's (integratedResponse.js --from t_w) and the resolvent traces of docs/theory.md §6: the leave-one-out
// κ (6.6) and the marginal κ_m (6.17). Short lags (1 ≪ Δ ≪ t_w) probe the quasi-stationary point the path sits at;
// lags ~ t_w add the slow (aging) part. The march is run with window 8 and again with window 4 (same population):
// their difference is the compression error; two population seeds give the Monte Carlo spread.
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/dmftLong/twoTimeResponse.js [--config gelu] [--deltas 14] [--from 250,1000] [--samples 2048] [--steps 2000] [--seeds 1,2] [--force]
// writes validation/experiments/dmft_long/data/two_time_[{config}_]delta{δ}_N{N}_T{T}_seed{s}.json (each as it finishes;
// no prefix for the GELU reference).
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { argValue, checkWritable, cpuSeconds, experimentDir, write } from '../record.js';
import { longDmftPath } from '../../../src/theory/dmft/longMarch.js';
import { stationaryPoint } from '../../../src/theory/stationary/fixedPoint.js';
import { marginalKappa } from '../../../src/theory/stationary/marginal.js';
import { provenance } from '../../../src/core/provenance.js';
import { LONG_CONFIGS, dmftSpecOf, stationaryProblemOf } from '../gdLongHorizon.js';

const USAGE = 'usage: twoTimeResponse.js [--config gelu] [--deltas 14] [--from 250,1000] [--samples 2048 (power of 2)] [--steps ≥ 200] [--seeds 1,2] [--force]';
const fail = (msg: string): never => {
  process.stderr.write(`error: ${msg}\n${USAGE}\n`);
  process.exit(2);
};
const arg = (name: string, fallback: string) => argValue(process.argv, name, fallback);
const list = (name: string, fallback: string) => arg(name, fallback).split(',').map(Number);
const deltas = list('deltas', '14'), from = list('from', '250,1000'), seeds = list('seeds', '1,2');
const samples = Number(arg('samples', '2048')), steps = Number(arg('steps', '2000'));
if (!deltas.every((d) => d > 1 && d <= 64)) fail('--deltas must be numbers in (1, 64], e.g. --deltas 14,20');
if (!(Number.isInteger(Math.log2(samples)) && samples >= 64 && samples <= 65536)) fail('--samples must be a power of 2 in [64, 65536], e.g. --samples 2048');
if (!(Number.isInteger(steps) && steps >= 200 && steps <= 20000)) fail('--steps must be an integer in [200, 20000], e.g. --steps 2000');
if (!from.every((t) => Number.isInteger(t) && t >= 0 && t < steps)) fail(`--from must be integers in [0, ${steps}), e.g. --from 250,1000`);
if (!seeds.every((s) => Number.isInteger(s) && s >= 1)) fail('--seeds must be integers ≥ 1, e.g. --seeds 1,2');
const configName = arg('config', 'gelu');
const CFG = (Object.hasOwn(LONG_CONFIGS, configName) ? LONG_CONFIGS[configName] : undefined) ?? fail(`--config must be one of ${Object.keys(LONG_CONFIGS).filter((k) => LONG_CONFIGS[k]!.readout.length === 1).join(', ')}, e.g. --config ridge`);
if (CFG.readout.length !== 1) fail(`--config ${configName} has m = ${CFG.readout.length}; the two-time response is recorded for m = 1 configurations`);
const dir = join(experimentDir('dmft_long'), 'data');
const jobs = deltas.flatMap((delta) => seeds.map((seed) => ({ delta, seed, file: join(dir, `two_time_${configName === 'gelu' ? '' : `${configName}_`}delta${delta}_N${samples}_T${steps}_seed${seed}.json`) })));
checkWritable(jobs.map((j) => j.file), process.argv);

const LAGS = [1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 700, 1000, 1500, 2000, 3000, 5000, 10000];
// κ, κ_m and the stability index of the stationary law, once per δ.
const problem = stationaryProblemOf(CFG);
const laws = new Map(deltas.map((delta) => {
  const sp = stationaryPoint(problem, delta);
  return [delta, { kappa: sp.kappa, kappa_m: marginalKappa(sp, CFG.ridge), stability: sp.stability, converged: sp.status.converged }];
}));
for (const { delta, seed, file } of jobs) {
  const spec = dmftSpecOf(CFG, { delta, samples, steps, seed });
  const c0 = process.cpuUsage(), t0 = Date.now();
  let last = t0;
  const run = (window: number) => longDmftPath(spec, { d: Infinity, seed: 0 }, { window, early: 32 }, {
    responseFrom: from,
    progress: (t) => {
      if (Date.now() - last < 60_000) return;
      last = Date.now();
      process.stderr.write(`δ = ${delta}, seed ${seed}, window ${window}: step ${t}/${steps}\n`);
    },
  });
  const fine = run(8), coarse = run(4);
  const law = laws.get(delta)!;
  const record = {
    experiment: 'two-time integrated response χ(t_w + Δ, t_w) of the d = ∞ DMFT of GD ⊥ θ (window 8; compression error = |window 8 − window 4|)',
    name: configName,
    config: { ...spec, d: 'infinity', compression: { window: 8, early: 32 }, from },
    seeds: { population: seed },
    wall_s: (Date.now() - t0) / 1000,
    cpu_s: cpuSeconds(process.cpuUsage(c0)),
    load_average: loadavg(),
    stationary_law: law,
    chi_from_0: [...new Set([...LAGS, steps].filter((t) => t <= steps))].map((t) => ({ t, chi: fine.chi[t]!, compression_error: Math.abs(fine.chi[t]! - coarse.chi[t]!) })),
    two_time: fine.chiFrom.map((cf, k) => ({
      from: cf.from,
      lags: [...new Set([...LAGS, steps - cf.from].filter((lag) => lag <= steps - cf.from))].map((lag) => ({
        lag, chi: cf.chi[lag]!, compression_error: Math.abs(cf.chi[lag]! - coarse.chiFrom[k]!.chi[lag]!),
      })),
    })),
    provenance: provenance(),
  };
  write(file, JSON.stringify(record, null, 1));
  process.stderr.write(`δ = ${delta}, seed ${seed}: ${record.two_time.map((tt) => `χ(${tt.from}+Δ, ${tt.from}) at Δ = 10, 100, ${tt.lags.at(-1)!.lag}: ${[10, 100].map((l) => tt.lags.find((x) => x.lag === l)?.chi.toFixed(4)).join(', ')}, ${tt.lags.at(-1)!.chi.toFixed(4)}`).join('; ')}; κ = ${law.kappa.toFixed(4)}, κ_m = ${law.kappa_m?.toFixed(4)}; ${record.cpu_s.toFixed(0)} s CPU\n`);
}
