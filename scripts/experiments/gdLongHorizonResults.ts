// Long-horizon GD (validation/experiments/gd_long_horizon/data/*.json, from gdLongHorizon.ts) against the stationary
// state of phase 1 (docs/theory.md §6), per configuration of gdLongHorizon.ts: writes results.{json,md} there.
// Per (configuration, d, T, δ): seeds that learned (θ-overlap² ≥ 1/2) within the horizon T, their t_learn, and the
// theory's Λ (6.9) and leading-order escape time (6.12), all for that configuration's problem. Verdicts:
//   threshold — each stationary-state threshold (δNN (6.11); the marginal closure's δNN_m (6.19); i.i.d. separation
//               and θ-eigenvalue zero (6.10)) must lie in the empirical bracket [largest δ not learned by a majority,
//               smallest δ learned by a majority above it] at each d (the horizon is finite, so a δ just above δNN may
//               still be "not learned": the bracket is then open upwards and the verdict is "no verdict"); a threshold
//               that does not exist fails;
//   escape time — the leading-order t_escape (6.12) (no phase-1 time) lies within [min, max] of the seeds' t_learn
//               (every seed learned); otherwise the ratio is reported without a verdict.
// Records without a configuration name are gelu runs (the reference).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/gdLongHorizonResults.js [--force]
import { join } from 'node:path';
import { stationaryPoint } from '../../src/theory/stationary/fixedPoint.js';
import { stationaryThresholds } from '../../src/theory/stationary/deltaNN.js';
import { stationaryAtDelta } from '../../src/theory/stationary/report.js';
import type { GdRun } from '../../src/simulate/gd/gd.js';
import type { GdConfig } from '../../src/model/problem.js';
import { bracketText, checkWritable, compareLearned, experimentDir, majorityBracket, readRecords, write } from './record.js';
import { provenance } from '../../src/core/provenance.js';
import { LONG_CONFIGS, stationaryProblemOf } from './gdLongHorizon.js';

const dir = experimentDir('gd_long_horizon');
const out = { json: join(dir, 'results.json'), md: join(dir, 'results.md') };
checkWritable([out.json, out.md], process.argv.slice(2));

const runs = readRecords<{ name?: string; config: GdConfig; result: GdRun }>(join(dir, 'data'));
const fmt = (x: number | null | undefined, p = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(p));
const SIGMA: Record<string, string> = { gelu: 'GELU', quadratic: 'σ(u) = u²' };
const describe = (c: Omit<GdConfig, 'd' | 'delta' | 'steps'>) =>
  `${SIGMA[c.act] ?? c.act}, ${c.loss} loss, y = ${c.target.replace('^2', '²')}, m = ${c.readout.length}, a = ${c.readout.length > 1 ? `(${c.readout.join(', ')})` : c.readout[0]}, ${c.ridge > 0 ? `ridge λ = ${c.ridge}` : 'no ridge'}, η = ${c.lr}`;

interface Learning { file: string; config: { d: number; delta: number; steps: number; samples: number }; runs: Array<{ t_learn: number | null }> }
const learningRecords = readRecords<Learning>(join(experimentDir('dmft_long'), 'data'));

/** The finite-d DMFT march with the θ channel (docs/theory.md (5.10); dmft_long/data/learning_{name}_d…) per (d, δ):
 *  learned realisations against GD's seeds at the same (d, δ, T) (two-sided Fisher exact test, pass iff p ≥ 0.05), and
 *  the majority brackets of both per d; at d without GD runs the rows are predictions. */
