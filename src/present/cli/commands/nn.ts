// `flcalc nn --act NAME|EXPR --loss NAME|EXPR --target EXPR [--noise S] --width m --readout "a_1,…" --norms
// "r_1,…" [--overlaps …] [--delta D] [--full] [--json]`: thresholds δ*_j per Hessian block and δNN = min_j δ*_j
// of a two-layer network at a fixed, data-independent state (docs/theory.md §2, §4), and with --delta the Hessian's lower
// edge, its hard outlier and the outlier eigenvector's squared overlap with U_H. Without flags: the §4 reference.
import type { CommandSpec } from '../command.js';
import { parseChoice, parseNumber } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { statusLabel } from '../../../core/status.js';
import { fmt, kvTable, gridTable } from '../../../core/format.js';
import { stateFactor, type NetworkState } from '../../../model/state.js';
import type { AtomOptions } from '../../../theory/hessian/jointLaw.js';
import { mappedRuleApplies, MAPPED_TARGET_NODES } from '../../../theory/hessian/mappedRule.js';
import { correlatedMappedApplies } from '../../../theory/hessian/correlatedMappedRule.js';
import type { HessianProblem } from '../../../model/hessianProblem.js';
import { solveFixedState } from '../../../theory/hessian/solve.js';
import { problemAndState } from '../stateArgs.js';

export { problemAndState };
import { runDmftState } from './nnDmft.js';
import { runPopulationState } from './nnPopulation.js';
import { runStationaryState, stationaryProblem } from './nnStationary.js';
import { stationaryDeltaNNs, type Crossing } from '../../../theory/stationary/deltaNN.js';

/** Why δNN of GD is not shown beside the fixed state for m ≥ 2. */
const MULTI_GD = 'not computed beside the fixed state for m ≥ 2: the m = 2 stationary scan (nn --state stationary --width 2) takes minutes and ' +
  'converges only where its prox is convex (with ridge); the finite-d threshold of GD for any m: flcalc threshold dmft --width m';

export const NN_CONVENTIONS =
  'x ~ N(0, I_d), n samples, δ = n/d (n, d → ∞); latent z = Θ*ᵀx; y = g(z) [+ σξ]; f(x) = Σ_j a_j σ(w_jᵀx) with the readout a fixed; ' +
  'R̂(W) = (1/n) Σ_i ℓ(y_i, f(x_i)); ∇²R̂ = (1/n) Σ_i (x_i x_iᵀ) ⊗ A_i, A_i = ℓ\'\'(a∘σ\')(a∘σ\')ᵀ + ℓ\' diag(a∘σ\'\'), ℓ\' = ∂ℓ/∂f; ' +
  'the state W is FIXED and independent of the data (norms ‖w_j‖, cosines with the other neurons and the latent directions; default: ' +
  'neurons orthogonal to each other and to the latent space); latent coordinate z_r is hard if E[z_r|y] = 0, easy otherwise; ' +
  'δ*_j = smallest δ at which the Hessian block j (∇²_{w_j w_j}R̂) has a negative outlier aligned with the hard subspace U_H; δNN = min_j δ*_j';

/** Largest number of joint-law atoms an explicit --order may ask for (memory ~100 bytes per atom and per resolution). */
const MAX_ORDER_ATOMS = 2_000_000;
/** Panels per dimension of the ≤ 2-D composite rule (18 unit panels on [−9, 9], ≤ 13 more from the grading toward
 *  the weight's minimum, kinks): used only to bound the atoms of an explicit --order. */
const COMPOSITE_PANELS = 32;

/** `--order N` (integer ≥ 4): the quadrature resolution of the joint law of (z, ξ, g) at the state
 *  (src/theory/hessian/jointLaw.ts): nodes per panel of the composite rule in ≤ 2 dimensions (default 8), nodes per
 *  dimension of the tensor rule in 3–4 dimensions (default ⌊40000^{1/dim}⌋: 34 in 3-D, 14 in 4-D). The error
 *  estimate compares with the coarser resolution min(N − 1, ⌈3N/4⌉) (jointLaw.coarserAtomOptions). Where the mapped
 *  rule applies (m ≥ 3 smooth neurons at an orthogonal state) N is its nodes per neuron. Other laws in ≥ 5 dimensions
 *  are randomised QMC, where an order means nothing: UsageError. Returns {} without --order. */
