// GD with w kept ⊥ θ (src/simulate/stationary/perpGd.ts), run to ‖∇⊥R̂‖ ≤ 1e-3 and polished by Newton–CG to
// ≤ 3e-6, for three configurations beside the GELU reference: the quadratic activation on y = z² (phase retrieval),
// logistic loss on y = sign(z² − 1), and GELU with ridge λ = 0.05. One JSON per (config, d, δ, seed) in
// validation/experiments/gd_stationary_configs/data/ (an existing record is kept unless --force).
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/gdStationaryConfigs.js config:d:delta:seed [config:d:delta:seed …] [--force]
import { join } from 'node:path';
import { perpGd, type PerpGdOptions } from '../../src/simulate/stationary/perpGd.js';
import { checkWritable, experimentDir, parseRunSpec, write } from './record.js';

type Config = Omit<PerpGdOptions, 'd' | 'delta'>;
const COMMON = { noise: 0, readout: 1, initScale: 1, gradTol: 3e-6, maxSteps: 40000, polishBelow: 1e-3, eigenpairs: 4, traceProbes: 0 };

export const CONFIGS: Record<string, Config> = {
  quadratic: { ...COMMON, act: 'quadratic', loss: 'square', target: 'z^2', lr: 0.02, ridge: 0 },
  logistic: { ...COMMON, act: 'gelu', loss: 'logistic', target: 'sign(z^2-1)', lr: 0.5, ridge: 0 },
  ridge: { ...COMMON, act: 'gelu', loss: 'square', target: 'tanh(z^2)', lr: 0.5, ridge: 0.05 },
};

export const fileName = (s: { config: string; d: number; delta: number; seed: number }) => `${s.config}_d${s.d}_delta${s.delta}_seed${s.seed}.json`;

const isMain = process.argv[1]?.endsWith('gdStationaryConfigs.js');
if (isMain) {
  const args = process.argv.slice(2);
  const specs = args.filter((a) => a !== '--force').map((s) => {
    const [config, ...rest] = s.split(':');
    const spec = parseRunSpec(rest.join(':'));
    if (!(config! in CONFIGS) || spec === null) {
      process.stderr.write(`error: "${s}" is not config:d:delta:seed with config in {${Object.keys(CONFIGS).join(', ')}}, integer 10 ≤ d ≤ 4000, 1 < δ ≤ 64, integer seed ≥ 0 (e.g. quadratic:300:20:1)\n`);
      process.exit(2);
    }
    return { config: config!, ...spec };
  });
  const dir = join(experimentDir('gd_stationary_configs'), 'data');
  checkWritable(specs.map((s) => join(dir, fileName(s))), args);
  for (const s of specs) {
    const cfg = CONFIGS[s.config]!;
    const r = perpGd({ ...cfg, d: s.d, delta: s.delta }, s.seed);
    write(join(dir, fileName(s)), JSON.stringify({ name: s.config, config: { ...cfg, d: s.d, delta: s.delta }, result: r }, null, 1));
    process.stderr.write(`${s.config} d=${s.d} δ=${s.delta} seed=${s.seed}: ${r.steps} GD + ${r.newton_steps} Newton steps, converged ${r.converged}, λ_min ${r.eigenvalues[0]!.toExponential(3)}, ${r.seconds}s\n`);
  }
}
