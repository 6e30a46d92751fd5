// GD with both columns of W kept ⊥ θ (m = 2, a = (½, ½)), run to ‖∇⊥R̂‖ ≤ 1e-6 (Newton–CG polish below 1e-3), for the
// GELU reference (src/simulate/stationary/perpGdMulti.ts): one JSON per (d, δ, seed) in
// validation/experiments/gd_stationary_multi/data/ (an existing record is kept unless --force).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/gdStationaryMulti.js d:delta:seed [d:delta:seed …] [--ridge λ] [--force]
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { perpGdMulti, type PerpGdMultiOptions } from '../../src/simulate/stationary/perpGdMulti.js';
import { argValue, checkWritable, experimentDir, parseRunSpec, write } from './record.js';

export const REFERENCE_MULTI: Omit<PerpGdMultiOptions, 'd' | 'delta'> = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [0.5, 0.5], initScale: 1, lr: 1, ridge: 0,
  gradTol: 1e-6, maxSteps: 40000, polishBelow: 1e-3,
};

const args = process.argv.slice(2);
const ridge = Number(argValue(args, 'ridge', '0'));
if (!(Number.isFinite(ridge) && ridge >= 0)) {
  process.stderr.write(`error: --ridge must be a number ≥ 0 (e.g. 0.05), got "${argValue(args, 'ridge', '0')}"\n`);
  process.exit(2);
}
const specs = args.filter((a, i) => a !== '--force' && a !== '--ridge' && args[i - 1] !== '--ridge').map((s) => {
  const spec = parseRunSpec(s);
  if (spec === null) {
    process.stderr.write(`error: "${s}" is not d:delta:seed with integer 10 ≤ d ≤ 4000, 1 < δ ≤ 64, integer seed ≥ 0 (e.g. 300:20:1)\n`);
    process.exit(2);
  }
  return spec;
});
const version = (JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
const dir = join(experimentDir('gd_stationary_multi'), 'data');
const file = (s: { d: number; delta: number; seed: number }) => join(dir, `gelu_m2${ridge > 0 ? `_ridge${ridge}` : ''}_d${s.d}_delta${s.delta}_seed${s.seed}.json`);
checkWritable(specs.map(file), args);
for (const s of specs) {
  const config = { ...REFERENCE_MULTI, ridge, d: s.d, delta: s.delta };
  const r = perpGdMulti(config, s.seed);
  write(file(s), JSON.stringify({ version, config, result: r }, null, 1));
  process.stderr.write(`d=${s.d} δ=${s.delta} seed=${s.seed}: ${r.steps} GD + ${r.newton_steps} Newton steps, ‖∇‖ ${r.grad_norm.toExponential(2)}, eig S(0) ${r.schur0_eigenvalues?.map((x) => x.toFixed(4)).join(', ') ?? 'n/a'}, ${r.seconds}s\n`);
}
