// Flag parsing and number formatting shared by the one-step experiment scripts: `--key value` pairs (a bare
// `--key` is "true"), comma lists of numbers checked before any work, and mean ± se cells.
import { existsSync } from 'node:fs';
import { UsageError } from '../../../src/core/errors.js';
import type { Estimate } from '../../../src/simulate/onestep/index.js';

/** `--key value` pairs; anything else is a UsageError naming it, with `example` as a valid flag. */
export function flags(argv: readonly string[], example: string): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new UsageError(a, 'unexpected argument', example);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) m.set(a.slice(2), 'true');
    else { m.set(a.slice(2), next); i++; }
  }
  return m;
}

/** The comma list of --key (default `def`); every entry finite and passing `check`, else a UsageError. */
export function numbers(f: Map<string, string>, key: string, def: string, check: (x: number) => boolean, example: string): number[] {
  const xs = (f.get(key) ?? def).split(',').map(Number);
  if (xs.length === 0 || !xs.every((x) => Number.isFinite(x) && check(x))) throw new UsageError(`--${key}`, `invalid list "${f.get(key)}"`, example);
  return xs;
}

/** --out FILE.json and --md FILE.md (examples named `name`.json/.md in the errors-vs-n experiment); refused if either
 *  exists unless --force. */
export function outputFiles(f: Map<string, string>, name: string): { out: string; md: string } {
  const out = f.get('out');
  const md = f.get('md');
  const dir = 'validation/experiments/onestep_errors_vs_n';
  if (!out?.endsWith('.json')) throw new UsageError('--out', 'a .json file is required', `${dir}/${name}.json`);
  if (!md?.endsWith('.md')) throw new UsageError('--md', 'a .md file is required', `${dir}/${name}.md`);
  if ((existsSync(out) || existsSync(md)) && f.get('force') !== 'true') throw new UsageError('--force', `${out} or ${md} exists; pass --force to overwrite`, '--force');
  return { out, md };
}

/** The configuration grid: --cs step-size constants, --alphas exponents, --targets (';'-separated expressions). */
export function gridFlags(f: Map<string, string>): { cs: number[]; alphas: number[]; targets: string[] } {
  return {
    cs: numbers(f, 'cs', '1,2.5', (x) => x > 0 && x <= 10, '1,2.5'),
    alphas: numbers(f, 'alphas', '0.2,0.3,0.36', (x) => x >= 0 && x < 0.5, '0.2,0.3,0.36'),
    targets: (f.get('targets') ?? 'z + z^2/2;z').split(';'),
  };
}

export const fx = (x: number, p = 4): string => x.toPrecision(p);
export const pm = (e: Estimate): string => `${fx(e.mean)} ± ${e.se === null ? '—' : e.se.toPrecision(2)}`;
