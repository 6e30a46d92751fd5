// `flcalc onestep`: spikes, polynomial features, overlap and ridge errors after one large gradient step
// (docs/theory.md §7; Moniri, Lee, Hassani & Dobriban 2024). Conventions: src/theory/onestep/normalisation.ts.
import type { Argv } from 'yargs';
import type { CommandSpec, CommandResult } from '../command.js';
import { optionalString, parseNumber, parseNumberList, requireString, parseOutputFile } from '../args.js';
import { onestepSingularValuesFigure } from '../../plot/figures.js';
import { writeFigure } from '../../plot/write.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { resolveActivation, resolveTarget } from '../../../model/formulas.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { statusLabel } from '../../../core/status.js';
import { checkParams, onestepTheory, type OnestepInput, type OnestepTheory, type SpikeRow } from '../../../theory/onestep/index.js';

const EXAMPLE = 'flcalc onestep --act "sin(x)+cos(x)" --target "z + z^2/2" --alpha 0.3 --c 1 --ratios "1,1" --ridge 0.1';

/** The flags shared by `onestep` and `simulate onestep`. */
export function onestepOptions(y: Argv): Argv {
  return y
    .option('act', { type: 'string', describe: 'activation σ(x): catalogue name or expression' })
    .option('target', { type: 'string', describe: 'single-index target g(z) with a linear component: name or expression' })
    .option('noise', { type: 'string', default: '0', describe: 'label-noise standard deviation S in y = g(z) + S ε' })
    .option('alpha', { type: 'string', describe: 'step-size exponent α ∈ [0, 1/2): η = c·n^α' })
    .option('c', { type: 'string', describe: 'step-size prefactor c > 0' })
    .option('ratios', { type: 'string', describe: '"d/n,N/n" (input dimension and width over samples)' })
    .option('ridge', { type: 'string', default: '0.1', describe: 'ridge λ > 0 on the readout (sum-of-squares loss)' })
    .example(EXAMPLE, 'σ = sin + cos, two spikes (α ∈ (1/4, 1/3))');
}

/** Parses and validates the shared flags (UsageError names the flag). */
export function parseOnestepFlags(argv: Record<string, unknown>): Omit<OnestepInput, 'n'> {
  const act = resolveActivation(requireString(argv, 'act', '"sin(x)+cos(x)"'), '--act');
  const target = resolveTarget(requireString(argv, 'target', '"z + z^2/2"'), '--target');
  const alpha = parseNumber(argv, 'alpha', { example: '0.3' });
  const c = parseNumber(argv, 'c', { example: '1' });
  const ratios = parseNumberList(argv, 'ratios', '"1,1"');
  if (ratios.length !== 2) throw new UsageError('--ratios', `needs exactly two numbers "d/n,N/n", got ${ratios.length}`, '"1,1"');
  const noise = parseNumber(argv, 'noise', { example: '0.1', default: 0 });
  const ridge = parseNumber(argv, 'ridge', { example: '0.1', default: 0.1 });
  const p = { act, target, alpha, c, psi: ratios[0]!, phi: ratios[1]!, noise, ridge };
  checkParams(p);
  return p;
}

export const onestepCommand: CommandSpec = {
  command: 'onestep',
  describe: 'One large gradient step: number of spikes ℓ(α), their polynomial features and sizes, ⟨β,β*⟩², ridge errors (docs/theory.md §7)',
  builder: (y) =>
    onestepOptions(y)
      .option('n', { type: 'string', describe: 'n at which singular values and finite-n errors are evaluated (d, N from --ratios; default 1000); when given, the output adds the finite-n spike separation ("finite_n")' })
      .option('plot', { type: 'string', describe: 'write the predicted spike singular values s_k/√n vs α (12 points in [0.05, 0.45] and the given α) to FILE.svg or FILE.png' }),
  run: (argv) => runOnestep(argv),
};

