// Shared by the experiment recorders: where an experiment's record lives, writing it without silently replacing
// an earlier record (an existing file is replaced only with --force, and the recorder says so), the d:delta:seed run
// specifications they take, and reading the records back with the mean ± se over seeds.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fisherExactTwoSided, meanSe as statsMeanSe } from '../../src/numerics/stats.js';

export const EXPERIMENTS_DIR = resolve(import.meta.dirname, '../../../validation/experiments');

/** validation/experiments/<name>/, created when missing. */
export function experimentDir(name: string): string {
  const dir = join(EXPERIMENTS_DIR, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Refuses (exit 2) when any of the files exists and --force was not given; call before computing. */
export function checkWritable(paths: readonly string[], argv: readonly string[]): void {
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length && !argv.includes('--force')) {
    process.stderr.write(`error: ${existing.join(', ')} already recorded; pass --force to replace (e.g. … --force)\n`);
    process.exit(2);
  }
  if (existing.length) process.stderr.write(`replacing ${existing.join(', ')} (--force)\n`);
}

export function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text.endsWith('\n') ? text : text + '\n');
}

/** The value after `--name` in argv, else the fallback. */
export function argValue(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

/** Majority bracket on a δ grid sorted ascending: [largest δ not learned by a majority, smallest δ learned by a
 *  majority above it]; an end is null (open) when no such grid point exists. */
export function majorityBracket(points: ReadonlyArray<{ delta: number; majority: boolean }>): [number | null, number | null] {
  let lo: number | null = null, hi: number | null = null;
  for (let k = points.length - 1; k >= 0; k--) {
    if (points[k]!.majority) hi = points[k]!.delta;
    else { lo = points[k]!.delta; break; }
  }
  return [lo, hi];
}

/** majorityBracket written "[lo, hi]", an open end as "open". */
export function bracketText(points: ReadonlyArray<{ delta: number; majority: boolean }>): string {
  const [lo, hi] = majorityBracket(points);
  return `[${lo ?? 'open'}, ${hi ?? 'open'}]`;
}

/** Learned counts of the finite-d DMFT realisations and of GD's seeds at the same (d, δ, T), the two-sided Fisher
 *  exact p of the two fractions (null without GD seeds), and whether a majority of each learned (null without GD). */
export function compareLearned(dmft: ReadonlyArray<{ t_learn: number | null }>, gd: ReadonlyArray<{ t_learn: number | null }>) {
  const ld = dmft.filter((r) => r.t_learn !== null).length, lg = gd.filter((r) => r.t_learn !== null).length;
  return {
    ld, lg,
    p: gd.length ? fisherExactTwoSided(ld, dmft.length, lg, gd.length) : null,
    dmftMajority: 2 * ld > dmft.length,
    gdMajority: gd.length ? 2 * lg > gd.length : null,
  };
}

/** CPU seconds (user + system) of a process.cpuUsage difference. */
export const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

export interface RunSpec { d: number; delta: number; seed: number }

/** "d:delta:seed" with integer 10 ≤ d ≤ 4000, 1 < δ ≤ 64 and an integer seed ≥ 0; null otherwise. */
export function parseRunSpec(s: string): RunSpec | null {
  const [d, delta, seed] = s.split(':').map(Number);
  const ok = Number.isInteger(d) && d! >= 10 && d! <= 4000 && delta! > 1 && delta! <= 64 && Number.isInteger(seed) && seed! >= 0;
  return ok ? { d: d!, delta: delta!, seed: seed! } : null;
}

/** Every record (*.json) in dir, parsed, with its file name. */
export function readRecords<T>(dir: string): Array<T & { file: string }> {
  return readdirSync(dir).filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as T) }));
}

/** Mean and standard error over seeds (src/numerics/stats.ts); se null with a single seed. */
export function meanSe(xs: readonly number[]): { mean: number; se: number | null } {
  const r = statsMeanSe(xs);
  return { mean: r.mean, se: xs.length > 1 ? r.se : null };
}
