// `flcalc nn --state stationary --width m` (m = 2): the stationary state of phase 1 for m neurons (docs/theory.md
// (6.20)–(6.27)): the matrix fixed point (Q, K) at --delta, the θ-block curvature Λ (m×m) whose lowest eigenvalue's
// zero is δNN, the stability index (6.25), and, for an exchangeable readout, a full solve from a perturbed start
// (symmetry breaking).
import type { CommandResult } from '../command.js';
import { parseNumber, parseNumberList } from '../args.js';
import { ExitCode, UsageError } from '../../../core/errors.js';
import { combineStatus, statusLabel } from '../../../core/status.js';
import { fmt, kvTable } from '../../../core/format.js';
import { deltaFloor } from '../../../theory/stationary/deltaNN.js';
import { COARSE, FINE, multiStationaryPoint, type MultiPoint, type MultiProblem } from '../../../theory/stationary/multi/fixedPoint.js';
import { isExchangeable, multiDeltaNN } from '../../../theory/stationary/multi/deltaNN.js';
import type { StationaryProblem } from '../../../theory/stationary/fixedPoint.js';

/** Largest width: the u-space rule has (16·6)^m nodes per label (9216 at m = 2). */
export const MAX_STATIONARY_WIDTH = 2;

export const MULTI_CONVENTIONS =
  'f(x) = Σ_j a_j σ(w_jᵀx), R̂(W) = (1/n) Σ_i ℓ(y_i, f(x_i)) + (λ/2)‖W‖²_F with every w_j ⊥ θ; u = Ŵᵀx ∈ R^m = argmin ρ_y(u) + ½(u − v)ᵀK⁻¹(u − v), ' +
  'v ~ N(0, Q), Q = ŴᵀŴ; Λ = λI + E[z²A(I + KA)⁻¹] (m×m, A = ∇²ρ_y(u)) is the limit of the θ-block Schur complement at 0; ' +
  'GD can escape along θ iff λ_min(Λ) < 0; δNN = the largest δ where λ_min(Λ) changes sign (docs/theory.md (6.20)–(6.27))';

/** The flags of one neuron validated and parsed (nnStationary.ts stationaryProblem, passed in to keep imports one-way). */
type BaseProblem = (argv: Record<string, unknown>) => StationaryProblem;

function multiProblemFrom(argv: Record<string, unknown>, width: number, stationaryProblem: BaseProblem): MultiProblem {
  if (width > MAX_STATIONARY_WIDTH)
    throw new UsageError('--width', `--state stationary is implemented for m ≤ ${MAX_STATIONARY_WIDTH} neurons, got ${width}`, '2');
  // act, loss, target, noise and ridge are validated as for one neuron.
  const base = stationaryProblem({ ...argv, width: undefined, readout: undefined });
  const readout = parseNumberList(argv, 'readout', '0.5,0.5', Array(width).fill(1 / width));
  if (readout.length !== width)
    throw new UsageError('--readout', `needs ${width} entries for --width ${width}, got ${readout.length}`, Array(width).fill(1 / width).join(','));
  if (readout.some((a) => a === 0)) throw new UsageError('--readout', 'a zero readout leaves a neuron without gradient (a flat direction without ridge)', '0.5,0.5');
  if (argv['d'] !== undefined) throw new UsageError('-d', 'the escape time (6.12) is implemented for one neuron only; drop -d with --width ≥ 2', '--width 1 -d 1000');
  if (argv['order'] !== undefined) throw new UsageError('--order', `has no effect with --width ≥ 2 (fixed rules: order ${FINE.order}, ${FINE.nodes} nodes per unit panel; error estimate from order ${COARSE.order}, ${COARSE.nodes}); drop --order`, '(none)');
  return { act: base.act, loss: base.loss, target: base.target, noise: base.noise, readout: Float64Array.from(readout), ridge: base.ridge };
}

