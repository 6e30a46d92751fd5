// flcalc command-line interface (yargs). Every command prints a readable table, or JSON with --json.
// Exit codes (ExitCode in src/errors.ts, docs/exit-codes.md): 0 ok, 1 internal error (a bug), 2 bad input (UsageError),
// 3 non-convergence (ConvergenceError, a not-converged result, or a non-finite number in the output).
import yargs, { type Argv } from 'yargs';
import { UsageError, ConvergenceError, ExitCode } from '../../core/errors.js';
import { nonFinitePaths, toJson } from '../../core/format.js';
import { toolVersion } from '../../core/provenance.js';
import type { CommandSpec, CommandResult } from './command.js';
import { commands, commandName, defaultCommand, type CommandEntry } from './registry.js';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/** Prints the result. Generic guard: a non-finite number in the result is never reported as converged — it is
 *  printed as null (JSON), every `status: "converged"` becomes "not_converged", and the exit code is 3. */
function report(result: CommandResult, asJson: boolean, io: Io): number {
  const bad = nonFinitePaths(result.json);
  if (bad.length === 0) {
    io.out(asJson ? toJson(result.json) : result.text);
    return result.exitCode ?? ExitCode.OK;
  }
  io.out(asJson ? toJson(demoteNonFinite(result.json)) : result.text);
  io.err(`flcalc: not converged: non-finite value(s) in the result: ${bad.slice(0, 4).join(', ')}`);
  return ExitCode.NONCONVERGENCE;
}

/** The result with non-finite numbers replaced by null and every status "converged" by "not_converged". */
export function demoteNonFinite(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>, demoteNonFinite);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, /status$/.test(k) && x === 'converged' ? 'not_converged' : demoteNonFinite(x)]));
  return v;
}

/** `--ratios -1,1` → `--ratios=-1,1`: a negative number after a flag is its value, not a short option. */
export function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const prev = out[out.length - 1];
    if (/^-(\d|\.\d)/.test(a) && prev !== undefined && /^--[\w-]+$/.test(prev) && prev !== '--json') out[out.length - 1] = `${prev}=${a}`;
    else out.push(a);
  }
  return out;
}

function handleError(e: unknown, io: Io): number {
  if (e instanceof UsageError) {
    io.err(`flcalc: error: ${e.message}`);
    return ExitCode.USAGE;
  }
  if (e instanceof ConvergenceError) {
    io.err(`flcalc: not converged: ${e.message}`);
    return ExitCode.NONCONVERGENCE;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.err(`flcalc: internal error: ${msg}`);
  if (process.env['FLCALC_DEBUG'] && e instanceof Error) io.err(e.stack ?? '');
  return ExitCode.BUG;
}

/** The entries on the command path the arguments select (command, then subcommand), outermost first. */
function selectedPath(args: readonly string[]): CommandEntry[] {
  const path: CommandEntry[] = [];
  let level: CommandEntry[] | undefined = commands;
  let from = 0;
  while (level) {
    const names: Set<string> = new Set(level.map(commandName));
    const at: number = path.length === 0 ? args.findIndex((a) => !a.startsWith('-')) : args.findIndex((a, i) => i >= from && names.has(a));
    const entry: CommandEntry | undefined = at >= 0 ? level.find((e) => commandName(e) === args[at]) : undefined;
    if (!entry) break;
    path.push(entry);
    from = at + 1;
    level = entry.subcommands;
  }
  return path;
}

/** Registers `entry`: fully (flags and handler) if it is the selected command, whose module `spec` was loaded;
 *  otherwise by name and description only, for --help and command suggestions. */
function register(y: Argv, entry: CommandEntry, selected: { path: CommandEntry[]; spec?: CommandSpec; args: readonly string[] }, io: Io, done: (code: number) => void): Argv {
  const subs = entry.subcommands;
  if (subs) {
    return y.command(entry.command, entry.describe, (b) =>
      subs.reduce((acc, s) => register(acc, s, selected, io, done), b).demandCommand(1, `give one of: ${subs.map(commandName).join(', ')}`),
    );
  }
  const spec = selected.path.at(-1) === entry ? selected.spec : undefined;
  if (!spec) return y.command(entry.command, entry.describe);
  return y.command(
    entry.command,
    entry.describe,
    (b) => spec.builder(b).option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
    async (argv) => {
      try {
        const result = await spec.run(argv as Record<string, unknown>, { args: selected.args });
        done(report(result, Boolean((argv as Record<string, unknown>)['json']), io));
      } catch (e) {
        done(handleError(e, io));
      }
    },
  );
}

/** yargs' own validation messages (unknown flag, bad choice) as a one-line UsageError naming the flag. */
function yargsUsageError(msg: string, args: readonly string[]): UsageError {
  const oneLine = msg.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ').trim();
  const flag = /Argument: ([\w-]+)/.exec(oneLine)?.[1] ?? /Unknown arguments?: ([\w-]+)/.exec(oneLine)?.[1];
  const choices = /Choices: ([^;]+)/.exec(oneLine)?.[1];
  const known = commands.some((c) => commandName(c) === args[0]);
  const example = choices ? choices.split(',')[0]!.trim().replace(/^"|"$/g, '') : known ? `flcalc ${args[0]} --help` : 'flcalc --help';
  return new UsageError(flag ? `--${flag}` : 'arguments', oneLine, example);
}

/** Run the CLI on the given arguments; resolves to the exit code. */
export async function main(args: string[], io: Io = stdio): Promise<number> {
  let code: number | undefined;
  const done = (c: number) => {
    code = c;
  };
  const joined = joinNegativeValues(args);
  const argsOrDefault = joined.length === 0 || (joined.length === 1 && joined[0] === '--json') ? [defaultCommand, ...joined] : joined;
  let y = yargs(argsOrDefault)
    .scriptName('flcalc')
    .version(toolVersion())
    .strict()
    .demandCommand(1, 'give a command; run flcalc --help for the list')
    .recommendCommands()
    .wrap(Math.min(120, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw yargsUsageError(msg ?? 'invalid arguments', argsOrDefault);
    })
    .exitProcess(false);
  try {
    const path = selectedPath(argsOrDefault);
    const leaf = path.at(-1);
    const selected = { path, args: argsOrDefault, ...(leaf?.load ? { spec: await leaf.load() } : {}) };
    for (const entry of commands) y = register(y, entry, selected, io, done);
    await y.parseAsync();
  } catch (e) {
    return handleError(e, io);
  }
  return code ?? ExitCode.OK;
}