function dmftLearning(name: string, gd: ReadonlyArray<Run>): string[] {
  const recs = learningRecords.filter((r) => r.file.startsWith(`learning_${name}_d`)).sort((a, b) => a.config.d - b.config.d || a.config.delta - b.config.delta);
  if (recs.length === 0) return [];
  const rows: string[] = [];
  const majority: Array<{ d: number; T: number; delta: number; dmft: boolean; gd: boolean | null }> = [];
  for (const L of recs) {
    const T = L.config.steps;
    const g = gd.filter((r) => r.config.d === L.config.d && r.config.delta === L.config.delta && r.config.steps === T).sort((a, b) => a.result.seed - b.result.seed);
    const { ld, lg, p, dmftMajority, gdMajority } = compareLearned(L.runs, g.map((r) => r.result));
    const verdict = p === null ? 'prediction (no GD run)' : p >= 0.05 ? 'pass' : 'fail';
    cases.push({ config: name, d: L.config.d, horizon: T, delta: L.config.delta, quantity: 'learned fraction, finite-d DMFT march (5.10) vs GD', dmft: `${ld}/${L.runs.length}`, gd: g.length ? `${lg}/${g.length}` : null, fisher_p: p, verdict: p === null ? 'no verdict' : verdict });
    majority.push({ d: L.config.d, T, delta: L.config.delta, dmft: dmftMajority, gd: gdMajority });
    rows.push(`| ${L.config.d} | ${T} | ${L.config.delta} | ${L.runs.map((r) => show(r.t_learn, T)).join(', ')} (N = ${L.config.samples}) | ${g.length ? g.map((r) => show(r.result.t_learn, T)).join(', ') : '—'} | ${ld}/${L.runs.length} / ${g.length ? `${lg}/${g.length}` : '—'} | ${fmt(p, 2)} | ${verdict} |`);
  }
  const brackets = [...new Set(majority.map((m) => `${m.d}:${m.T}`))].map((key) => {
    const pts = majority.filter((m) => `${m.d}:${m.T}` === key).sort((a, b) => a.delta - b.delta);
    const [d, T] = key.split(':');
    const withGd = pts.filter((m) => m.gd !== null);
    const gdPts = withGd.length ? `${bracketText(withGd.map((m) => ({ delta: m.delta, majority: m.gd! })))} (δ ${withGd.map((m) => m.delta).join(', ')})` : '—';
    return `| ${d} | ${T} | ${pts.map((m) => m.delta).join(', ')} | ${bracketText(pts.map((m) => ({ delta: m.delta, majority: m.dmft })))} | ${gdPts} |`;
  });
  return [
    '', 'Finite-d DMFT march with the θ channel (docs/theory.md (5.10); realisations of `thetaResponse.js learning --config ' + name + '`) against GD:', '',
    '| d | T | δ | DMFT realisations: t_learn | GD seeds: t_learn | learned DMFT / GD | Fisher p | verdict |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '', '| d | T | δ grid | DMFT majority bracket | GD majority bracket |', '|---|---|---|---|---|', ...brackets,
  ];
}

const show = (t: number | null, T: number) => (t === null ? `>${T}` : String(t));

type Run = { config: GdConfig; result: GdRun };
interface DeltaGroup { delta: number; rs: Run[]; t: Array<number | null>; learned: number; majority: boolean }

/** The runs of one configuration per (d, T) in increasing order, each split by δ (increasing; seeds in order), with
 *  the learning times, the learned count and whether a majority learned. */
function byHorizon(mine: ReadonlyArray<Run>): Array<{ d: number; T: number; groups: DeltaGroup[] }> {
  return [...new Set(mine.map((r) => `${r.config.d}:${r.config.steps}`))].map((k) => k.split(':').map(Number) as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([d, T]) => {
    const at = mine.filter((r) => r.config.d === d && r.config.steps === T);
    const groups = [...new Set(at.map((r) => r.config.delta))].sort((a, b) => a - b).map((delta) => {
      const rs = at.filter((r) => r.config.delta === delta).sort((a, b) => a.result.seed - b.result.seed);
      const t = rs.map((r) => r.result.t_learn);
      const learned = t.filter((x) => x !== null).length;
      return { delta, rs, t, learned, majority: 2 * learned > rs.length };
    });
    return { d, T, groups };
  });
}

/** m ≥ 2 neurons: the stationary fixed point (6.20)–(6.27) is not solved without ridge (its prox is not convex), so
 *  the section has GD's learned fractions and majority brackets per d, and the finite-d DMFT march against them. */
