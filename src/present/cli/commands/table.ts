// `flcalc table --config FILE.toml|json [--format md|csv|json] [--out DIR] [--workers N] [--set path=value]…`:
// prediction tables over sweeps (src/present/table/). Flags override the file. With --out, writes DIR/table.<format>
// and DIR/provenance.json. Exit 3 when any row did not converge or failed (such rows are kept and marked).
import type { CommandSpec } from '../command.js';
import { optionalString, parseChoice, parseNumber, requireString, parseOutputDir } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { readRawConfig, validateConfig } from '../../table/config.js';
import { applyOverride } from '../../table/overrides.js';
import { computeTable } from '../../table/table.js';
import { progressReporter } from '../../table/progress.js';
import { provenanceSidecar, renderJson, rowCounts, tableData, type TableFormat } from '../../table/output.js';
import { renderTable, writeTableOutputs, type TableShardContext } from '../../table/merge.js';
import { configHash, parseShard, writeShard } from '../../sweep/shard.js';
import { emitSbatch } from './sbatch.js';

const EXAMPLE = 'flcalc table --config formulas/tables/spectral.toml --format md --out tables/spectral';

function overrides(argv: Record<string, unknown>): string[] {
  const v = argv['set'];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

export const tableCommand: CommandSpec = {
  command: 'table',
  describe: 'Prediction tables over sweeps (δ*, edges, outliers, overlaps, δ_alg, one-step spikes) from a TOML/JSON config',
  builder: (y) =>
    y
      .option('config', { type: 'string', describe: 'sweep configuration (.toml or .json), see formulas/tables/' })
      .option('format', { type: 'string', describe: 'md | csv | json (overrides the file)' })
      .option('out', { type: 'string', describe: 'output directory for table.<format> and provenance.json (overrides the file)' })
      .option('workers', { type: 'string', describe: 'worker threads (overrides the file; default: every core for ≥ 40 rows, else 1)' })
      .option('set', { type: 'string', array: true, describe: 'override a config field, e.g. --set grid.delta=[1,2,4]' })
      .option('shard', { type: 'string', describe: 'run shard i of N (rows i, i+N, …) into --out DIR; default from SLURM_ARRAY_TASK_ID/COUNT; join with flcalc merge' })
      .option('emit-sbatch', { type: 'string', describe: 'write a Slurm array script for --shard i/N (N tasks) to this file instead of running' })
      .example(EXAMPLE, 'δ* and spectra over weights × targets × δ'),
  run: async (argv, context) => {
    const file = requireString(argv, 'config', 'formulas/tables/spectral.toml');
    const raw = readRawConfig(file);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new UsageError('--config', `"${file}" must contain a table (object) at the top level`, 'formulas/tables/spectral.toml');
    const sets = overrides(argv);
    for (const s of sets) applyOverride(raw as Record<string, unknown>, s);
    const cfg = validateConfig(raw, file);
    const format: TableFormat = argv['format'] !== undefined ? parseChoice(argv, 'format', ['md', 'csv', 'json'] as const, 'md') : cfg.format;
    const out = parseOutputDir(argv, 'out', 'tables/spectral', cfg.out);
    const workers = argv['workers'] !== undefined ? parseNumber(argv, 'workers', { example: '2', integer: true, min: 1, max: 64 }) : cfg.workers;
    const finalCfg = { ...cfg, format, ...(out !== undefined ? { out } : {}), ...(workers !== undefined ? { workers } : {}) };

    const shard = parseShard(argv['shard']);
    const ctx: TableShardContext = { cfg: finalCfg, configFile: file, overrides: sets };
    if (argv['emit-sbatch'] !== undefined) return emitSbatch(argv, context?.args ?? [], shard, out);
    if (shard && out === undefined) throw new UsageError('--out', 'a sharded run needs an output directory for its shard file', 'runs/spectral');

    const progress = progressReporter('flcalc table', { isTTY: Boolean(process.stderr.isTTY), write: (s) => process.stderr.write(s) });
    const res = await computeTable(finalCfg, { source: file, ...(workers !== undefined ? { workers } : {}), progress, ...(shard ? { shard } : {}) });
    const files: string[] = [];
    let rendered = '';
    if (shard) {
      files.push(
        writeShard(out!, { kind: 'table', config_hash: configHash('table', { ...finalCfg, out: undefined, workers: undefined }), shard, total_rows: res.grid.rows.length, context: ctx, rows: res.rows.map((r) => ({ index: r.index, row: r })), seconds: res.seconds }),
      );
      rendered = `shard ${shard.index}/${shard.count}: rows ${res.rows.map((r) => r.index).join(', ') || '(none)'} of ${res.grid.rows.length}`;
    } else {
      rendered = renderTable(finalCfg, res.grid, res.rows);
      if (out !== undefined) files.push(...writeTableOutputs(out, ctx, res.grid, res.rows, res));
    }
    const data = tableData(finalCfg, res.grid, res.rows);
    const sidecar = provenanceSidecar({ cfg: finalCfg, configFile: file, overrides: sets, grid: res.grid, execution: res.execution, seconds: res.seconds, rows: res.rows });
    const counts = rowCounts(res.rows);
    const bad = counts.not_converged + counts.failed;
    const summary =
      `${counts.rows} rows: ${counts.converged} converged, ${counts.not_converged} not converged, ${counts.failed} failed; ` +
      `${res.seconds.toFixed(2)} s, ${res.execution.mode} (${res.execution.workers} worker${res.execution.workers > 1 ? 's' : ''})` +
      (res.execution.reason ? ` — ${res.execution.reason}` : '') +
      (files.length ? `\nwrote ${files.join(', ')}` : '');
    return {
      json: { ...(renderJson(data) as object), counts, execution: res.execution, seconds: res.seconds, files, provenance: sidecar.provenance, config: finalCfg },
      text: `${rendered.trimEnd()}\n\n${summary}`,
      ...(bad > 0 ? { exitCode: ExitCode.NONCONVERGENCE } : {}),
    };
  },
};
