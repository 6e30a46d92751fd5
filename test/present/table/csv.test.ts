// The CSV tables are tidy: one record per grid point, an ASCII snake_case header, a status column, empty value
// cells for rows that did not converge and for quantities without a value; read back with a CSV parser.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { validateConfig } from '../../../src/present/table/config.js';
import { computeTable } from '../../../src/present/table/table.js';
import { renderCsv, tableData, type TableData } from '../../../src/present/table/output.js';

function records(csv: string): { header: string[]; rows: string[][] } {
  const all = parse(csv, { relax_column_count: false }) as string[][];
  return { header: all[0]!, rows: all.slice(1) };
}

describe('tidy CSV', () => {
  it('a computed table parses to one record per row with a snake_case header and numeric value cells', async () => {
    const cfg = validateConfig(
      { quantities: ['delta_star', 'outlier', 'overlap2'], grid: { target: ['z^2', 'tanh(z)^2'], weight: ['min(y,3)-1'], delta: [0.5, 2, 4] } },
      't',
    );
    const res = await computeTable(cfg, { source: 't', workers: 1 });
    const { header, rows } = records(renderCsv(tableData(cfg, res.grid, res.rows)));
    for (const h of header) expect(h).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(header.slice(-2)).toEqual(['status', 'note']);
    expect(rows.length).toBe(res.rows.length);
    const status = header.indexOf('status');
    for (const [i, r] of rows.entries()) {
      expect(r.length).toBe(header.length);
      expect(r[status]).toBe(res.rows[i]!.status);
      for (const c of ['delta_star', 'outlier', 'overlap2']) {
        const cell = r[header.indexOf(c)]!;
        if (cell !== '') expect(Number.isFinite(Number(cell)), `${c} = "${cell}"`).toBe(true);
        else expect(res.rows[i]!.values[c] ?? null).toBeNull();
      }
    }
  });

  it('rows that did not converge keep their parameters and status but no values; ratio_N becomes ratio_n', () => {
    const t: TableData = {
      title: 't',
      paramColumns: ['alpha', 'ratio_N'],
      valueColumns: ['num_spikes', 'sv_k1'],
      rows: [
        { index: 0, params: { alpha: 0.5, ratio_N: 1 }, values: { num_spikes: 1, sv_k1: 0.25 }, status: 'converged', seconds: 0 },
        { index: 1, params: { alpha: 1, ratio_N: 1 }, values: { num_spikes: 2, sv_k1: 0.5 }, status: 'not_converged', seconds: 0, message: 'residual 1e-3, "tol" 1e-8' },
        { index: 2, params: { alpha: 2, ratio_N: 1 }, values: {}, status: 'failed', seconds: 0, message: 'boom' },
      ],
    };
    const { header, rows } = records(renderCsv(t));
    expect(header).toEqual(['alpha', 'ratio_n', 'num_spikes', 'sv_k1', 'status', 'note']);
    expect(rows).toEqual([
      ['0.5', '1', '1', '0.25', 'converged', ''],
      ['1', '1', '', '', 'not_converged', 'residual 1e-3, "tol" 1e-8'],
      ['2', '1', '', '', 'failed', 'boom'],
    ]);
  });
});
