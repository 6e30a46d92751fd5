// `flcalc merge DIR… [--out DIR] [--record]`: join the shard files of a sharded `table`, `threshold empirical` or
// `validate` run (src/present/sweep/shard.ts): checks that they come from one configuration (hash), that no shard
// and no row is missing or duplicated, and writes / prints exactly what the unsharded run would have.
import type { CommandSpec } from '../command.js';
import { parseOutputDir } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { readShards } from '../../sweep/shard.js';

export const mergeCommand: CommandSpec = {
  command: 'merge <dirs..>',
  describe: 'Merge the shard outputs of a sharded table, threshold empirical or validate run (checks config hash and completeness)',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, describe: 'directories holding shard-<i>-of-<N>.json files' })
      .option('out', { type: 'string', describe: 'table: directory for table.<format> and provenance.json (default: the first DIR)' })
      .option('record', { type: 'boolean', describe: 'validate: write validation/<suite>/results.{json,md} from the merged result; refused for --quick shards, and if results are already recorded unless --force' })
      .option('force', { type: 'boolean', describe: 'with --record: replace the results already recorded (the output says which date it replaced)' }),
  run: async (argv) => {
    const dirs = (Array.isArray(argv['dirs']) ? argv['dirs'] : [argv['dirs']]).filter((d) => d !== undefined).map(String);
    if (dirs.length === 0) throw new UsageError('<dirs>', 'give at least one directory', 'flcalc merge runs/sweep1');
    const { files, rows } = readShards(dirs);
    const first = files[0]!;
    const seconds = files.reduce((s, f) => s + f.seconds, 0);
    if (first.kind === 'table') {
      const { mergeTable, renderTable } = await import('../../table/merge.js');
      const { rowCounts, renderJson, tableData } = await import('../../table/output.js');
      const { expandGrid } = await import('../../table/grid.js');
      const ctx = first.context as import('../../table/merge.js').TableShardContext;
      const tableRows = rows as import('../../table/evaluate.js').RowResult[];
      const out = parseOutputDir(argv, 'out', 'tables/spectral') ?? dirs[0]!;
      const { files: written } = mergeTable(ctx, tableRows, first.shard.count, seconds, out);
      const grid = expandGrid(ctx.cfg, ctx.configFile);
      const counts = rowCounts(tableRows);
      const bad = counts.not_converged + counts.failed;
      return {
        json: { ...(renderJson(tableData(ctx.cfg, grid, tableRows)) as object), counts, shards: first.shard.count, config_hash: first.config_hash, files: written },
        text:
          `${renderTable(ctx.cfg, grid, tableRows).trimEnd()}\n\n` +
          `${counts.rows} rows from ${first.shard.count} shards (config ${first.config_hash}): ${counts.converged} converged, ${counts.not_converged} not converged, ${counts.failed} failed\n` +
          `wrote ${written.join(', ')}`,
        ...(bad > 0 ? { exitCode: ExitCode.NONCONVERGENCE } : {}),
      };
    }
    if (argv['out'] !== undefined) throw new UsageError('--out', `is only used when merging a table (these shards are ${first.kind}; the result is printed)`, 'flcalc merge runs/threshold');
    if (first.kind === 'validate') {
      const { suiteResult, validateOutput, recordPolicy } = await import('./validate.js');
      const ctx = first.context as import('./validate.js').ValidateShardContext;
      const record = Boolean(argv['record']);
      const replaced = recordPolicy(ctx.suite, { record, force: Boolean(argv['force']), quick: ctx.quick, example: `flcalc merge ${dirs.join(' ')} --record` });
      return validateOutput(suiteResult(ctx.suite, (rows as import('../../../compare/suite.js').CaseResult[][]).flat(), seconds), record, replaced);
    }
    if (argv['record']) throw new UsageError('--record', 'is only used when merging validate shards', 'flcalc merge runs/validate --record');
    const { combineThresholds } = await import('../../../simulate/gd/empiricalThreshold.js');
    const { thresholdOutput } = await import('./threshold.js');
    const ctx = first.context as import('./threshold.js').ThresholdShardContext;
    return thresholdOutput(ctx, combineThresholds(ctx.cfg, ctx, rows as import('../../../simulate/gd/empiricalThreshold.js').ThresholdAtD[]));
  },
};
