// `flcalc simulate spectral`: finite-d measurement of the docs/theory.md §1 quantities — the extreme eigenvalues of
// D = (1/n) Σ_i T(y_i) x_i x_iᵀ and the squared overlap of the outermost eigenvector with the latent subspace —
// over several seeds, with standard errors. x_i ~ N(0, I_d), latent z_i = first k coordinates (Θ* = e_1..e_k),
// y_i = g(z_i) + σ ξ_i, n = round(δ d).
import { stderrProgressLine } from '../../table/progress.js';
import type { CommandSpec, CommandResult } from '../command.js';
import { parseNumber, parseChoice, optionalString, parseOutputFile } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { resolveTarget, resolveWeight } from '../../../model/formulas.js';
import { provenance } from '../../../core/provenance.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { statusLabel } from '../../../core/status.js';
import { NonFiniteValue, SIMULATION_TOL, runSpectralExperiment, sampleSize, spectralExperiment } from '../../../simulate/spectral/index.js';
import { buildSpectralLaw, unboundedSide } from '../../../model/law.js';
import { spectrum } from '../../../theory/spectral/spectrum.js';
import { bulkDensity } from '../../plot/bulkDensity.js';
import { extremeEigenvaluesFigure } from '../../plot/figures.js';
import { writeFigure } from '../../plot/write.js';

const EXAMPLE = 'flcalc simulate spectral --target "z^2" --weight "min(y,3)-1" --delta 2 --d 2000 --seeds 3';
/** Largest X stored (n·d doubles, 8 bytes each): 2.5e8 doubles = 2 GB. */
const MAX_ENTRIES = 2.5e8;

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export const simulateSpectral: CommandSpec = {
  command: 'spectral',
  describe: 'Simulate the extreme eigenvalues and the latent overlap² of D = (1/n) Σ T(y_i) x_i x_iᵀ (docs/theory.md §1)',
  builder: (y) =>
    y
      .option('target', { type: 'string', default: 'z^2', describe: 'y = g(z) or g(z1..zk): catalogue name or expression' })
      .option('weight', { type: 'string', default: 'min(y,3)-1', describe: 'T(y): catalogue name or expression in y' })
      .option('delta', { type: 'string', default: '2', describe: 'sample ratio δ = n/d (n = round(δ d))' })
      .option('d', { type: 'string', default: '2000', describe: 'dimension d' })
      .option('seeds', { type: 'string', default: '3', describe: 'number of independent seeds' })
      .option('seed', { type: 'string', default: '1', describe: 'first seed (seeds N, N+1, …)' })
      .option('side', { type: 'string', default: 'upper', describe: 'upper (largest eigenvalues) or lower (smallest)' })
      .option('noise', { type: 'string', default: '0', describe: 'σ in y = g(z) + σ ξ, ξ ~ N(0,1)' })
      .option('k', { type: 'string', default: '3', describe: 'number of extreme eigenvalues reported' })
      .option('plot', { type: 'string', describe: 'write the measured eigenvalues per seed vs the predicted edge, outlier and bulk density to FILE.svg or FILE.png' })
      .example(EXAMPLE, 'the docs/theory.md §1 reference case'),
  run: async (argv) => runSimulateSpectral(argv),
};

