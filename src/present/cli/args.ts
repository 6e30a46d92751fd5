// Flag parsing helpers: every failure is a UsageError naming the flag, the problem and a valid example.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';

export function requireString(argv: Record<string, unknown>, name: string, example: string): string {
  const v = argv[name];
  if (v === undefined || v === null || v === '') throw new UsageError(`--${name}`, 'is required', example);
  if (Array.isArray(v)) throw new UsageError(`--${name}`, 'was given more than once', example);
  return String(v);
}

export function optionalString(argv: Record<string, unknown>, name: string, example: string): string | undefined {
  const v = argv[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) throw new UsageError(`--${name}`, 'was given more than once', example);
  return String(v);
}

/** A finite number; `undefined` if the flag is absent and no default is given. */
export function parseNumber(
  argv: Record<string, unknown>,
  name: string,
  opts: { example: string; default?: number; min?: number; max?: number; exclusiveMin?: number; integer?: boolean },
): number {
  const raw = argv[name];
  if (raw === undefined || raw === null) {
    if (opts.default !== undefined) return opts.default;
    throw new UsageError(`--${name}`, 'is required', opts.example);
  }
  if (Array.isArray(raw)) throw new UsageError(`--${name}`, 'was given more than once', opts.example);
  const s = String(raw).trim();
  const x = s === '' ? NaN : Number(s);
  if (!Number.isFinite(x)) throw new UsageError(`--${name}`, `must be a finite number, got "${s}"`, opts.example);
  if (opts.integer && !Number.isInteger(x)) throw new UsageError(`--${name}`, `must be an integer, got ${s}`, opts.example);
  if (opts.exclusiveMin !== undefined && !(x > opts.exclusiveMin))
    throw new UsageError(`--${name}`, `must be > ${opts.exclusiveMin}, got ${s}`, opts.example);
  if (opts.min !== undefined && x < opts.min) throw new UsageError(`--${name}`, `must be ≥ ${opts.min}, got ${s}`, opts.example);
  if (opts.max !== undefined && x > opts.max) throw new UsageError(`--${name}`, `must be ≤ ${opts.max}, got ${s}`, opts.example);
  return x;
}

/** Comma-separated list of finite numbers, e.g. --readout "1,-1". */
export function parseNumberList(argv: Record<string, unknown>, name: string, example: string, fallback?: number[]): number[] {
  const raw = argv[name];
  if (raw === undefined || raw === null) {
    if (fallback) return fallback;
    throw new UsageError(`--${name}`, 'is required', example);
  }
  const parts = String(raw).split(',').map((p) => p.trim());
  const xs = parts.map(Number);
  xs.forEach((x, i) => {
    if (parts[i] === '' || !Number.isFinite(x))
      throw new UsageError(`--${name}`, `entry ${i + 1} ("${parts[i]}") is not a finite number`, example);
  });
  return xs;
}

export function parseChoice<T extends string>(
  argv: Record<string, unknown>,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = argv[name];
  if (raw === undefined || raw === null) return fallback;
  const s = String(raw);
  if (!(choices as readonly string[]).includes(s))
    throw new UsageError(`--${name}`, `must be one of ${choices.join(', ')}, got "${s}"`, choices[0]!);
  return s as T;
}

/** An optional output file (--plot FILE): the extension must be one of `exts` and the parent directory must exist
 *  and be writable, checked before anything is computed. */
export function parseOutputFile(argv: Record<string, unknown>, name: string, exts: readonly string[], example: string): string | undefined {
  const path = optionalString(argv, name, example);
  if (path === undefined) return undefined;
  if (!exts.some((e) => path.endsWith(e))) throw new UsageError(`--${name}`, `file name must end in ${exts.join(' or ')}, got "${path}"`, example);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--${name}`, `"${path}" is a directory; give a file name`, example);
  assertWritableDir(name, dirname(resolve(path)), example);
  return path;
}

/** An optional output directory (--out DIR): it must exist, or its parent must exist (only the last level is
 *  created); writable; checked before anything is computed. */
export function parseOutputDir(argv: Record<string, unknown>, name: string, example: string, fallback?: string): string | undefined {
  const dir = optionalString(argv, name, example) ?? fallback;
  if (dir === undefined) return undefined;
  if (dir.trim() === '') throw new UsageError(`--${name}`, 'must be a directory name', example);
  const abs = resolve(dir);
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new UsageError(`--${name}`, `"${dir}" exists and is not a directory`, example);
    assertWritableDir(name, abs, example);
  } else assertWritableDir(name, dirname(abs), example);
  return dir;
}

function assertWritableDir(name: string, dir: string, example: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--${name}`, `directory "${dir}" does not exist`, example);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--${name}`, `directory "${dir}" is not writable`, example);
  }
}
