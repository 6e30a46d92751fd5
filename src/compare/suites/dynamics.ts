// Validation suite `dynamics` (docs/theory.md §5): theories of the Hessian along the GD path vs simulated GD.
//  1. plug-in: §1 fed the empirical law of (z_i, A_i(t)) of a simulated run vs Lanczos on the same Hessian
//     (lowest eigenvalue and its U_H overlap²) at t = 0, 5, 20 — the plug-in of docs/theory.md (5.4), expected to agree to ~1% for t ≤ 20.
//  2. population model at t = 0 vs the fixed-state reference δ* = 5.224 (docs/theory.md §4).
//  3. per GD problem (THRESHOLD_CASES: GELU/square/tanh(z²) at m = 1 and m = 2, x²/square/phase retrieval,
//     tanh/logistic/balanced even binary label): the fixed-state δ* of the initial state and the population-model
//     δNN(T) vs the empirical learning-threshold bracket from bisection over δ at d = 250, 4 seeds (full mode only).
//  4. the DMFT of the GD path (src/theory/dmft; cases in dynamicsDmft.ts): path, θ response, and the T = 100 learning
//     threshold vs the empirical bracket. At T = 1000 the DMFT is not run (O(N·T³) time, N·T²/2 memory).
import { VERDICT_RULE, runUnits, verdict, type CaseResult, type Suite, type SuiteOptions } from '../suite.js';
import { meanSe } from '../../numerics/stats.js';
import { runSeeds } from '../../simulate/gd/seeds.js';
import { populationStateDeltaNN } from '../../theory/population/population.js';
import { empiricalThreshold, LEARNED_CRITERION } from '../../simulate/gd/empiricalThreshold.js';
import type { GdConfig } from '../../model/problem.js';
import { initialStateThresholds } from '../../theory/population/initialState.js';
import { statusLabel } from '../../core/status.js';
import { dmftCases } from './dynamicsDmft.js';

const GELU: Omit<GdConfig, 'delta' | 'd'> = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 20, ridge: 0,
  hessianAt: [0, 5, 20], hessianK: 2, nTest: 500, recordEvery: 5,
};

async function pluginCases(opts: SuiteOptions): Promise<CaseResult[]> {
  const d = opts.quick ? 200 : 1000;
  const seeds = opts.quick ? [1, 2] : [1, 2, 3];
  const delta = 16;
  const cfg: GdConfig = { ...GELU, d, delta };
  opts.log?.(`dynamics: plug-in law vs Lanczos, d = ${d}, δ = ${delta}, seeds ${seeds.join(',')}`);
  const runs = await runSeeds(cfg, seeds, {});
  const cases: CaseResult[] = [];
  for (const t of cfg.hessianAt) {
    const probes = runs.map((r) => r.hessian.find((h) => h.t === t)!);
    const lam = meanSe(probes.map((h) => h.values[0]!));
    const ov = meanSe(probes.map((h) => h.overlap_h[0]!));
    // The plug-in prediction for the lowest eigenvalue: the outlier if §1 finds one, else the bulk edge.
    const pl = probes.map((h) => h.plugin!);
    const thLam = meanSe(pl.map((p) => p.outlier ?? p.bulk_edge)).mean;
    const thOv = meanSe(pl.map((p) => p.overlap2)).mean;
    const config = { d, n: runs[0]!.n, delta, seeds, t, lr: cfg.lr, init_scale: cfg.initScale, act: cfg.act, loss: cfg.loss, target: cfg.target };
    const note = `outlier predicted at ${pl.filter((p) => p.outlier !== null).length}/${pl.length} seeds`;
    const allowLam = 0.01 * Math.abs(thLam);
    cases.push({
      id: `plugin-lowest-t${t}`,
      description: `GELU, square loss, y = tanh(z²), m = 1: lowest eigenvalue of ∇²R̂(W(${t})) (Lanczos) vs §1 on the empirical law of (z_i, A_i(${t}))`,
      quantity: 'lowest Hessian eigenvalue',
      theory: thLam,
      measured: lam.mean,
      se: lam.se,
      allowance: allowLam,
      allowance_reason: '1% of |theory|: the agreement expected of the plug-in, docs/theory.md (5.4), at d = 3000 (the claim under test)',
      pass: verdict(thLam, lam.mean, lam.se, allowLam),
      config,
      note,
    });
    const allowOv = 0.03;
    cases.push({
      id: `plugin-overlap-t${t}`,
      description: `same runs: squared U_H overlap of the lowest Hessian eigenvector at step ${t} vs §1's ψ'/(ψ' − φ')`,
      quantity: 'overlap²',
      theory: thOv,
      measured: ov.mean,
      se: ov.se,
      allowance: allowOv,
      allowance_reason: 'O(d^{-1/2}) finite-size fluctuation of an eigenvector overlap near a spectral edge (0.03 ≈ 1/√1000)',
      pass: verdict(thOv, ov.mean, ov.se, allowOv),
      config,
      note,
    });
  }
  return cases;
}

