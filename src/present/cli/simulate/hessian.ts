// `flcalc simulate hessian …state flags… --delta D --d DIM --seeds S [--json]`: lowest eigenpairs of the
// empirical-risk Hessian at the fixed state (Lanczos on Hessian–vector products) and the lowest eigenvector's
// squared overlap with U_H, mean ± standard error over seeds — the finite-d check of `flcalc nn`.
import { stderrProgressLine } from '../../table/progress.js';
import type { CommandSpec } from '../command.js';
import { optionalString, parseNumber, parseOutputFile } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { hessianSpectrum } from '../../../theory/hessian/spectrum.js';
import { extremeEigenvaluesFigure } from '../../plot/figures.js';
import { writeFigure } from '../../plot/write.js';
import { fmt, kvTable } from '../../../core/format.js';
import { simulateHessian as simulate } from '../../../simulate/hessian/simulate.js';
import { lawOrderOptions, problemAndState, stateOptions, NN_CONVENTIONS } from '../commands/nn.js';

export const simulateHessian: CommandSpec = {
  command: 'hessian',
  describe: 'Lowest eigenpairs of the empirical-risk Hessian at a fixed state and their U_H overlap (checks `flcalc nn`)',
  builder: (y) =>
    stateOptions(y)
      .option('delta', { type: 'string', default: '8', describe: 'sample ratio δ = n/d' })
      .option('d', { type: 'string', default: '1000', describe: 'dimension d' })
      .option('seeds', { type: 'string', default: '2', describe: 'number of seeds' })
      .option('seed', { type: 'string', default: '1', describe: 'first seed: seeds N, N+1, …' })
      .option('eigenpairs', { type: 'string', default: '3', describe: 'number of lowest eigenpairs' })
      .option('plot', { type: 'string', describe: 'write the lowest eigenvalues per seed vs the predicted edge and hard outlier to FILE.svg or FILE.png' })
      .option('order', { type: 'string', describe: 'quadrature order of the joint law for the plotted theory lines (as `nn --order`)' }),
  run: (argv) => {
    const { problem, state } = problemAndState(argv);
    const delta = parseNumber(argv, 'delta', { example: '8', default: 8, exclusiveMin: 0, max: 1e4 });
    const d = parseNumber(argv, 'd', { example: '1000', default: 1000, integer: true, min: 10, max: 100000 });
    const S = parseNumber(argv, 'seeds', { example: '3', default: 2, integer: true, min: 1, max: 1000 });
    const first = parseNumber(argv, 'seed', { example: '1', default: 1, integer: true, min: 0, max: 2 ** 31 });
    const k = parseNumber(argv, 'eigenpairs', { example: '3', default: 3, integer: true, min: 1, max: 50 });
    const plot = parseOutputFile(argv, 'plot', ['.svg', '.png'], 'hessian.svg');
    const atoms = lawOrderOptions(argv, problem, state);
    const r = simulate(problem, state, { delta, d, seeds: Array.from({ length: S }, (_, i) => first + i), eigenpairs: k }, stderrProgressLine('flcalc simulate hessian', 'seeds'));
    let plotNote = '';
    if (plot !== undefined) {
      const sp = hessianSpectrum(problem, state, delta, atoms);
      writeFigure(
        extremeEigenvaluesFigure({
          perSeed: r.per_seed.map((s) => ({ seed: s.seed, values: s.eigenvalues })),
          edge: sp.edge,
          outlier: sp.outlier,
          title: `Hessian ∇²R̂(W): ${k} lowest eigenvalues (d = ${d}, n = ${r.n}) vs theory (d → ∞)`,
        }),
        plot,
      );
      plotNote = `\nplot written to ${plot}${sp.status.converged ? '' : ` (theory lines: ${sp.status.message ?? 'not converged'})`}`;
    }
    const json = { ...r, conventions: NN_CONVENTIONS, ...(plot !== undefined ? { plot } : {}) };
    const pm = (x: number, se: number | null) => (se === null ? fmt(x) : `${fmt(x)} ± ${fmt(se, 2)}`);
    const text = [
      `flcalc simulate hessian — lowest eigenpairs of ∇²R̂(W) at a fixed state, d = ${d}, n = ${r.n}, ${S} seed(s)`,
      `Conventions: ${NN_CONVENTIONS}.`,
      '',
      kvTable([
        ['lowest eigenvalues (mean ± se)', r.eigenvalues.map((e, i) => pm(e, r.eigenvalues_se[i] ?? null)).join(', ')],
        ['overlap² of the lowest eigenvector with U_H', pm(r.overlap2_hard, r.overlap2_hard_se)],
        ['seeds', r.per_seed.map((s) => s.seed).join(', ')],
        ['Lanczos residual (max)', fmt(r.residual, 2)],
        ['status', r.status],
      ]),
    ].join('\n') + plotNote;
    return { json, text, exitCode: r.status === 'converged' ? ExitCode.OK : ExitCode.NONCONVERGENCE };
  },
};
