// Table benchmark: a 4 targets × 3 weights × 3 noise levels × 20-point δ grid of δ*, bulk edge,
// outlier and overlap² (720 rows), with 1 and 2 worker threads, and the scaling with the number of rows
// (subsets of the same grid: 90, 180, 360, 720 rows). Target: 720 rows in under 10 s on 2 cores.
// Run: npx tsc -p . && node dist/bench/table.bench.js
import { validateConfig } from '../src/present/table/config.js';
import { computeTable } from '../src/present/table/table.js';
import { rowCounts } from '../src/present/table/output.js';
import { fmt, gridTable } from '../src/core/format.js';

const TARGETS = ['z^2', 'abs(z)', 'tanh(z^2)', 'z^2*exp(-z^2/4)'];
const WEIGHTS = ['min(y,3)-1', 'tanh(y)-0.5', 'y/(1+abs(y))-0.3'];
const NOISES = [0, 0.25, 0.5];
const deltas = (num: number) => ({ from: 0.5, to: 10, num, log: true });

const sizes: Array<{ label: string; targets: number; weights: number; noises: number; nDelta: number }> = [
  { label: '1 target × 3 weights × 3 noises × 10 δ', targets: 1, weights: 3, noises: 3, nDelta: 10 },
  { label: '1 × 3 × 3 × 20', targets: 1, weights: 3, noises: 3, nDelta: 20 },
  { label: '2 × 3 × 3 × 20', targets: 2, weights: 3, noises: 3, nDelta: 20 },
  { label: '4 × 3 × 3 × 20', targets: 4, weights: 3, noises: 3, nDelta: 20 },
];

const rows: string[][] = [];
for (const s of sizes) {
  const cfg = validateConfig(
    {
      quantities: ['delta_star', 'bulk_edge', 'outlier', 'overlap2'],
      grid: { target: TARGETS.slice(0, s.targets), weight: WEIGHTS.slice(0, s.weights), noise: NOISES.slice(0, s.noises), delta: deltas(s.nDelta) },
    },
    'bench',
  );
  for (const workers of [1, 2]) {
    const t0 = performance.now();
    const res = await computeTable(cfg, { source: 'bench', workers });
    const wall = (performance.now() - t0) / 1000;
    const c = rowCounts(res.rows);
    rows.push([
      s.label,
      String(c.rows),
      `${workers} (${res.execution.mode})`,
      fmt(wall, 3),
      fmt((1000 * wall) / c.rows, 3),
      `${c.converged}/${c.not_converged}/${c.failed}`,
    ]);
    console.error(`done: ${s.label}, ${workers} worker(s), ${wall.toFixed(2)} s`);
  }
}
console.log('flcalc table: δ*, edge, outlier, overlap² over targets × weights × noise × δ (wall-clock, including worker start-up)\n');
console.log(gridTable(['grid', 'rows', 'workers', 'seconds', 'ms/row', 'converged/not/failed'], rows));