async function runSimulateSpectral(argv: Record<string, unknown>): Promise<CommandResult> {
  const targetSpec = optionalString(argv, 'target', 'z^2') ?? 'z^2';
  const weightSpec = optionalString(argv, 'weight', 'min(y,3)-1') ?? 'min(y,3)-1';
  const target = resolveTarget(targetSpec, '--target');
  const weight = resolveWeight(weightSpec, '--weight');
  const delta = parseNumber(argv, 'delta', { example: '2', default: 2, exclusiveMin: 0, max: 1e4 });
  const d = parseNumber(argv, 'd', { example: '2000', default: 2000, integer: true, min: 1, max: 100000 });
  const seeds = parseNumber(argv, 'seeds', { example: '3', default: 3, integer: true, min: 1, max: 1000 });
  const seed = parseNumber(argv, 'seed', { example: '1', default: 1, integer: true, min: 0, max: Number.MAX_SAFE_INTEGER - seeds });
  const noise = parseNumber(argv, 'noise', { example: '0.5', default: 0, min: 0, max: 1e3 });
  const count = parseNumber(argv, 'k', { example: '3', default: 3, integer: true, min: 1, max: 50 });
  const side = parseChoice(argv, 'side', ['upper', 'lower'] as const, 'upper');
  if (target.k > d) throw new UsageError('--d', `must be at least the number of latent coordinates k = ${target.k}, got ${d}`, '2000');
  if (count > d) throw new UsageError('--k', `must be ≤ d = ${d}, got ${count}`, '3');
  const n = sampleSize(delta, d);
  if (n * d > MAX_ENTRIES)
    throw new UsageError('--d, --delta', `n·d = δd² = ${n}·${d} = ${(n * d).toExponential(2)} entries exceeds ${MAX_ENTRIES.toExponential(1)} (2 GB)`, '2000');

  const plot = parseOutputFile(argv, 'plot', ['.svg', '.png'], 'spectrum.svg');
  const exp = spectralExperiment(target, weight, { noise, delta, d, side, count, tol: SIMULATION_TOL });
  let run;
  try {
    run = runSpectralExperiment(exp, seed, seeds, stderrProgressLine('flcalc simulate spectral', 'seeds'));
  } catch (e) {
    if (e instanceof NonFiniteValue)
      throw new UsageError(`--${e.role}`, `${e.message}; it must be finite on the simulated data`, e.role === 'target' ? 'z^2' : 'min(y,3)-1');
    throw e;
  }

  const seedList = run.samples.map((s) => s.seed);
  const oneSeed = seeds === 1;
  const converged = run.status.converged;
  const config = {
    target: target.name,
    target_latex: target.fn.latex,
    k_latent: target.k,
    weight: weight.source,
    weight_latex: weight.latex,
    noise,
    delta,
    d,
    n,
    seeds,
    seed,
    side,
    k: count,
    lanczos_tol: SIMULATION_TOL,
    design: 'x_i ~ N(0, I_d) row-major; latent z_i = first k coordinates (Θ* = e_1..e_k); y_i = g(z_i) + noise·ξ_i; n = round(δ d)',
    rng: 'xoshiro128** seeded by splitmix64(seed), Marsaglia polar normals; seed s draws X, then ξ, then the Lanczos start',
  };
  const json = {
    eigenvalues: run.eigenvalues.map((e) => e.mean),
    eigenvalues_se: run.eigenvalues.map((e) => finiteOrNull(e.se)),
    overlap2: run.overlap2.mean,
    overlap2_se: finiteOrNull(run.overlap2.se),
    ...(oneSeed ? { se_reason: 'one seed: no standard error' } : {}),
    d,
    n,
    delta,
    side,
    seeds: seedList,
    per_seed: run.samples.map((s) => ({
      seed: s.seed,
      eigenvalues: s.eigenvalues,
      overlap2: s.overlap2,
      status: statusLabel(s.status),
      residual: s.status.residual,
      iterations: s.status.iterations,
    })),
    status: statusLabel(run.status),
    residual: run.status.residual,
    iterations: run.status.iterations,
    method: 'lanczos-full-reorth',
    ...(run.status.message ? { message: run.status.message } : {}),
    eigenvalue_order: side === 'upper' ? 'largest first' : 'smallest first',
    overlap2_of: side === 'upper' ? 'top eigenvector' : 'bottom eigenvector',
    config,
    provenance: provenance(),
  };

  const pm = (m: number, se: number) => (Number.isFinite(se) ? `${fmt(m)} ± ${fmt(se, 2)}` : fmt(m));
  const rank = (r: number) => (r === 0 ? `λ_1 (${side === 'upper' ? 'largest' : 'smallest'})` : `λ_${r + 1}`);
  const rows = [
    ...run.eigenvalues.map((e, r) => [rank(r), pm(e.mean, e.se), ...run.samples.map((s) => fmt(s.eigenvalues[r]!))]),
    ['overlap²', pm(run.overlap2.mean, run.overlap2.se), ...run.samples.map((s) => fmt(s.overlap2))],
  ];
  const text = [
    kvTable([
      ['target', `y = ${target.name}${noise > 0 ? ` + ${fmt(noise)}·ξ` : ''}  (k = ${target.k})`],
      ['weight', `T(y) = ${weight.source}`],
      ['δ, d, n', `${fmt(delta)}, ${d}, ${n}`],
      ['side', side],
      ['seeds', seedList.join(', ')],
      ['status', `${statusLabel(run.status)} (max residual ${fmt(run.status.residual, 3)}, ${run.status.iterations} Lanczos steps in total)`],
    ]),
    '',
    gridTable(['quantity', oneSeed ? 'value' : 'mean ± se', ...seedList.map((s) => `seed ${s}`)], rows),
    '',
    'D = (1/n) Σ T(y_i) x_i x_iᵀ, x_i ~ N(0, I_d); overlap² = squared norm of the latent part (first k coordinates) of the ' +
      (side === 'upper' ? 'top' : 'bottom') +
      ' eigenvector.',
    ...(run.status.message ? [`not converged: ${run.status.message}`] : []),
  ].join('\n');
  let plotNote = '';
  if (plot !== undefined) {
    const theory = plotTheory(target, weight, noise, delta, side);
    await writeFigure(
      extremeEigenvaluesFigure({
        perSeed: run.samples.map((s) => ({ seed: s.seed, values: s.eigenvalues })),
        ...(theory.edge !== undefined ? { edge: theory.edge, outlier: theory.outlier } : {}),
        ...(theory.density ? { density: theory.density } : {}),
        title: `D = (1/n) Σ T(y_i) x_i x_iᵀ: ${count} ${side === 'upper' ? 'largest' : 'smallest'} eigenvalues (d = ${d}, n = ${n}) vs theory (d → ∞)`,
      }),
      plot,
    );
    plotNote = `\nplot written to ${plot}${theory.note ? ` (${theory.note})` : ''}`;
  }
  return { json: plot !== undefined ? { ...json, plot } : json, text: text + plotNote, ...(converged ? {} : { exitCode: ExitCode.NONCONVERGENCE }) };
}

