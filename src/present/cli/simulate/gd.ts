// `flcalc simulate gd`: full-batch GD of the two-layer network with fixed readout (docs/theory.md §5), per seed:
// time series of the U_E/U_H overlaps, train/test risk, ‖W‖, and Lanczos probes of the lowest Hessian
// eigenpairs (with the §1 plug-in prediction for m = 1).
import type { Argv } from 'yargs';
import type { CommandSpec } from '../command.js';
import { parseNumber, parseNumberList, requireString, optionalString, parseOutputFile } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { provenance } from '../../../core/provenance.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { meanSe } from '../../../numerics/stats.js';
import { runSeeds, executionMode } from '../../../simulate/gd/seeds.js';
import type { GdConfig } from '../../../model/problem.js';
import type { GdRun } from '../../../simulate/gd/gd.js';
import { statusLabel } from '../../../core/status.js';
import { gdOverlapFigure } from '../../plot/figures.js';
import { writeFigure } from '../../plot/write.js';

export const INIT_CONVENTION = 'w_j(0) ~ N(0, s² I_d / d) i.i.d. (‖w_j(0)‖ ≈ s), readout a fixed, U_H component of W(0) of order s/√d';

/** The flags shared by `simulate gd` and `threshold empirical`. */
export function gdFlags(y: Argv): Argv {
  return y
    .option('act', { type: 'string', describe: 'activation σ: catalogue name or expression in x', default: 'gelu' })
    .option('loss', { type: 'string', describe: 'loss ℓ(y, f): catalogue name or expression in y, f', default: 'square' })
    .option('target', { type: 'string', describe: 'target g(z) or g(z1,…,zk)', default: 'tanh(z^2)' })
    .option('noise', { type: 'string', describe: 'label noise sd: y = g(z) + noise·ξ' })
    .option('hard', { type: 'string', describe: 'hard latent coordinates (1-based, comma list); default: those with E[g z_i] = 0' })
    .option('width', { type: 'string', describe: 'number of hidden neurons m' })
    .option('readout', { type: 'string', describe: 'fixed readout a (comma list of m values, or one value for all); default 1/m each' })
    .option('init-scale', { type: 'string', describe: 'initialisation scale s: w_j(0) ~ N(0, s² I/d)' })
    .option('lr', { type: 'string', describe: 'learning rate η' })
    .option('steps', { type: 'string', describe: 'number of GD steps T (the horizon)' })
    .option('ridge', { type: 'string', describe: 'ridge λ: GD on R̂ + (λ/2)‖W‖²' })
    .option('d', { type: 'string', describe: 'input dimension' })
    .option('seeds', { type: 'string', describe: 'number of seeds (seeds seed, seed+1, …)' })
    .option('seed', { type: 'string', describe: 'first seed' })
    .option('hessian-at', { type: 'string', describe: 'steps at which to compute the lowest Hessian eigenpairs (comma list)' })
    .option('hessian-k', { type: 'string', describe: 'number of lowest Hessian eigenpairs per probe' })
    .option('n-test', { type: 'string', describe: 'test-set size' })
    .option('record-every', { type: 'string', describe: 'record the time series every this many steps (plus every step ≤ 20)' })
    .option('threads', { type: 'string', describe: 'worker threads across seeds (default: all cores)' });
}

function parseIntList(argv: Record<string, unknown>, name: string, example: string, fallback: number[]): number[] {
  const xs = parseNumberList(argv, name, example, fallback);
  xs.forEach((x) => {
    if (!Number.isInteger(x) || x < 0) throw new UsageError(`--${name}`, `entries must be non-negative integers, got ${x}`, example);
  });
  return xs;
}

