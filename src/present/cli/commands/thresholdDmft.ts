// `flcalc threshold dmft`: the finite-d learning threshold of GD predicted by the DMFT (src/theory/dmft/learning.ts) — per d,
// the threshold of every realisation of the θ channel (the DMFT's analogue of a seed), their median and quartiles,
// and the central 90% interval of the majority-of-S-seeds threshold that `threshold empirical` measures.
import type { CommandResult } from '../command.js';
import { parseNumber } from '../args.js';
import { searchArgs } from './searchArgs.js';
import { provenance } from '../../../core/provenance.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { dmftLearningThreshold } from '../../../theory/dmft/learning.js';
import { parseGdConfig } from '../simulate/gd.js';
import { dmftSpec, EXACT_DEFAULT_STEPS, marchProgress } from './dmftArgs.js';
import { ExitCode } from '../../../core/errors.js';

const iv = (b: [number, number] | null) => (b ? `[${fmt(b[0], 4)}, ${fmt(b[1], 4)}]` : '—');

export function runThresholdDmft(argv: Record<string, unknown>): CommandResult {
  const { cfg } = parseGdConfig({ ...argv, steps: argv['steps'] ?? '100', 'hessian-at': '0' }, false);
  const { spec, compression } = dmftSpec(argv, cfg, 4096);
  const { dims, ...search } = searchArgs(argv, Infinity);
  const K = parseNumber(argv, 'realisations', { example: '16', default: 16, min: 1, max: 1000, integer: true });
  const seedsPerPoint = parseNumber(argv, 'seeds', { example: '4', default: 4, min: 1, max: 1000, integer: true });
  const opts = {
    realisations: Array.from({ length: K }, (_, i) => i + 1),
    ...search,
    seedsPerPoint,
    log: (l: string) => process.stderr.write(l + '\n'),
    compression,
    progress: (label: string) => (spec.steps > EXACT_DEFAULT_STEPS ? marchProgress(label, spec.steps) : undefined),
  };
  const byD = dims.map((d) => dmftLearningThreshold(spec, { ...opts, d }));
  const last = byD[byD.length - 1]!;
  const json = {
    kind: 'dmft',
    criterion: last.criterion,
    horizon: spec.steps,
    bracket: last.majorityInterval,
    by_d: byD.map((b) => ({
      d: b.d,
      median: b.median,
      quartiles: b.quartiles,
      majority_interval: b.majorityInterval,
      thresholds: b.thresholds,
      realisations: b.realisations,
    })),
    extrapolated: null,
    note: `bracket = central 90% interval of the majority-of-${seedsPerPoint}-seeds threshold at the largest d; no d → ∞ extrapolation: at fixed T the threshold grows with d (learning needs ~ln d steps)`,
    config: { ...spec, dims, realisations: K, seeds_per_point: seedsPerPoint, window: Number.isFinite(compression.window) ? compression.window : 'exact', early: compression.early },
    provenance: provenance(),
  };
  const open = byD.some((b) => b.median === null);
  const text = [
    kvTable([
      ['model', `σ = ${spec.act}, ℓ = ${spec.loss}, y = ${spec.target}, m = ${spec.readout.length}, η = ${spec.lr}, s = ${spec.initScale}, ridge ${spec.ridge}; ${spec.samples} effective paths`],
      ['criterion', `${last.criterion}; horizon T = ${spec.steps}`],
      ['realisations', `${K} (θ-channel seeds 1..${K})`],
      ['march', Number.isFinite(compression.window) ? `coarse-grained in time: window ${compression.window}, first ${compression.early} steps exact (docs/dmft.md "Long horizons")` : 'exact (no coarse-graining)'],
    ]),
    '',
    gridTable(
      ['d', 'median threshold', 'quartiles', `90% interval of the ${seedsPerPoint}-seed majority threshold`, 'per-realisation thresholds'],
      byD.map((b) => [String(b.d), fmt(b.median, 4), iv(b.quartiles), iv(b.majorityInterval), b.thresholds.map((x) => fmt(x, 3)).join(', ')]),
    ),
    ...(open ? ['', 'Some realisations did not bracket their threshold in the range (see the JSON): widen --delta-range or --max-delta.'] : []),
  ].join('\n');
  return { json, text, exitCode: open ? ExitCode.NONCONVERGENCE : ExitCode.OK };
}
