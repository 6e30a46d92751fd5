// `flcalc simulate onestep`: finite-n one-step experiment (src/simulate/onestep/simulate.ts) over several seeds, with the
// theory of `flcalc onestep` at the same n alongside (docs/theory.md §7).
import type { CommandSpec, CommandResult } from '../command.js';
import { parseNumber } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { provenance } from '../../../core/provenance.js';
import { combineStatus, statusLabel } from '../../../core/status.js';
import { onestepTheory, NORMALISATION } from '../../../theory/onestep/index.js';
import { simulateOnestepSeed, summarise, estimate, VISIBILITY_RULE, ALIGNED_RULE, type Estimate } from '../../../simulate/onestep/index.js';
import { finiteNJson, onestepOptions, parseOnestepFlags } from '../commands/onestep.js';

const EXAMPLE = 'flcalc simulate onestep --act "sin(x)+cos(x)" --target "z + z^2/2" --alpha 0.3 --c 1 --ratios "1,1" --n 1000 --seeds 2';
/** Largest n·max(d, N) stored per matrix (8 bytes each): 1.6e7 doubles = 128 MB. */
const MAX_ENTRIES = 1.6e7;

export const simulateOnestep: CommandSpec = {
  command: 'onestep',
  describe: 'Simulate one large gradient step: spectrum of the features, alignments with He_k(<β,x>), ridge errors (docs/theory.md §7)',
  builder: (y) =>
    onestepOptions(y)
      .option('n', { type: 'string', default: '1000', describe: 'number of samples n (d, N from --ratios)' })
      .option('seeds', { type: 'string', default: '2', describe: 'number of independent seeds' })
      .option('seed', { type: 'string', default: '1', describe: 'first seed (seeds s, s+1, …)' })
      .option('top', { type: 'string', default: '10', describe: 'number of top singular values computed' })
      .example(EXAMPLE, 'two seeds at n = d = N = 1000'),
  run: (argv) => runSimulateOnestep(argv),
};

const pm = (e: Estimate | null) => (e === null ? '—' : `${fmt(e.mean, 5)}${e.se === null ? '' : ` ± ${fmt(e.se, 2)}`}`);