function multiSection(name: string, cfg: Omit<GdConfig, 'd' | 'delta' | 'steps'>, mine: ReadonlyArray<Run>): string {
  const rows: string[] = [], brackets: string[] = [];
  for (const { d, T, groups } of byHorizon(mine)) {
    for (const { delta, rs, t, learned } of groups) {
      cases.push({ config: name, d, horizon: T, delta, seeds: rs.map((r) => r.result.seed), t_learn: t, learned, verdict: 'no verdict' });
      rows.push(`| ${d} | ${T} | ${delta} | ${learned}/${rs.length} | ${t.map((x) => show(x, T)).join(', ')} |`);
    }
    brackets.push(`| ${d} | ${T} | ${groups.map((g) => g.delta).join(', ')} | ${bracketText(groups)} |`);
  }
  configsJson[name] = { problem: `${describe(cfg)}, ‖w_j(0)‖ = ${cfg.initScale}, full GD (θ component free), learned := max_j θ-overlap² of neuron j ≥ 1/2`, config: cfg, thresholds: null };
  return [
    `#### ${name}: ${describe(cfg)}`,
    '',
    'The stationary state of phase 1 for m ≥ 2 (docs/theory.md §6, "Several neurons") has no converged fixed point without ridge: its prox is not convex and the m ≥ 2 global-minimiser prox is not implemented. ' +
      'So there is no stationary δNN to test here; the finite-d DMFT march (5.10) is the prediction.',
    '',
    '| d | T | δ grid | GD majority bracket |', '|---|---|---|---|', ...brackets,
    '',
    '| d | T | δ | learned | t_learn per seed |', '|---|---|---|---|---|', ...rows,
    ...dmftLearning(name, mine),
  ].join('\n');
}

