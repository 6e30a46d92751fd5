// Render a finished table as Markdown, CSV or JSON, and build its provenance sidecar (tool version, git
// commit, full config, grid, execution mode, per-row convergence status with residuals, methods and the
// quadrature orders / rules / error estimates each family reported).
import { provenance } from '../../core/provenance.js';
import { fmt, gridTable } from '../../core/format.js';
import type { TableConfig } from './config.js';
import type { Cell } from './family.js';
import type { Grid } from './grid.js';
import type { RowResult } from './evaluate.js';
import type { Execution } from './run.js';

export type TableFormat = 'md' | 'csv' | 'json';

export interface TableData {
  title: string;
  /** Parameter columns (axes given in the config) then value columns, in order. */
  paramColumns: string[];
  valueColumns: string[];
  rows: RowResult[];
}

export function tableData(cfg: TableConfig, grid: Grid, rows: RowResult[]): TableData {
  const valueColumns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r.values)) if (!valueColumns.includes(k)) valueColumns.push(k);
  return {
    title: cfg.title ?? `flcalc table: ${cfg.quantities.join(', ')}`,
    paramColumns: grid.axes.filter((a) => !a.defaulted || a.values.length > 1).map((a) => a.name),
    valueColumns,
    rows,
  };
}

/** Short text for the note column: the failure message, else the reasons for null values. */
function note(r: RowResult): string {
  if (r.message) return r.message;
  return Object.entries(r.notes ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

const cellText = (v: Cell | undefined, exact: boolean): string =>
  v === null || v === undefined ? (exact ? '' : '—') : typeof v === 'number' ? (exact ? String(v) : fmt(v)) : v;

function csvQuote(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderMarkdown(t: TableData, defaults: string): string {
  const header = [...t.paramColumns, ...t.valueColumns, 'status', 'note'];
  const body = t.rows.map((r) => [
    ...t.paramColumns.map((c) => cellText((r.params as Record<string, Cell>)[c], false)),
    ...t.valueColumns.map((c) => cellText(r.values[c], false)),
    r.status,
    note(r).replace(/\|/g, '\\|'),
  ]);
  return [`## ${t.title}`, '', ...(defaults ? [defaults, ''] : []), gridTable(header, body), ''].join('\n');
}

/** A CSV column name: ASCII snake_case (lower case; anything else becomes "_"), e.g. ratio_N → ratio_n. */
export const csvColumn = (name: string): string => name.toLowerCase().replace(/[^a-z0-9_]+/g, '_');

/** Tidy CSV: one row per grid point, ASCII snake_case header, parameters, values, `status` and `note`.
 *  Value cells are empty unless the row converged (its numbers are then in the JSON and provenance.json, with
 *  the status), and empty for quantities without a value (e.g. no outlier); numbers in shortest round-trip form. */
export function renderCsv(t: TableData): string {
  const header = [...t.paramColumns, ...t.valueColumns, 'status', 'note'].map(csvColumn);
  const lines = t.rows.map((r) =>
    [
      ...t.paramColumns.map((c) => cellText((r.params as Record<string, Cell>)[c], true)),
      ...t.valueColumns.map((c) => (r.status === 'converged' ? cellText(r.values[c], true) : '')),
      r.status,
      note(r),
    ]
      .map(csvQuote)
      .join(','),
  );
  return [header.join(','), ...lines, ''].join('\n');
}

export function jsonRows(t: TableData): Array<Record<string, unknown>> {
  return t.rows.map((r) => ({
    ...r.params,
    ...Object.fromEntries(t.valueColumns.map((c) => [c, r.values[c] ?? null])),
    status: r.status,
    ...(r.message ? { message: r.message } : {}),
    ...(r.notes ? { notes: r.notes } : {}),
  }));
}

export function renderJson(t: TableData): unknown {
  return { title: t.title, columns: [...t.paramColumns, ...t.valueColumns, 'status'], rows: jsonRows(t) };
}

/** "Fixed: noise = 0, side = upper" for axes left at their defaults. */
export function defaultsLine(grid: Grid): string {
  const fixed = grid.axes.filter((a) => a.defaulted && a.values.length === 1).map((a) => `${a.name} = ${a.values[0]}`);
  return fixed.length ? `Fixed (defaults): ${fixed.join(', ')}.` : '';
}

export interface RowCounts {
  rows: number;
  converged: number;
  not_converged: number;
  failed: number;
}

export function rowCounts(rows: readonly RowResult[]): RowCounts {
  const c = (s: RowResult['status']) => rows.filter((r) => r.status === s).length;
  return { rows: rows.length, converged: c('converged'), not_converged: c('not_converged'), failed: c('failed') };
}

const finiteOrNull = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);

/** Deep copy with every non-finite number replaced by null (JSON outputs never contain NaN/Infinity). */
function finiteOnly(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(finiteOnly);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, (x) => finiteOnly(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, finiteOnly(x)]));
  return v;
}

/** The provenance sidecar (provenance.json). Theory tables run no simulation, so there are no seeds. */
export function provenanceSidecar(args: {
  cfg: TableConfig;
  configFile: string;
  overrides: string[];
  grid: Grid;
  execution: Execution;
  seconds: number;
  rows: readonly RowResult[];
}) {
  return {
    provenance: provenance(),
    config_file: args.configFile,
    overrides: args.overrides,
    config: args.cfg,
    grid: args.grid.axes,
    families: args.grid.families,
    seeds: [],
    seeds_note: 'theory tables use deterministic quadrature; no random numbers are drawn',
    execution: args.execution,
    seconds: args.seconds,
    counts: rowCounts(args.rows),
    rows: args.rows.map((r) => ({
      index: r.index,
      params: r.params,
      status: r.status,
      residual: finiteOrNull(r.solver?.residual),
      iterations: r.solver?.iterations ?? null,
      method: r.solver?.method ?? null,
      ...(r.message ? { message: r.message } : {}),
      ...(r.numerics ? { numerics: finiteOnly(r.numerics) } : {}),
      seconds: r.seconds,
    })),
  };
}
