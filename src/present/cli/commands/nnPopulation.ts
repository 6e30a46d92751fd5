// `flcalc nn --state population …`: δNN(t) along the population model of phase 1 (docs/theory.md (5.5)).
// The model (src/theory/population/population.ts) runs GD on the population risk and applies the fixed-state §1 threshold
// at each step. docs/theory.md (5.5) records that it is not accurate in the proportional regime; docs/results.md "Gradient-descent
// dynamics" and validation/dynamics record how far it falls from the empirical GD threshold.
import type { CommandResult } from '../command.js';
import { optionalString, parseNumber, parseNumberList } from '../args.js';
import { statusLabel } from '../../../core/status.js';
import { fmt, kvTable, gridTable } from '../../../core/format.js';
import { populationStateDeltaNN } from '../../../theory/population/index.js';
import { ExitCode } from '../../../core/errors.js';

export function runPopulationState(argv: Record<string, unknown>, delta: number): CommandResult {
  const act = optionalString(argv, 'act', 'gelu') ?? 'gelu';
  const loss = optionalString(argv, 'loss', 'square') ?? 'square';
  const target = optionalString(argv, 'target', 'tanh(z^2)') ?? 'tanh(z^2)';
  const noise = parseNumber(argv, 'noise', { example: '0.1', default: 0, min: 0 });
  const width = parseNumber(argv, 'width', { example: '1', default: 1, min: 1, integer: true });
  const readout = parseNumberList(argv, 'readout', '1', Array(width).fill(1 / width));
  const spec = {
    act, loss, target, noise, readout,
    initScale: parseNumber(argv, 'init-scale', { example: '1', default: 1, exclusiveMin: 0 }),
    lr: parseNumber(argv, 'lr', { example: '1', default: 1, exclusiveMin: 0 }),
    steps: parseNumber(argv, 'steps', { example: '1000', default: 1000, min: 1, max: 100_000, integer: true }),
    deltas: [delta],
  };
  const r = populationStateDeltaNN(spec);
  const sp = r.spectra[0];
  const json = {
    state: 'population',
    delta_nn: r.delta_nn,
    delta_nn_t: r.delta_nn_t,
    t: r.t,
    risk_t: r.risk_t,
    w_norm_t: r.w_norm_t,
    approximation: r.approximation,
    weight_unbounded_below: r.weight_unbounded_below,
    error_estimate: Number.isFinite(r.error_estimate) ? r.error_estimate : null,
    ...(sp ? { delta, edge: sp.bulk_edge, outlier: sp.outlier, overlap2_hard: sp.overlap2 } : {}),
    status: statusLabel(r.status),
    residual: Number.isFinite(r.status.residual) ? r.status.residual : null,
    config: spec,
  };
  const last = Math.max(0, r.t.length - 1);
  const shown = r.t.map((_, i) => i).filter((i) => i <= 3 || i === last || i % Math.ceil(r.t.length / 8) === 0);
  const text = [
    'flcalc nn --state population — δNN(t) along the population model of phase 1 (docs/theory.md (5.5))',
    `Approximation: ${r.approximation}. This model is not accurate in the proportional regime (docs/theory.md §5; measured in docs/results.md, "Gradient-descent dynamics").`,
    '',
    gridTable(['step t', 'δNN(t)', 'population risk', 'max ‖w_j‖'], shown.map((i) => [String(r.t[i]), fmt(r.delta_nn_t[i]), fmt(r.risk_t[i]), fmt(r.w_norm_t[i])])),
    '',
    kvTable([
      ['δNN := δNN(T), T = steps', r.delta_nn === null ? 'none (no outlier at any δ)' : fmt(r.delta_nn)],
      ...(sp ? ([[`at δ = ${fmt(delta)}: edge, outlier, overlap²`, `${fmt(sp.bulk_edge)}, ${fmt(sp.outlier)}, ${fmt(sp.overlap2)}`]] as Array<[string, string]>) : []),
      ['weight unbounded below', r.weight_unbounded_below ? 'yes (§1 does not apply; not converged)' : 'no'],
      ['error estimate', fmt(r.error_estimate)],
      ['status', statusLabel(r.status) + (r.status.message ? ` — ${r.status.message}` : '')],
    ]),
  ].join('\n');
  return { json, text, exitCode: r.status.converged ? ExitCode.OK : ExitCode.NONCONVERGENCE };
}
