// Hessian benchmark (issue 3, performance targets): (1) δNN for m = 1 with a two-dimensional latent law (the §4
// reference case: z and the neuron direction g), median of 7 runs, target < 100 ms; (2) δNN for m = 8 (exact
// per-block weights A_jj over the joint law of (z, g_1..g_8), Monte-Carlo atoms), target < 2 s; (3) the lowest
// Hessian eigenpair at d = 2000, n = 8000, m = 1 by Lanczos on Hessian–vector products, target < 5 s.
import { resolveActivation, resolveLoss, resolveTarget } from '../src/formulas.js';
import { makeState, stateFactor } from '../src/hessian/state.js';
import { nnThresholds } from '../src/hessian/thresholds.js';
import { stateWeights, empiricalHessian } from '../src/hessian/hvp.js';
import { labels } from '../src/dynamics/problem.js';
import { gaussianData, lanczos, makeRng } from '../src/sim/index.js';
import { fmt, gridTable } from '../src/report/format.js';

function seconds<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const p = { act: resolveActivation('gelu'), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 };
const rows: string[][] = [];

const s1 = makeState([1], [1], 1);
const t1: number[] = [];
let d1 = 0;
for (let r = 0; r < 7; r++) {
  const [th, t] = seconds(() => nnThresholds(p, s1));
  t1.push(t);
  d1 = th.delta_nn!;
}
rows.push(['δNN, m = 1, 2-d latent law (median of 7)', `${fmt(median(t1) * 1000, 3)} ms`, '< 100 ms', `δNN = ${fmt(d1)}`]);

const s8 = makeState(Array(8).fill(1 / 8), Array(8).fill(1), 1);
const [th8, t8] = seconds(() => nnThresholds(p, s8));
rows.push(['δNN, m = 8 (exact block weights)', `${fmt(t8, 3)} s`, '< 2 s', `δNN = ${fmt(th8.delta_nn)}; ${th8.law.size} atoms`]);

const [res, t3] = seconds(() => {
  const rng = makeRng(1);
  const d = 2000, n = 8000;
  const data = gaussianData(n, d, rng);
  const y = labels(p.target, data, 0, rng);
  const W = stateWeights(s1, stateFactor(s1), d);
  const { op } = empiricalHessian(p, s1.readout, data, y, W);
  return lanczos(op, 1, 'smallest', rng);
});
rows.push(['lowest Hessian eigenpair, d = 2000, n = 8000, m = 1 (incl. data)', `${fmt(t3, 3)} s`, '< 5 s', `λ_min = ${fmt(res.values[0]!)}, ${res.status.iterations} Lanczos steps`]);

process.stdout.write(gridTable(['task', 'time', 'target', 'result'], rows) + '\n');