function populationReference(): CaseResult {
  const r = populationStateDeltaNN({ act: 'gelu', loss: 'square', target: 'tanh(z^2)', readout: [1], initScale: 1, lr: 1, steps: 0 });
  return {
    id: 'population-t0-fixed-state',
    description: 'population model at t = 0 (w ⊥ θ, ‖w‖ = 1, GELU, square loss, y = tanh(z²)) vs the fixed-state reference δ* = 5.224 (docs/theory.md §4, verified at d = 6000)',
    quantity: 'δ*',
    theory: r.delta_nn,
    measured: 5.224,
    se: 0,
    allowance: 5e-4 + (Number.isFinite(r.error_estimate) ? r.error_estimate : 0),
    allowance_reason: 'rounding of the 4-digit reference + quadrature error estimate',
    // A threshold found at one quadrature order only (estimate ∞) fails instead of widening the allowance to ∞.
    pass: Number.isFinite(r.error_estimate) && verdict(r.delta_nn, 5.224, 0, 5e-4 + r.error_estimate),
    config: { quadrature_error_estimate: Number.isFinite(r.error_estimate) ? r.error_estimate : null },
  };
}

/** The GD problems whose learning threshold is measured: horizon T, step η and the initial δ range of the
 *  bisection are stated per case; w_j(0) ~ N(0, I_d/d) (s = 1) and the readout is fixed. */
interface ThresholdCase {
  id: string;
  label: string;
  cfg: GdConfig;
  lo: number;
  hi: number;
}

const T_HORIZON = 1000;
const base = { ...GELU, steps: T_HORIZON, hessianAt: [], recordEvery: 50, delta: 0, d: 0 };
export const THRESHOLD_CASES: ThresholdCase[] = [
  { id: 'gelu-m1', label: 'σ = GELU, square loss, y = tanh(z²), m = 1, a = 1, η = 1', cfg: { ...base }, lo: 6, hi: 16 },
  { id: 'quadratic-pr', label: 'σ = x², square loss, y = z² (phase retrieval), m = 1, a = 1, η = 0.05', cfg: { ...base, act: 'quadratic', target: 'z^2', lr: 0.05 }, lo: 2, hi: 16 },
  { id: 'tanh-logistic', label: 'σ = tanh, logistic loss, y = sign(|z| − 0.6745) ∈ {±1} (balanced), m = 1, a = 1, η = 1', cfg: { ...base, act: 'tanh', loss: 'logistic', target: 'sign(abs(z)-0.6745)' }, lo: 4, hi: 16 },
  { id: 'gelu-m2', label: 'σ = GELU, square loss, y = tanh(z²), m = 2, a = (½, ½), η = 2', cfg: { ...base, readout: [0.5, 0.5], lr: 2 }, lo: 6, hi: 16 },
];

const THRESHOLD_D = 250;
const THRESHOLD_SEEDS = [1, 2, 3, 4];
const MAX_DELTA = 64;

/** Theory vs the empirical bracket: measured = bracket midpoint, allowance = half-width (pass iff inside). A bracket
 *  open above (not learned up to MAX_DELTA) is measured = null: it agrees only with a theory of "no threshold". */