/** GdConfig (without δ and d when `withDelta` is false), seeds and thread count from the shared flags. */
export function parseGdConfig(argv: Record<string, unknown>, withDelta: boolean): { cfg: GdConfig; seeds: number[]; threads?: number } {
  const m = parseNumber(argv, 'width', { example: '1', default: 1, min: 1, max: 64, integer: true });
  let readout = parseNumberList(argv, 'readout', '1', Array(m).fill(1 / m));
  if (readout.length === 1 && m > 1) readout = Array(m).fill(readout[0]);
  if (readout.length !== m) throw new UsageError('--readout', `has ${readout.length} entries but --width is ${m}`, Array(m).fill(1).join(','));
  const steps = parseNumber(argv, 'steps', { example: '1000', default: 1000, min: 0, max: 1e6, integer: true });
  const d = withDelta ? parseNumber(argv, 'd', { example: '500', default: 500, min: 2, max: 20000, integer: true }) : 0;
  const delta = withDelta ? parseNumber(argv, 'delta', { example: '8', exclusiveMin: 0, max: 1e4 }) : 0;
  const nTestDefault = withDelta ? Math.min(4000, Math.max(200, Math.round(delta * d))) : 2000;
  const hard = optionalString(argv, 'hard', '1');
  const S = parseNumber(argv, 'seeds', { example: '4', default: withDelta ? 2 : 4, min: 1, max: 1000, integer: true });
  const seed0 = parseNumber(argv, 'seed', { example: '1', default: 1, min: 0, max: 2 ** 31, integer: true });
  const threadsRaw = argv['threads'];
  const cfg: GdConfig = {
    act: requireString(argv, 'act', 'gelu'),
    loss: requireString(argv, 'loss', 'square'),
    target: requireString(argv, 'target', 'tanh(z^2)'),
    noise: parseNumber(argv, 'noise', { example: '0.5', default: 0, min: 0, max: 1e3 }),
    readout,
    initScale: parseNumber(argv, 'init-scale', { example: '1', default: 1, exclusiveMin: 0 }),
    lr: parseNumber(argv, 'lr', { example: '1', default: 1, exclusiveMin: 0 }),
    steps,
    ridge: parseNumber(argv, 'ridge', { example: '0.001', default: 0, min: 0 }),
    delta,
    d,
    ...(hard !== undefined ? { hard: parseIntList(argv, 'hard', '1', []) } : {}),
    hessianAt: parseIntList(argv, 'hessian-at', '0,20,1000', [0, steps]),
    hessianK: parseNumber(argv, 'hessian-k', { example: '3', default: 3, min: 1, max: 50, integer: true }),
    nTest: parseNumber(argv, 'n-test', { example: '2000', default: nTestDefault, min: 1, max: 1e6, integer: true }),
    recordEvery: parseNumber(argv, 'record-every', { example: '10', default: Math.max(1, Math.ceil(steps / 200)), min: 1, integer: true }),
  };
  return {
    cfg,
    seeds: Array.from({ length: S }, (_, i) => seed0 + i),
    ...(threadsRaw !== undefined ? { threads: parseNumber(argv, 'threads', { example: '2', min: 1, max: 64, integer: true }) } : {}),
  };
}

/** Progress on stderr, at most every 2 s. */
/** Final train risk above this multiple of max(initial risk, 1) counts as divergence (exit 3). */
const DIVERGENCE_FACTOR = 1e6;

export function stderrProgress(): (p: { seed: number; t: number; steps: number; overlap_h: number; train_risk: number }) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 2000 && p.t !== p.steps) return;
    last = now;
    process.stderr.write(`seed ${p.seed}: step ${p.t}/${p.steps}  U_H overlap² ${fmt(p.overlap_h, 3)}  train risk ${fmt(p.train_risk, 4)}\n`);
  };
}

function summary(runs: GdRun[]) {
  const q = runs.map((r) => r.final.overlap_h);
  const ms = meanSe(q);
  return {
    overlap_h: { mean: ms.mean, se: runs.length > 1 ? ms.se : null },
    learned: runs.filter((r) => r.final.overlap_h >= 0.5).length,
    seeds: runs.length,
  };
}

