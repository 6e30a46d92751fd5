// `flcalc nn --state dmft …`: δNN(t) along the DMFT path of GD (docs/theory.md (5.6)–(5.9); src/theory/dmft). The law of (z, A^t)
// comes from the discrete-time DMFT (d → ∞), the §1 equations give δ*_t, and δNN(t) is the self-consistent root of
// δ = δ*_t(δ) on a geometric δ-grid (src/theory/dmft/deltaNN.ts). With --delta, the DMFT path at that δ is printed too.
import type { CommandResult } from '../command.js';
import { parseNumber, parseNumberList } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { statusLabel } from '../../../core/status.js';
import { provenance } from '../../../core/provenance.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { dmftDeltaNN } from '../../../theory/dmft/deltaNN.js';
import { dmftPath } from '../../../theory/dmft/march.js';
import { parseGdConfig } from '../simulate/gd.js';
import { dmftSpec, EXACT_DEFAULT_STEPS, marchProgress } from './dmftArgs.js';
import { dmftWithCompressionError } from '../../../theory/dmft/compressionError.js';

const DEFAULT_GRID = Array.from({ length: 11 }, (_, k) => 2 * Math.SQRT2 ** k); // 2 … 64, ratio √2

export function runDmftState(argv: Record<string, unknown>): CommandResult {
  const { cfg } = parseGdConfig({ ...argv, steps: argv['steps'] ?? '100', seeds: '1', 'hessian-at': '0' }, false);
  const { spec, compression } = dmftSpec(argv, cfg, 2048);
  const long = Number.isFinite(compression.window);
  const T = spec.steps;
  const times = parseNumberList(argv, 'times', '0,5,20,100', [0, 1, 2, 5, 10, 20, 50, 100, 200, 500].filter((t) => t < T).concat([T]));
  times.forEach((t) => {
    if (!Number.isInteger(t) || t < 0 || t > T) throw new UsageError('--times', `entries must be integers in [0, --steps = ${T}], got ${t}`, `0,5,${T}`);
  });
  const grid = parseNumberList(argv, 'delta-grid', '2,4,8,16,32,64', DEFAULT_GRID);
  const lawSamples = parseNumber(argv, 'law-samples', { example: '32768', default: 32768, min: 256, max: 2 ** 22, integer: true });
  const replicas = parseNumber(argv, 'replicas', { example: '4', default: 4, min: 1, max: 64, integer: true });
  const at = argv['delta'] !== undefined ? parseNumber(argv, 'delta', { example: '16', exclusiveMin: 0, max: 1e4 }) : null;
  const progress = (label: string) => (T > EXACT_DEFAULT_STEPS ? marchProgress(label, T) : undefined);
  const r = dmftDeltaNN(spec, times, grid, lawSamples, replicas, compression, progress);
  // The path at --delta; a coarse-grained one carries the compression error estimate (window W vs W/2).
  const pf = progress(`DMFT path δ=${at} (window ${compression.window})`), pc = progress(`DMFT path δ=${at} (window ${compression.window / 2})`);
  const est = at === null || !long ? null : dmftWithCompressionError({ ...spec, delta: at }, { d: Infinity, seed: 0 }, compression, (t, level) => (level === 'fine' ? pf : pc)?.(t));
  const path = at === null ? null : est ? est.path : dmftPath({ ...spec, delta: at }, { d: Infinity, seed: 0 });
  const pathJson = path && {
    delta: at,
    t: path.t,
    w_perp_norm2: path.q,
    train_risk: path.train_risk,
    train_risk_se: path.train_risk_se,
    test_risk: path.test_risk,
    ...(est ? { compression_error: est.error, compression_status: statusLabel(est.status), compression_residual: est.status.residual } : {}),
  };
  const json = {
    state: 'dmft',
    delta_nn: r.delta_nn,
    delta_nn_t: r.delta_nn_t,
    t: r.t,
    mc_se_t: r.mc_se_t,
    cell_t: r.cell_t,
    grid: r.grid,
    delta_star: r.delta_star,
    delta_star_se: r.delta_star_se,
    notes: r.notes,
    weight_unbounded_below: r.weight_unbounded_below,
    definition: 'δNN(t): root of δ = δ*_t(δ), δ*_t = §1 lower-side threshold of the DMFT law of (z, A^t) produced at sample ratio δ (d → ∞); δNN := δNN(T)',
    ...(pathJson ? { path: pathJson } : {}),
    status: statusLabel(r.status),
    residual: r.status.residual,
    config: { ...spec, times, law_samples: lawSamples, replicas, window: long ? compression.window : 'exact', early: compression.early },
    provenance: provenance(),
  };
  const cellText = (c: [number, number] | null) => (c ? `[${fmt(c[0], 3)}, ${fmt(c[1], 3)}]` : '—');
  const text = [
    'flcalc nn --state dmft — δNN(t) along the DMFT path of GD (docs/theory.md (5.9))',
    `Model: σ = ${spec.act}, ℓ = ${spec.loss}, y = ${spec.target}, m = ${spec.readout.length}, η = ${spec.lr}, s = ${spec.initScale}, T = ${T}; ${spec.samples} effective paths, law ${replicas}×${lawSamples} samples.`,
    '',
    gridTable(
      ['step t', 'δNN(t)', 'MC se', 'grid cell'],
      r.t.map((t, i) => [String(t), r.delta_nn_t[i] === null ? `none on [${fmt(grid[0]!, 3)}, ${fmt(grid[grid.length - 1]!, 3)}]` : fmt(r.delta_nn_t[i], 4), fmt(r.mc_se_t[i], 2), cellText(r.cell_t[i]!)]),
    ),
    '',
    ...(path
      ? [
          gridTable(
            [`δ = ${fmt(at)}: step t`, '‖w⊥‖²', 'train risk', 'test risk'],
            path.t.filter((t) => times.includes(t)).map((t) => [String(t), fmt(path.q[t]![0]), `${fmt(path.train_risk[t])} ± ${fmt(path.train_risk_se[t], 2)}`, fmt(path.test_risk[t])]),
          ),
          '',
        ]
      : []),
    kvTable([
      ['δNN := δNN(T)', r.delta_nn === null ? 'none on the grid' : `${fmt(r.delta_nn, 4)} ± ${fmt(r.mc_se_t[r.t.length - 1], 2)} (MC), grid cell ${cellText(r.cell_t[r.t.length - 1]!)}`],
      ['definition', json.definition],
      ['status', statusLabel(r.status) + (r.status.message ? ` — ${r.status.message}` : '')],
      ...(r.notes.length ? ([['skipped grid points', r.notes.join('; ')]] as Array<[string, string]>) : []),
      ...(est
        ? ([['path compression', `window ${compression.window}, first ${compression.early} steps exact; error estimate (vs window ${compression.window / 2}) at T: ‖w‖ ${fmt(est.error?.w_norm[T] ?? null, 2)}, train risk ${fmt(est.error?.train_risk[T] ?? null, 2)}; ${statusLabel(est.status)}${est.status.message ? ` — ${est.status.message}` : ''}`]] as Array<[string, string]>)
        : []),
      ['note', 'at finite d and horizon T, whether GD learns is predicted by `flcalc threshold dmft` (the finite-d θ channel of the same DMFT)'],
    ]),
  ].join('\n');
  return { json, text, exitCode: r.status.converged && (est?.status.converged ?? true) ? ExitCode.OK : ExitCode.NONCONVERGENCE };
}