const mat = (x: Float64Array, m: number) => Array.from({ length: m }, (_, i) => Array.from(x.subarray(i * m, (i + 1) * m)));
const matText = (x: Float64Array, m: number) => mat(x, m).map((r) => `(${r.map((v) => fmt(v)).join(', ')})`).join(', ');

function pointJson(p: MultiPoint) {
  return {
    delta: p.delta, Q: mat(p.Q, p.m), K: mat(p.K, p.m), train_risk: p.trainRisk, Lambda: mat(p.Lambda, p.m),
    lambda_eigenvalues: p.lambdaEigenvalues, stability_index: p.stability, residuals: p.residuals, law_mass: p.mass,
    convex_prox: p.convexProx, ansatz: p.ansatz, status: statusLabel(p.status), ...(p.status.message ? { message: p.status.message } : {}),
  };
}

const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => Math.max(s, Math.abs(x - b[i]!)), 0);

const NOT_SCANNED = 'with --delta only the stationary point at δ is solved; without --delta the m ≥ 2 scan runs (minutes)';

export function runMultiStationaryState(argv: Record<string, unknown>, width: number, stationaryProblem: BaseProblem): CommandResult {
  const problem = multiProblemFrom(argv, width, stationaryProblem);
  const floor = deltaFloor(problem.ridge);
  const delta = argv['delta'] === undefined ? null : parseNumber(argv, 'delta', { example: '20', exclusiveMin: floor, max: 1e4 });
  const exch = isExchangeable(problem.readout);
  const ansatz = exch ? 'exchangeable' as const : 'full' as const;

  // With --delta only the point at δ is solved: the δNN scan for m ≥ 2 takes minutes (one fixed point per grid δ).
  // Each fixed point takes seconds to minutes: a line when the work starts, then one per solve once the run has lasted 2 s.
  const t0 = Date.now();
  process.stderr.write(`flcalc nn --state stationary --width ${width}: ${delta === null ? 'scanning δ for the sign change of λ_min(Λ)' : `solving the fixed point at δ = ${delta}`} (each fixed point takes seconds to minutes)\n`);
  let solves = 0;
  const solved = (what: string) => {
    solves++;
    if (Date.now() - t0 > 2000) process.stderr.write(`flcalc nn --state stationary --width ${width}: ${what} (fixed point ${solves}), ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  };
  const nn = delta === null ? multiDeltaNN(problem, floor, undefined, undefined, (d) => solved(`δ = ${d.toPrecision(4)}`)) : null;
  const point = delta === null ? null : multiStationaryPoint(problem, delta, { ansatz });
  if (point) solved(`δ = ${delta}, fine rule`);
  const coarse = point && point.status.converged ? multiStationaryPoint(problem, delta!, { ansatz, resolution: COARSE, start: { Q: point.Q, K: point.K } }) : null;
  if (coarse) solved(`δ = ${delta}, coarse rule (error estimate)`);
  const errorAt = point && coarse && coarse.status.converged
    ? { Q: maxDiff(point.Q, coarse.Q), K: maxDiff(point.K, coarse.K), lambda_min: Math.abs(point.lambdaEigenvalues[0]! - coarse.lambdaEigenvalues[0]!) } : null;
  // Symmetry breaking: Newton in all entries from the exchangeable solution with Q's diagonal moved by ±5%.
  let symmetry: { full_from_perturbed: ReturnType<typeof pointJson>; max_abs_diff_Q: number; max_abs_diff_K: number } | null = null;
  if (point && point.status.converged && exch) {
    const Qp = Float64Array.from(point.Q);
    for (let a = 0; a < width; a++) Qp[a * width + a] = Qp[a * width + a]! * (a % 2 === 0 ? 1.05 : 0.95);
    const full = multiStationaryPoint(problem, delta!, { ansatz: 'full', start: { Q: Qp, K: point.K } });
    solved(`δ = ${delta}, full solve from a perturbed start`);
    symmetry = { full_from_perturbed: pointJson(full), max_abs_diff_Q: maxDiff(full.Q, point.Q), max_abs_diff_K: maxDiff(full.K, point.K) };
  }
  const status = combineStatus('stationary state, m neurons (docs/theory.md (6.20)–(6.27))', [...(nn ? [nn.status] : []), ...(point ? [point.status] : []), ...(coarse ? [coarse.status] : [])]);
  const json = {
    state: 'stationary',
    width,
    delta_nn: nn ? nn.delta : null,
    ...(nn === null ? { delta_nn_reason: NOT_SCANNED } : nn.delta === null ? { delta_nn_reason: nn.reason ?? 'no sign change of λ_min(Λ)' } : {}),
    delta_nn_error_estimate: nn?.errorEstimate ?? null,
    status: statusLabel(status),
    ...(status.message ? { message: status.message } : {}),
    at_delta_nn: nn?.point ? pointJson(nn.point) : null,
    stationary: point ? { ...pointJson(point), error_estimate: errorAt } : null,
    symmetry,
    quadrature: { fine: FINE, coarse: COARSE },
    input: {
      act: argv['act'] ?? 'gelu', loss: argv['loss'] ?? 'square', target: problem.target.fn.source, noise: problem.noise,
      readout: Array.from(problem.readout), ridge: problem.ridge,
    },
    conventions: MULTI_CONVENTIONS,
  };
  const rows: Array<[string, string]> = [
    ['width m, readout a', `${width}, (${Array.from(problem.readout).map((x) => fmt(x)).join(', ')})`],
    ['δNN of GD (stationary state, λ_min(Λ) = 0)', nn === null ? `not computed — ${NOT_SCANNED}` : nn.delta === null ? `none — ${nn.reason ?? ''}` : `${fmt(nn.delta)} (quadrature error ≈ ${fmt(nn.errorEstimate ?? NaN, 2)})`],
  ];
  if (nn?.point) rows.push(['  at δNN: Q; K', `${matText(nn.point.Q, width)}; ${matText(nn.point.K, width)}`], ['  at δNN: stability index', fmt(nn.point.stability)]);
  if (point) {
    rows.push([`at δ = ${fmt(point.delta)}: status`, statusLabel(point.status) + (point.status.message ? ` — ${point.status.message}` : '')]);
    if (point.status.converged) {
      rows.push(
        ['  Q = ŴᵀŴ', matText(point.Q, width)],
        ['  K', matText(point.K, width)],
        ['  train risk, stability index', `${fmt(point.trainRisk)}, ${fmt(point.stability)}`],
        ['  eigenvalues of Λ (θ block)', point.lambdaEigenvalues.map((x) => fmt(x)).join(', ')],
        ...(errorAt ? ([['  quadrature error (Q, K, λ_min)', `${fmt(errorAt.Q, 2)}, ${fmt(errorAt.K, 2)}, ${fmt(errorAt.lambda_min, 2)}`]] as Array<[string, string]>) : []),
        ...(symmetry ? ([['  full solve from a perturbed start', `${symmetry.full_from_perturbed.status}; max |ΔQ| = ${fmt(symmetry.max_abs_diff_Q, 2)}, max |ΔK| = ${fmt(symmetry.max_abs_diff_K, 2)}`]] as Array<[string, string]>) : []),
      );
    }
  }
  rows.push(['status', statusLabel(status) + (status.message ? ` — ${status.message}` : '')]);
  const text = [
    'flcalc nn --state stationary --width m — δNN of gradient descent from the stationary state of phase 1, m neurons (docs/theory.md §6)',
    `Conventions: ${MULTI_CONVENTIONS}.`,
    '',
    kvTable(rows),
  ].join('\n');
  return { json, text, exitCode: status.converged ? ExitCode.OK : ExitCode.NONCONVERGENCE };
}
