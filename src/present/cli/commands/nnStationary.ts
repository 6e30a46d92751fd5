// `flcalc nn --state stationary …`: δNN of gradient descent from the stationary state of phase 1 (docs/theory.md §6):
// the minimiser ŵ ⊥ θ of R̂ (m = 1) by the proximal fixed point (6.4)–(6.5), the sign of the θ-direction Schur
// complement Λ(δ) (6.9) whose zero is δNN (6.11), the stability index (6.7), the i.i.d.-resolvent outlier (6.10) and
// with -d the leading-order escape time (6.12).
import type { CommandResult } from '../command.js';
import { optionalString, parseNumber } from '../args.js';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../model/formulas.js';
import { ExitCode, UsageError } from '../../../core/errors.js';
import { combineStatus, statusLabel } from '../../../core/status.js';
import { fmt, kvTable } from '../../../core/format.js';
import { correlationSplit } from '../../../model/latentSplit.js';
import { stationaryPoint, type StationaryProblem } from '../../../theory/stationary/fixedPoint.js';
import { stationaryThresholds, deltaFloor, type Crossing } from '../../../theory/stationary/deltaNN.js';
import { stationaryAtDelta, U_PROBS } from '../../../theory/stationary/report.js';
import { sampleLoss } from '../../../theory/stationary/prox.js';
import { marginalClosure } from '../../../theory/stationary/marginal.js';
import { runMultiStationaryState } from './nnStationaryMulti.js';

export const STATIONARY_CONVENTIONS =
  'm = 1, f(x) = a σ(wᵀx), R̂(w) = (1/n) Σ_i ℓ(y_i, f(x_i)) + (λ/2)‖w‖²; the stationary state is the minimiser ŵ of R̂ over w ⊥ θ (what GD ' +
  'converges to while it has not learned θ), in the limit n, d → ∞, δ = n/d; u = ŵᵀx = prox_{κρ_y}(rG), ρ_y(u) = ℓ(y, aσ(u)), r = ‖ŵ‖; ' +
  'Λ = λ + E[A z²/(1 + κA)], A = ρ\'\'_y(u), is the limit of the θ-direction Schur complement at 0, whose sign is that of the lowest ' +
  'θ-aligned Hessian eigenvalue; δNN = the δ above which Λ < 0';

/** Largest --order accepted (atoms grow like order²·4096/… ; order 16 is ~1.6·10⁵ atoms). */
const MAX_ORDER = 16;
const MAX_D = 1e9;

/** The stationary problem from the flags, validated (UsageError) before anything is computed. */
export function stationaryProblem(argv: Record<string, unknown>): StationaryProblem {
  const act = resolveActivation(optionalString(argv, 'act', 'gelu') ?? 'gelu', '--act');
  const loss = resolveLoss(optionalString(argv, 'loss', 'square') ?? 'square', '--loss');
  const target = resolveTarget(optionalString(argv, 'target', 'tanh(z^2)') ?? 'tanh(z^2)', '--target');
  const noise = parseNumber(argv, 'noise', { example: '0.1', default: 0, min: 0 });
  const readoutRaw = optionalString(argv, 'readout', '1');
  const width = argv['width'] === undefined ? 1 : parseNumber(argv, 'width', { example: '1', integer: true, min: 1 });
  if (width !== 1) throw new UsageError('--width', `--state stationary is implemented for one neuron (m = 1), got ${width}`, '1');
  const readout = readoutRaw === undefined ? 1 : Number(readoutRaw.trim());
  if (readoutRaw !== undefined && !(Number.isFinite(readout) && readout !== 0))
    throw new UsageError('--readout', `--state stationary needs one non-zero readout a (m = 1), got "${readoutRaw}"`, '1');
  if (target.k !== 1) throw new UsageError('--target', `--state stationary needs a single-index target in z (k = 1), got k = ${target.k}`, 'tanh(z^2)');
  if (correlationSplit(target).hard.length !== 1)
    throw new UsageError('--target', 'the latent direction is easy (E[g(z) z] ≠ 0): GD learns it in O(1) steps and there is no stationary state ⊥ θ', 'tanh(z^2)');
  if (act.fn.smoothness !== 'smooth') throw new UsageError('--act', `--state stationary needs a smooth (C²) activation: "${act.name}" has kinks`, 'gelu');
  if (loss.fn.smoothness !== 'smooth') throw new UsageError('--loss', `--state stationary needs a smooth (C²) loss: "${loss.name}" has kinks`, 'square');
  if (noise > 0 && (target.discrete || loss.binaryLabels)) throw new UsageError('--noise', 'label noise is only supported for continuous targets and losses', '0');
  const ridge = parseNumber(argv, 'ridge', { example: '0.01', default: 0, min: 0 });
  return { act: act.fn, loss: loss.fn, target, noise, readout, ridge };
}