export function lawOrderOptions(argv: Record<string, unknown>, problem: HessianProblem, state: NetworkState): AtomOptions {
  if (argv['order'] === undefined) return {};
  const order = parseNumber(argv, 'order', { example: '48', integer: true, min: 4 });
  const factor = stateFactor(state);
  const dim = state.k + (problem.noise > 0 ? 1 : 0) + factor.p;
  if (mappedRuleApplies(problem, state, factor) || (state.m >= 3 && correlatedMappedApplies(problem, state, factor))) {
    // The mapped rule, at orthogonal or correlated states: nodes per neuron, MAPPED_TARGET_NODES nodes in y
    // (docs/theory.md (10.26)–(10.30); the correlated rule's common factor adds a few nodes per dimension).
    const atoms = order ** state.m * MAPPED_TARGET_NODES;
    if (atoms > MAX_ORDER_ATOMS) {
      const max = Math.floor((MAX_ORDER_ATOMS / MAPPED_TARGET_NODES) ** (1 / state.m));
      throw new UsageError('--order', `${order} nodes per neuron would need ~${atoms.toExponential(1)} atoms at width ${state.m} (at most ${MAX_ORDER_ATOMS}); use ≤ ${max}`, String(Math.max(4, Math.min(max, 12))));
    }
    return { order };
  }
  if (dim > 4)
    throw new UsageError('--order', `has no effect here: the joint law of this state has ${dim} Gaussian coordinates (> 4) and is integrated by randomised QMC; drop --order`, '20 (with --width ≤ 3)');
  const atoms = (dim <= 2 ? COMPOSITE_PANELS * order : order) ** dim;
  if (atoms > MAX_ORDER_ATOMS) {
    const max = Math.floor(MAX_ORDER_ATOMS ** (1 / dim) / (dim <= 2 ? COMPOSITE_PANELS : 1));
    throw new UsageError('--order', `${order} would need ~${atoms.toExponential(1)} atoms in ${dim} dimensions (at most ${MAX_ORDER_ATOMS}); use ≤ ${max}`, String(Math.max(4, Math.min(max, 48))));
  }
  return dim <= 2 ? { nodesPerPanel: order } : { order, maxAtoms: Math.max(40000, Math.ceil(order ** dim / 4)) };
}

/** The state flags, shared with `simulate hessian`. */
export function stateOptions<T>(y: import('yargs').Argv<T>): import('yargs').Argv<T> {
  return y
    .option('act', { type: 'string', default: 'gelu', describe: 'activation σ: catalogue name or expression in x' })
    .option('loss', { type: 'string', default: 'square', describe: 'loss ℓ(y, f): catalogue name or expression in y, f' })
    .option('target', { type: 'string', default: 'tanh(z^2)', describe: 'y = g(z) or g(z1..z3)' })
    .option('noise', { type: 'string', describe: 'label noise σ ≥ 0: y = g(z) + σξ (default 0)' })
    .option('width', { type: 'string', describe: 'number of neurons m (default: length of --readout)' })
    .option('readout', { type: 'string', describe: 'fixed readout "a_1,…,a_m" (default 1/m each)' })
    .option('norms', { type: 'string', describe: '"‖w_1‖,…,‖w_m‖" (default 1 each)' })
    .option('overlaps', { type: 'string', describe: 'cosines "wJ.zR=c, wJ.wL=c" (default: all 0)' });
}

