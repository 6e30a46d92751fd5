// Robustness fuzzing of the CLI (docs/exit-codes.md). Part 1: random and malformed expressions, numbers and flags
// for every command from fixed pools, run in-process through main(args, io). Part 2: random expressions from the
// expression grammar for every flag that takes an expression, run in child processes with a wall-time cap per
// call (a hang fails as a hang; the cap is generous so that load alone never fails it). For every input: exit
// code ∈ {0, 2, 3} (1 = internal error is a failure); stderr is one line with no stack trace; no NaN/Infinity is
// printed; --json output is valid JSON whose top-level status agrees with the exit code. Slow paths are avoided
// (small d, few steps/seeds; `threshold` and `validate` always get an invalid flag so only validation runs).
// Inputs are drawn by fast-check with fixed seeds; every failing argument list is collected and reported.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { main } from '../../../src/present/cli/main.js';
import { contractProblems, HANG_S, spawnCli } from './spawnCli.js';

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

async function runOnce(args: string[], codes: number[]): Promise<string | null> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  } catch (e) {
    return `main threw: ${(e as Error).message}`;
  }
  codes.push(code);
  const stdout = out.join('\n');
  const stderr = err.join('\n');
  if (![0, 2, 3].includes(code)) return `exit ${code}: ${stderr.slice(0, 300)}`;
  if (stderr.includes('    at ')) return `stack trace on stderr: ${stderr.slice(0, 300)}`;
  if (err.length > 1 || stderr.trim().includes('\n')) return `multi-line stderr: ${stderr.slice(0, 300)}`;
  if ((code === 2 || code === 3) && stderr === '' && code === 2) return 'exit 2 without a message';
  if (code === 0 && /\bNaN\b|\bInfinity\b/.test(stdout)) return `NaN/Infinity printed: ${stdout.match(/.{0,60}(NaN|Infinity).{0,20}/)?.[0]}`;
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

// ---- Part 2: the expression grammar, in child processes ----

/** Expressions in `v` from the grammar: constants, the variable, unary primitives, + − * / ^, min/max/clip, He. */
function expression(v: string): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    { arbitrary: fc.constant(v), weight: 4 },
    { arbitrary: fc.constantFrom('0', '1', '2', '0.5', '3', '-1', 'pi', '1e3', '1e-3', '1e308'), weight: 2 },
  );
  const unary = ['sqrt', 'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'atan', 'erf', 'Phi', 'phi', 'gelu', 'sigmoid', 'softplus', 'abs', 'relu', 'sign', 'heaviside'];
  const { e } = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom(...unary), tie('e')).map(([f, a]) => `${f}(${a})`),
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^'), tie('e')).map(([a, o, b]) => `(${a}) ${o} (${b})`),
      fc.tuple(fc.constantFrom('min', 'max'), tie('e'), tie('e')).map(([f, a, b]) => `${f}(${a}, ${b})`),
      fc.tuple(tie('e'), fc.constantFrom('-1', '0', '1')).map(([a, c]) => `clip(${a}, ${c}, 2)`),
      fc.tuple(fc.integer({ min: 0, max: 5 }), tie('e')).map(([k, a]) => `He(${k}, ${a})`),
    ),
  }));
  return e.filter((s) => s.length <= 120);
}

interface ExprFuzz {
  name: string;
  words: string[];
  /** Flags that take an expression, with their variable. */
  exprs: Record<string, string>;
  /** Fixed flags keeping each call small. */
  fixed: string[];
  runs: number;
}

const exprCmds: ExprFuzz[] = [
  { name: 'hermite', words: ['hermite'], exprs: { fn: 'x' }, fixed: ['--kmax', '4'], runs: 5 },
  { name: 'alg', words: ['alg'], exprs: { target: 'z' }, fixed: [], runs: 5 },
  { name: 'spectral', words: ['spectral'], exprs: { target: 'z', weight: 'y' }, fixed: ['--delta', '2'], runs: 5 },
  { name: 'nn', words: ['nn'], exprs: { act: 'x', target: 'z' }, fixed: ['--delta', '8'], runs: 3 },
  { name: 'onestep', words: ['onestep'], exprs: { act: 'x', target: 'z' }, fixed: ['--alpha', '0.3', '--c', '1', '--ratios', '1,1'], runs: 4 },
  { name: 'local', words: ['local'], exprs: { act: 'x' }, fixed: ['-d', '5', '--width', '3', '--steps', '20'], runs: 3 },
  { name: 'simulate spectral', words: ['simulate', 'spectral'], exprs: { target: 'z', weight: 'y' }, fixed: ['-d', '40', '--seeds', '1'], runs: 4 },
  { name: 'simulate hessian', words: ['simulate', 'hessian'], exprs: { act: 'x', target: 'z' }, fixed: ['-d', '40', '--seeds', '1'], runs: 3 },
  { name: 'simulate gd', words: ['simulate', 'gd'], exprs: { act: 'x', target: 'z' }, fixed: ['-d', '30', '--steps', '3', '--seeds', '1', '--delta', '4'], runs: 3 },
  {
    name: 'simulate onestep',
    words: ['simulate', 'onestep'],
    exprs: { act: 'x', target: 'z' },
    fixed: ['--n', '60', '--seeds', '1', '--alpha', '0.3', '--c', '1', '--ratios', '1,1'],
    runs: 3,
  },
];

describe('CLI fuzzing over the expression grammar (child processes, wall cap per call)', () => {
  for (const [ci, c] of exprCmds.entries()) {
    it(`${c.name}: exit ∈ {0, 2, 3}, no stack trace, valid JSON without NaN/Infinity`, { timeout: c.runs * (HANG_S + 15) * 1000 }, async () => {
      const arb = fc.record(Object.fromEntries(Object.entries(c.exprs).map(([flag, v]) => [flag, expression(v)])));
      const samples = fc.sample(arb, { numRuns: c.runs, seed: 4321 + ci });
      const failures: string[] = [];
      for (const flags of samples) {
        const args = [...c.words, ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]), ...c.fixed, '--json'];
        const problems = contractProblems(await spawnCli(args), true);
        if (problems.length > 0) failures.push(`flcalc ${args.map(quote).join(' ')}  →  ${problems.join('; ')}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
