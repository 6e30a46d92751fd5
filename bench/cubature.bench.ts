// Multi-dimensional Gaussian integration (docs/theory.md §10.x): time and two-resolution error estimate of
// (1) δ_alg for y = z1·z2·z3 (exact conditioning on log|y|, target < 30 s); (2) the Hessian's lower spectrum at
// δ = 8 for relu and abs neurons with correlated pre-activations (cos 0.5), m = 2, on the kink-aligned nested rule
// against the plain Gauss–Hermite tensor rule it replaces (same order 34, in one run), and m = 3, 4 at the default
// state and with correlated neurons; (3) tanh: the lower spectrum at m = 2 on the panel-aligned rule against the
// order-34 Gauss–Hermite tensor rule, the full m×m spectrum at m = 3, 4 on the mapped Gauss rule against the rules it
// replaces, the spectrum with correlated neurons at m = 2–4, and δ*_j at m = 2, 3, 4 (default state
// and w1.z1 = 0.3), target: estimate ≤ 1e-3 in < 10 s.
// Wall and CPU seconds are both shown (the machine may be shared).
import { resolveActivation, resolveLoss, resolveTarget } from '../src/model/formulas.js';
import { makeState } from '../src/model/state.js';
import { nnThresholds } from '../src/theory/hessian/thresholds.js';
import { hessianSpectrum } from '../src/theory/hessian/spectrum.js';
import { deltaAlg } from '../src/theory/alg/deltaAlg.js';
import { compileExpr } from '../src/numerics/expr/compile.js';
import { fmt, gridTable } from '../src/core/format.js';

function timed<T>(f: () => T): [T, string] {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, `${fmt(Number(process.hrtime.bigint() - t0) / 1e9, 3)} s wall, ${fmt((c.user + c.system) / 1e6, 3)} s CPU`];
}
const rows: string[][] = [];

const [alg, tAlg] = timed(() => deltaAlg({ k: 3, fn: compileExpr('z1*z2*z3', ['z1', 'z2', 'z3'], '--target') }, 0));
rows.push(['δ_alg, y = z1·z2·z3', tAlg, '< 30 s', `δ_alg = ${fmt(alg.delta_alg)}, estimate ${alg.error_estimate.toExponential(1)}, ${alg.status.converged ? 'converged' : 'not converged'}`]);

const problem = (act: string) => ({ act: resolveActivation(act), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 });
const OVERLAPS: Record<number, string> = { 2: 'w1.w2=0.5', 3: 'w1.w2=0.5,w2.w3=0.3', 4: 'w1.w2=0.5,w3.w4=-0.4,w1.w3=0.2' };
for (const act of ['relu', 'abs']) {
  const s = makeState([1, 1], [1, 1], 1, OVERLAPS[2]);
  for (const [label, opts] of [['kink-aligned nested rule', {}], ['plain Gauss–Hermite tensor (before)', { activationKinks: false }]] as const) {
    const [sp, t] = timed(() => hessianSpectrum(problem(act), s, 8, opts));
    rows.push([`lower spectrum, ${act}, m = 2, ${OVERLAPS[2]}, ${label}`, t, '< 10 s', `edge ${fmt(sp.edge, 8)}, estimate ${sp.quadrature.error_estimate.toExponential(1)}`]);
  }
  for (const m of [3, 4])
    for (const ov of [undefined, OVERLAPS[m]]) {
      const sm = makeState(Array(m).fill(1 / m), Array(m).fill(1), 1, ov);
      const [sp, t] = timed(() => hessianSpectrum(problem(act), sm, 8));
      rows.push([`lower spectrum, ${act}, m = ${m}, ${ov ?? 'default state'} (${sp.quadrature.resolution})`, t, '< 10 s', `edge ${fmt(sp.edge, 8)}, estimate ${sp.quadrature.error_estimate.toExponential(1)}`]);
    }
}

// tanh: m = 2 on the panel-aligned rule (and on the Gauss–Hermite tensor rule of order 34 it replaces), δ*_j at
// m = 2, 3, 4 (separable block rule at orthogonal states, m ≥ 3), default state and neuron 1 overlapping z.
{
  const s2 = makeState([0.5, 0.5], [1, 1], 1);
  for (const [label, opts] of [['panel-aligned nested rule', {}], ['Gauss–Hermite tensor, order 34 (before)', { order: 34 }]] as const) {
    const [sp, t] = timed(() => hessianSpectrum(problem('tanh'), s2, 8, opts));
    rows.push([`lower spectrum, tanh, m = 2, default state, ${label}`, t, '< 10 s', `edge ${fmt(sp.edge, 7)}, estimate ${sp.quadrature.error_estimate.toExponential(1)} (${sp.quadrature.worst ?? '—'})`]);
  }
}
// tanh, m = 3, 4, default state: the full m×m lower spectrum on the mapped Gauss rule (orbits of the neuron
// permutations) against the rule it replaces (same run: Gauss–Hermite tensor of order 14 at m = 3, randomised QMC
// at m = 4); m = 2–4 with correlated
// neurons (w1.w2 = 0.3): m = 2 on the panel-aligned rule (the domain-preserving Newton of docs/theory.md (2.11)),
// m = 3 on the Gauss–Hermite tensor rule, m = 4 on randomised QMC.
for (const m of [3, 4]) {
  const s = makeState(Array(m).fill(1 / m), Array(m).fill(1), 1);
  const before = m === 3 ? 'Gauss–Hermite tensor, order 14 (before)' : 'randomised QMC (before)';
  for (const [label, opts] of [['mapped Gauss rule', {}], [before, { mapped: false }]] as const) {
    const [sp, t] = timed(() => hessianSpectrum(problem('tanh'), s, 8, opts));
    rows.push([`lower spectrum, tanh, m = ${m}, default state, ${label} (${sp.quadrature.resolution})`, t, '< 10 s', `edge ${fmt(sp.edge, 7)}, estimate ${sp.quadrature.error_estimate.toExponential(1)} (${sp.quadrature.worst ?? '—'})`]);
  }
}
for (const m of [2, 3, 4]) {
  const s = makeState(Array(m).fill(1 / m), Array(m).fill(1), 1, 'w1.w2=0.3');
  const [sp, t] = timed(() => hessianSpectrum(problem('tanh'), s, 8));
  const est = sp.quadrature.error_estimate;
  rows.push([
    `lower spectrum, tanh, m = ${m}, w1.w2=0.3 (${sp.quadrature.resolution})`, t, '< 10 s',
    `edge ${fmt(sp.edge, 7)}, estimate ${Number.isFinite(est) ? est.toExponential(1) : '∞'} (${sp.quadrature.worst ?? '—'}), ${sp.status.converged ? 'converged' : 'not converged'}`,
  ]);
}
for (const m of [2, 3, 4])
  for (const ov of [undefined, 'w1.z1=0.3']) {
    const s = makeState(Array(m).fill(1 / m), Array(m).fill(1), 1, ov);
    const [th, t2] = timed(() => nnThresholds(problem('tanh'), s));
    const est = th.quadrature.error_estimate;
    rows.push([
      `δ*_j, tanh, m = ${m}, ${ov ?? 'default state'} (${th.quadrature.resolution})`, t2, '< 10 s',
      `δ*_j = ${th.blocks.map((b) => fmt(b.delta_star)).join(', ')}; estimate ${Number.isFinite(est) ? est.toExponential(1) : `∞ (${th.quadrature.worst} at one resolution only)`}`,
    ]);
  }

process.stdout.write(gridTable(['task', 'time', 'target', 'result'], rows) + '\n');