function runSimulateOnestep(argv: Record<string, unknown>): CommandResult {
  const flags = parseOnestepFlags(argv);
  const n = parseNumber(argv, 'n', { example: '1000', default: 1000, integer: true, min: 20 });
  const seeds = parseNumber(argv, 'seeds', { example: '2', default: 2, integer: true, min: 1, max: 1000 });
  const seed = parseNumber(argv, 'seed', { example: '1', default: 1, integer: true, min: 0, max: Number.MAX_SAFE_INTEGER - seeds });
  const top = parseNumber(argv, 'top', { example: '10', default: 10, integer: true, min: 4, max: 50 });
  const d = Math.round(flags.psi * n);
  const N = Math.round(flags.phi * n);
  if (d < 1 || N < 4) throw new UsageError('--ratios', `gives d = ${d}, N = ${N} at n = ${n}; need d ≥ 1 and N ≥ 4`, '"1,1"');
  if (n * Math.max(d, N) > MAX_ENTRIES) throw new UsageError('--n', `n·max(d, N) = ${n * Math.max(d, N)} exceeds ${MAX_ENTRIES} (memory)`, '2000');
  if (top > Math.min(n, N)) throw new UsageError('--top', `must be ≤ min(n, N) = ${Math.min(n, N)}`, '10');

  const theory = onestepTheory({ ...flags, n });
  const seedList = Array.from({ length: seeds }, (_, i) => seed + i);
  const runs = seedList.map((s) =>
    simulateOnestepSeed({ act: flags.act, target: flags.target, noise: flags.noise, c: flags.c, alphas: [flags.alpha], psi: flags.psi, phi: flags.phi, ridge: flags.ridge, n, seed: s, top }),
  );
  const sum = summarise(runs)[0]!;
  const status = combineStatus('simulate onestep', runs.flatMap((r) => r.alphas.map((a) => a.status)));
  const overlap = estimate(runs.map((r) => r.overlap_beta));
  const trainF0 = estimate(runs.map((r) => r.train_error_F0!));
  const testF0 = estimate(runs.map((r) => r.test_error_F0!));
  const json = {
    num_spikes: theory.num_spikes,
    visible_count: sum.visible_count,
    visible_counts: sum.visible_counts,
    visibility_rule: VISIBILITY_RULE,
    aligned_count: sum.aligned_count,
    aligned_counts: sum.aligned_counts,
    aligned_rule: ALIGNED_RULE,
    spikes: sum.spikes.map((s) => {
      const th = theory.spikes.find((t) => t.k === s.k);
      return {
        ...s,
        feature: `He_${s.k}(<β,x>)`,
        theory_singular_value: th?.singular_value ?? null,
        theory_singular_value_smoothed: th?.singular_value_smoothed ?? null,
        theory_projection: theory.projections[s.k] ?? null,
      };
    }),
    singular_values: sum.singular_values,
    singular_values_F0: runs[0]!.singular_values_F0.map((_, i) => estimate(runs.map((r) => r.singular_values_F0[i]!))),
    overlap_beta: overlap,
    theory_overlap_beta: theory.overlap_beta,
    train_error: sum.train_error,
    test_error: sum.test_error,
    train_error_F0: trainF0,
    test_error_F0: testF0,
    theory_finite_n: finiteNJson(theory),
    /** Measured ridge errors, same keys and normalisation as `flcalc onestep --json` `errors` (mean ± se over seeds). */
    errors: { F0: { train_error: trainF0, test_error: testF0 }, F1: { train_error: sum.train_error, test_error: sum.test_error } },
    theory_errors: { F0: { train: theory.errors.F0.train_error, test: theory.errors.F0.test_error }, F1: { train: theory.train_error, test: theory.test_error }, model: 'finite n, docs/theory.md §8' },
    theory_errors_limit: { F0: { train: theory.errors_limit.F0.train_error, test: theory.errors_limit.F0.test_error }, F1: { train: theory.errors_limit.F1.train_error, test: theory.errors_limit.F1.test_error }, model: 'n → ∞, docs/theory.md (8.11)' },
    config: { act: flags.act.name, target: flags.target.name, noise: flags.noise, alpha: flags.alpha, c: flags.c, ratios: [flags.psi, flags.phi], ridge: flags.ridge, top },
    n, d, N,
    seeds: seedList,
    per_seed: runs.map((r) => ({ ...r, provenance: undefined })),
    normalisation: NORMALISATION,
    provenance: provenance(),
    status: statusLabel(status),
    status_detail: status,
  };
  const rows = sum.spikes.map((s) => {
    const th = theory.spikes.find((t) => t.k === s.k);
    return [String(s.k), pm(s.projection), fmt(theory.projections[s.k] ?? null, 5), pm(s.singular_value), fmt(th?.singular_value_smoothed ?? null, 5), pm(s.left_alignment2), pm(s.right_alignment2)];
  });
  const text = [
    kvTable([
      ['n, d, N, seeds', `${n}, ${d}, ${N}, ${seedList.join(',')}`],
      ['α, η', `${flags.alpha}, ${fmt(theory.step_size)}`],
      ['spikes: rule ℓ(α) / visible (mean)', `${theory.num_spikes} / ${pm(sum.visible_count)} (per seed ${sum.visible_counts.join(', ')})`],
      ['spikes aligned with He_k (> 1/2)', `${pm(sum.aligned_count)} (per seed ${sum.aligned_counts.join(', ')})`],
      ['<β,β*>² (sim / theory)', `${pm(overlap)} / ${fmt(theory.overlap_beta)}`],
      ['top singular values F1c', sum.singular_values.slice(0, 6).map((e) => fmt(e.mean, 5)).join(', ')],
      ['top singular values F0c', runs[0]!.singular_values_F0.slice(0, 6).map((x) => fmt(x, 5)).join(', ')],
      ['imprints: overlap² of top F1c vectors with span{X̃x_i} (seed ' + String(seedList[0]) + ')', runs[0]!.alphas[0]!.imprint.span_overlap2.slice(0, 6).map((x) => fmt(x, 2)).join(', ')],
      ['imprints: expected outliers (theory), largest |r_i| (seed ' + String(seedList[0]) + ')', `${fmt(theory.finite_n.imprints?.expected_count ?? null, 3)}, ${fmt(Math.abs(runs[0]!.alphas[0]!.imprint.residuals[0] ?? NaN), 4)}`],
      ['ridge F0 train / test (sim)', `${pm(trainF0)} / ${pm(testF0)}`],
      ['ridge F0 train / test (theory)', `${fmt(theory.errors.F0.train_error)} / ${fmt(theory.errors.F0.test_error)}`],
      ['ridge F1 train / test (sim)', `${pm(sum.train_error)} / ${pm(sum.test_error)}`],
      ['ridge F1 train / test (theory, n)', `${fmt(theory.train_error)} / ${fmt(theory.test_error)}`],
      ['ridge F1 train / test (theory, n → ∞)', `${fmt(theory.errors_limit.F1.train_error)} / ${fmt(theory.errors_limit.F1.test_error)}`],
      ['status', statusLabel(status)],
    ]),
    '',
    gridTable(['k', 'ĥ_kᵀF_c r̂_k (sim)', '(theory)', 'matched s.v. (sim)', 'kernel s.v.', 'left align²', 'right align²'], rows),
    '',
    `Visible spikes: ${VISIBILITY_RULE}.`,
    `Normalisation: ${NORMALISATION}.`,
  ].join('\n');
  return { json, text, ...(status.converged ? {} : { exitCode: ExitCode.NONCONVERGENCE }) };
}
