// The fixed-state Hessian at correlated states (docs/theory.md (2.14), (10.28)–(10.30)): time and two-resolution
// estimate of the lower spectrum at δ = 8 (square loss, y = tanh(z²), readout 1/m, every cosine 0.3) on the rules the
// status matrix (validation/experiments/hessian_matrix) uses against the rules they replace, in one run:
// tanh m = 3, 4 on the correlated mapped rule vs the Gauss–Hermite tensor rule (m = 3) / randomised QMC (m = 4);
// relu and abs m = 4 on the kink-aligned rule with atoms of equal A merged vs unmerged. Wall and CPU seconds are both
// shown (the machine may be shared); the ratio is of CPU seconds.
// Then the m×m threshold δ* by the joint solve (docs/theory.md (2.15)–(2.19)) against the nested search, on the laws
// `nn --full` uses (reported resolution), same run: GELU y = tanh(z²) m = 2, relu Huber y = z² m = 2, tanh y = |z| m = 3.
import { resolveActivation, resolveLoss, resolveTarget } from '../src/model/formulas.js';
import { makeState } from '../src/model/state.js';
import { hessianSpectrum } from '../src/theory/hessian/spectrum.js';
import type { AtomOptions } from '../src/theory/hessian/jointLaw.js';
import { fmt, gridTable } from '../src/core/format.js';
import { blockWeightLawPair } from '../src/theory/hessian/blockWeights.js';
import { conditionalMeanSplit } from '../src/model/latentSplit.js';
import { lowerThreshold, nestedLowerThreshold } from '../src/theory/rmt/threshold.js';

function timed<T>(f: () => T): [T, number, number] {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, Number(process.hrtime.bigint() - t0) / 1e9, (c.user + c.system) / 1e6];
}
const problem = (act: string) => ({ act: resolveActivation(act), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 });
const equi = (m: number) => Array.from({ length: m }, (_, j) => Array.from({ length: m - j - 1 }, (_, t) => `w${j + 1}.w${j + t + 2}=0.3`)).flat().join(',');
const rows: string[][] = [];
const cases: [string, number, string, AtomOptions, string][] = [
  ['tanh', 3, 'correlated mapped rule', {}, 'Gauss–Hermite tensor (order 14)'],
  ['tanh', 4, 'correlated mapped rule', {}, 'randomised QMC (2^14 atoms)'],
  ['relu', 4, 'kink-aligned, equal A merged', {}, 'kink-aligned, unmerged'],
  ['abs', 4, 'kink-aligned, equal A merged', {}, 'kink-aligned, unmerged'],
];
for (const [act, m, label, opts, otherLabel] of cases) {
  const s = makeState(Array(m).fill(1 / m), Array(m).fill(1), 1, equi(m));
  const other: AtomOptions = act === 'tanh' ? { correlatedMapped: 'never' } : { mergeEqualWeights: false };
  const [a, wa, ca] = timed(() => hessianSpectrum(problem(act), s, 8, opts));
  const [b, wb, cb] = timed(() => hessianSpectrum(problem(act), s, 8, other));
  for (const [lab, sp, w, c] of [[label, a, wa, ca], [otherLabel, b, wb, cb]] as const)
    rows.push([`${act}, m = ${m}, every cosine 0.3: ${lab}`, `${fmt(w, 3)} s wall, ${fmt(c, 3)} s CPU`, `edge ${fmt(sp.edge, 8)}, estimate ${sp.quadrature.error_estimate.toExponential(1)} (${sp.quadrature.atoms} atoms)`]);
  rows.push(['', `CPU ratio ${fmt(cb / ca, 3)}`, '']);
}
process.stdout.write(gridTable(['case', 'time', 'result'], rows) + '\n');

const thresholdRows: string[][] = [];
const thresholdCases: [string, string, string, number][] = [
  ['gelu', 'square', 'tanh(z^2)', 2],
  ['relu', 'huber', 'z^2', 2],
  ['tanh', 'square', 'abs(z)', 3],
];
for (const [act, loss, target, m] of thresholdCases) {
  const p = { act: resolveActivation(act), loss: resolveLoss(loss), target: resolveTarget(target), noise: 0 };
  const { law } = blockWeightLawPair(p, makeState(Array(m).fill(1 / m), Array(m).fill(1), 1), 'exact');
  const hard = conditionalMeanSplit(p).hard;
  const [j, wj, cj] = timed(() => lowerThreshold(law, hard));
  const [n, wn, cn] = timed(() => nestedLowerThreshold(law, hard));
  const label = `${act}, ${loss}, y = ${target}, m = ${m}, orthogonal (${law.size} atoms)`;
  thresholdRows.push([`${label}: joint`, `${fmt(wj, 3)} s wall, ${fmt(cj, 3)} s CPU`, `δ* ${j.delta_star === null ? 'none' : fmt(j.delta_star, 14)} [${j.status.method.slice(0, 40)}…]`]);
  thresholdRows.push([`${label}: nested`, `${fmt(wn, 3)} s wall, ${fmt(cn, 3)} s CPU`, `δ* ${n.delta_star === null ? 'none' : fmt(n.delta_star, 14)}`]);
  const diff = j.delta_star !== null && n.delta_star !== null ? Math.abs(j.delta_star - n.delta_star) / n.delta_star : NaN;
  thresholdRows.push(['', `CPU ratio ${fmt(cn / cj, 3)}`, `relative difference ${diff.toExponential(1)}`]);
}
process.stdout.write(gridTable(['threshold δ*', 'time', 'result'], thresholdRows) + '\n');