/** A table cell for an auxiliary threshold, its own convergence status included. */
function crossingText(c: Crossing): string {
  // A null crossing's reason already says where the fixed point failed; a number found by a solve that did not
  // converge says so after it.
  if (c.delta === null) return `none — ${c.reason ?? ''}`;
  return c.status.converged ? fmt(c.delta) : `${fmt(c.delta)} (not converged — ${c.status.message ?? ''})`;
}

function crossingJson(c: Crossing) {
  return { value: c.delta, ...(c.reason ? { reason: c.reason } : {}), error_estimate: c.errorEstimate ?? null, status: statusLabel(c.status) };
}

export function runStationaryState(argv: Record<string, unknown>): CommandResult {
  const width = argv['width'] === undefined ? 1 : parseNumber(argv, 'width', { example: '2', integer: true, min: 1 });
  if (width >= 2) return runMultiStationaryState(argv, width, stationaryProblem);
  const problem = stationaryProblem(argv);
  const lr = parseNumber(argv, 'lr', { example: '0.5', default: 0.5, exclusiveMin: 0 });
  const initScale = parseNumber(argv, 'init-scale', { example: '1', default: 1, exclusiveMin: 0 });
  const order = parseNumber(argv, 'order', { example: '6', default: 6, integer: true, min: 4, max: MAX_ORDER });
  const floor = deltaFloor(problem.ridge);
  const deltaGiven = argv['delta'] !== undefined;
  const delta = deltaGiven ? parseNumber(argv, 'delta', { example: '20', exclusiveMin: floor, max: 1e4 }) : null;
  const d = argv['d'] === undefined ? null : parseNumber(argv, 'd', { example: '1000', integer: true, min: 2, max: MAX_D });
  if (d !== null && delta === null) throw new UsageError('-d', 'the escape time is predicted at one δ: give --delta too', '-d 1000 --delta 20');

  const th = stationaryThresholds(problem, order);
  const point = delta === null ? null : stationaryPoint(problem, delta, { order });
  const at = point && point.status.converged
    ? stationaryAtDelta(point, problem.ridge, lr, initScale, d, sampleLoss(problem.act, problem.loss, problem.readout)) : null;
  // The exit status follows the answers asked for (δNN, and the point at --delta); the three auxiliary thresholds
  // carry their own status in their rows and JSON entries.
  const status = combineStatus('stationary state (docs/theory.md §6)', [
    th.deltaNN.status, ...(point ? [point.status] : []), ...(at ? [at.iid.status] : []),
  ]);
  const stable = th.deltaStable.delta;
  // Which prox the fixed point at δNN used: a global-minimiser prox that jumps makes the answer replica-symmetric
  // for a non-convex problem (docs/theory.md (6.13)); say so beside the number.
  const atNN = th.deltaNN.delta !== null && th.deltaNN.status.converged ? th.deltaNN.point ?? null : null;
  const proxNote = (point?.note ?? atNN?.note) ?? null;
  const sNN = atNN && atNN.status.converged ? atNN.stability : null;
  const rsNote =
    sNN !== null && sNN > 1
      ? `at δNN the stability index δE[(κA/(1+κA))²] = ${fmt(sNN)} exceeds 1 (${stable === null ? 'no δ with index < 1 was found' : `it is < 1 only above δ = ${fmt(stable)}`}): the replica-symmetric fixed point is unstable there, so neither Λ (6.9) nor the i.i.d. resolvent (6.10) is exact; GD compared with both: docs/theory.md §6 and docs/results.md`
      : null;
  const marginal = at && point ? marginalClosure(point, problem.ridge) : null;
  const json = {
    state: 'stationary',
    delta_nn: th.deltaNN.delta,
    ...(th.deltaNN.delta === null ? { delta_nn_reason: th.deltaNN.reason ?? 'no sign change of Λ' } : {}),
    delta_nn_error_estimate: th.deltaNN.errorEstimate ?? null,
    status: statusLabel(status),
    ...(status.message ? { message: status.message } : {}),
    delta_nn_marginal: crossingJson(th.deltaMarginal),
    delta_separation_iid: crossingJson(th.deltaSeparation),
    delta_zero_iid: crossingJson(th.deltaZeroIid),
    delta_stability: crossingJson(th.deltaStable),
    ...(rsNote ? { note: rsNote } : {}),
    prox_at_delta_nn: atNN?.proxKind ?? null,
    ...(proxNote ? { prox_note: proxNote } : {}),
    stationary: at && point
      ? {
          delta: at.delta, w_norm: at.w_norm, train_risk: at.train_risk, kappa: at.kappa,
          u_quantiles: { probs: [...U_PROBS], values: at.u_quantiles },
          stability_index: at.stability_index,
          prox: point.proxKind,
          residuals: point.residuals,
          schur_at_zero: at.schur_at_zero,
          marginal_kappa: marginal?.kappa ?? null,
          marginal_schur_at_zero: marginal?.schur ?? null,
          bulk_edge: at.iid.bulk_edge,
          outlier: at.iid.outlier,
          overlap2: at.iid.overlap2,
          eigen_source: 'i.i.d. resolvent fed the stationary law (docs/theory.md (6.10)); the sign of the lowest θ-aligned eigenvalue is that of schur_at_zero',
          escape_time: at.escape_time,
          escape_time_constant: at.escape_time_constant,
          escape_time_formula: 'log(c√d)/log(1 − η·outlier), c = ‖ŵ‖/(√2·overlap2·s) (docs/theory.md (6.12)); the phase-1 time is not included',
        }
      : point
        ? { delta: point.delta, status: statusLabel(point.status), message: point.status.message ?? '' }
        : null,
    quadrature: { order, coarse_order: Math.max(4, order - 2) },
    input: {
      act: optionalString(argv, 'act', 'gelu') ?? 'gelu', loss: optionalString(argv, 'loss', 'square') ?? 'square',
      target: problem.target.fn.source, noise: problem.noise, readout: problem.readout, ridge: problem.ridge, lr, init_scale: initScale, d,
    },
    conventions: STATIONARY_CONVENTIONS,
  };
  const rows: Array<[string, string]> = [
    ['δNN of GD (stationary state, Λ = 0)', th.deltaNN.delta === null ? `none — ${th.deltaNN.reason ?? ''}` : `${fmt(th.deltaNN.delta)} (quadrature error ≈ ${fmt(th.deltaNN.errorEstimate ?? NaN, 2)})`],
    ['δNN of GD, marginal closure (Λ_m = 0, (6.19))', crossingText(th.deltaMarginal)],
    ['δ where the i.i.d.-resolvent outlier separates', crossingText(th.deltaSeparation)],
    ['δ where that θ-eigenvalue crosses 0 (i.i.d.)', crossingText(th.deltaZeroIid)],
    ['δ above which the stability index < 1', crossingText(th.deltaStable)],
  ];
  if (at) {
    rows.push(
      [`at δ = ${fmt(at.delta)}: ‖ŵ‖, train risk, κ`, `${fmt(at.w_norm)}, ${fmt(at.train_risk)}, ${fmt(at.kappa)}`],
      ['  quantiles of u (5, 25, 50, 75, 95%)', at.u_quantiles.map((x) => fmt(x)).join(', ')],
      ['  stability index', fmt(at.stability_index)],
      ['  Λ (sign of the lowest θ-aligned eigenvalue)', fmt(at.schur_at_zero)],
      ['  marginal closure: κ_m, Λ_m (6.17)–(6.18)', `${fmt(marginal?.kappa ?? NaN)}, ${fmt(marginal?.schur ?? NaN)}`],
      ['  i.i.d. resolvent: bulk edge, outlier, overlap²', `${fmt(at.iid.bulk_edge)}, ${at.iid.outlier === null ? 'none' : fmt(at.iid.outlier)}, ${fmt(at.iid.overlap2)}`],
      ...(d !== null ? ([['  escape time (6.12), steps', at.escape_time === null ? 'none (no negative outlier)' : fmt(at.escape_time)]] as Array<[string, string]>) : []),
    );
  } else if (point) rows.push([`at δ = ${fmt(point.delta)}`, `not converged — ${point.status.message ?? ''}`]);
  rows.push(['status', statusLabel(status) + (status.message ? ` — ${status.message}` : '')]);
  const text = [
    'flcalc nn --state stationary — δNN of gradient descent from the stationary state of phase 1 (docs/theory.md §6)',
    `Conventions: ${STATIONARY_CONVENTIONS}.`,
    ...(rsNote ? [`Note: ${rsNote}.`] : []),
    ...(proxNote ? [`Note: ${proxNote}.`] : []),
    '',
    kvTable(rows),
  ].join('\n');
  return { json, text, exitCode: status.converged ? ExitCode.OK : ExitCode.NONCONVERGENCE };
}
