// Long-horizon GD on the GELU reference (GELU, square loss, y = tanh(z²), m = 1, a = 1, ‖w(0)‖ = 1, η = 0.5, no
// ridge), full weights (θ component free): the first step at which the θ-overlap² reaches 1/2 (t_learn), or none
// within the horizon. One JSON per (d, δ, seed) in validation/experiments/gd_long_horizon/data/ (an existing record
// is kept unless --force). The series (overlap², train risk, ‖w‖) is recorded every 25 steps.
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/gdLongHorizon.js [--steps T] d:delta:seed [d:delta:seed …] [--force]
import { join } from 'node:path';
import { runGd } from '../../src/simulate/gd/gd.js';
import type { GdConfig } from '../../src/model/problem.js';
import { checkWritable, experimentDir, parseRunSpec, write } from './record.js';

export const REFERENCE: Omit<GdConfig, 'd' | 'delta' | 'steps'> = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 0.5, ridge: 0,
  hessianAt: [], hessianK: 1, nTest: 2000, recordEvery: 25, stopWhenLearned: true,
};

const args = process.argv.slice(2);
const at = args.indexOf('--steps');
const steps = at >= 0 ? Number(args[at + 1]) : 6000;
if (!(Number.isInteger(steps) && steps >= 100 && steps <= 100_000)) {
  process.stderr.write(`error: --steps must be an integer in [100, 100000], got "${args[at + 1]}" (e.g. --steps 6000)\n`);
  process.exit(2);
}
const specs = args.filter((a, i) => a !== '--force' && a !== '--steps' && !(at >= 0 && i === at + 1)).map((s) => {
  const spec = parseRunSpec(s);
  if (spec === null) {
    process.stderr.write(`error: "${s}" is not d:delta:seed with integer 10 ≤ d ≤ 4000, 1 < δ ≤ 64, integer seed ≥ 0 (e.g. 1000:14:1)\n`);
    process.exit(2);
  }
  return spec;
});
const dir = join(experimentDir('gd_long_horizon'), 'data');
const file = (s: { d: number; delta: number; seed: number }) => join(dir, `gelu_d${s.d}_delta${s.delta}_T${steps}_seed${s.seed}.json`);
checkWritable(specs.map(file), args);
for (const s of specs) {
  const cfg: GdConfig = { ...REFERENCE, d: s.d, delta: s.delta, steps };
  const r = runGd(cfg, s.seed);
  write(file(s), JSON.stringify({ config: cfg, result: r }));
  process.stderr.write(`d=${s.d} δ=${s.delta} seed=${s.seed}: t_learn ${r.t_learn ?? 'none'}, final overlap² ${r.final.overlap_h.toFixed(4)}, ${r.seconds}s\n`);
}