async function runOnestep(argv: Record<string, unknown>): Promise<CommandResult> {
  const flags = parseOnestepFlags(argv);
  const n = parseNumber(argv, 'n', { example: '1000', default: 1000, integer: true, min: 10 });
  const nGiven = argv['n'] !== undefined && argv['n'] !== null;
  const plot = parseOutputFile(argv, 'plot', ['.svg', '.png'], 'onestep.svg');
  const th = onestepTheory({ ...flags, n });
  const status = statusLabel(th.status);
  const err = (e: { train_error: number; test_error: number; kappa: number }) => ({ train_error: e.train_error, test_error: e.test_error, effective_ridge: e.kappa });
  const json = {
    num_spikes: th.num_spikes,
    spikes: th.spikes,
    overlap_beta: th.overlap_beta,
    train_error: th.train_error,
    test_error: th.test_error,
    learned_components: th.learned_components,
    boundary: th.boundary,
    errors: {
      F0: err(th.errors.F0),
      F1: err(th.errors.F1),
      improvement_test: th.errors.F0.test_error - th.errors.F1.test_error,
      n: th.n,
      model: 'finite n (docs/theory.md §8): F1 with the step\'s bulk (row norms, spike in the pre-activations, row correlations (8.15)–(8.19)) and its spikes',
    },
    errors_limit: {
      F0: err(th.errors_limit.F0),
      F1: err(th.errors_limit.F1),
      improvement_test: th.errors_limit.F0.test_error - th.errors_limit.F1.test_error,
      model: 'n → ∞ at fixed ratios (docs/theory.md (8.11)): bulk of F0, spikes that outgrow it fitted exactly',
    },
    errors_spike_only: { F1: err(th.errors_spike_only.F1), model: 'spike-only model at this n (bulk of F1 taken equal to that of F0)' },
    errors_isotropic_rows: { F1: err(th.errors_isotropic_rows.F1), model: 'finite n with the rows of W1 ⊥ β independent and isotropic (8.1), without their correlations' },
    ...(nGiven ? { finite_n: finiteNJson(th) } : {}),
    learnability: th.learnability,
    learnability_regime: 'n → ∞ at fixed ratios (at finite n see spikes[].singular_value_over_sqrt_n and the simulation)',
    step_size: th.step_size,
    zeta_norm: th.zeta_norm,
    kappa: th.kappa,
    hermite: { activation: th.sigma.c.slice(0, 7), target: th.g.c.slice(0, 7), kind: 'unnormalised c_k = E[f(G)He_k(G)]' },
    n: th.n,
    d: th.d,
    N: th.N,
    config: { act: flags.act.name, target: flags.target.name, noise: flags.noise, alpha: flags.alpha, c: flags.c, ratios: [flags.psi, flags.phi], ridge: flags.ridge },
    normalisation: th.normalisation,
    approximation: th.approximation,
    status,
    status_detail: th.status,
  };
  const spikeRows = th.spikes.map((s) => [
    String(s.k), s.feature, s.present ? 'yes' : `no (c_${s.k}(σ) = 0)`, fmt(s.singular_value, 5), fmt(s.singular_value_smoothed, 5),
    fmt(s.singular_value_over_sqrt_n, 4), fmt(s.growth_exponent, 3), s.target_component, fmt(s.target_coefficient, 4),
  ]);
  const learnRows = th.learnability.map((r) => [String(r.k), fmt(r.target_coefficient, 4), fmt(r.activation_coefficient, 4), r.learned ? 'yes' : 'no', r.by ?? '—', r.reason]);
  const text = [
    kvTable([
      ['activation', flags.act.name],
      ['target', flags.target.name],
      ['α, c, η = c·n^α', `${flags.alpha}, ${flags.c}, ${fmt(th.step_size)}`],
      ['n, d, N', `${th.n}, ${th.d}, ${th.N}`],
      ['number of spikes ℓ(α)', `${th.num_spikes}${th.boundary ? ' (boundary: the last spike has the bulk’s order)' : ''}`],
      ['<β,β*>²', fmt(th.overlap_beta)],
      ['ridge error F0 (train / test)', `${fmt(th.errors.F0.train_error)} / ${fmt(th.errors.F0.test_error)}`],
      ['ridge error F1 (train / test)', `${fmt(th.train_error)} / ${fmt(th.test_error)}`],
      ['n → ∞ limit F0 → F1 (test)', `${fmt(th.errors_limit.F0.test_error)} → ${fmt(th.errors_limit.F1.test_error)}`],
      ['learned components', th.learned_components.join(', ')],
      ['status', status],
    ]),
    '',
    gridTable(['k', 'feature', 'present', 's_k (leading)', 's_k (finite-n kernel)', 's_k/√n', 'exponent', 'target comp.', 'c_k(g)'], spikeRows),
    ...(nGiven ? ['', finiteNText(th)] : []),
    '',
    'Learned target components (n → ∞ at fixed ratios):',
    gridTable(['k', 'c_k(g)', 'c_k(σ)', 'learned', 'by', 'why'], learnRows),
    '',
    `Normalisation: ${th.normalisation}.`,
    `Approximation: ${th.approximation}.`,
  ].join('\n');
  let plotNote = '';
  if (plot !== undefined) {
    const { fig, note } = alphaSweepFigure(flags, n);
    await writeFigure(fig, plot);
    plotNote = `\nplot written to ${plot}${note ? ` (${note})` : ''}`;
  }
  return {
    json: plot !== undefined ? { ...json, plot } : json,
    text: text + plotNote,
    ...(th.status.converged ? {} : { exitCode: ExitCode.NONCONVERGENCE }),
  };
}

