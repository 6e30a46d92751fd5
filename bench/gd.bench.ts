// GD simulator benchmark: the cost of one full-batch GD step (fused forward + gradient sweep) and one
// Hessian–vector product at d = 1000, n = 16000, m = 1 (GELU, square loss, y = tanh(z²)), the projected wall time
// of T = 5000 steps, and the wall time of 2 seeds × 50 steps through runSeeds (worker threads when run from dist).
import { buildProblem, type GdConfig } from '../src/model/problem.js';
import { riskAndGradient, sampleTerms, hessianOperator } from '../src/model/network.js';
import { runSeeds, executionMode } from '../src/simulate/gd/seeds.js';
import { fmt, gridTable } from '../src/core/format.js';

const cfg: GdConfig = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 50, ridge: 0,
  delta: 16, d: 1000, hessianAt: [], hessianK: 1, nTest: 1000, recordEvery: 10,
};

const p = buildProblem(cfg, 1);
const g = new Float64Array(cfg.d);
const reps = 20;
let t0 = process.hrtime.bigint();
for (let r = 0; r < reps; r++) riskAndGradient(p.net, p.train, p.yTrain, p.W0, g);
const step = Number(process.hrtime.bigint() - t0) / 1e9 / reps;
const op = hessianOperator(p.train, sampleTerms(p.net, p.train, p.yTrain, p.W0), 0);
t0 = process.hrtime.bigint();
for (let r = 0; r < reps; r++) op.apply(p.W0, g);
const hvp = Number(process.hrtime.bigint() - t0) / 1e9 / reps;
t0 = process.hrtime.bigint();
await runSeeds(cfg, [1, 2]);
const two = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  gridTable(
    ['quantity', 'value'],
    [
      ['d, n, m', `${cfg.d}, ${p.n}, 1`],
      ['GD step (s)', fmt(step, 3)],
      ['Hessian–vector product (s)', fmt(hvp, 3)],
      ['projected 5000 steps, one seed (s)', fmt(5000 * step, 3)],
      [`2 seeds × 50 steps incl. data generation (s), ${executionMode(2)}`, fmt(two, 3)],
    ],
  ),
);
