// What the explorer computes, stage by stage, with the library's own functions (the ones `flcalc nn`,
// `flcalc alg`, `flcalc hermite`, `flcalc onestep` and `flcalc simulate hessian` call): no formula is
// re-implemented here. Every result is plain data (it crosses the worker boundary) and carries its status.
import {
  UsageError, statusLabel, resolveActivation, resolveTarget, conditionalMeanSplit, spectrum,
  onestepTheory, type OnestepInput, type SolverStatus, type NetworkState, type HessianProblem, type Law,
} from '../src/library.js';
// Not in the library's public surface: the fixed-state pipeline, the block weight law, one simulation seed, Hermite data with zero flags,
// the bulk density, and the CLI's flag parsing (so that errors name the same flags).
import { parseNumber, parseNumberList } from '../src/present/cli/args.js';
import { problemAndState } from '../src/present/cli/stateArgs.js';
import { solveFixedState } from '../src/theory/hessian/solve.js';
import { stationaryProblem } from '../src/present/cli/commands/nnStationary.js';
import { stationaryDeltaNN } from '../src/theory/stationary/deltaNN.js';
import { blockWeightLaw } from '../src/theory/hessian/blockWeights.js';
import { simulateHessianSeed } from '../src/simulate/hessian/simulate.js';
import { hermiteData } from '../src/theory/onestep/coefficients.js';
import { bulkDensity } from '../src/present/plot/bulkDensity.js';
import type { Inputs } from './inputs.js';

export interface Status {
  label: 'converged' | 'not_converged';
  residual: number;
  message?: string;
}
export interface Failure {
  argument: string;
  message: string;
}

export const status = (s: SolverStatus): Status => ({ label: statusLabel(s), residual: s.residual, ...(s.message ? { message: s.message } : {}) });

/** A UsageError as data; anything else is a bug and is rethrown. */
export function failure(e: unknown): Failure {
  if (e instanceof UsageError) return { argument: e.argument, message: e.message };
  if (e instanceof RangeError) return { argument: '', message: e.message };
  throw e;
}

const argv = (inp: Inputs, keys: (keyof Inputs)[]): Record<string, unknown> => {
  const a: Record<string, unknown> = {};
  for (const k of keys) if (inp[k].trim() !== '') a[k] = inp[k].trim();
  return a;
};

/** δNN of GD from the stationary state ⊥ U_H (docs/theory.md §6), as `flcalc nn` reports it beside the fixed state:
 *  m = 1, smooth activation and loss, no label noise; otherwise null with the reason. */
export interface GdThreshold {
  delta_gd: number | null;
  note?: string;
  error_estimate?: number;
  status?: Status;
}

export function gdThreshold(inp: Inputs): GdThreshold {
  try {
    const sp = stationaryProblem(argv(inp, ['act', 'loss', 'target', 'noise', 'width', 'readout']));
    if (sp.noise > 0) return { delta_gd: null, note: 'not computed with label noise (flcalc nn --state stationary)' };
    const c = stationaryDeltaNN(sp, 6);
    return { delta_gd: c.status.converged ? c.delta : null, ...(c.reason ? { note: c.reason } : {}), ...(c.errorEstimate !== undefined ? { error_estimate: c.errorEstimate } : {}), status: status(c.status) };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { delta_gd: null, note: `not available: ${e.problem}` };
  }
}

export interface Problem {
  problem: HessianProblem;
  state: NetworkState;
  delta: number;
}

/** The network problem, its fixed state and δ, validated as `flcalc nn` validates its flags. */
export function readProblem(inp: Inputs): Problem {
  const a = argv(inp, ['act', 'loss', 'target', 'noise', 'width', 'readout', 'norms', 'delta']);
  const delta = parseNumber(a, 'delta', { example: '8', exclusiveMin: 0, max: 1e6 });
  return { ...problemAndState(a), delta };
}

export interface Thresholds {
  blocks: { neuron: number; delta_star: number | null; reason?: string; status: Status }[];
  delta_nn: number | null;
  /** Two-resolution quadrature error estimate of the thresholds. */
  error_estimate: number | null;
  resolution: string;
  notes: string[];
  status: Status;
}

