// Sharded sweeps: round-robin assignment, the shard flag and its Slurm defaults, and the contract that a merge of
// the shards writes byte-identical tables (and the same threshold result) as the unsharded run, for any N.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/core/errors.js';
import { parseShard, shardRows } from '../../../src/present/sweep/shard.js';
import { runCli } from '../../helpers.js';

describe('shard assignment', () => {
  it('round-robin: every row in exactly one shard, shard sizes differ by at most one', () => {
    for (const [total, count] of [[10, 3], [7, 7], [3, 5], [0, 2]] as const) {
      const all = Array.from({ length: count }, (_, index) => shardRows(total, { index, count }));
      expect(all.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
      const sizes = all.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('--shard i/N, else the Slurm array variables, else none; bad values name the flag', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5 });
    expect(parseShard(undefined, {})).toBeNull();
    expect(parseShard(undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual({ index: 4, count: 8 });
    expect(parseShard(undefined, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 4, count: 8 });
    for (const bad of ['5/5', '-1/3', '1/0', 'a/b', '1', '1/2/3']) {
      expect(() => parseShard(bad, {}), bad).toThrow(UsageError);
      try {
        parseShard(bad, {});
      } catch (e) {
        expect((e as UsageError).argument).toBe('--shard');
      }
    }
  });
});

const CONFIG = {
  title: 'shard test',
  quantities: ['delta_star', 'bulk_edge', 'outlier', 'overlap2'],
  grid: { target: ['z^2', 'tanh(z)^2'], weight: ['min(y,3)-1', 'y/(1+y)-0.3'], delta: [1, 2, 4, 8] },
};

describe('sharded table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flcalc-shard-'));
  const cfg = join(dir, 'cfg.json');
  writeFileSync(cfg, JSON.stringify(CONFIG));

  it.each(['csv', 'md', 'json'])('merge of 3 shards writes the same table.%s as the unsharded run, byte for byte', async (format) => {
    const whole = join(dir, `whole-${format}`), shards = join(dir, `shards-${format}`), merged = join(dir, `merged-${format}`);
    const base = ['table', '--config', cfg, '--format', format, '--workers', '1'];
    expect((await runCli([...base, '--out', whole])).code).toBe(0);
    for (let i = 0; i < 3; i++) expect((await runCli([...base, '--out', shards, '--shard', `${i}/3`])).code).toBe(0);
    expect(readdirSync(shards).sort()).toEqual(['shard-0-of-3.json', 'shard-1-of-3.json', 'shard-2-of-3.json']);
    const m = await runCli(['merge', shards, '--out', merged]);
    expect(m.code, m.err).toBe(0);
    const a = readFileSync(join(whole, `table.${format}`), 'utf8');
    expect(a.split('\n').length).toBeGreaterThan(8);
    expect(readFileSync(join(merged, `table.${format}`), 'utf8')).toBe(a);
    const prov = JSON.parse(readFileSync(join(merged, 'provenance.json'), 'utf8'));
    expect(prov.execution).toMatchObject({ mode: 'sharded', shards: 3 });
    expect(prov.rows.map((r: { index: number }) => r.index)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  }, 120_000);

  it('refuses an incomplete set, shards of another configuration, and overwriting a shard file', async () => {
    const s = join(dir, 'partial');
    const base = ['table', '--config', cfg, '--format', 'csv', '--workers', '1', '--out', s];
    expect((await runCli([...base, '--shard', '0/2'])).code).toBe(0);
    const missing = await runCli(['merge', s]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/incomplete: shard 1 of 2 missing/);
    const again = await runCli([...base, '--shard', '0/2']);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists already/);
    expect((await runCli([...base, '--shard', '1/2', '--set', 'grid.delta=[1,2]'])).code).toBe(0);
    const mixed = await runCli(['merge', s]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/shards of different runs/);
    expect((await runCli(['table', '--config', cfg, '--shard', '0/2'])).err).toMatch(/--out/);
  }, 120_000);

  it('--emit-sbatch writes a Slurm array script of N tasks running the command without --shard', async () => {
    const file = join(dir, 'sweep.sbatch');
    const r = await runCli(['table', '--config', cfg, '--out', join(dir, 'slurm'), '--shard', '0/16', '--emit-sbatch', file]);
    expect(r.code, r.err).toBe(0);
    const script = readFileSync(file, 'utf8');
    expect(script).toMatch(/^#!\/bin\/bash/);
    expect(script).toContain('#SBATCH --array=0-15');
    expect(script).toContain(`npx flcalc table --config ${cfg} --out ${join(dir, 'slurm')}`);
    expect(script).not.toMatch(/--shard|--emit-sbatch/);
  });
});

describe('sharded threshold empirical', () => {
  it('merge of the per-d shards prints the unsharded result (provenance aside)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flcalc-shard-thr-'));
    const base = ['threshold', 'empirical', '--dims', '20,30', '--steps', '10', '--bisections', '0', '--delta-range', '2,4', '--max-delta', '8', '--n-test', '50', '--seeds', '4', '--json'];
    const whole = await runCli(base);
    expect([0, 3]).toContain(whole.code);
    for (let i = 0; i < 2; i++) expect((await runCli([...base, '--shard', `${i}/2`, '--out', dir])).code).toBe(0);
    const merged = await runCli(['merge', dir, '--json']);
    expect(merged.code, merged.err).toBe(whole.code);
    const strip = (s: string) => ({ ...JSON.parse(s), provenance: undefined });
    expect(strip(merged.out)).toEqual(strip(whole.out));
    expect(JSON.parse(merged.out).by_d.map((b: { d: number }) => b.d)).toEqual([20, 30]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

describe('sharded validate', () => {
  it('merge of the unit shards prints the unsharded suite result (provenance and timing aside)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flcalc-shard-val-'));
    const base = ['validate', '--suite', 'spectral', '--quick', '--json'];
    const whole = await runCli(base);
    for (let i = 0; i < 3; i++) expect((await runCli([...base, '--shard', `${i}/3`, '--out', dir])).code).toBe(0);
    const merged = await runCli(['merge', dir, '--json']);
    expect(merged.code, merged.err).toBe(whole.code);
    const strip = (s: string) => ({ ...JSON.parse(s), provenance: undefined, seconds: undefined });
    expect(strip(merged.out)).toEqual(strip(whole.out));
    expect(JSON.parse(merged.out).cases.length).toBeGreaterThanOrEqual(6);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
