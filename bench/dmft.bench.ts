// DMFT benchmark (src/theory/dmft/march.ts): wall time of one DMFT march against the GD simulation it replaces,
// and its scaling with the horizon T (the exact path Jacobians cost O(N·T³/6)) and with the number of paths N.
// GELU, square loss, y = tanh(z²), m = 1, δ = 16; GD at d = 1000 (n = 16000), same T.
import { dmftPath } from '../src/theory/dmft/march.js';
import { runGd } from '../src/simulate/gd/gd.js';
import type { GdConfig } from '../src/model/problem.js';
import { fmt, gridTable } from '../src/core/format.js';

const cfg: GdConfig = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 50, ridge: 0,
  delta: 16, d: 1000, hessianAt: [], hessianK: 1, nTest: 10, recordEvery: 50,
};
const time = (f: () => unknown): number => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};
const rows: string[][] = [];
for (const [T, N] of [[25, 2048], [50, 2048], [100, 2048], [50, 8192]] as const)
  rows.push([`DMFT march, T = ${T}, N = ${N}`, fmt(time(() => dmftPath({ ...cfg, steps: T, samples: N, seed: 1 }, { d: Infinity, seed: 0 })), 3)]);
rows.push([`GD simulation, d = ${cfg.d}, n = ${cfg.delta * cfg.d}, T = 50, one seed`, fmt(time(() => runGd(cfg, 1)), 3)]);
console.log(gridTable(['run', 'seconds'], rows));
console.log('\nT = 50 → 100 at fixed N should cost ≈ 2³ = 8× if the Jacobians dominate; N = 2048 → 8192 ≈ 4×.');