export interface Alg {
  delta_alg: number | null;
  /** Why δ_alg is not available (target outside the solver's domain). */
  note?: string;
  status?: Status;
}

/** δ*_j per Hessian block, δNN = min_j δ*_j (docs/theory.md §4) and δ_alg (§3) at the fixed state, through the
 *  pipeline `flcalc nn` uses (solveFixedState). */
export function fixedState({ problem, state }: Problem): { thresholds: Thresholds; alg: Alg } {
  const r = solveFixedState(problem, state, { thresholds: true, deltaAlg: true });
  const th = r.thresholds!;
  const e = th.quadrature.error_estimate;
  return {
    thresholds: {
      blocks: th.blocks.map((b) => ({ neuron: b.neuron, delta_star: b.delta_star, ...(b.reason ? { reason: b.reason } : {}), status: status(b.status) })),
      delta_nn: th.delta_nn,
      error_estimate: Number.isFinite(e) ? e : null,
      resolution: th.quadrature.resolution,
      notes: th.notes,
      status: status(th.status),
    },
    alg: r.deltaAlg ? { delta_alg: r.deltaAlg.delta_alg, status: status(r.deltaAlg.status) } : { delta_alg: null, note: r.deltaAlgReason ?? 'not available' },
  };
}

export interface AtDelta {
  delta: number;
  edge: number;
  outlier: number | null;
  overlap2_hard: number;
  warning?: string;
  status: Status;
}

/** Lower edge, hard outlier and its squared U_H overlap at δ (docs/theory.md §2), as `flcalc nn --delta`. */
export function atDelta(p: Problem, delta = p.delta): AtDelta {
  const sp = solveFixedState(p.problem, p.state, { thresholds: false, deltaAlg: false, delta }).spectrum!;
  return { delta, edge: sp.edge, outlier: sp.outlier, overlap2_hard: sp.overlap2_hard, ...(sp.warning ? { warning: sp.warning } : {}), status: status(sp.status) };
}

/** `count` log-spaced points from a to b. */
export const logGrid = (a: number, b: number, count: number): number[] => Array.from({ length: count }, (_, i) => a * (b / a) ** (i / (count - 1)));

export interface Sweep {
  rows: AtDelta[];
  /** δ values still to be computed (the figures fill in as they arrive). */
  remaining: number;
}

/** The δ grid of the sweeps: log-spaced around δ and δ*, with δ itself and a point just above δ*. */
export function sweepGrid(p: Problem, deltaStar: number | null, count = 14): number[] {
  const lo = Math.min(p.delta, deltaStar ?? p.delta) / 3, hi = Math.max(p.delta, deltaStar ?? p.delta) * 3;
  return [...logGrid(lo, hi, count), p.delta, ...(deltaStar ? [deltaStar * 1.0001] : [])].sort((a, b) => a - b);
}

export interface Density {
  /** Hessian block 1 (the whole Hessian for m = 1). */
  block: number;
  x: number[];
  y: number[];
  unconverged: number;
  eta: number;
  lower_edge: number;
  upper_edge: number;
  status: Status;
}

/** Limiting eigenvalue density of Hessian block 1 at δ, a weighted covariance with weight (A_i)_11. */
export function density(p: Problem, points = 100): Density {
  const { law: ml } = blockWeightLaw(p.problem, p.state);
  const mm = ml.m * ml.m;
  const T = new Float64Array(ml.size), z = new Float64Array(ml.size);
  for (let i = 0; i < ml.size; i++) {
    T[i] = ml.A[i * mm]!;
    z[i] = ml.zeta[i * ml.k]!;
  }
  const law: Law = { size: ml.size, weights: ml.weights, columns: { T, z }, origin: `block 1 of ${ml.origin}`, order: 0 };
  const lower = spectrum(law, p.delta, 'lower'), upper = spectrum(law, p.delta, 'upper');
  const pad = 0.04 * (upper.bulk_edge - lower.bulk_edge);
  const lo = lower.bulk_edge - pad, hi = upper.bulk_edge + pad;
  const grid = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const dens = bulkDensity(law, p.delta, grid);
  const st = status({ converged: lower.status.converged && upper.status.converged && dens.unconverged === 0, residual: Math.max(lower.status.residual, upper.status.residual), iterations: 0, method: 'bulk density', ...(dens.unconverged ? { message: `${dens.unconverged} of ${points} density points above tolerance` } : {}) });
  return { block: 1, x: dens.x, y: dens.y, unconverged: dens.unconverged, eta: dens.eta, lower_edge: lower.bulk_edge, upper_edge: upper.bulk_edge, status: st };
}

