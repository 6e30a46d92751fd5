// Shared by the experiment recorders: where an experiment's record lives, and writing it without silently replacing
// an earlier record (an existing file is replaced only with --force, and the recorder says so).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
