// Long-horizon GD (validation/experiments/gd_long_horizon/data/*.json, from gdLongHorizon.ts) against the stationary
// state of phase 1 (docs/theory.md §6): writes results.{json,md} there.
// Per δ: seeds that learned (θ-overlap² ≥ 1/2) within the horizon T, their t_learn, and the theory's Λ (6.9) and
// leading-order escape time (6.12). Verdicts:
//   threshold — each stationary-state threshold (δNN (6.11); i.i.d. separation and θ-eigenvalue zero (6.10)) must lie in the empirical bracket [largest δ not learned by a majority, smallest δ learned
//               by a majority above it] at each d (the horizon is finite, so a δ just above δNN may still be "not
//               learned": the bracket is then open upwards and the verdict is "no verdict");
//   escape time — the leading-order t_escape (6.12) (no phase-1 time) lies within [min, max] of the seeds' t_learn
//               (every seed learned); otherwise the ratio is reported without a verdict.
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/gdLongHorizonResults.js [--force]
import { join } from 'node:path';
import { resolveActivation, resolveLoss, resolveTarget } from '../../src/model/formulas.js';
import { stationaryPoint } from '../../src/theory/stationary/fixedPoint.js';
import { stationaryThresholds } from '../../src/theory/stationary/deltaNN.js';
import { stationaryAtDelta } from '../../src/theory/stationary/report.js';
import type { GdRun } from '../../src/simulate/gd/gd.js';
import type { GdConfig } from '../../src/model/problem.js';
import { checkWritable, experimentDir, majorityBracket, readRecords, write } from './record.js';
import { provenance } from '../../src/core/provenance.js';

const dir = experimentDir('gd_long_horizon');
const out = { json: join(dir, 'results.json'), md: join(dir, 'results.md') };
checkWritable([out.json, out.md], process.argv.slice(2));

const problem = {
  act: resolveActivation('gelu').fn, loss: resolveLoss('square').fn, target: resolveTarget('tanh(z^2)'), noise: 0, readout: 1, ridge: 0,
};
const runs = readRecords<{ config: GdConfig; result: GdRun }>(join(dir, 'data'));
const fmt = (x: number | null | undefined, p = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(p));
const thr = stationaryThresholds(problem, 6);
const dnn = thr.deltaNN;
const candidates = [
  { name: 'δNN, Λ = 0 (6.11)', delta: thr.deltaNN.delta },
  { name: 'i.i.d. separation (6.10)', delta: thr.deltaSeparation.delta },
  { name: 'i.i.d. θ-eigenvalue = 0 (6.10)', delta: thr.deltaZeroIid.delta },
];
const cases: Array<Record<string, unknown>> = [];
const rows: string[] = [];
const brackets: string[] = [];
for (const [d, T] of [...new Set(runs.map((r) => `${r.config.d}:${r.config.steps}`))].map((k) => k.split(':').map(Number) as [number, number]).sort((a, b) => a[0] - b[0])) {
  const at = runs.filter((r) => r.config.d === d && r.config.steps === T);
  const deltas = [...new Set(at.map((r) => r.config.delta))].sort((a, b) => a - b);
  const points = deltas.map((delta) => {
    const rs = at.filter((r) => r.config.delta === delta).sort((a, b) => a.result.seed - b.result.seed);
    const t = rs.map((r) => r.result.t_learn);
    const learned = t.filter((x) => x !== null).length;
    const th = stationaryAtDelta(stationaryPoint(problem, delta), 0, rs[0]!.config.lr, rs[0]!.config.initScale, d);
    const done = t.every((x) => x !== null) ? (t as number[]) : null;
    const sorted = done ? [...done].sort((a, b) => a - b) : null;
    const median = sorted ? (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2 : null;
    const esc = th.escape_time;
    const verdict = esc === null || sorted === null ? 'no verdict' : esc >= sorted[0]! && esc <= sorted[sorted.length - 1]! ? 'pass' : 'fail';
    cases.push({ d, horizon: T, delta, seeds: rs.map((r) => r.result.seed), t_learn: t, learned, schur_at_zero: th.schur_at_zero, iid_outlier: th.iid.outlier, escape_time: esc, median_t_learn: median, verdict });
    rows.push(`| ${d} | ${T} | ${delta} | ${learned}/${rs.length} | ${t.map((x) => x ?? `>${T}`).join(', ')} | ${fmt(median)} | ${fmt(th.schur_at_zero, 3)} | ${th.iid.outlier === null ? 'none' : fmt(th.iid.outlier, 3)} | ${fmt(esc)} | ${median !== null && esc !== null ? fmt(median / esc, 3) : '—'} | ${verdict} |`);
    return { delta, majority: 2 * learned > rs.length };
  });
  const [lo, hi] = majorityBracket(points);
  for (const c of candidates) {
    const v = c.delta === null ? 'fail' : hi === null ? 'no verdict' : (lo === null || c.delta >= lo) && c.delta <= hi ? 'pass' : 'fail';
    cases.push({ d, horizon: T, quantity: `empirical bracket vs ${c.name}`, bracket: [lo, hi], theory: c.delta, verdict: v });
    brackets.push(`| ${d} | ${T} | [${lo ?? '—'}, ${hi ?? '—'}] | ${c.name} | ${fmt(c.delta)} | ${v} |`);
  }
}
const passed = cases.filter((c) => c.verdict === 'pass').length;
const failed = cases.filter((c) => c.verdict === 'fail').length;
write(out.json, JSON.stringify({
  experiment: 'gd_long_horizon', provenance: provenance(),
  problem: 'gelu, square loss, y = tanh(z^2), m = 1, a = 1, λ = 0, η = 0.5, ‖w(0)‖ = 1, full GD (θ component free), t_learn = first recorded step (every 25) with θ-overlap² ≥ 1/2',
  delta_nn: dnn.delta, delta_nn_error_estimate: dnn.errorEstimate ?? null, delta_separation_iid: thr.deltaSeparation.delta, delta_zero_iid: thr.deltaZeroIid.delta, cases, passed, failed,
}, null, 1));
write(out.md, [
  `### Long-horizon GD vs the stationary-state thresholds: ${passed} pass, ${failed} fail, ${cases.length - passed - failed} without verdict`,
  '',
  'GELU, square loss, y = tanh(z²), m = 1, a = 1, no ridge, η = 0.5, ‖w(0)‖ = 1 (w(0) ~ N(0, I/d)); full-batch GD with the θ component free; ' +
    't_learn = first step (recorded every 25) with θ-overlap² ≥ 1/2; a run stops when it has learned. Theory: docs/theory.md §6, ' +
    `δNN of GD = ${fmt(dnn.delta)} (6.11); Λ (6.9); i.i.d.-resolvent outlier and escape time (6.12) (leading order, phase 1 not included).`,
  '',
  'Rules. Threshold: pass iff the threshold lies in [largest δ not learned by a majority of seeds, smallest δ learned by a majority above it]; ' +
    'no verdict when no δ of the grid was learned by a majority. Escape time: pass iff (6.12) lies within [min, max] of the seeds\' t_learn (all seeds learned); otherwise no verdict.',
  '',
  '| d | T | empirical bracket | threshold | value | verdict |',
  '|---|---|---|---|---|---|',
  ...brackets,
  '',
  '| d | T | δ | learned | t_learn per seed | median | Λ (6.9) | i.i.d. λ_out (6.10) | t_escape (6.12) | median / t_escape | verdict |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n'));
