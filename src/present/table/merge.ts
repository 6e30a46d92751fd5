// Table outputs from a finished set of rows — shared by the unsharded `flcalc table` and `flcalc merge` of its
// shards, so both write byte-identical table.<format> files (provenance.json differs only in its timings and
// execution record).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { toJson } from '../../core/format.js';
import type { TableConfig } from './config.js';
import type { RowResult } from './evaluate.js';
import { expandGrid, type Grid } from './grid.js';
import { defaultsLine, provenanceSidecar, renderCsv, renderJson, renderMarkdown, tableData, type TableFormat } from './output.js';
import type { Execution } from './run.js';

/** What a table shard stores besides its rows: the resolved configuration and where it came from. */
export interface TableShardContext {
  cfg: TableConfig & { format: TableFormat };
  configFile: string;
  overrides: string[];
}

export function renderTable(cfg: TableConfig & { format: TableFormat }, grid: Grid, rows: RowResult[]): string {
  const data = tableData(cfg, grid, rows);
  return cfg.format === 'md' ? renderMarkdown(data, defaultsLine(grid)) : cfg.format === 'csv' ? renderCsv(data) : toJson(renderJson(data));
}

/** Writes DIR/table.<format> and DIR/provenance.json; returns the two paths. */
export function writeTableOutputs(
  out: string,
  ctx: TableShardContext,
  grid: Grid,
  rows: RowResult[],
  run: { execution: Execution; seconds: number },
): string[] {
  const files = [join(out, `table.${ctx.cfg.format}`), join(out, 'provenance.json')];
  const sidecar = provenanceSidecar({ cfg: ctx.cfg, configFile: ctx.configFile, overrides: ctx.overrides, grid, execution: run.execution, seconds: run.seconds, rows });
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(files[0]!, renderTable(ctx.cfg, grid, rows));
    writeFileSync(files[1]!, toJson(sidecar) + '\n');
  } catch (e) {
    throw new UsageError('--out', `cannot write to "${out}": ${(e as Error).message.split('\n')[0]}`, 'tables/spectral');
  }
  return files;
}

/** The unsharded outputs from the merged rows of a sharded table run. */
export function mergeTable(ctx: TableShardContext, rows: RowResult[], shards: number, seconds: number, out: string): { files: string[]; rows: RowResult[] } {
  const grid = expandGrid(ctx.cfg, ctx.configFile);
  const files = writeTableOutputs(out, ctx, grid, rows, { execution: { mode: 'sharded', workers: shards, shards }, seconds });
  return { files, rows };
}
