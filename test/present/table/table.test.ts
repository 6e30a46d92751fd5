import { describe, expect, it } from 'vitest';
import { usage } from '../../helpers.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/core/errors.js';
import { validateConfig, type TableConfig } from '../../../src/present/table/config.js';
import { expandGrid, workGroups } from '../../../src/present/table/grid.js';
import { applyOverride } from '../../../src/present/table/overrides.js';
import { computeTable } from '../../../src/present/table/table.js';
import { evaluateRow } from '../../../src/present/table/evaluate.js';
import { makeCache, memo } from '../../../src/present/table/cache.js';
import { progressReporter } from '../../../src/present/table/progress.js';
import { jsonRows, renderCsv, renderMarkdown, tableData } from '../../../src/present/table/output.js';
import { toJson } from '../../../src/core/format.js';
import { main } from '../../../src/present/cli/main.js';


const reference = (): TableConfig =>
  validateConfig({ quantities: ['delta_star', 'bulk_edge', 'outlier', 'overlap2'], grid: { target: ['z^2'], weight: ['min(y,3)-1'], delta: [2, 4] } }, 'test');

describe('table config and grid', () => {
  it('reports every invalid field with its path', () => {
    const e = usage(() => validateConfig({ quantities: ['delta_star', 'nonsense'], grid: { delta: { from: 1, to: 2 }, wieght: ['y'] }, format: 'xls' }, 'bad.toml'));
    for (const path of ['quantities.1', 'grid.delta', 'grid', 'format']) expect(e.problem).toContain(path);
    expect(e.problem).toMatch(/wieght/);
  });

  it('expands the cartesian product with δ innermost and reports missing/unused/out-of-domain axes together', () => {
    const cfg = validateConfig(
      { quantities: ['bulk_edge'], grid: { target: ['z^2', 'tanh(z)'], weight: ['a', 'b', 'c'], delta: { from: 1, to: 4, num: 4 } } },
      't',
    );
    const g = expandGrid(cfg, 't');
    expect(g.rows).toHaveLength(2 * 3 * 4);
    expect(g.rows.slice(0, 4).map((r) => r.params.delta)).toEqual([1, 2, 3, 4]);
    expect(workGroups(g.rows)).toHaveLength(6);
    const e = usage(() => expandGrid(validateConfig({ quantities: ['outlier'], grid: { target: ['z^2'], delta: [2, -1], alpha: [0.3] } }, 't'), 't'));
    expect(e.problem).toContain('grid.weight: required');
    expect(e.problem).toContain('grid.alpha: not used');
    expect(e.problem).toContain('grid.delta[1]: must be > 0');
  });

  it('resolves every expression up front and names each bad one', async () => {
    const cfg = validateConfig({ quantities: ['delta_star'], grid: { target: ['z^2', 'foo(z)'], weight: ['min(y,3)-1', 'q+1'] } }, 't');
    await expect(computeTable(cfg, { source: 't', workers: 1 })).rejects.toThrow(/grid\.target\[1\].*grid\.weight\[1\]/);
  });

  it('applies --set overrides (JSON values, nested paths) and refuses prototype keys', () => {
    const raw: Record<string, unknown> = { quantities: ['delta_star'], grid: { target: ['z^2'] } };
    applyOverride(raw, 'grid.delta=[1,2,4]');
    applyOverride(raw, 'title=My table');
    expect(raw).toEqual({ quantities: ['delta_star'], grid: { target: ['z^2'], delta: [1, 2, 4] }, title: 'My table' });
    expect(() => applyOverride(raw, '__proto__.polluted=1')).toThrow(UsageError);
    expect(() => applyOverride(raw, 'title.x=1')).toThrow(/not a table/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('table evaluation', () => {
  it('reproduces the docs/theory.md §1 reference values, δ* shared across the δ grid', async () => {
    const res = await computeTable(reference(), { source: 'test', workers: 1 });
    expect(res.rows.map((r) => r.status)).toEqual(['converged', 'converged']);
    // Reference values are quoted to 4 decimals: tolerance = half a unit in the last digit plus the law's error estimate.
    const [r2, r4] = res.rows.map((r) => r.values);
    const tol = 5e-5 + 1e-6;
    expect(Math.abs((r2!['delta_star'] as number) - 0.6612)).toBeLessThan(tol);
    expect(r4!['delta_star']).toBe(r2!['delta_star']);
    expect(Math.abs((r2!['bulk_edge'] as number) - 1.9266)).toBeLessThan(tol);
    expect(Math.abs((r2!['outlier'] as number) - 2.1349)).toBeLessThan(tol);
    expect(Math.abs((r2!['overlap2'] as number) - 0.3906)).toBeLessThan(tol);
    expect(Math.abs((r4!['bulk_edge'] as number) - 1.1439)).toBeLessThan(tol);
    expect(Math.abs((r4!['outlier'] as number) - 1.5675)).toBeLessThan(tol);
    expect(Math.abs((r4!['overlap2'] as number) - 0.6466)).toBeLessThan(tol);
  });

  it('gives the same rows on worker threads (or says why it ran in-process)', async () => {
    const one = await computeTable(reference(), { source: 'test', workers: 1 });
    const two = await computeTable(reference(), { source: 'test', workers: 2 });
    if (two.execution.mode === 'in-process') expect(two.execution.reason).toMatch(/dist/);
    expect(two.rows.map((r) => r.values)).toEqual(one.rows.map((r) => r.values));
  });

  it('keeps a failed row with its message instead of dropping it', () => {
    const row = { index: 0, params: { target: 'z^2', weight: 'min(y,3)-1', noise: 0, side: 'upper', delta: 2 } };
    const cache = makeCache();
    // Poison the cached law of this (target, weight, noise): the row must come back 'failed' with the message.
    expect(() => memo(cache, 'law|z^2|min(y,3)-1|0', () => { throw new Error('law builder exploded'); })).toThrow();
    const r = evaluateRow(row, ['bulk_edge', 'outlier'], cache);
    expect(r.status).toBe('failed');
    expect(r.message).toContain('law builder exploded');
    expect(r.index).toBe(0);
  });

  it('renders md/csv/json with null as —/empty and no NaN', async () => {
    const cfg = validateConfig({ quantities: ['outlier', 'overlap2'], grid: { target: ['z^2'], weight: ['min(y,3)-1'], delta: [0.5, 2] } }, 't');
    const res = await computeTable(cfg, { source: 't', workers: 1 });
    const data = tableData(cfg, res.grid, res.rows);
    expect(res.rows[0]!.values['outlier']).toBeNull(); // δ = 0.5 < δ* = 0.6612: no outlier
    expect(res.rows[0]!.notes?.['outlier']).toBeTruthy();
    const md = renderMarkdown(data, '');
    expect(md).toContain('—');
    const csv = renderCsv(data).trim().split('\n');
    expect(csv[0]).toBe('target,weight,delta,outlier,overlap2,status,note');
    expect(csv[1]).toMatch(/^z\^2,"min\(y,3\)-1",0\.5,,0,converged,"?outlier: /); // quoted comma, empty null cell
    expect(toJson(jsonRows(data))).not.toMatch(/NaN|Infinity/);
  });

  it('progress: plain lines at most every 10% when stderr is not a TTY', () => {
    const lines: string[] = [];
    const p = progressReporter('t', { isTTY: false, write: (s) => lines.push(s) }, () => 0);
    for (let i = 1; i <= 200; i++) p(i, 200);
    expect(lines.length).toBe(10);
    expect(lines[9]).toContain('200/200');
  });

  it('progress with quietMs: nothing for a run shorter than that, then lines with an ETA', () => {
    let t = 0;
    const lines: string[] = [];
    const p = progressReporter('sim', { isTTY: false, write: (s) => lines.push(s) }, () => t, { unit: 'seeds', quietMs: 2000 });
    for (let i = 1; i <= 3; i++) ((t = 500 * i), p(i, 3));
    expect(lines).toEqual([]);
    t = 0;
    const q = progressReporter('sim', { isTTY: false, write: (s) => lines.push(s) }, () => t, { unit: 'seeds', quietMs: 2000 });
    for (let i = 1; i <= 4; i++) ((t = 3000 * i), q(i, 4));
    expect(lines[0]).toBe('sim: 1/4 seeds, 3.0 s, ~9 s left\n');
    expect(lines.at(-1)).toBe('sim: 4/4 seeds, 12.0 s\n');
  });
});

describe('flcalc table (CLI)', () => {
  it('writes the table and the provenance sidecar; flags override the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flcalc-table-'));
    const cfgPath = join(dir, 'c.toml');
    writeFileSync(cfgPath, 'quantities = ["delta_star"]\nformat = "md"\n[grid]\ntarget = ["z^2"]\nweight = ["min(y,3)-1"]\n');
    const out: string[] = [], err: string[] = [];
    const code = await main(['table', '--config', cfgPath, '--format', 'csv', '--out', join(dir, 'o'), '--workers', '1', '--set', 'grid.side=["upper","lower"]'], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    expect(code).toBe(0);
    const csv = readFileSync(join(dir, 'o', 'table.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toBe('target,weight,side,delta_star,status,note');
    const prov = JSON.parse(readFileSync(join(dir, 'o', 'provenance.json'), 'utf8'));
    expect(prov.provenance.tool).toBe('flcalc');
    expect(prov.config.format).toBe('csv');
    expect(prov.overrides).toEqual(['grid.side=["upper","lower"]']);
    expect(prov.rows).toHaveLength(2);
    expect(prov.rows[0].status).toBe('converged');
    expect(prov.rows[0].numerics.law.order).toBeGreaterThan(0);
  });

  it('exit 2 with one line naming the path for a bad config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flcalc-table-'));
    const cfgPath = join(dir, 'c.json');
    writeFileSync(cfgPath, JSON.stringify({ quantities: [], grid: { target: 3 } }));
    const err: string[] = [];
    const code = await main(['table', '--config', cfgPath], { out: () => {}, err: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/quantities.*grid\.target/);
  });
});
