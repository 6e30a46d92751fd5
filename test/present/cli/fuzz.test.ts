// Robustness fuzzing of the CLI: random and malformed expressions, numbers and flags for every
// command, run in-process through main(args, io). For every input: exit code ∈ {0, 2, 3} (1 = internal error
// is a failure); a non-empty stderr is one line with no stack trace; exit 0 prints no NaN/Infinity; each call
// finishes within a bounded time. Slow paths are avoided by the pools (small d, few steps/seeds for the
// simulators; `threshold` and `validate` always get at least one invalid flag so only validation runs).
// Inputs are drawn by fast-check with fixed seeds; every failing argument list is collected and reported.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { main } from '../../../src/present/cli/main.js';

const EXPRS_BAD = ['foo(x)', 'z^', '((', '', ' ', 'q+1', '1/0', 'log(0)', 'sqrt(-1)', 'exp(1000)', 'He(-1,z)', 'He(2.5,z)', 'z1*z2*z3*z4', 'NaN', 'Infinity', 'exp(exp(z))', 'x', 'y', 'f'];
const NUMS_BAD = ['0', '-1', 'NaN', '1e308', '-1e308', 'abc', '', 'Infinity', '1e-308', '0.5.5', '3,4'];
/** A valid value 6 times out of 7 (so most inputs reach the computation), else a malformed one. */
const pool = (good: string[], bad: string[]): fc.Arbitrary<string> =>
  good.length === 0 ? fc.constantFrom(...bad) : fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 6 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });

interface CommandFuzz {
  name: string;
  /** Positional words (e.g. ["simulate", "spectral"]). */
  words: string[];
  flags: Record<string, fc.Arbitrary<string>>;
  runs: number;
  /** Force at least one flag to an invalid value (so only argument validation runs). */
  /** Flags always given (sizes of simulations: never left at their large defaults). */
  always?: string[];
}

const cmds: CommandFuzz[] = [
  { name: 'hermite', words: ['hermite'], runs: 14, flags: { fn: pool(['relu(x)', 'tanh(x)', 'sign(x)', 'He(3,x)'], EXPRS_BAD), kmax: pool(['4', '8'], NUMS_BAD) } },
  { name: 'alg', words: ['alg'], runs: 14, flags: { target: pool(['z^2', 'abs(z)', 'tanh(z)', 'sign(z1*z2)'], EXPRS_BAD), noise: pool(['0', '0.5'], NUMS_BAD) } },
  {
    name: 'spectral',
    words: ['spectral'],
    runs: 16,
    flags: {
      target: pool(['z^2', 'tanh(z)', 'abs(z)'], EXPRS_BAD),
      weight: pool(['min(y,3)-1', 'tanh(y)', 'y', 'sign(y)'], EXPRS_BAD),
      delta: pool(['2', '0.3', '50'], NUMS_BAD),
      side: pool(['upper', 'lower'], ['middle', '']),
      noise: pool(['0', '0.3'], NUMS_BAD),
    },
  },
  {
    name: 'nn',
    words: ['nn'],
    runs: 8,
    flags: {
      act: pool(['gelu', 'tanh', 'relu'], EXPRS_BAD),
      loss: pool(['square', '(y-f)^2/2'], EXPRS_BAD),
      target: pool(['tanh(z^2)', 'z^2'], EXPRS_BAD),
      width: pool(['1'], NUMS_BAD), // width 2 takes 20–40 s per call on a loaded 2-core machine: not fuzzed
      delta: pool(['8', '2'], NUMS_BAD),
      noise: pool(['0', '0.1'], NUMS_BAD),
    },
  },
  {
    name: 'onestep',
    words: ['onestep'],
    runs: 14,
    always: ['act', 'target', 'alpha', 'c', 'ridge', 'n', 'ratios'],
    flags: {
      act: pool(['sin(x)+cos(x)', 'relu', 'tanh'], EXPRS_BAD),
      target: pool(['tanh(z) + z^2/4', 'z^2'], EXPRS_BAD),
      alpha: pool(['0.3', '0.1', '0.49'], NUMS_BAD),
      c: pool(['1', '2'], NUMS_BAD),
      ridge: pool(['0.1'], NUMS_BAD),
      n: pool(['1000'], NUMS_BAD),
      ratios: pool(['1,1', '2,0.5'], ['1', 'a,b', '0,1', '-1,1', '']),
    },
  },
  {
    name: 'local',
    words: ['local'],
    runs: 8,
    always: ['d', 'width', 'steps'],
    flags: { act: pool(['relu', 'abs'], EXPRS_BAD), d: pool(['5'], NUMS_BAD), width: pool(['3'], NUMS_BAD), steps: pool(['20'], NUMS_BAD), lambda: pool(['0.1'], NUMS_BAD) },
  },
  {
    name: 'simulate spectral',
    words: ['simulate', 'spectral'],
    runs: 10,
    always: ['d', 'seeds'],
    flags: {
      target: pool(['z^2', 'abs(z)'], EXPRS_BAD),
      weight: pool(['min(y,3)-1'], EXPRS_BAD),
      delta: pool(['2', '0.5'], NUMS_BAD),
      d: pool(['40', '60'], NUMS_BAD),
      seeds: pool(['1', '2'], NUMS_BAD),
      k: pool(['2'], NUMS_BAD),
    },
  },
  {
    name: 'simulate hessian',
    words: ['simulate', 'hessian'],
    runs: 8,
    always: ['d', 'seeds'],
    flags: { act: pool(['gelu'], EXPRS_BAD), delta: pool(['4'], NUMS_BAD), d: pool(['40'], NUMS_BAD), seeds: pool(['1'], NUMS_BAD) },
  },
  {
    name: 'simulate gd',
    words: ['simulate', 'gd'],
    runs: 8,
    always: ['d', 'steps', 'seeds'],
    flags: { act: pool(['gelu'], EXPRS_BAD), delta: pool(['4'], NUMS_BAD), d: pool(['30'], NUMS_BAD), steps: pool(['3'], NUMS_BAD), seeds: pool(['1'], NUMS_BAD) },
  },
  {
    name: 'simulate onestep',
    words: ['simulate', 'onestep'],
    runs: 8,
    always: ['n', 'seeds', 'act', 'target', 'ratios', 'c', 'alpha'],
    flags: {
      c: pool(['1'], NUMS_BAD),
      act: pool(['sin(x)+cos(x)', 'tanh'], EXPRS_BAD),
      target: pool(['tanh(z) + z^2/4'], EXPRS_BAD),
      alpha: pool(['0.3'], NUMS_BAD),
      ratios: pool(['1,1'], ['1', 'a,b', '0,1']),
      n: pool(['60'], NUMS_BAD),
      seeds: pool(['1'], NUMS_BAD),
      top: pool(['3'], NUMS_BAD),
    },
  },
  {
    name: 'threshold',
    words: ['threshold', 'empirical'],
    runs: 6,
    flags: { dims: pool([], ['abc', '0,1', '-5', '']), 'delta-range': pool(['2,16'], NUMS_BAD), bisections: pool(['1'], NUMS_BAD) },
  },
  { name: 'validate', words: ['validate'], runs: 4, flags: { suite: pool([], ['nonexistent', '', '../etc']) } },
  {
    name: 'table',
    words: ['table'],
    runs: 6,
    flags: { config: pool(['formulas/tables/reference.toml'], ['missing.toml', '', 'package.json']), format: pool(['md', 'csv', 'json'], ['xls', '']), workers: pool(['1'], NUMS_BAD) },
  },
];