/** Leading-order s_k/√n of the spikes (docs/theory.md §7) over 12 α in [0.05, 0.45] plus the requested α, marked. */
function alphaSweepFigure(flags: Omit<OnestepInput, 'n'>, n: number): { fig: ReturnType<typeof onestepSingularValuesFigure>; note: string } {
  const alphas = [...Array.from({ length: 12 }, (_, i) => 0.05 + (0.4 * i) / 11), flags.alpha].sort((a, b) => a - b);
  const rows = alphas.map((alpha) => onestepTheory({ ...flags, alpha, n, rowCorrelations: false }).spikes);
  const value = (sp: SpikeRow[], k: number) => sp.find((s) => s.k === k)?.singular_value_over_sqrt_n ?? null;
  const defined = (k: number) => rows.filter((sp) => Number.isFinite(value(sp, k))).length;
  const all = [...new Set(rows.flatMap((sp) => sp.filter((s) => s.present && Number.isFinite(value(sp, s.k))).map((s) => s.k)))].sort((a, b) => a - b);
  // A spike present at a single grid α cannot be drawn as a curve; it is named in the note instead.
  const ks = all.filter((k) => defined(k) >= 2);
  const omitted = all.filter((k) => defined(k) < 2);
  const spikes = ks.map((k) => ({ k, values: rows.map((sp) => value(sp, k)) }));
  const top = Math.max(...spikes.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v))), 1);
  const fig = onestepSingularValuesFigure({
    alpha: alphas,
    spikes,
    // α_ℓ = (ℓ−1)/(2ℓ): spike ℓ separates from the bulk for α > α_ℓ (docs/theory.md §7)
    boundaries: ks.filter((k) => k >= 2).map((k) => (k - 1) / (2 * k)).filter((b) => b > alphas[0]! && b < alphas[alphas.length - 1]!),
    ylabel: 's_k/√n (leading order)',
    title: `One large step (σ = ${flags.act.name}, n = ${n}): predicted spike singular values vs α`,
  });
  fig.series.push({ kind: 'vline', label: `α = ${flags.alpha} (requested)`, at: flags.alpha, color: '#000000', dash: false });
  // Leave the upper part of the panel to the legend (the curves grow towards the upper right).
  fig.ylim = [0, top / 0.55];
  return { fig, note: omitted.length ? `spikes k = ${omitted.join(', ')} exist only at α = ${alphas[alphas.length - 1]!.toFixed(2)} on this grid and are not drawn` : '' };
}

/** The finite-n spike separation of `flcalc onestep --n N` (src/theory/onestep/finiteN.ts). */
export function finiteNJson(th: OnestepTheory) {
  const f = th.finite_n;
  return {
    n: f.n,
    d: th.d,
    N: th.N,
    bulk_edge: f.bulk_edge,
    bulk_top_mean: f.bulk_top_mean,
    bulk_top_sd: f.bulk_top_sd,
    theta_critical: f.theta_critical,
    predicted_count: f.predicted_count,
    uncertain: f.uncertain,
    predicted_aligned_count: f.predicted_aligned_count,
    spikes: f.spikes.map((s) => ({
      k: s.k, feature: `He_${s.k}(<β,x>)`, theta: s.theta, he_weight2: s.he_weight2, outlier: s.outlier, separated: s.separated,
      in_window: s.in_window, left_alignment2: s.left_alignment2, right_overlap2: s.right_overlap2,
    })),
    imprints: f.imprints
      ? {
          kappa: f.imprints.kappa, r_critical: f.imprints.r_critical, expected_count: f.imprints.expected_count,
          largest: f.imprints.largest, approximation: f.imprints.approximation, status: statusLabel(f.imprints.status),
        }
      : null,
    units: 'singular values of the double-centred F (as spikes[].singular_value); theta in units of √n',
    approximation: f.approximation,
    status: statusLabel(f.bulk.status),
  };
}

function finiteNText(th: OnestepTheory): string {
  const f = th.finite_n;
  const rows = f.spikes
    .filter((s) => s.theta >= 0.05 * f.theta_critical)
    .map((s) => [String(s.k), fmt(s.theta, 4), s.separated ? 'yes' : 'no', s.in_window ? 'yes' : 'no', fmt(s.outlier, 5), fmt(s.left_alignment2, 3)]);
  return [
    `Finite n = ${f.n}: bulk edge ${fmt(f.bulk_edge, 5)} (expected top bulk value ${fmt(f.bulk_top_mean, 5)} ± ${fmt(f.bulk_top_sd, 2)}), θ_c = ${fmt(f.theta_critical, 4)}√n; ` +
      `separated spikes ${f.predicted_count}${f.uncertain ? ` (${f.uncertain} in the critical window)` : ''} (n → ∞ rule: ${th.num_spikes})`,
    gridTable(['k', 'θ/√n', 'separated', 'in window', 'outlier s.v.', 'align² He_k'], rows),
    ...(f.imprints
      ? [`Imprints of single training samples (θ_i = ${fmt(f.imprints.kappa, 4)}·|r_i| in units of √n): a sample separates iff |r_i| > ${fmt(f.imprints.r_critical, 4)}; ` +
          `expected number of imprint outliers ${fmt(f.imprints.expected_count, 3)}; largest expected |r| ${fmt(f.imprints.largest.r, 3)} → θ/θ_c = ${fmt(f.imprints.largest.theta_ratio, 3)}` +
          (f.imprints.largest.outlier !== null ? `, outlier at ${fmt(f.imprints.largest.outlier, 5)}` : ', not separated')]
      : []),
    `Finite-n approximation: ${f.approximation}.`,
  ].join('\n');
}