export interface NormSweep {
  /** Scale t of every ‖w_j‖ and the resulting ‖w_1‖. */
  norm1: number[];
  delta_nn: (number | null)[];
  status: Status[];
}

/** δNN as every ‖w_j‖ is scaled by a common factor (the readout and cosines fixed). */
export function normSweep(p: Problem, count = 10): NormSweep {
  const out: NormSweep = { norm1: [], delta_nn: [], status: [] };
  const base = Array.from(p.state.norms);
  const ref = base[0]! > 0 ? base[0]! : 1;
  for (const t of logGrid(0.25 / ref, 3 / ref, count)) {
    const s: NetworkState = { ...p.state, norms: Float64Array.from(base.map((r) => (base[0]! > 0 ? r * t : t))) };
    const th = solveFixedState(p.problem, s, { deltaAlg: false }).thresholds!;
    out.norm1.push(s.norms[0]!);
    out.delta_nn.push(th.delta_nn);
    out.status.push(status(th.status));
  }
  return out;
}

export interface Hermite {
  k: number[];
  sigma: number[];
  /** Hermite coefficients μ_k of g (single-index targets only). */
  g: number[] | null;
  status: Status;
}

/** μ_k = c_k/√k! of σ and of g, k = 0..kmax (docs/theory.md §0). */
export function hermite(p: Problem, kmax = 8): Hermite {
  const s = hermiteData(p.problem.act.fn, kmax, '--act', '"tanh(x)"');
  const g = p.problem.target.k === 1 ? hermiteData(p.problem.target.fn, kmax, '--target', '"tanh(z^2)"') : null;
  const conv = s.status.converged && (g === null || g.status.converged);
  return { k: s.mu.map((_, k) => k), sigma: s.mu, g: g ? g.mu : null, status: status({ ...s.status, converged: conv, residual: Math.max(s.status.residual, g ? g.status.residual : 0) }) };
}

export interface OnestepRow {
  alpha: number;
  num_spikes: number;
  overlap_beta: number;
  /** s_k/√n (leading order) of each present spike k. */
  spikes: { k: number; value: number | null }[];
  status: Status;
}

export interface Onestep {
  alpha: number[];
  num_spikes: number[];
  /** s_k/√n (leading order) per spike k at each α; null where the spike is absent. */
  spikes: { k: number; values: (number | null)[] }[];
  requested: OnestepRow;
  n: number;
  /** α values of the grid still to be computed (the figure fills in as they arrive). */
  remaining: number;
  status: Status;
}

export interface OnestepPlan {
  input: Omit<OnestepInput, 'alpha'>;
  alpha: number;
  /** The requested α first, then the grid. */
  alphas: number[];
}

/** The one-step inputs validated as `flcalc onestep` validates its flags, and the α grid of the sweep. */
export function onestepPlan(inp: Inputs, count = 8): OnestepPlan {
  const a = argv(inp, ['act', 'otarget', 'alpha', 'c', 'ratios', 'n', 'noise']);
  const act = resolveActivation(String(a['act'] ?? 'gelu'), '--act');
  const target = resolveTarget(String(a['otarget'] ?? ''), '--otarget');
  const alpha = parseNumber(a, 'alpha', { example: '0.3' });
  const c = parseNumber(a, 'c', { example: '1' });
  const ratios = parseNumberList(a, 'ratios', '"1,1"');
  if (ratios.length !== 2) throw new UsageError('--ratios', `needs exactly two numbers "d/n,N/n", got ${ratios.length}`, '"1,1"');
  const n = parseNumber(a, 'n', { example: '1000', default: 1000, integer: true, min: 10, max: 1e7 });
  const noise = parseNumber(a, 'noise', { example: '0.1', default: 0, min: 0 });
  const grid = Array.from({ length: count }, (_, i) => 0.05 + (0.37 * i) / (count - 1)).filter((x) => x !== alpha);
  return { input: { act, target, c, psi: ratios[0]!, phi: ratios[1]!, noise, ridge: 0.1, n }, alpha, alphas: [alpha, ...grid] };
}

