// `flcalc threshold empirical`: the empirical GD learning threshold — bisection over δ with ≥ 4 seeds per point
// at several d, and a finite-size extrapolation (src/simulate/gd/empiricalThreshold.ts); `threshold dmft`: the DMFT's
// prediction of the same thresholds (thresholdDmft.ts).
import type { CommandResult, CommandSpec } from '../command.js';
import { optionalString } from '../args.js';
import { configHash, parseShard, shardRows, writeShard } from '../../sweep/shard.js';
import { emitSbatch } from './sbatch.js';
import type { GdConfig } from '../../../model/problem.js';
import { UsageError } from '../../../core/errors.js';
import { provenance } from '../../../core/provenance.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { checkThresholdOptions, empiricalThreshold, thresholdAtD, type EmpiricalThreshold, type ThresholdAtD } from '../../../simulate/gd/empiricalThreshold.js';
import { executionMode } from '../../../simulate/gd/seeds.js';
import { runThresholdDmft } from './thresholdDmft.js';
import { searchArgs, type SearchArgs } from './searchArgs.js';
import { gdFlags, parseGdConfig, stderrProgress, INIT_CONVENTION } from '../simulate/gd.js';

const br = (b: [number | null, number | null]) => `[${fmt(b[0], 4)}, ${fmt(b[1], 4)}]`;

export const thresholdCommand: CommandSpec = {
  command: 'threshold <kind>',
  describe: 'Learning threshold of GD at horizon T: empirical (bisection over δ on simulated GD, a bracket per d) or dmft (the DMFT prediction per d)',
  builder: (y) =>
    gdFlags(y)
      .positional('kind', { type: 'string', choices: ['empirical', 'dmft'], describe: 'empirical: bisection over δ on simulated GD; dmft: the finite-d DMFT prediction' })
      .option('samples', { type: 'string', describe: 'dmft: effective sample paths (power of 2, default 4096)' })
      .option('window', { type: 'string', describe: 'dmft: time coarse-graining window W (even) or "exact" (default: exact up to 200 steps, else 8)' })
      .option('early', { type: 'string', describe: 'dmft: steps kept exact from t = 0 when coarse-graining (default 32)' })
      .option('realisations', { type: 'string', describe: 'dmft: θ-channel realisations (the analogue of seeds; default 16)' })
      .option('dims', { type: 'string', describe: 'input dimensions, comma list', default: '250,500' })
      .option('delta-range', { type: 'string', describe: 'initial δ bracket lo,hi (expanded ×2 if needed)', default: '2,16' })
      .option('max-delta', { type: 'string', describe: 'largest δ tried when expanding', default: '128' })
      .option('bisections', { type: 'string', describe: 'bisection steps in log δ', default: '3' })
      .option('shard', { type: 'string', describe: 'empirical: run shard i of N (dimensions i, i+N, … of --dims) into --out DIR; default from SLURM_ARRAY_TASK_ID/COUNT; join with flcalc merge' })
      .option('out', { type: 'string', describe: 'empirical: directory for the shard file of a sharded run' })
      .option('emit-sbatch', { type: 'string', describe: 'empirical: write a Slurm array script for --shard i/N (N tasks) to this file instead of running' }),
  run: async (argv, context) => {
    if (argv['kind'] === 'dmft') return runThresholdDmft(argv);
    if (argv['kind'] !== 'empirical') throw new UsageError('<kind>', `must be "empirical" or "dmft", got "${String(argv['kind'])}"`, 'empirical');
    const { cfg, seeds, threads } = parseGdConfig({ ...argv, seeds: argv['seeds'] ?? '4' }, false);
    const search = searchArgs(argv, 20000);
    const shard = parseShard(argv['shard']);
    const out = optionalString(argv, 'out', 'runs/threshold');
    if (argv['emit-sbatch'] !== undefined) return emitSbatch(argv, context?.args ?? [], shard, out);
    if (out !== undefined && !shard) throw new UsageError('--out', 'is only used with --shard (the unsharded result is printed)', 'runs/threshold');
    const gdCfg = { ...cfg, hessianAt: [] };
    const opts = { ...search, seeds, ...(threads !== undefined ? { threads } : {}), progress: stderrProgress(), log: (l: string) => process.stderr.write(l + '\n') };
    checkThresholdOptions(opts);
    const shardContext: ThresholdShardContext = { cfg: gdCfg, search, seeds, ...(threads !== undefined ? { threads } : {}) };
    if (shard) {
      if (out === undefined) throw new UsageError('--out', 'a sharded run needs an output directory for its shard file', 'runs/threshold');
      const t0 = performance.now();
      const mine = shardRows(search.dims.length, shard);
      const rows: Array<{ index: number; row: ThresholdAtD }> = [];
      for (const i of mine) rows.push({ index: i, row: await thresholdAtD(gdCfg, search.dims[i]!, opts) });
      const hash = configHash('threshold-empirical', { cfg: gdCfg, search, seeds });
      const file = writeShard(out, { kind: 'threshold-empirical', config_hash: hash, shard, total_rows: search.dims.length, context: shardContext, rows, seconds: (performance.now() - t0) / 1000 });
      return {
        json: { shard, rows: mine, dims: mine.map((i) => search.dims[i]), file },
        text: `shard ${shard.index}/${shard.count}: d = ${mine.map((i) => search.dims[i]).join(', ') || '(none)'}\nwrote ${file}`,
      };
    }
    return thresholdOutput(shardContext, await empiricalThreshold(gdCfg, opts));
  },
};

/** What a threshold shard stores besides its rows (one row per d). */
export interface ThresholdShardContext {
  cfg: GdConfig;
  search: SearchArgs;
  seeds: number[];
  threads?: number;
}

/** The printed result of `threshold empirical` (the same for an unsharded run and a merge of its shards). */
export function thresholdOutput(c: ThresholdShardContext, res: EmpiricalThreshold): CommandResult {
  const { cfg, seeds, threads } = c;
  const dims = c.search.dims;
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
}
