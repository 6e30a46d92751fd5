// The fixed-state Hessian status matrix: the cells (width m × state × activation, square loss, y = tanh(z²),
// δ = 8), how one cell is solved through the library (solveFixedState, docs/theory.md §2, §4) and timed, and the
// markdown rendering of the record with the simulation checks beside it. Shared by statusMatrix.ts (theory) and
// simulateCells.ts (the Hessian simulator on the same cells).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState, type NetworkState } from '../../../src/model/state.js';
import type { HessianProblem } from '../../../src/model/hessianProblem.js';
import { solveFixedState } from '../../../src/theory/hessian/solve.js';
import type { ComparedValue } from '../../../src/theory/hessian/quadratureError.js';

export const TARGET = 'tanh(z^2)';
export const LOSS = 'square';
export const DELTA = 8;
/** The target of the matrix: every quantity's two-resolution estimate ≤ this, in less than MAX_SECONDS. */
export const MAX_ESTIMATE = 1e-3;
export const MAX_SECONDS = 10;
export const WIDTHS = [2, 3, 4] as const;
export const ACTIVATIONS = ['tanh', 'gelu', 'relu', 'abs'] as const;
export const STATES = ['orthogonal', 'correlated'] as const;
/** Correlated state: every pair of neurons at this cosine. */
export const NEURON_COS = 0.3;

export type StateKind = (typeof STATES)[number];

export interface Cell {
  id: string;
  m: number;
  state: StateKind;
  act: string;
  /** The state flags as `nn` takes them. */
  readout: number[];
  norms: number[];
  overlaps: string;
}

export function cells(): Cell[] {
  const out: Cell[] = [];
  for (const m of WIDTHS)
    for (const state of STATES)
      for (const act of ACTIVATIONS) {
        const pairs: string[] = [];
        if (state === 'correlated') for (let j = 1; j <= m; j++) for (let l = j + 1; l <= m; l++) pairs.push(`w${j}.w${l}=${NEURON_COS}`);
        out.push({ id: `m${m}-${state === 'orthogonal' ? 'orth' : 'corr'}-${act}`, m, state, act, readout: Array(m).fill(1 / m), norms: Array(m).fill(1), overlaps: pairs.join(',') });
      }
  return out;
}

export function cellProblem(c: Cell): { problem: HessianProblem; state: NetworkState } {
  const problem: HessianProblem = { act: resolveActivation(c.act), loss: resolveLoss(LOSS), target: resolveTarget(TARGET), noise: 0 };
  return { problem, state: makeState(c.readout, c.norms, 1, c.overlaps) };
}

/** One reported number with its two-resolution estimate (|fine − coarse|/scale; ∞ when only one resolution has it). */
export interface Quantity {
  name: string;
  value: number | null;
  coarse: number | null;
  estimate: number | null;
}

