// Flag parsing and number formatting shared by the one-step experiment scripts: `--key value` pairs (a bare
// `--key` is "true"), comma lists of numbers checked before any work, and mean ± se cells.
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

export const fx = (x: number, p = 4): string => x.toPrecision(p);
export const pm = (e: Estimate): string => `${fx(e.mean)} ± ${e.se === null ? '—' : e.se.toPrecision(2)}`;