const TIME_LIMIT_S = 15;

async function runOnce(args: string[], codes: number[]): Promise<string | null> {
  const out: string[] = [];
  const err: string[] = [];
  const t0 = performance.now();
  let code: number;
  try {
    code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  } catch (e) {
    return `main threw: ${(e as Error).message}`;
  }
  const seconds = (performance.now() - t0) / 1000;
  codes.push(code);
  const stdout = out.join('\n');
  const stderr = err.join('\n');
  if (![0, 2, 3].includes(code)) return `exit ${code}: ${stderr.slice(0, 300)}`;
  if (stderr.includes('    at ')) return `stack trace on stderr: ${stderr.slice(0, 300)}`;
  if (err.length > 1 || stderr.trim().includes('\n')) return `multi-line stderr: ${stderr.slice(0, 300)}`;
  if ((code === 2 || code === 3) && stderr === '' && code === 2) return 'exit 2 without a message';
  if (code === 0 && /\bNaN\b|\bInfinity\b/.test(stdout)) return `NaN/Infinity printed: ${stdout.match(/.{0,60}(NaN|Infinity).{0,20}/)?.[0]}`;
  if (seconds > TIME_LIMIT_S) return `took ${seconds.toFixed(1)} s (> ${TIME_LIMIT_S} s)`;
  return null;
}

const quote = (a: string) => (/^[\w.,=/-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);

describe('CLI fuzzing', () => {
  for (const [ci, c] of cmds.entries()) {
    it(`${c.name}: no crash, stack trace, NaN or hang on random/malformed input`, { timeout: 240_000 }, async () => {
      const arb = fc.record(
        Object.fromEntries(Object.entries(c.flags).map(([k, v]) => [k, c.always?.includes(k) ? v : fc.option(v, { nil: undefined, freq: 3 })])),
      ) as fc.Arbitrary<Record<string, string | undefined>>;
      const extra = fc.option(fc.constantFrom('--bogus-flag', '--json', '--json', '--delta=', '-x'), { nil: undefined, freq: 3 });
      const samples = fc.sample(fc.tuple(arb, extra), { numRuns: c.runs, seed: 1234 + ci });
      const failures: string[] = [];
      const codes: number[] = [];
      for (const [flags, more] of samples) {
        const args = [...c.words];
        for (const [k, v] of Object.entries(flags)) if (v !== undefined) args.push(`--${k}`, v);
        if (c.name === 'threshold' && flags['dims'] === undefined) args.push('--dims', 'abc');
        if (c.name === 'validate' && flags['suite'] === undefined) args.push('--suite', 'nonexistent');
        if (more) args.push(more);
        const problem = await runOnce(args, codes);
        if (problem) failures.push(`flcalc ${args.map(quote).join(' ')}  →  ${problem}`);
      }
      if (process.env['FLCALC_FUZZ_LOG']) console.log(`${c.name}: exit codes ${codes.join(' ')}`);
      expect(failures).toEqual([]);
    });
  }
});
