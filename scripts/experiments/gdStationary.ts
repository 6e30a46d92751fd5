// GD with w kept ⊥ θ, run to ‖∇⊥R̂‖ ≤ 1e-3 and polished by Newton–CG to ≤ 3e-6, for the GELU reference (src/simulate/stationary/perpGd.ts): one JSON per
// (d, δ, seed) in validation/experiments/gd_stationary/data/ (an existing record is kept unless --force).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/gdStationary.js d:delta:seed [d:delta:seed …] [--force]
import { join } from 'node:path';
import { perpGd, type PerpGdOptions } from '../../src/simulate/stationary/perpGd.js';
import { checkWritable, experimentDir, parseRunSpec, write } from './record.js';

export const REFERENCE: Omit<PerpGdOptions, 'd' | 'delta'> = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: 1, initScale: 1, lr: 0.5, ridge: 0,
  gradTol: 3e-6, maxSteps: 40000, polishBelow: 1e-3, eigenpairs: 4, traceProbes: 4,
};

const args = process.argv.slice(2);
const specs = args.filter((a) => a !== '--force').map((s) => {
  const spec = parseRunSpec(s);
  if (spec === null) {
    process.stderr.write(`error: "${s}" is not d:delta:seed with integer 10 ≤ d ≤ 4000, 1 < δ ≤ 64, integer seed ≥ 0 (e.g. 500:20:1)\n`);
    process.exit(2);
  }
  return spec;
});
const dir = join(experimentDir('gd_stationary'), 'data');
const file = (s: { d: number; delta: number; seed: number }) => join(dir, `gelu_d${s.d}_delta${s.delta}_seed${s.seed}.json`);
checkWritable(specs.map(file), args);
for (const s of specs) {
  const r = perpGd({ ...REFERENCE, d: s.d, delta: s.delta }, s.seed);
  write(file(s), JSON.stringify({ config: { ...REFERENCE, d: s.d, delta: s.delta }, result: r }, null, 1));
  process.stderr.write(`d=${s.d} δ=${s.delta} seed=${s.seed}: ${r.steps} GD + ${r.newton_steps} Newton steps, λ_min ${r.eigenvalues[0]!.toExponential(3)}, ${r.seconds}s\n`);
}
