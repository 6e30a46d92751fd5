// DMFT benchmark (src/theory/dmft/march.ts, src/theory/dmft/longMarch.ts): wall and CPU time of one DMFT march
// against the GD simulation it replaces; the exact march's O(N·T³) scaling with the horizon T and with the number of
// paths N; the coarse-grained march (window 8, first 32 steps exact; docs/dmft.md "Long horizons") on the same
// population at T = 100 / 200 (with its distance to the exact march) and at T = 500 / 1000 / 2000 with N = 4096 (the
// `threshold dmft` default), and with m = 2 neurons at T = 2000: time, cells K, memory of the march's arrays and the
// process's resident set.
// GELU, square loss, y = tanh(z²), m = 1 unless stated, δ = 16, d → ∞; GD at d = 1000 (n = 16000). CPU time = user + system
// of this (single-threaded) process, the fair measure on a loaded machine.
import { dmftPath } from '../src/theory/dmft/march.js';
import { longDmftPath } from '../src/theory/dmft/longMarch.js';
import { runGd } from '../src/simulate/gd/gd.js';
import type { GdConfig } from '../src/model/problem.js';
import { fmt, gridTable } from '../src/core/format.js';
import { loadavg } from 'node:os';

const cfg: GdConfig = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 50, ridge: 0,
  delta: 16, d: 1000, hessianAt: [], hessianK: 1, nTest: 10, recordEvery: 50,
};
const POLICY = { window: 8, early: 32 };
const timed = <T>(f: () => T): { wall: number; cpu: number; out: T } => {
  const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
  const out = f();
  const c = process.cpuUsage(c0);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6, out };
};
const rows: string[][] = [];
const row = (name: string, r: { wall: number; cpu: number }, extra = '') => {
  rows.push([name, fmt(r.wall, 3), fmt(r.cpu, 3), extra]);
  process.stderr.write(`${name}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU ${extra}\n`);
};
const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

for (const [T, N] of [[25, 2048], [50, 2048], [100, 2048], [200, 2048], [50, 8192]] as const)
  row(`exact march, T = ${T}, N = ${N}`, timed(() => dmftPath({ ...cfg, steps: T, samples: N, seed: 1 }, { d: Infinity, seed: 0 })), `memory ${mb(8 * N * ((T + 1) * (T + 2)) / 2)} (Jacobians)`);
for (const T of [100, 200]) {
  const spec = { ...cfg, steps: T, samples: 2048, seed: 1 };
  const ex = dmftPath(spec, { d: Infinity, seed: 0 });
  const r = timed(() => longDmftPath(spec, { d: Infinity, seed: 0 }, POLICY));
  const dw = Math.max(...ex.w_norm.map((x, t) => Math.abs(r.out.w_norm[t]! - x) / x));
  const dr = Math.max(...ex.train_risk.map((x, t) => Math.abs(r.out.train_risk[t]! - x) / x));
  row(`coarse-grained march (W = 8, E = 32), T = ${T}, N = 2048`, r, `K = ${r.out.compression.max_cells}; ${mb(r.out.compression.bytes)}; max relative distance to the exact march: ‖w‖ ${dw.toExponential(1)}, train risk ${dr.toExponential(1)}`);
}
for (const T of [500, 1000, 2000]) {
  const r = timed(() => longDmftPath({ ...cfg, lr: 0.5, steps: T, samples: 4096, seed: 1 }, { d: Infinity, seed: 0 }, POLICY));
  row(`coarse-grained march (W = 8, E = 32), η = 0.5, T = ${T}, N = 4096`, r, `K = ${r.out.compression.max_cells}; ${mb(r.out.compression.bytes)}; RSS ${mb(process.memoryUsage().rss)}`);
}
{
  const r = timed(() => longDmftPath({ ...cfg, readout: [0.5, 0.5], lr: 1, steps: 2000, samples: 4096, seed: 1 }, { d: Infinity, seed: 0 }, POLICY));
  row('coarse-grained march (W = 8, E = 32), m = 2, a = (½, ½), η = 1, T = 2000, N = 4096', r, `K = ${r.out.compression.max_cells}; ${mb(r.out.compression.bytes)}; RSS ${mb(process.memoryUsage().rss)}`);
}
row(`GD simulation, d = ${cfg.d}, n = ${cfg.delta * cfg.d}, T = 50, one seed`, timed(() => runGd(cfg, 1)));
console.log(gridTable(['run', 'wall s', 'CPU s', 'notes'], rows));
console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(1)).join(', ')} (2 cores); Node ${process.version}.`);
console.log('Exact march: T = 100 → 200 at fixed N should cost ≈ 2³ = 8× (O(N·T³) Jacobians). Coarse-grained: O(N·K²) per step, K = O(E + W log T) cells.');