const cases: Array<Record<string, unknown>> = [];
const sections: string[] = [];
const configsJson: Record<string, unknown> = {};
for (const [name, cfg] of Object.entries(LONG_CONFIGS)) {
  const mine = runs.filter((r) => (r.name ?? 'gelu') === name);
  if (mine.length === 0) continue;
  if (cfg.readout.length > 1) {
    sections.push(multiSection(name, cfg, mine));
    continue;
  }
  const problem = stationaryProblemOf(cfg);
  const thr = stationaryThresholds(problem, 6);
  const candidates = [
    { name: 'δNN, Λ = 0 (6.11)', c: thr.deltaNN },
    { name: 'marginal δNN_m, Λ_m = 0 (6.19)', c: thr.deltaMarginal },
    { name: 'i.i.d. separation (6.10)', c: thr.deltaSeparation },
    { name: 'i.i.d. θ-eigenvalue = 0 (6.10)', c: thr.deltaZeroIid },
  ];
  configsJson[name] = {
    problem: `${describe(cfg)}, ‖w(0)‖ = ${cfg.initScale}, full GD (θ component free), t_learn = first recorded step (every ${cfg.recordEvery}) with θ-overlap² ≥ 1/2`,
    config: cfg,
    thresholds: Object.fromEntries(candidates.map(({ name: n, c }) => [n, { delta: c.delta, error_estimate: c.errorEstimate ?? null, converged: c.status.converged, reason: c.reason ?? null }])),
  };
  const rows: string[] = [];
  const brackets: string[] = [];
  for (const { d, T, groups } of byHorizon(mine)) {
    for (const { delta, rs, t, learned } of groups) {
      const p = stationaryPoint(problem, delta);
      const th = p.status.converged ? stationaryAtDelta(p, cfg.ridge, rs[0]!.config.lr, rs[0]!.config.initScale, d) : null;
      const done = t.every((x) => x !== null) ? (t as number[]) : null;
      const sorted = done ? [...done].sort((a, b) => a - b) : null;
      const median = sorted ? (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2 : null;
      const esc = th?.escape_time ?? null;
      const verdict = esc === null || sorted === null ? 'no verdict' : esc >= sorted[0]! && esc <= sorted[sorted.length - 1]! ? 'pass' : 'fail';
      cases.push({ config: name, d, horizon: T, delta, seeds: rs.map((r) => r.result.seed), t_learn: t, learned, fixed_point_converged: p.status.converged, schur_at_zero: th?.schur_at_zero ?? null, iid_outlier: th?.iid.outlier ?? null, escape_time: esc, median_t_learn: median, verdict });
      const schur = th === null ? `not converged (${p.status.message ?? ''})` : fmt(th.schur_at_zero, 3);
      const outlier = th === null ? '—' : th.iid.outlier === null ? 'none' : fmt(th.iid.outlier, 3);
      rows.push(`| ${d} | ${T} | ${delta} | ${learned}/${rs.length} | ${t.map((x) => show(x, T)).join(', ')} | ${fmt(median)} | ${schur} | ${outlier} | ${fmt(esc)} | ${median !== null && esc !== null ? fmt(median / esc, 3) : '—'} | ${verdict} |`);
    }
    const [lo, hi] = majorityBracket(groups);
    for (const { name: n, c } of candidates) {
      const v = c.delta === null ? 'fail' : hi === null ? 'no verdict' : (lo === null || c.delta >= lo) && c.delta <= hi ? 'pass' : 'fail';
      cases.push({ config: name, d, horizon: T, quantity: `empirical bracket vs ${n}`, bracket: [lo, hi], theory: c.delta, verdict: v });
      brackets.push(`| ${d} | ${T} | [${lo ?? '—'}, ${hi ?? '—'}] | ${n} | ${c.delta === null ? `none${c.reason ? ` (${c.reason})` : ''}` : fmt(c.delta)} | ${v} |`);
    }
  }
  const dmftRows = name === 'gelu' ? [] : dmftLearning(name, mine);
  sections.push([
    `#### ${name}: ${describe(cfg)}`,
    '',
    `Theory for this problem: δNN = ${fmt(thr.deltaNN.delta)} (6.11) (quadrature error ≈ ${fmt(thr.deltaNN.errorEstimate ?? null, 2)}), marginal closure δNN_m = ${fmt(thr.deltaMarginal.delta)} (6.19), ` +
      `i.i.d.-resolvent separation ${fmt(thr.deltaSeparation.delta)} and θ-eigenvalue zero ${fmt(thr.deltaZeroIid.delta)} (6.10).`,
    '',
    '| d | T | empirical bracket | threshold | value | verdict |',
    '|---|---|---|---|---|---|',
    ...brackets,
    '',
    '| d | T | δ | learned | t_learn per seed | median | Λ (6.9) | i.i.d. λ_out (6.10) | t_escape (6.12) | median / t_escape | verdict |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    ...dmftRows,
  ].join('\n'));
}
const passed = cases.filter((c) => c.verdict === 'pass').length;
const failed = cases.filter((c) => c.verdict === 'fail').length;
const rule = 'Threshold: pass iff the threshold lies in [largest δ not learned by a majority of seeds, smallest δ learned by a majority above it] (the lower end open when every δ of the grid was learned by a majority); ' +
  'no verdict when no δ of the grid was learned by a majority; a threshold that does not exist fails. Escape time: pass iff (6.12) lies within [min, max] of the seeds\' t_learn (all seeds learned); otherwise no verdict.';
write(out.json, JSON.stringify({ experiment: 'gd_long_horizon', provenance: provenance(), rule, configs: configsJson, cases, passed, failed }, null, 1));
write(out.md, [
  `### Long-horizon GD vs the stationary-state thresholds: ${passed} pass, ${failed} fail, ${cases.length - passed - failed} without verdict`,
  '',
  'Per configuration (no label noise, ‖w_j(0)‖ = 1 (w_j(0) ~ N(0, I/d)); m = 1, a = 1 unless stated): full-batch GD with the θ component free; ' +
    't_learn = first step (recorded every 25) with θ-overlap² ≥ 1/2; a run stops when it has learned. Theory for each configuration\'s own problem: docs/theory.md §6, ' +
    'δNN of GD (6.11); the marginal closure δNN_m (6.19); Λ (6.9); i.i.d.-resolvent outlier, separation and θ-eigenvalue zero (6.10); escape time (6.12) (leading order, phase 1 not included).',
  '',
  `Rules. ${rule}`,
  '',
  ...sections.flatMap((s) => [s, '']),
].join('\n'));
