// Hessian benchmark (performance targets): (1) δNN for m = 1 with a two-dimensional latent law (the §4
// reference case: z and the neuron direction g), median of 7 runs, target < 100 ms; (2) δNN for m = 8 (exact
// per-block weights A_jj over the joint law of (z, g_1..g_8), Monte-Carlo atoms), target < 2 s; (3) the lowest
// Hessian eigenpair at d = 2000, n = 8000, m = 1 by Lanczos on Hessian–vector products, target < 5 s (data
// generation timed apart); (4) one Hessian–vector product at m = 4, blocked vs row by row.
import { resolveActivation, resolveLoss, resolveTarget } from '../src/model/formulas.js';
import { makeState, stateFactor } from '../src/model/state.js';
import { nnThresholds } from '../src/theory/hessian/thresholds.js';
import { stateWeights, empiricalHessian } from '../src/simulate/hessian/hvp.js';
import { blockedHessianOperator } from '../src/simulate/hessian/blockedHvp.js';
import { labels } from '../src/model/problem.js';
import { sampleTerms, hessianOperator } from '../src/model/network.js';
import { gaussianData } from '../src/numerics/random/gaussianData.js';
import { lanczos } from '../src/numerics/linalg/lanczos.js';
import { makeRng } from '../src/numerics/random/rng.js';
import { SIMULATION_TOL } from '../src/simulate/spectral/index.js';
import { fmt, gridTable } from '../src/core/format.js';

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

// (3) Data, labels and W are drawn once and timed apart; the per-sample terms are part of the eigenpair time. The
// same Lanczos run (same start vector: same seed) is timed on the row-by-row operator of src/simulate/gd (the
// "before") and on the row-blocked one of src/simulate/hessian/blockedHvp.ts, at the default tol 1e-8 and at
// SIMULATION_TOL (what simulate hessian uses).
const d = 2000, n = 8000;
const [prep, tData] = seconds(() => {
  const rng = makeRng(1);
  const data = gaussianData(n, d, rng);
  const y = labels(p.target, data, 0, rng);
  return { data, y };
});
rows.push([`data x_i ~ N(0, I_d), y_i = tanh(z_i²), d = ${d}, n = ${n}`, `${fmt(tData, 3)} s`, '', '']);
const net = { act: p.act.fn, loss: p.loss.fn, readout: s1.readout, ridge: 0 };
const eig = (blocked: boolean, tol: number) =>
  seconds(() => {
    const W = stateWeights(s1, stateFactor(s1), d);
    const op = blocked ? empiricalHessian(p, s1.readout, prep.data, prep.y, W).op : hessianOperator(prep.data, sampleTerms(net, prep.data, prep.y, W), 0);
    return lanczos(op, 1, 'smallest', makeRng(2), { tol });
  });
for (const [blocked, tol, label] of [
  [false, 1e-8, 'row-by-row hvp (before), tol 1e-8'],
  [true, 1e-8, 'blocked hvp, tol 1e-8'],
  [true, SIMULATION_TOL, `blocked hvp, tol ${SIMULATION_TOL} (SIMULATION_TOL)`],
] as const) {
  const [res, t] = eig(blocked, tol);
  rows.push([`lowest Hessian eigenpair, m = 1, ${label}`, `${fmt(t, 3)} s`, '< 5 s', `λ_min = ${res.values[0]!.toPrecision(10)}, ${res.status.iterations} steps, residual ${res.status.residual.toExponential(1)}`]);
}

// (4) One Hessian–vector product at m = 4 (general-m blocked operator vs row by row), d = 2000, n = 8000.
const s4 = makeState(Array(4).fill(1 / 4), Array(4).fill(1), 1);
const W4 = stateWeights(s4, stateFactor(s4), d);
const terms4 = sampleTerms({ ...net, readout: s4.readout }, prep.data, prep.y, W4);
const v4 = new Float64Array(4 * d).fill(1);
const o4 = new Float64Array(4 * d);
for (const [label, op] of [
  ['row by row (before)', hessianOperator(prep.data, terms4, 0)],
  ['blocked', blockedHessianOperator(prep.data, terms4)],
] as const) {
  const ts: number[] = [];
  for (let r = 0; r < 5; r++) ts.push(seconds(() => op.apply(v4, o4))[1]);
  rows.push([`one Hessian–vector product, m = 4, ${label} (median of 5)`, `${fmt(median(ts) * 1000, 3)} ms`, '', '']);
}

process.stdout.write(gridTable(['task', 'time', 'target', 'result'], rows) + '\n');
