// Timing of the stationary-state δNN of GD (docs/theory.md §6, (6.11)) for the GELU reference, m = 1: one fixed point
// (6.4)–(6.5) at δ = 20, δNN alone (the default `nn` adds it beside the fixed-state δ*), and the three thresholds of
// `nn --state stationary` (with the marginal δNN (6.19)); median of 5 runs after 1 warm-up, and the ratio to the fixed-state δ* of the same problem
// measured in the same run. Run: npx tsc -p . && node dist/bench/stationary.bench.js
import { performance } from 'node:perf_hooks';
import { resolveActivation, resolveLoss, resolveTarget } from '../src/model/formulas.js';
import { stationaryPoint } from '../src/theory/stationary/fixedPoint.js';
import { stationaryDeltaNN, stationaryDeltaNNs, stationaryThresholds } from '../src/theory/stationary/deltaNN.js';
import { main } from '../src/present/cli/main.js';

const problem = {
  act: resolveActivation('gelu').fn, loss: resolveLoss('square').fn, target: resolveTarget('tanh(z^2)'), noise: 0, readout: 1, ridge: 0,
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
async function time(f: () => unknown | Promise<unknown>, runs = 5): Promise<number> {
  await f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return median(t);
}
const silent = { out: () => {}, err: () => {} };
const fixed = await time(() => main(['nn', '--state', 'fixed', '--json'], silent), 3);
const point = await time(() => stationaryPoint(problem, 20));
const dnn = await time(() => stationaryDeltaNN(problem, 6));
const pair = await time(() => stationaryDeltaNNs(problem, 6));
const all = await time(() => stationaryThresholds(problem, 6), 3);
console.log(`fixed point (6.4)–(6.5) at δ = 20 (order 6)            ${point.toFixed(0).padStart(6)} ms`);
console.log(`δNN (6.11) alone (order 6, coarse order 4)             ${dnn.toFixed(0).padStart(6)} ms`);
console.log(`δNN (6.11) + marginal δNN (6.19) on one grid           ${pair.toFixed(0).padStart(6)} ms`);
console.log(`δNN + 4 thresholds (nn --state stationary)            ${all.toFixed(0).padStart(6)} ms`);
console.log(`flcalc nn (fixed state + both stationary δNN, in process) ${fixed.toFixed(0).padStart(6)} ms`);
console.log(`ratio δNN(stationary) / whole default nn command: ${(dnn / fixed).toFixed(2)}`);
