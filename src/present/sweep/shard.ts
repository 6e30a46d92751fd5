// Sharded sweeps: a sweep of R rows run as N independent jobs (a Slurm array, GNU parallel, separate machines).
// Shard i of N (0 ≤ i < N) evaluates the rows r with r mod N = i (round-robin, so the shards cost about the same)
// and writes them, with their row indices and a hash of the configuration, to DIR/shard-<i>-of-<N>.json.
// Every row's random numbers derive from the base seed and the row itself, never from i or N, so a merged
// sharded run equals the unsharded run row for row. `flcalc merge` checks the hash and completeness.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { provenance, toolVersion, type Provenance } from '../../core/provenance.js';

export interface Shard {
  index: number;
  count: number;
}

export type ShardKind = 'table' | 'threshold-empirical' | 'validate';

/** One shard's output file. `context` holds what the merge needs to render the unsharded outputs. */
export interface ShardFile<Row = unknown, Context = unknown> {
  flcalc_shard: 1;
  kind: ShardKind;
  config_hash: string;
  shard: Shard;
  total_rows: number;
  context: Context;
  rows: Array<{ index: number; row: Row }>;
  seconds: number;
  provenance: Provenance;
}

const EXAMPLE = '--shard 3/16';

/** --shard i/N, else SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_COUNT, else none. */
export function parseShard(value: unknown, env: NodeJS.ProcessEnv = process.env): Shard | null {
  if (value === undefined || value === null) {
    const id = env['SLURM_ARRAY_TASK_ID'], count = env['SLURM_ARRAY_TASK_COUNT'];
    if (id === undefined || count === undefined) return null;
    const min = Number(env['SLURM_ARRAY_TASK_MIN'] ?? '0');
    return checked(Number(id) - min, Number(count), `SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_COUNT=${count}`);
  }
  if (Array.isArray(value)) throw new UsageError('--shard', 'was given more than once', EXAMPLE);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(value));
  if (!m) throw new UsageError('--shard', `must be i/N with 0 ≤ i < N, got "${String(value)}"`, EXAMPLE);
  return checked(Number(m[1]), Number(m[2]), `"${String(value)}"`);
}

export const MAX_SHARDS = 100000;

function checked(index: number, count: number, given: string): Shard {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS)
    throw new UsageError('--shard', `shard count N must be an integer in 1..${MAX_SHARDS}, got ${given}`, EXAMPLE);
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new UsageError('--shard', `shard index i must be an integer with 0 ≤ i < N, got ${given}`, EXAMPLE);
  return { index, count };
}

/** The row indices of shard `s` among `total` rows (round-robin). */
export function shardRows(total: number, s: Shard): number[] {
  const out: number[] = [];
  for (let r = s.index; r < total; r += s.count) out.push(r);
  return out;
}

/** JSON with object keys sorted, so that equal configurations hash equally. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** SHA-256 (hex, 16 digits) of the kind, the tool version and the canonical configuration. */
export function configHash(kind: ShardKind, config: unknown): string {
  return createHash('sha256').update(canonical({ kind, version: toolVersion(), config })).digest('hex').slice(0, 16);
}

// Rows are stored exactly: numbers as JSON numbers (shortest round-trip form), the non-finite ones that a row may
// carry internally as {"non_finite": "NaN" | "Infinity" | "-Infinity"}, restored on reading.
const keepNonFinite = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? { non_finite: String(v) } : v);
const restoreNonFinite = (_k: string, v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { non_finite?: unknown }).non_finite === 'string'
    ? Number((v as { non_finite: string }).non_finite)
    : v;

export const shardFileName = (s: Shard): string => `shard-${s.index}-of-${s.count}.json`;

/** Writes DIR/shard-<i>-of-<N>.json; returns its path. Refuses to overwrite an existing shard file. */
export function writeShard(dir: string, file: Omit<ShardFile, 'flcalc_shard' | 'provenance'>): string {
  const path = join(dir, shardFileName(file.shard));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, JSON.stringify({ flcalc_shard: 1, ...file, provenance: provenance() }, keepNonFinite) + '\n', { flag: 'wx' });
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists already (remove it to rerun this shard)' : (e as Error).message.split('\n')[0];
    throw new UsageError('--out', `cannot write ${path}: ${why}`, 'runs/sweep1');
  }
  return path;
}