/** One large step at one α (docs/theory.md §5): spike count, sizes s_k/√n, ⟨β, β*⟩². */
export function onestepAt(plan: OnestepPlan, alpha: number): OnestepRow {
  const r = onestepTheory({ ...plan.input, alpha });
  return { alpha, num_spikes: r.num_spikes, overlap_beta: r.overlap_beta, spikes: r.spikes.filter((s) => s.present).map((s) => ({ k: s.k, value: s.singular_value_over_sqrt_n })), status: status(r.status) };
}

/** The sweep so far (rows[0] is the requested α), sorted by α. */
export function onestepSweep(plan: OnestepPlan, rows: readonly OnestepRow[]): Onestep {
  const sorted = [...rows].sort((x, y) => x.alpha - y.alpha);
  const ks = [...new Set(sorted.flatMap((r) => r.spikes.map((s) => s.k)))].sort((x, y) => x - y);
  const bad = rows.filter((r) => r.status.label !== 'converged');
  return {
    alpha: sorted.map((r) => r.alpha),
    num_spikes: sorted.map((r) => r.num_spikes),
    spikes: ks.map((k) => ({ k, values: sorted.map((r) => r.spikes.find((s) => s.k === k)?.value ?? null) })),
    requested: rows[0]!,
    n: plan.input.n,
    remaining: plan.alphas.length - rows.length,
    status: {
      label: bad.length ? 'not_converged' : 'converged',
      residual: Math.max(...rows.map((r) => r.status.residual)),
      ...(bad.length ? { message: `${bad.length} of ${rows.length} α not converged` } : {}),
    },
  };
}

export interface SimConfig {
  d: number;
  seeds: number[];
}

/** Finite-d check settings: d ≤ 1000, n = δd ≤ 20000, ≤ 8 seeds. */
export function readSim(inp: Inputs, delta: number): SimConfig {
  const a = argv(inp, ['simd', 'seeds', 'seed']);
  const d = parseNumber(a, 'simd', { example: '300', default: 300, integer: true, min: 20, max: 1000 });
  const seeds = parseNumber(a, 'seeds', { example: '3', default: 3, integer: true, min: 1, max: 8 });
  const seed = parseNumber(a, 'seed', { example: '1', default: 1, integer: true, min: 0, max: 2 ** 31 });
  if (Math.round(delta * d) > 20000) throw new UsageError('--simd', `n = δ·d = ${Math.round(delta * d)} samples exceeds the page's cap of 20000; lower d`, String(Math.floor(20000 / delta)));
  return { d, seeds: Array.from({ length: seeds }, (_, i) => seed + i) };
}

export interface SimSeed {
  seed: number;
  delta: number;
  d: number;
  n: number;
  eigenvalues: number[];
  overlap2_hard: number[];
  status: Status;
}

/** One seed of the finite-d check: lowest Hessian eigenpairs by Lanczos (as `flcalc simulate hessian`). */
export function simulateSeed(p: Problem, d: number, seed: number): SimSeed {
  const r = simulateHessianSeed(p.problem, p.state, { delta: p.delta, d, seeds: [seed] }, seed, conditionalMeanSplit(p.problem).hard);
  return { seed, delta: p.delta, d, n: Math.round(p.delta * d), eigenvalues: r.eigenvalues, overlap2_hard: r.overlap2_hard, status: status(r.lanczos_status) };
}