export const simulateGd: CommandSpec = {
  command: 'gd',
  describe: 'Full-batch GD of the two-layer network: U_E/U_H overlaps, risks, ‖W‖ and Hessian probes over time, per seed',
  builder: (y) =>
    gdFlags(y)
      .option('delta', { type: 'string', describe: 'sample ratio δ = n/d' })
      .option('plot', { type: 'string', describe: 'write the U_H (and U_E) overlap² vs step, one line per seed, to FILE.svg or FILE.png' }),
  run: async (argv) => {
    const { cfg, seeds, threads } = parseGdConfig(argv, true);
    const plot = parseOutputFile(argv, 'plot', ['.svg', '.png'], 'gd.svg');
    const runs = await runSeeds(cfg, seeds, { ...(threads !== undefined ? { threads } : {}), progress: stderrProgress() });
    // GD diverged: the final train risk is non-finite or exceeds DIVERGENCE_FACTOR × its initial value (e.g. --lr 1e6).
    const diverged = runs.filter((r) => !(Number.isFinite(r.final.train_risk) && Number.isFinite(r.final.w_norm) && r.final.train_risk <= DIVERGENCE_FACTOR * Math.max(r.series.train_risk[0] ?? 0, 1)));
    const divergence =
      diverged.length > 0
        ? `GD diverged for seed(s) ${diverged.map((r) => r.seed).join(', ')} (final train risk ${fmt(diverged[0]!.final.train_risk, 3)}): reduce --lr (η = ${cfg.lr})`
        : null;
    const notConverged = divergence !== null || runs.some((r) => r.hessian.some((h) => !h.status.converged || (h.plugin !== null && !h.plugin.status.converged)));
    const sum = summary(runs);
    const json = {
      ...(plot !== undefined ? { plot } : {}),
      provenance: provenance(),
      config: { ...cfg, init: INIT_CONVENTION },
      d: cfg.d,
      n: runs[0]!.n,
      seeds,
      execution: executionMode(seeds.length, threads),
      criterion: 'learned := max_j ‖P_H w_j(T)‖²/‖w_j(T)‖² ≥ 0.5 at the horizon T',
      hessian_note: 'lowest eigenpairs of ∇²R̂(W(t)) + λI by Lanczos on Hessian–vector products; for piecewise-linear σ only the Gauss–Newton term is present (σ″ = 0 a.e.)',
      status: notConverged ? 'not_converged' : 'converged',
      ...(divergence ? { message: divergence } : {}),
      summary: sum,
      runs: runs.map((r) => ({
        seed: r.seed,
        easy: r.easy.map((i) => i + 1),
        hard: r.hard.map((i) => i + 1),
        final: r.final,
        t_learn: r.t_learn,
        series: r.series,
        hessian: r.hessian.map((h) => ({ ...h, status_label: statusLabel(h.status) })),
        seconds: r.seconds,
      })),
    };
    if (plot !== undefined) {
      const series = runs.flatMap((r) => [
        { label: `U_H, seed ${r.seed}`, t: r.series.t, overlap2: r.series.overlap_h },
        ...(r.easy.length > 0 ? [{ label: `U_E, seed ${r.seed}`, t: r.series.t, overlap2: r.series.overlap_e }] : []),
      ]);
      await writeFigure(gdOverlapFigure({ series, title: `GD (d = ${cfg.d}, n = ${runs[0]!.n}, η = ${cfg.lr}): overlap² with ${runs.some((r) => r.easy.length > 0) ? 'U_H and U_E' : 'U_H'}, simulation` }), plot);
    }
    const rows = runs.map((r) => [String(r.seed), fmt(r.final.overlap_h, 4), fmt(r.final.overlap_e, 4), fmt(r.final.train_risk, 5), fmt(r.final.test_risk, 5), fmt(r.final.w_norm, 4), r.t_learn === null ? '—' : String(r.t_learn)]);
    const probes = runs.flatMap((r) =>
      r.hessian.map((h) => [String(r.seed), String(h.t), fmt(h.values[0], 5), fmt(h.overlap_h[0], 4), fmt(h.values[1], 5), h.plugin ? fmt(h.plugin.outlier, 5) : '—', h.plugin ? fmt(h.plugin.bulk_edge, 5) : '—', h.plugin ? fmt(h.plugin.overlap2, 4) : '—', statusLabel(h.status)]),
    );
    const text = [
      kvTable([
        ['model', `f(x) = Σ_j a_j σ(w_jᵀx), σ = ${cfg.act}, ℓ = ${cfg.loss}, y = ${cfg.target}${cfg.noise > 0 ? ` + ${cfg.noise}ξ` : ''}, m = ${cfg.readout.length}`],
        ['GD', `η = ${cfg.lr}, T = ${cfg.steps} steps, ridge ${cfg.ridge}, init ${INIT_CONVENTION}, s = ${cfg.initScale}`],
        ['data', `d = ${cfg.d}, n = ${runs[0]!.n} (δ = ${cfg.delta}), seeds ${seeds.join(',')}, ${json.execution}`],
        ['learned', `${sum.learned}/${sum.seeds} seeds (${json.criterion})`],
        ['U_H overlap² (final)', `${fmt(sum.overlap_h.mean, 4)}${sum.overlap_h.se !== null ? ` ± ${fmt(sum.overlap_h.se, 2)}` : ''}`],
      ]),
      '',
      gridTable(['seed', 'U_H overlap²', 'U_E overlap²', 'train risk', 'test risk', '‖W‖', 't_learn'], rows),
      ...(probes.length > 0 ? ['', 'Hessian probes (lowest eigenvalue λ₁, its U_H overlap², λ₂; §1 plug-in of the empirical law at that step):', gridTable(['seed', 't', 'λ₁', 'U_H ov²', 'λ₂', 'plug-in outlier', 'plug-in edge', 'plug-in ov²', 'Lanczos'], probes)] : []),
    ].join('\n') + (plot !== undefined ? `\nplot written to ${plot}` : '') + (divergence ? `\nnot converged: ${divergence}` : '');
    return { json, text, exitCode: notConverged ? ExitCode.NONCONVERGENCE : ExitCode.OK };
  },
};