export interface CellRecord {
  cell: Cell;
  /** Wall seconds (the target's time) and CPU seconds of this process (steadier on a shared machine). */
  seconds: number;
  cpu_seconds: number;
  status: 'converged' | 'not_converged';
  message?: string;
  weight_unbounded_below: boolean;
  rule: string;
  atoms: number;
  edge: Quantity;
  outlier: Quantity;
  /** Every outlier of the full Hessian (any spike direction): the lowest one is what a simulation's lowest eigenvalue measures. */
  outliers: number[];
  delta_star: Quantity[];
  delta_nn: Quantity;
  /** Largest estimate over the four quantities (null: some quantity has no finite estimate). */
  worst_estimate: number | null;
  pass: boolean;
  verdict: string;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function quantity(name: string, v: ComparedValue | undefined): Quantity {
  if (!v) return { name, value: null, coarse: null, estimate: null };
  const e = v.fine === null && v.coarse === null ? 0 : v.fine === null || v.coarse === null ? Infinity : Math.abs(v.fine - v.coarse) / v.scale;
  return { name, value: v.fine, coarse: v.coarse, estimate: finiteOrNull(e) };
}

/** Solves one cell (thresholds and the spectrum at δ, as `nn … --json` does) and times it. */
export function solveCell(c: Cell): CellRecord {
  const { problem, state } = cellProblem(c);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const ans = solveFixedState(problem, state, { delta: DELTA });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpu_seconds = (cpu.user + cpu.system) / 1e6;
  const sp = ans.spectrum!;
  const th = ans.thresholds!;
  const byName = (vals: ComparedValue[], name: string) => vals.find((v) => v.name === name);
  const edge = quantity('lower edge', byName(sp.quadrature.values, 'lower edge'));
  const outlier = quantity('hard outlier', byName(sp.quadrature.values, 'hard outlier'));
  const delta_star = th.blocks.map((b) => quantity(`δ*_${b.neuron}`, byName(th.quadrature.values, `δ*_${b.neuron}`) ?? { name: '', fine: b.delta_star, coarse: b.delta_star, scale: 1 }));
  const minOf = (xs: (number | null)[]) => {
    const f = xs.filter((x): x is number => x !== null);
    return f.length ? Math.min(...f) : null;
  };
  const nnFine = minOf(delta_star.map((q) => q.value));
  const nnCoarse = minOf(delta_star.map((q) => q.coarse));
  const delta_nn = quantity('δNN', { name: 'δNN', fine: nnFine, coarse: nnCoarse, scale: nnFine ? Math.abs(nnFine) : 1 });
  const all = [edge, outlier, ...delta_star, delta_nn];
  const worst = all.some((q) => q.estimate === null) ? null : Math.max(...all.map((q) => q.estimate!));
  const status = ans.status.converged ? 'converged' : 'not_converged';
  const ok = status === 'converged' && worst !== null && worst <= MAX_ESTIMATE;
  const fast = seconds < MAX_SECONDS;
  const verdict = ans.weightUnboundedBelow
    ? 'n/a: weight unbounded below'
    : ok && fast ? 'pass' : !ok ? `fail: ${status === 'converged' ? `estimate ${worst === null ? '∞' : worst.toExponential(1)}` : 'not converged'}` : `fail: ${seconds.toFixed(1)} s`;
  return {
    cell: c, seconds, cpu_seconds, status, ...(ans.status.message ? { message: ans.status.message } : {}),
    weight_unbounded_below: ans.weightUnboundedBelow,
    rule: ans.quadrature?.rule ?? '', atoms: ans.quadrature?.atoms ?? 0,
    edge, outlier, outliers: sp.outliers.map((o) => o.eigenvalue), delta_star, delta_nn,
    worst_estimate: worst, pass: verdict === 'pass', verdict,
  };
}

/** A simulation record of one cell (simulateCells.ts). */
export interface SimRecord {
  cell: string;
  d: number;
  n: number;
  seeds: number[];
  lowest: number[];
  mean: number;
  se: number | null;
  overlap2_hard: number;
  overlap2_hard_se: number | null;
  status: string;
  seconds: number;
  /** Per seed, the lowest eigenvalues (as many as were asked for). */
  per_seed_eigenvalues: number[][];
}

export function readSims(dir: string): Map<string, SimRecord> {
  const out = new Map<string, SimRecord>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as SimRecord;
    out.set(r.cell, r);
  }
  return out;
}

/** The theory's prediction of the lowest eigenvalue: the lowest outlier if any, else the edge. */
export function predictedLowest(r: CellRecord): number | null {
  const v = [r.edge.value, ...r.outliers].filter((x): x is number => x !== null);
  return v.length ? Math.min(...v) : null;
}

/** Agreement of the predicted lowest eigenvalue with the simulation: |theory − mean| ≤ 3·se + 2·d^{-2/3}·|theory|
 *  (the allowance for the edge's finite-d fluctuations, as in the validation suite \`hessian\`). */
export function simulationCheck(theory: number, s: SimRecord): string {
  const allowance = 2 * s.d ** (-2 / 3) * Math.abs(theory);
  const diff = s.mean - theory;
  const ok = s.se !== null && Math.abs(diff) <= 3 * s.se + allowance;
  return `${ok ? 'agree' : 'DISAGREE'}: Δ = ${diff.toExponential(1)} (3·se + allowance = ${(3 * (s.se ?? NaN) + allowance).toExponential(1)})`;
}

