// Long-horizon full-batch GD (θ component free, ‖w(0)‖ = 1, no label noise; m = 1, a = 1 unless stated), per configuration: the
// first step at which the θ-overlap² reaches 1/2 (t_learn), or none within the horizon. Configurations: `gelu`, the
// GELU reference (square loss, y = tanh(z²), η = 0.5, no ridge), `quadratic`, `logistic`, `ridge` with the
// activation, loss, target, step size and ridge of gdStationaryConfigs.ts, and `gelu2`, the reference with two neurons
// (a = (½, ½), η = 1; learned := the best neuron's θ-overlap² ≥ 1/2). One JSON per (config, d, δ, seed) in
// validation/experiments/gd_long_horizon/data/ (gelu_d…, quadratic_d…, …; an existing record is kept unless --force).
// The series (overlap², train risk, ‖w‖) is recorded every 25 steps; a run stops when it has learned.
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/gdLongHorizon.js [--steps T] [config:]d:delta:seed […] [--force]
// (without a config the spec is a gelu run, e.g. 1000:14:1 = gelu:1000:14:1).
import { join } from 'node:path';
import { runGd } from '../../src/simulate/gd/gd.js';
import type { GdConfig } from '../../src/model/problem.js';
import type { DmftSpec } from '../../src/theory/dmft/march.js';
import type { StationaryProblem } from '../../src/theory/stationary/fixedPoint.js';
import { resolveActivation, resolveLoss, resolveTarget } from '../../src/model/formulas.js';
import { checkWritable, experimentDir, parseRunSpec, write, type RunSpec } from './record.js';
import { CONFIGS } from './gdStationaryConfigs.js';

export type LongConfig = Omit<GdConfig, 'd' | 'delta' | 'steps'>;

export const REFERENCE: LongConfig = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 0.5, ridge: 0,
  hessianAt: [], hessianK: 1, nTest: 2000, recordEvery: 25, stopWhenLearned: true,
};

/** The configurations by name: the reference, and those of gdStationaryConfigs.ts run with the θ component free. */
export const LONG_CONFIGS: Record<string, LongConfig> = {
  gelu: REFERENCE,
  ...Object.fromEntries(Object.entries(CONFIGS).map(([name, c]) => [name, {
    ...REFERENCE, act: c.act, loss: c.loss, target: c.target, noise: c.noise, readout: [c.readout], initScale: c.initScale, lr: c.lr, ridge: c.ridge,
  }])),
  /** Two neurons, a = (½, ½), η = 1 (the problem of gdStationaryMulti.ts with the θ component free). */
  gelu2: { ...REFERENCE, readout: [0.5, 0.5], lr: 1 },
};

/** The stationary-state problem of an m = 1 configuration (docs/theory.md §6). */
export function stationaryProblemOf(c: LongConfig): StationaryProblem {
  if (c.readout.length !== 1) throw new RangeError(`stationaryProblemOf: m = 1 configurations only, got m = ${c.readout.length}`);
  return { act: resolveActivation(c.act).fn, loss: resolveLoss(c.loss).fn, target: resolveTarget(c.target), noise: c.noise, readout: c.readout[0]!, ridge: c.ridge };
}

/** The DMFT of a configuration at (δ, N paths, horizon T, population seed). */
export function dmftSpecOf(c: LongConfig, s: { delta: number; samples: number; steps: number; seed: number }): DmftSpec {
  return { act: c.act, loss: c.loss, target: c.target, noise: c.noise, readout: [...c.readout], initScale: c.initScale, lr: c.lr, steps: s.steps, ridge: c.ridge, delta: s.delta, samples: s.samples, seed: s.seed };
}

export interface LongSpec extends RunSpec { config: string }

/** "[config:]d:delta:seed" (config in LONG_CONFIGS, default gelu); null when invalid. */
export function parseLongSpec(s: string): LongSpec | null {
  const parts = s.split(':');
  const config = parts.length === 4 ? parts[0]! : parts.length === 3 ? 'gelu' : null;
  if (config === null || !Object.hasOwn(LONG_CONFIGS, config)) return null;
  const spec = parseRunSpec(parts.slice(-3).join(':'));
  return spec === null ? null : { config, ...spec };
}

/** The record's file name (the gelu names predate the other configurations and are kept). */
export const fileName = (s: LongSpec, steps: number) => `${s.config}_d${s.d}_delta${s.delta}_T${steps}_seed${s.seed}.json`;

const isMain = process.argv[1]?.endsWith('gdLongHorizon.js');
if (isMain) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--steps');
  const steps = at >= 0 ? Number(args[at + 1]) : 6000;
  if (!(Number.isInteger(steps) && steps >= 100 && steps <= 100_000)) {
    process.stderr.write(`error: --steps must be an integer in [100, 100000], got "${args[at + 1]}" (e.g. --steps 6000)\n`);
    process.exit(2);
  }
  const rest = args.filter((a, i) => a !== '--force' && a !== '--steps' && !(at >= 0 && i === at + 1));
  if (rest.length === 0) {
    process.stderr.write('error: no run given; pass [config:]d:delta:seed (e.g. quadratic:1000:8:1)\n');
    process.exit(2);
  }
  const specs = rest.map((s) => {
    const spec = parseLongSpec(s);
    if (spec === null) {
      process.stderr.write(`error: "${s}" is not [config:]d:delta:seed with config in {${Object.keys(LONG_CONFIGS).join(', ')}}, integer 10 ≤ d ≤ 4000, 1 < δ ≤ 64, integer seed ≥ 0 (e.g. quadratic:1000:8:1)\n`);
      process.exit(2);
    }
    return spec;
  });
  const dir = join(experimentDir('gd_long_horizon'), 'data');
  checkWritable(specs.map((s) => join(dir, fileName(s, steps))), args);
  for (const s of specs) {
    const cfg: GdConfig = { ...LONG_CONFIGS[s.config]!, d: s.d, delta: s.delta, steps };
    const r = runGd(cfg, s.seed, (p) => {
      if (p.t > 0 && p.t % 1000 === 0) process.stderr.write(`  ${s.config} d=${s.d} δ=${s.delta} seed=${s.seed} t=${p.t}: overlap² ${p.overlap_h.toFixed(4)}, train risk ${p.train_risk.toPrecision(4)}\n`);
    });
    write(join(dir, fileName(s, steps)), JSON.stringify({ name: s.config, config: cfg, result: r }));
    process.stderr.write(`${s.config} d=${s.d} δ=${s.delta} seed=${s.seed}: t_learn ${r.t_learn ?? 'none'}, final overlap² ${r.final.overlap_h.toFixed(4)}, ${r.seconds}s\n`);
  }
}
