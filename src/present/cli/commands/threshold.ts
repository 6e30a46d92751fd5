// `flcalc threshold empirical`: the empirical GD learning threshold — bisection over δ with ≥ 4 seeds per point
// at several d, and a finite-size extrapolation (src/simulate/gd/empiricalThreshold.ts); `threshold dmft`: the DMFT's
// prediction of the same thresholds (thresholdDmft.ts).
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../../core/errors.js';
import { provenance } from '../../../core/provenance.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { empiricalThreshold } from '../../../simulate/gd/empiricalThreshold.js';
import { executionMode } from '../../../simulate/gd/seeds.js';
import { runThresholdDmft } from './thresholdDmft.js';
import { searchArgs } from './searchArgs.js';
import { gdFlags, parseGdConfig, stderrProgress, INIT_CONVENTION } from '../simulate/gd.js';

const br = (b: [number | null, number | null]) => `[${fmt(b[0], 4)}, ${fmt(b[1], 4)}]`;

export const thresholdCommand: CommandSpec = {
  command: 'threshold <kind>',
  describe: 'Learning threshold of GD at horizon T: empirical (bisection over δ on simulated GD, a bracket per d) or dmft (the DMFT prediction per d)',
  builder: (y) =>
    gdFlags(y)
      .positional('kind', { type: 'string', choices: ['empirical', 'dmft'], describe: 'empirical: bisection over δ on simulated GD; dmft: the finite-d DMFT prediction' })
      .option('samples', { type: 'string', describe: 'dmft: effective sample paths (power of 2, default 4096)' })
      .option('realisations', { type: 'string', describe: 'dmft: θ-channel realisations (the analogue of seeds; default 16)' })
      .option('dims', { type: 'string', describe: 'input dimensions, comma list', default: '250,500' })
      .option('delta-range', { type: 'string', describe: 'initial δ bracket lo,hi (expanded ×2 if needed)', default: '2,16' })
      .option('max-delta', { type: 'string', describe: 'largest δ tried when expanding', default: '128' })
      .option('bisections', { type: 'string', describe: 'bisection steps in log δ', default: '3' }),
  run: async (argv) => {
    if (argv['kind'] === 'dmft') return runThresholdDmft(argv);
    if (argv['kind'] !== 'empirical') throw new UsageError('<kind>', `must be "empirical" or "dmft", got "${String(argv['kind'])}"`, 'empirical');
    const { cfg, seeds, threads } = parseGdConfig({ ...argv, seeds: argv['seeds'] ?? '4' }, false);
    const search = searchArgs(argv, 20000);
    const dims = search.dims;
    const res = await empiricalThreshold(
      { ...cfg, hessianAt: [] },
      {
        ...search,
        seeds,
        ...(threads !== undefined ? { threads } : {}),
        progress: stderrProgress(),
        log: (l) => process.stderr.write(l + '\n'),
      },
    );
    const json = {
      provenance: provenance(),
      config: { ...cfg, init: INIT_CONVENTION, dims },
      execution: executionMode(seeds.length, threads),
      ...res,
    };
    const text = [
      kvTable([
        ['model', `σ = ${cfg.act}, ℓ = ${cfg.loss}, y = ${cfg.target}, m = ${cfg.readout.length}, η = ${cfg.lr}, s = ${cfg.initScale}, ridge ${cfg.ridge}`],
        ['criterion', `${res.criterion}; horizon T = ${res.horizon}`],
        ['seeds', seeds.join(',')],
        ['bracket (largest d)', br(res.bracket)],
        ['extrapolated (d → ∞)', res.extrapolated ? `${br(res.extrapolated.bracket)} (${res.extrapolated.model})` : '— (needs closed brackets at ≥ 2 dimensions)'],
      ]),
      '',
      gridTable(
        ['d', 'bracket', 'δ tested (learned/seeds)'],
        res.by_d.map((b) => [String(b.d), br(b.bracket) + (b.reason ? ` (${b.reason})` : ''), b.points.map((p) => `${fmt(p.delta, 4)} (${p.learned}/${p.seeds})`).join(', ')]),
      ),
    ].join('\n');
    return { json, text };
  },
};