/** A k-fold (k > 1; outliers within 1e-4 relative) lowest outlier: at finite d it splits into k eigenvalues spread by O(d^{-1/2}), the lowest of which
 *  lies below it; their mean is what estimates the outlier. Checked like simulationCheck when the record has ≥ k
 *  eigenvalues per seed. */
export function degenerateCheck(r: CellRecord, s: SimRecord): string {
  const lowest = predictedLowest(r);
  if (lowest === null || lowest === r.edge.value) return '';
  const k = r.outliers.filter((o) => Math.abs(o - lowest) <= 1e-4 * Math.abs(lowest)).length;
  if (k < 2) return '';
  if (s.per_seed_eigenvalues.some((e) => e.length < k)) return `; ${k}-fold outlier: ${s.per_seed_eigenvalues[0]!.length} eigenvalues per seed, the mean of the ${k} lowest needs ${k}`;
  const means = s.per_seed_eigenvalues.map((e) => e.slice(0, k).reduce((a, b) => a + b, 0) / k);
  const mean = means.reduce((a, b) => a + b, 0) / means.length;
  const se = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / (means.length - 1) / means.length);
  return `; ${k}-fold outlier, mean of the ${k} lowest ${num(mean, 5)} ± ${se.toExponential(1)}: ${simulationCheck(lowest, { ...s, mean, se })}`;
}

const num = (x: number | null, digits = 7) => (x === null ? '—' : Number(x.toPrecision(digits)).toString());
const est = (q: Quantity) => (q.estimate === null ? '∞' : q.estimate === 0 ? '0' : q.estimate.toExponential(1));
const cellQ = (q: Quantity) => `${num(q.value)} (${est(q)})`;

export interface MatrixRecord {
  provenance: { tool: string; version: string; git_commit: string | null; node: string; date: string };
  config: Record<string, unknown>;
  cells: CellRecord[];
  alg: { target: string; delta_alg: number | null; error_estimate: number; status: string; seconds: number; pass: boolean; message?: string };
  notes: string[];
}