export const nnCommand: CommandSpec = {
  command: 'nn',
  describe: 'Hessian thresholds δ*_j, δNN of a two-layer network at a fixed state (docs/theory.md §2, §4); default: the §4 reference case',
  builder: (y) =>
    stateOptions(y)
      .option('delta', { type: 'string', describe: 'sample ratio δ = n/d for the edge/outlier/overlap² (default 8 for --state fixed|population)' })
      .option('order', { type: 'string', describe: 'quadrature order of the joint law (integer ≥ 4): nodes per dimension in 3–4 dimensions (default 34 | 14), nodes per panel in ≤ 2 (default 8); raise it when the status is not_converged' })
      .option('full', { type: 'boolean', default: false, describe: 'also the threshold of the full dm×dm Hessian (m > 1; slower)' })
      .option('state', { type: 'string', default: 'fixed', describe: 'fixed (data-independent state), stationary (the stationary state GD reaches before it learns θ; m = 1), population (population model of phase 1; slow) or dmft (DMFT of the GD path; minutes)' })
      .option('lr', { type: 'string', describe: 'with --state population|dmft|stationary: GD step size η (default 1; stationary: 0.5)' })
      .option('d', { type: 'string', describe: 'with --state stationary and --delta: dimension d for the predicted escape time' })
      .option('steps', { type: 'string', describe: 'with --state population|dmft: horizon T (default 1000 | 100; population at most 100000, dmft at most 5000)' })
      .option('init-scale', { type: 'string', describe: 'with --state population|dmft|stationary: w_j(0) ~ N(0, s²I/d) (default 1)' })
      .option('ridge', { type: 'string', describe: 'with --state dmft|stationary: ridge λ (default 0)' })
      .option('samples', { type: 'string', describe: 'with --state dmft: effective sample paths (power of 2, default 2048)' })
      .option('law-samples', { type: 'string', describe: 'with --state dmft: samples of the law of (z, A^t) per replica (default 32768)' })
      .option('window', { type: 'string', describe: 'with --state dmft: time coarse-graining window W (even) or "exact" (default: exact up to 200 steps, else 8)' })
      .option('early', { type: 'string', describe: 'with --state dmft: steps kept exact from t = 0 when coarse-graining (default 32)' })
      .option('replicas', { type: 'string', describe: 'with --state dmft: independent law replicas for the Monte Carlo se (default 4)' })
      .option('delta-grid', { type: 'string', describe: 'with --state dmft: δ grid for the self-consistent root (default 2·√2^k, k = 0..10)' })
      .option('times', { type: 'string', describe: 'with --state dmft: steps t at which δNN(t) is reported' })
      .option('seed', { type: 'string', describe: 'with --state dmft: seed of the effective-sample population (default 1)' }),
  run: (argv) => {
    const stateKind = parseChoice(argv, 'state', ['fixed', 'stationary', 'population', 'dmft'] as const, 'fixed');
    if (stateKind === 'stationary') return runStationaryState(argv);
    for (const flag of ['d', 'lr', 'init-scale', 'ridge'] as const)
      if (argv[flag] !== undefined && (stateKind === 'fixed' || (flag === 'd')))
        throw new UsageError(flag === 'd' ? '-d' : `--${flag}`, `applies to ${flag === 'd' ? '--state stationary' : '--state stationary|population|dmft'} only`, '--state stationary --delta 20 -d 1000');
    const delta = parseNumber(argv, 'delta', { example: '8', default: 8, exclusiveMin: 0 });
    if (stateKind !== 'fixed' && argv['order'] !== undefined)
      throw new UsageError('--order', `applies to --state fixed only (--state ${stateKind} chooses its own quadrature)`, '48 (without --state)');
    // Flags of the other states are refused rather than silently ignored.
    const only: Record<string, readonly string[]> = {
      fixed: [],
      population: ['lr', 'steps', 'init-scale'],
      dmft: ['lr', 'steps', 'init-scale', 'ridge', 'samples', 'law-samples', 'replicas', 'delta-grid', 'times', 'seed'],
    };
    for (const flag of only['dmft']!)
      if (argv[flag] !== undefined && !only[stateKind]!.includes(flag))
        throw new UsageError(`--${flag}`, `does not apply to --state ${stateKind} (the ${stateKind} state has no ${flag === 'lr' || flag === 'steps' ? 'GD path' : 'such parameter'}); it applies to --state ${only['population']!.includes(flag) ? 'population or dmft' : 'dmft'}`, `--state dmft --${flag} …`);
    if (stateKind === 'dmft') return runDmftState(argv);
    if (stateKind === 'population') return runPopulationState(argv, delta);
    const { problem, state } = problemAndState(argv);
    const atoms = lawOrderOptions(argv, problem, state);
    const ans = solveFixedState(problem, state, { delta, full: Boolean(argv['full']), atoms });
    const th = ans.thresholds!;
    const sp = ans.spectrum!;
    const alg = ans.deltaAlg;
    const algNote = ans.deltaAlgReason ?? '';
    const status = ans.status;
    const hard = ans.hardCoordinates;
    const q = ans.quadrature!;
    // δNN of GD from the stationary state (docs/theory.md §6), shown beside the fixed-state δ* when it applies.
    type Gd = { delta: number | null; reason?: string; error?: number };
    // Supplementary here: a failure is reported beside the fixed-state answer (null + reason), it does not change
    // that answer's status; `nn --state stationary` exits 3 on it.
    const asGd = (c: Crossing): Gd => c.status.converged
      ? { delta: c.delta, ...(c.reason ? { reason: c.reason } : {}), ...(c.errorEstimate !== undefined ? { error: c.errorEstimate } : {}) }
      : { delta: null, reason: `not converged: ${c.status.message ?? c.reason ?? ''}` };
    let gd: Gd = { delta: null }, gdMarginal: Gd = { delta: null };
    if (state.m > 1) gd = gdMarginal = { delta: null, reason: MULTI_GD };
    else try {
      const sp = stationaryProblem(argv);
      if (sp.noise > 0)
        throw new UsageError('--noise', 'not computed beside the fixed state with label noise (the law gains a dimension); run nn --state stationary', '0');
      const c = stationaryDeltaNNs(sp, 6);
      gd = asGd(c.deltaNN);
      gdMarginal = asGd(c.deltaMarginal);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      gd = gdMarginal = { delta: null, reason: `not available: ${e.problem}` };
    }
    const quadrature = {
      ...th.law,
      resolution: q.resolution,
      // null: one resolution finds a number (outlier, threshold) that the other does not.
      error_estimate: Number.isFinite(q.error_estimate) ? q.error_estimate : null,
      ...(q.worst ? { error_estimate_of: q.worst } : {}),
      compared_with: q.compared_with,
      tolerance: q.tolerance,
      error_estimate_thresholds: Number.isFinite(th.quadrature.error_estimate) ? th.quadrature.error_estimate : null,
      error_estimate_spectrum: Number.isFinite(sp.quadrature.error_estimate) ? sp.quadrature.error_estimate : null,
    };
    // Which --order the user can raise when the two resolutions disagree (not for randomised-QMC laws).
    const res = q.resolution;
    const orderHint =
      !q.status.converged && !ans.monteCarlo
        ? ` — raise --order (now ${res})${ans.weightUnboundedBelow ? '; but with a weight unbounded below the answers follow the outermost quadrature node and need not settle as the order grows' : ''}`
        : '';
    const errText = (x: number) => (Number.isFinite(x) ? fmt(x, 2) : 'a number exists at one resolution only');
    const json = {
      blocks: th.blocks.map((b) => ({ neuron: b.neuron, delta_star: b.delta_star, ...(b.reason ? { reason: b.reason } : {}) })),
      delta_nn: th.delta_nn,
      delta_nn_gd_stationary: gd.delta,
      ...(gd.delta === null ? { delta_nn_gd_stationary_reason: gd.reason ?? '' } : { delta_nn_gd_stationary_error_estimate: gd.error ?? null }),
      delta_nn_gd_marginal: gdMarginal.delta,
      ...(gdMarginal.delta === null ? { delta_nn_gd_marginal_reason: gdMarginal.reason ?? '' } : { delta_nn_gd_marginal_error_estimate: gdMarginal.error ?? null }),
      delta_alg: alg ? alg.delta_alg : null,
      ...(alg ? {} : { delta_alg_reason: algNote }),
      status: statusLabel(status),
      ...(th.delta_star_full ? { delta_star_full: th.delta_star_full.delta_star } : {}),
      delta,
      edge: sp.edge,
      weight_unbounded_below: sp.warning !== undefined,
      outlier: sp.outlier,
      overlap2_hard: sp.overlap2_hard,
      outliers: sp.outliers,
      hard_coordinates: hard,
      notes: th.notes,
      // Infinity (e.g. a number found at one quadrature resolution only) is printed as null.
      residual: Number.isFinite(status.residual) ? status.residual : null,
      quadrature,
      input: {
        act: problem.act.name, loss: problem.loss.name, target: problem.target.fn.source, noise: problem.noise,
        width: state.m, readout: Array.from(state.readout), norms: Array.from(state.norms),
        order: argv['order'] === undefined ? null : (atoms.order ?? atoms.nodesPerPanel ?? null),
      },
      conventions: NN_CONVENTIONS,
    };
    const rows: Array<[string, string]> = [
      ['activation σ, loss ℓ', `${problem.act.name}, ${problem.loss.name}`],
      ['target y = g(z)', problem.target.fn.source + (problem.noise > 0 ? ` + ${problem.noise}·ξ` : '')],
      ['hard latent coordinates', hard.length > 0 ? hard.join(', ') : 'none'],
      ['width m, readout a', `${state.m}, (${Array.from(state.readout).map((x) => fmt(x)).join(', ')})`],
      ['norms ‖w_j‖', Array.from(state.norms).map((x) => fmt(x)).join(', ')],
      ['δNN = min_j δ*_j at the fixed state (initialisation)', th.delta_nn === null ? `none — ${th.blocks[0]?.reason ?? ''}` : fmt(th.delta_nn)],
      ['δNN of GD, marginal stationary state (6.19)', gdMarginal.delta === null ? `none — ${gdMarginal.reason ?? ''}` : fmt(gdMarginal.delta)],
      ['  replica-symmetric stationary state, Λ = 0 (6.11)', gd.delta === null ? `none — ${gd.reason ?? ''}` : fmt(gd.delta)],
      ...(th.delta_star_full ? ([['δ* of the full Hessian', fmt(th.delta_star_full.delta_star)]] as Array<[string, string]>) : []),
      ['δ_alg (§3)', alg ? (alg.delta_alg === null ? `none — ${alg.reason ?? ''}` : `${fmt(alg.delta_alg)} (δ*_j ≥ δ_alg always)`) : `— (${algNote})`],
      [`at δ = ${fmt(delta)}: lower bulk edge`, fmt(sp.edge)],
      ['  hard outlier (lowest eigenvalue along U_H)', sp.outlier === null ? 'none — no eigenvalue leaves the bulk along U_H' : fmt(sp.outlier)],
      ['  overlap² of its eigenvector with U_H', fmt(sp.overlap2_hard)],
      ['quadrature', `${th.law.origin}; ${th.law.size} atoms`],
      [
        '  error estimate (relative)',
        q.compared_with
          ? `${errText(q.error_estimate)}${q.worst ? ` (${q.worst})` : ''}: ${q.resolution} vs ${q.compared_with.resolution} (${q.compared_with.atoms} atoms); tolerance ${q.tolerance}`
          : '0 (nothing integrated needs a comparison)',
      ],
      ['status', statusLabel(status) + (status.message ? ` — ${status.message}` : '') + orderHint],
      ['note', 'the fixed-state δ* is the threshold at initialisation; GD first approaches the stationary state ⊥ U_H and learns U_H by escaping along a negative θ-aligned eigenvalue there (docs/theory.md §6). Where the leave-one-out fixed point is unstable (stability index > 1), GD ages toward marginal points: the θ mode sees the stationary part of the response of the path (6.29)–(6.30), measured at the fold κ_m of the i.i.d. branch (6.17), and the θ curvature with κ_m (6.18) changes sign at the marginal δNN; the replica-symmetric Λ = 0 would hold if that response were κ. The threshold of GD at finite d and horizon T: flcalc threshold dmft (the DMFT march); measured: docs/results.md'],
    ];
    const text = [
      'flcalc nn — Hessian outliers and the threshold δNN of a two-layer network at a fixed state (docs/theory.md §2, §4)',
      `Conventions: ${NN_CONVENTIONS}.`,
      ...th.notes.map((n) => `Note: ${n}.`),
      '',
      gridTable(['neuron j', 'δ*_j'], th.blocks.map((b) => [String(b.neuron), b.delta_star === null ? `none (${b.reason ?? ''})` : fmt(b.delta_star)])),
      '',
      kvTable(rows),
    ].join('\n');
    return { json, text, exitCode: status.converged ? ExitCode.OK : ExitCode.NONCONVERGENCE };
  },
};
