// `flcalc table --config FILE.toml|json [--format md|csv|json] [--out DIR] [--workers N] [--set path=value]…`:
// prediction tables over sweeps (src/present/table/). Flags override the file. With --out, writes DIR/table.<format>
// and DIR/provenance.json. Exit 3 when any row did not converge or failed (such rows are kept and marked).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec } from '../command.js';
import { optionalString, parseChoice, parseNumber, requireString } from '../args.js';
import { UsageError } from '../../../core/errors.js';
import { readRawConfig, validateConfig } from '../../table/config.js';
import { applyOverride } from '../../table/overrides.js';
import { computeTable } from '../../table/table.js';
import { progressReporter } from '../../table/progress.js';
import { defaultsLine, provenanceSidecar, renderCsv, renderJson, renderMarkdown, rowCounts, tableData, type TableFormat } from '../../table/output.js';
import { toJson } from '../../../core/format.js';

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
      .option('workers', { type: 'string', describe: 'worker threads (overrides the file; default: min(2, cores) for ≥ 40 rows, else 1)' })
      .option('set', { type: 'string', array: true, describe: 'override a config field, e.g. --set grid.delta=[1,2,4]' })
      .example(EXAMPLE, 'δ* and spectra over weights × targets × δ'),
  run: async (argv) => {
    const file = requireString(argv, 'config', 'formulas/tables/spectral.toml');
    const raw = readRawConfig(file);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new UsageError('--config', `"${file}" must contain a table (object) at the top level`, 'formulas/tables/spectral.toml');
    const sets = overrides(argv);
    for (const s of sets) applyOverride(raw as Record<string, unknown>, s);
    const cfg = validateConfig(raw, file);
    const format: TableFormat = argv['format'] !== undefined ? parseChoice(argv, 'format', ['md', 'csv', 'json'] as const, 'md') : cfg.format;
    const out = optionalString(argv, 'out', 'tables/spectral') ?? cfg.out;
    if (out !== undefined && out.trim() === '') throw new UsageError('--out', 'must be a directory name', 'tables/spectral');
    const workers = argv['workers'] !== undefined ? parseNumber(argv, 'workers', { example: '2', integer: true, min: 1, max: 64 }) : cfg.workers;
    const finalCfg = { ...cfg, format, ...(out !== undefined ? { out } : {}), ...(workers !== undefined ? { workers } : {}) };

    const progress = progressReporter('flcalc table', { isTTY: Boolean(process.stderr.isTTY), write: (s) => process.stderr.write(s) });
    const res = await computeTable(finalCfg, { source: file, ...(workers !== undefined ? { workers } : {}), progress });
    const data = tableData(finalCfg, res.grid, res.rows);
    const rendered = format === 'md' ? renderMarkdown(data, defaultsLine(res.grid)) : format === 'csv' ? renderCsv(data) : toJson(renderJson(data));
    const sidecar = provenanceSidecar({ cfg: finalCfg, configFile: file, overrides: sets, grid: res.grid, execution: res.execution, seconds: res.seconds, rows: res.rows });
    const files: string[] = [];
    if (out !== undefined) {
      try {
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, `table.${format}`), rendered);
        writeFileSync(join(out, 'provenance.json'), toJson(sidecar) + '\n');
      } catch (e) {
        throw new UsageError('--out', `cannot write to "${out}": ${(e as Error).message.split('\n')[0]}`, 'tables/spectral');
      }
      files.push(join(out, `table.${format}`), join(out, 'provenance.json'));
    }
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
      ...(bad > 0 ? { exitCode: 3 } : {}),
    };
  },
};