function bracketCase(id: string, description: string, theory: number | null, theoryNote: string, emp: Awaited<ReturnType<typeof empiricalThreshold>>, tc: ThresholdCase): CaseResult {
  const [lo, hi] = emp.bracket;
  const measured = hi === null ? null : lo === null ? hi / 2 : (lo + hi) / 2;
  const half = hi === null ? 0 : lo === null ? hi / 2 : (hi - lo) / 2;
  const at = emp.by_d[0]!;
  return {
    id,
    description: `${description}; empirical bracket [${lo === null ? '—' : lo.toPrecision(4)}, ${hi === null ? '—' : hi.toPrecision(4)}] at d = ${THRESHOLD_D}${at.reason ? ` (${at.reason})` : ''}`,
    quantity: 'δNN',
    theory,
    measured,
    se: 0,
    allowance: half,
    allowance_reason: hi === null ? `no empirical threshold up to δ = ${MAX_DELTA}: passes only if the theory predicts none` : 'half-width of the empirical bracket (pass iff the theory lies inside the bracket)',
    pass: verdict(theory, measured, 0, half),
    config: { case: tc.id, d: THRESHOLD_D, seeds: THRESHOLD_SEEDS, steps: tc.cfg.steps, lr: tc.cfg.lr, init_scale: tc.cfg.initScale, readout: tc.cfg.readout, criterion: LEARNED_CRITERION, points: at.points.map((p) => [p.delta, p.learned, p.seeds]) },
    note: `${theoryNote} Single d: no finite-size extrapolation here (see \`flcalc threshold empirical --dims\`).`,
  };
}

async function thresholdCases(tc: ThresholdCase, opts: SuiteOptions): Promise<CaseResult[]> {
  const fixed = initialStateThresholds(tc.cfg);
  const pop = populationStateDeltaNN({ ...tc.cfg, every: tc.cfg.steps });
  opts.log?.(`dynamics: ${tc.id}: empirical threshold at d = ${THRESHOLD_D}, T = ${tc.cfg.steps}, seeds ${THRESHOLD_SEEDS.join(',')}`);
  const emp = await empiricalThreshold(tc.cfg, { dims: [THRESHOLD_D], seeds: THRESHOLD_SEEDS, lo: tc.lo, hi: tc.hi, maxDelta: MAX_DELTA, bisections: 3, ...(opts.log ? { log: opts.log } : {}) });
  const fixedNote = `${statusLabel(fixed.status)}${fixed.delta_nn === null ? `: ${fixed.blocks.map((b) => b.reason ?? '').join('; ')}` : ''}${fixed.notes.length ? `; ${fixed.notes.join('; ')}` : ''}.`;
  const popNote = `${statusLabel(pop.status)}, two-rule quadrature estimate ${Number.isFinite(pop.error_estimate) ? `±${pop.error_estimate.toPrecision(2)}` : '∞ (threshold at one order only)'}${pop.status.message ? ` (${pop.status.message})` : ''}; ${pop.approximation}.`;
  return [
    bracketCase(`fixed-state-vs-empirical-${tc.id}`, `${tc.label}: fixed-state δ* of the initial state W(0) (src/theory/hessian, ‖w_j‖ = 1, w_j ⊥ θ)`, fixed.delta_nn, `Fixed-state threshold ${fixedNote}`, emp, tc),
    bracketCase(`population-vs-empirical-${tc.id}`, `${tc.label}: population-model δNN(T), T = ${tc.cfg.steps}`, pop.delta_nn, `Population model ${popNote}`, emp, tc),
  ];
}

export const dynamicsSuite: Suite = {
  name: 'dynamics',
  describe: `Hessian along the GD path: §1 plug-in of the empirical path law vs Lanczos; population model of phase 1 vs the fixed-state reference; fixed-state δ* of W(0) and population δNN vs the empirical GD threshold for ${THRESHOLD_CASES.map((c) => c.id).join(', ')}. DMFT (T = 100): path and θ response vs GD, learning threshold vs the empirical bracket. ${VERDICT_RULE}`,
  run: (opts) => runUnits(dynamicsSuite.units!(opts)),
  units: (opts) => [
    { id: 'plugin', run: () => pluginCases(opts) },
    { id: 'population', run: async () => [populationReference()] },
    { id: 'dmft', run: () => dmftCases(opts) },
    ...(opts.quick ? [] : THRESHOLD_CASES.map((tc) => ({ id: `threshold/${tc.id}`, run: () => thresholdCases(tc, opts) }))),
  ],
};