export function renderMarkdown(rec: MatrixRecord, sims: Map<string, SimRecord>): string {
  const lines: string[] = [];
  const counted = rec.cells.filter((c) => !c.weight_unbounded_below);
  const passed = counted.filter((c) => c.pass).length;
  lines.push(`### Fixed-state Hessian status matrix: ${passed}/${counted.length} cells pass${rec.alg.pass ? ', alg z1*z2*z3 pass' : ', alg z1*z2*z3 fail'}`);
  lines.push('');
  lines.push(`Square loss, y = ${TARGET}, δ = ${DELTA}, readout 1/m each, unit norms; state "orth": neurons orthogonal to each other and to θ, ` +
    `"corr": every pair of neurons at cosine ${NEURON_COS} (orthogonal to θ). Each quantity is followed by its two-resolution error estimate ` +
    '(relative to the spectrum scale for eigenvalues, relative for thresholds; ∞: one resolution finds a number the other does not; — none at either). ' +
    `Pass: converged, every estimate ≤ ${MAX_ESTIMATE}, wall time < ${MAX_SECONDS} s. ` +
    `Times are wall and CPU seconds of the library call (solveFixedState: thresholds, spectrum and δ_alg, as \`nn --json\`) measured by the recorder on a shared, ` +
    'loaded 2-core machine (other jobs running): the wall time, which the verdict uses, overstates a quiet machine\'s; the CPU time is close to what a quiet machine takes.');
  lines.push('');
  lines.push('Simulation: `simulate hessian` at the same state, δ = 8, d = 1500, n = 12000, seeds 1–3 (scripts/experiments/hessian/simulateCells.ts, records in data/); ' +
    'the theory\'s lowest eigenvalue is the lowest outlier if any, else the lower edge. Check: |theory − simulation| ≤ 3·se + 2·d^{-2/3}·|theory| ' +
    '(the allowance for the edge\'s finite-d fluctuations used by the validation suite `hessian`, whose cases — other readouts, δ = 12 — are not repeated here). ' +
    'Where the lowest outlier is k-fold (exchangeable neurons), it splits at finite d into k eigenvalues spread by O(d^{-1/2}) and the lowest of them lies below it; ' +
    'the mean of the k lowest is then checked the same way.');
  lines.push('');
  lines.push(`Recorded ${rec.provenance.date} by flcalc ${rec.provenance.version} (commit ${rec.provenance.git_commit ?? 'unknown'}), node ${rec.provenance.node}.`);
  lines.push('');
  lines.push('| cell | rule | lower edge (est) | hard outlier (est) | δ*_j (est) | δNN (est) | s wall / CPU | status | verdict | theory lowest (edge or any outlier) | simulation: lowest eigenvalue ± se (d, seeds) | simulation check |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of rec.cells) {
    const rule = c.rule.startsWith('mapped') ? 'mapped' : c.rule.startsWith('correlated mapped') ? 'mapped (correlated)' : c.rule.includes('panel-aligned') ? 'panels' : c.rule.includes('kink-aligned') ? 'kink-aligned' : c.rule.includes('separable') ? 'separable' : c.rule.startsWith('randomised QMC') ? 'RQMC' : c.rule.startsWith('tensor') ? 'tensor' : c.rule.split('[')[0]!;
    const ds = c.delta_star.every((q) => q.value === null && q.estimate === 0) ? 'none' : c.delta_star.map(cellQ).join('; ');
    const s = sims.get(c.cell.id);
    const sim = s ? `${num(s.mean, 5)} ± ${s.se === null ? '—' : s.se.toExponential(1)} (d = ${s.d}, ${s.seeds.length} seeds${s.status === 'converged' ? '' : `; Lanczos ${s.status}`})` : '';
    const lowest = predictedLowest(c);
    lines.push(`| ${c.cell.id} | ${rule} | ${cellQ(c.edge)} | ${c.outlier.value === null && c.outlier.estimate === 0 ? 'none' : cellQ(c.outlier)} | ${ds} | ${c.delta_nn.value === null && c.delta_nn.estimate === 0 ? 'none' : cellQ(c.delta_nn)} | ${c.seconds.toFixed(1)} / ${c.cpu_seconds.toFixed(1)} | ${c.status} | ${c.verdict} | ${num(lowest)} | ${sim} | ${s && lowest !== null ? simulationCheck(lowest, s) + degenerateCheck(c, s) : ''} |`);
  }
  const checked = rec.cells.flatMap((c) => {
    const sr = sims.get(c.cell.id);
    const lowest = predictedLowest(c);
    return sr && lowest !== null ? [{ lowest: simulationCheck(lowest, sr), degenerate: degenerateCheck(c, sr) }] : [];
  });
  if (checked.length) {
    const agree = checked.filter((x) => x.lowest.startsWith('agree')).length;
    const rescued = checked.filter((x) => !x.lowest.startsWith('agree') && x.degenerate.includes(': agree')).length;
    lines.push('');
    lines.push(`Simulation checks: the lowest eigenvalue agrees in ${agree}/${checked.length} cells; in ${rescued} more the lowest outlier is k-fold and the mean of the k lowest eigenvalues agrees while the lowest alone lies below it (finite-d splitting).`);
  }
  lines.push('');
  lines.push(`\`alg --target "${rec.alg.target}"\`: δ_alg = ${num(rec.alg.delta_alg)} (estimate ${rec.alg.error_estimate.toExponential(1)}), ${rec.alg.status}, ${rec.alg.seconds.toFixed(1)} s — ${rec.alg.pass ? 'pass' : 'fail'} (target < 30 s).`);
  lines.push('');
  for (const n of rec.notes) lines.push(`- ${n}`);
  const msgs = rec.cells.filter((c) => c.message && !c.weight_unbounded_below);
  if (msgs.length) {
    lines.push('');
    lines.push('Not converged:');
    lines.push('');
    for (const c of msgs) lines.push(`- \`${c.cell.id}\` (${c.rule}): ${c.message}`);
  }
  return lines.join('\n');
}