/** Theory overlays of the plot (docs/theory.md §1): edge and outlier on the simulated side, bulk density between the two
 *  edges; parts that cannot be computed are left out and named in `note`. */
function plotTheory(
  target: ReturnType<typeof resolveTarget>,
  weight: ReturnType<typeof resolveWeight>,
  noise: number,
  delta: number,
  side: 'upper' | 'lower',
): { edge?: number; outlier?: number | null; density?: { x: number[]; y: number[] }; note: string } {
  const unbounded = unboundedSide(target, weight, noise, side);
  if (unbounded) return { note: `no theory lines: ${unbounded}` };
  const law = buildSpectralLaw(target, weight, { noise });
  const sp = spectrum(law, delta, side);
  const other = side === 'upper' ? 'lower' : 'upper';
  if (unboundedSide(target, weight, noise, other)) return { edge: sp.bulk_edge, outlier: sp.outlier, note: `no bulk density: T is unbounded on the ${other} side` };
  const far = spectrum(law, delta, other).bulk_edge;
  const near = sp.outlier ?? sp.bulk_edge;
  const [lo, hi] = far < near ? [far, near] : [near, far];
  const pad = 0.08 * (hi - lo);
  const grid = Array.from({ length: 241 }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / 240);
  const rho = bulkDensity(law, delta, grid);
  const note = rho.unconverged > 0 ? `bulk density: ${rho.unconverged} of ${grid.length} grid points above tolerance` : '';
  return { edge: sp.bulk_edge, outlier: sp.outlier, density: { x: rho.x, y: rho.y }, note };
}
