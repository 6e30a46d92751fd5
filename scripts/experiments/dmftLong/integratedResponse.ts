// The integrated response χ(t) of finite-d GD ⊥ θ (src/simulate/stationary/integratedResponse.ts) for the GELU
// reference, to set beside the d = ∞ DMFT's χ(t) (docs/theory.md (5.14)) and the resolvent traces of §6: the
// leave-one-out κ (6.6) and the marginal κ_m (6.17). One Rademacher probe per seed; the seed mean over probes and
// data is the estimate, its standard error includes both. At T the record also holds ξᵀH⊥⊥⁻¹ξ/n at the reached point.
// With --from t_w the field is switched on at t_w: the record holds the two-time response χ̂(t_w + Δ, t_w) on a
// geometric grid of lags Δ (the horizon is then t_w + --steps).
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/dmftLong/integratedResponse.js d:delta:seed […] [--steps 3000] [--from t_w] [--field 1e-8] [--force]
// writes validation/experiments/dmft_long/data/gd_chi_d{d}_delta{δ}_T{T}[_from{t_w}]_seed{s}.json (each as it finishes).
import { join } from 'node:path';
import { argValue, checkWritable, experimentDir, parseRunSpec, write } from '../record.js';
import { integratedResponse } from '../../../src/simulate/stationary/integratedResponse.js';
import { provenance } from '../../../src/core/provenance.js';
import { REFERENCE } from '../gdLongHorizon.js';

const fail = (msg: string): never => {
  process.stderr.write(`error: ${msg}\nusage: integratedResponse.js d:delta:seed […] [--steps 3000] [--from t_w] [--field 1e-8] [--force]\n`);
  process.exit(2);
};
const argv = process.argv.slice(2);
const steps = Number(argValue(argv, 'steps', '3000'));
if (!(Number.isInteger(steps) && steps >= 100 && steps <= 50_000)) fail(`--steps must be an integer in [100, 50000], e.g. --steps 3000`);
const field = Number(argValue(argv, 'field', '1e-8'));
if (!(field > 0 && field <= 1e-3)) fail(`--field must be in (0, 1e-3], e.g. --field 1e-8`);
const from = Number(argValue(argv, 'from', '0'));
if (!(Number.isInteger(from) && from >= 0 && from <= 50_000)) fail(`--from must be an integer in [0, 50000], e.g. --from 1000`);
const flagged = new Set(['--steps', '--field', '--from']);
const specs = argv.filter((a, i) => !a.startsWith('--') && !flagged.has(argv[i - 1] ?? '')).map((s) => parseRunSpec(s) ?? fail(`"${s}" is not d:delta:seed (e.g. 1000:14:1)`));
if (specs.length === 0) fail('no run given');
const dir = join(experimentDir('dmft_long'), 'data');
const name = (s: { d: number; delta: number; seed: number }) => join(dir, `gd_chi_d${s.d}_delta${s.delta}_T${from + steps}${from > 0 ? `_from${from}` : ''}_seed${s.seed}.json`);
checkWritable(specs.map(name), argv);
const lags = from > 0 ? [0, 1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 700, 1000, 1500, 2000, 3000, 5000, 10000, 20000, 50000] : [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 3000, 5000, 10000, 20000, 50000];
const at = [...new Set([...lags, steps].filter((t) => t <= steps))].sort((a, b) => a - b).map((t) => from + t);
for (const s of specs) {
  const opts = {
    act: REFERENCE.act, loss: REFERENCE.loss, target: REFERENCE.target, noise: REFERENCE.noise, readout: REFERENCE.readout[0]!,
    initScale: REFERENCE.initScale, lr: REFERENCE.lr, ridge: REFERENCE.ridge, delta: s.delta, d: s.d, steps: from + steps, at, field, fieldFrom: from,
  };
  let last = Date.now();
  const r = integratedResponse(opts, s.seed, (t) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    process.stderr.write(`d = ${s.d}, δ = ${s.delta}, seed ${s.seed}: step ${t}/${from + steps}\n`);
  });
  const record = {
    experiment: 'integrated response χ(t) of finite-d GD ⊥ θ (two runs with fields ±ε along a Rademacher probe ξ ⊥ θ)',
    config: opts, seeds: { data_and_init: s.seed, probe: `makeRng(${s.seed} * 15485863 + 11)` }, result: r, provenance: provenance(),
  };
  write(name(s), JSON.stringify(record));
  process.stderr.write(`d = ${s.d}, δ = ${s.delta}, seed ${s.seed}: χ̂(${from + steps}${from > 0 ? `, ${from}` : ''}) = ${r.chi.at(-1)!.toFixed(4)}, ξᵀH⁻¹ξ/n at T = ${r.trace_at_end?.toFixed(4) ?? 'null'}, λ_min(H⊥⊥) = ${r.lowest_perp.values[0]?.toExponential(2)}, ${r.seconds.toFixed(0)} s\n`);
}
