// Helpers shared by the test files (not a test file itself: vitest collects only *.test.ts).
import { UsageError } from '../src/core/errors.js';
import { main } from '../src/present/cli/main.js';

/** Deterministic uniform points in [a, b] (mulberry32). */
export function points(seed: number, count: number, a: number, b: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(a + ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (b - a)));
  }
  return out;
}

/** The UsageError thrown by `f`; fails if `f` throws nothing or another error. */
export function usage(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError, none was thrown');
}

/** Runs the CLI in-process; stdout and stderr chunks are joined with `sep`. */
export async function runCli(args: string[], sep = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(sep), err: err.join(sep) };
}