/** Reads every shard file under `dirs` and checks that they belong to one run (same kind, hash, N, row count)
 *  and together hold every row exactly once. Returns the files (by shard index) and the rows by row index. */
export function readShards(dirs: readonly string[]): { files: ShardFile[]; rows: unknown[] } {
  const files: ShardFile[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => /^shard-\d+-of-\d+\.json$/.test(f));
    } catch (e) {
      throw new UsageError('<dirs>', `cannot read directory "${dir}": ${(e as Error).message.split('\n')[0]}`, 'flcalc merge runs/sweep1');
    }
    for (const name of names) {
      const path = join(dir, name);
      let f: ShardFile;
      try {
        f = JSON.parse(readFileSync(path, 'utf8'), restoreNonFinite) as ShardFile;
      } catch (e) {
        throw new UsageError('<dirs>', `${path} is not a readable shard file: ${(e as Error).message.split('\n')[0]}`, 'flcalc merge runs/sweep1');
      }
      if (f.flcalc_shard !== 1 || !Array.isArray(f.rows) || !f.shard) throw new UsageError('<dirs>', `${path} is not an flcalc shard file`, 'flcalc merge runs/sweep1');
      files.push(f);
    }
  }
  if (files.length === 0) throw new UsageError('<dirs>', `no shard-<i>-of-<N>.json files in ${dirs.join(', ')}`, 'flcalc merge runs/sweep1');
  const first = files[0]!;
  for (const f of files) {
    if (f.kind !== first.kind || f.config_hash !== first.config_hash || f.shard.count !== first.shard.count || f.total_rows !== first.total_rows)
      throw new UsageError(
        '<dirs>',
        `shards of different runs: ${f.kind} ${f.config_hash} (${f.shard.count} shards, ${f.total_rows} rows) vs ${first.kind} ${first.config_hash} (${first.shard.count} shards, ${first.total_rows} rows)`,
        'flcalc merge runs/sweep1',
      );
  }
  const byShard = new Map<number, ShardFile>();
  for (const f of files) {
    if (byShard.has(f.shard.index)) throw new UsageError('<dirs>', `shard ${f.shard.index}/${f.shard.count} appears twice`, 'flcalc merge runs/sweep1');
    byShard.set(f.shard.index, f);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !byShard.has(i));
  if (missing.length) throw new UsageError('<dirs>', `incomplete: shard${missing.length > 1 ? 's' : ''} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} of ${first.shard.count} missing`, 'flcalc merge runs/sweep1');
  const rows = new Array<unknown>(first.total_rows);
  const seen = new Uint8Array(first.total_rows);
  for (const f of files)
    for (const { index, row } of f.rows) {
      if (!Number.isInteger(index) || index < 0 || index >= first.total_rows || index % f.shard.count !== f.shard.index || seen[index])
        throw new UsageError('<dirs>', `shard ${f.shard.index}/${f.shard.count} holds row ${index}, which is not one of its rows or is duplicated`, 'flcalc merge runs/sweep1');
      seen[index] = 1;
      rows[index] = row;
    }
  const absent = seen.findIndex((x) => x === 0);
  if (absent >= 0) throw new UsageError('<dirs>', `incomplete: row ${absent} of ${first.total_rows} is in no shard`, 'flcalc merge runs/sweep1');
  return { files: [...byShard.values()].sort((a, b) => a.shard.index - b.shard.index), rows };
}

/** A Slurm array script that runs `command` (which must not set --shard: each task reads its index from
 *  SLURM_ARRAY_TASK_ID) as `count` tasks, then the line that merges them. */
export function sbatchScript(opts: { name: string; count: number; command: string; out: string; merge: string }): string {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${opts.name}`,
    `#SBATCH --array=0-${opts.count - 1}`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${opts.out}/slurm-%A_%a.log`,
    '# Each array task runs its shard (flcalc reads SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT).',
    '# When every task has finished:',
    `#   ${opts.merge}`,
    'set -euo pipefail',
    opts.command,
    '',
  ].join('\n');
}

/** The command line (for a shell) of `args` without --shard / --emit-sbatch and their values. */
export function shardlessCommand(args: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--shard' || a === '--emit-sbatch') {
      i++;
      continue;
    }
    if (a.startsWith('--shard=') || a.startsWith('--emit-sbatch=')) continue;
    out.push(a);
  }
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ['npx', 'flcalc', ...out].map(quote).join(' ');
}
