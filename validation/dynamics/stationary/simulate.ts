// Runs GD with w kept ⊥ θ to ‖∇⊥R̂‖ ≤ 3e-6 for the GELU reference (src/simulate/stationary/perpGd.ts) and writes one
// JSON per (d, δ, seed) under validation/dynamics/stationary/raw/ (an existing file is kept, never overwritten).
// Usage: node dist/validation/dynamics/stationary/simulate.js d:delta:seed [d:delta:seed …]
import { existsSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { perpGd, type PerpGdOptions } from '../../../src/simulate/stationary/perpGd.js';

export const REFERENCE: Omit<PerpGdOptions, 'd' | 'delta'> = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: 1, initScale: 1, lr: 0.5, ridge: 0,
  gradTol: 3e-6, maxSteps: 40000, eigenpairs: 4, traceProbes: 4,
};

const here = dirname(fileURLToPath(import.meta.url));
const raw = join(here, '..', '..', '..', '..', 'validation', 'dynamics', 'stationary', 'raw');
for (const spec of process.argv.slice(2)) {
  const [d, delta, seed] = spec.split(':').map(Number) as [number, number, number];
  const file = join(raw, `gelu_d${d}_delta${delta}_seed${seed}.json`);
  if (existsSync(file)) { console.log(`${file} exists; kept`); continue; }
  const r = perpGd({ ...REFERENCE, d, delta }, seed);
  writeFileSync(file, JSON.stringify({ config: { ...REFERENCE, d, delta }, result: r }, null, 1) + '\n');
  console.log(`d=${d} δ=${delta} seed=${seed}: steps ${r.steps}, ‖w‖ ${r.w_norm.toFixed(4)}, risk ${r.train_risk.toFixed(5)}, λ ${r.eigenvalues.map((x) => x.toExponential(3)).join(' ')}, ov² ${r.overlap2.map((x) => x.toFixed(3)).join(' ')}, S(0) ${r.schur0}, tr ${JSON.stringify(r.trace_inverse)}, ${r.seconds}s`);
}
