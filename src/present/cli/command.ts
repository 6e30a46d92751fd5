// The shape of one CLI command. Each command lives in its own file under src/present/cli/commands/ and is a thin
// wrapper: parse and validate flags, call the library function (the library API mirrors the CLI), format.
import type { Argv } from 'yargs';

export interface CommandResult {
  /** The object printed with --json (must be JSON-serialisable, with no NaN). */
  json: unknown;
  /** The readable table printed without --json. */
  text: string;
  /** 0 ok, 3 when a solver did not converge (the output says so). Defaults to 0. */
  exitCode?: number;
}

export interface CommandSpec {
  /** yargs command string, e.g. "spectral" or "simulate <what>". */
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  /** `context.args`: the command line as given (after the program name), e.g. to write it into a job script;
   *  the CLI always passes it, direct callers may omit it. */
  run: (argv: Record<string, unknown>, context?: { args: readonly string[] }) => Promise<CommandResult> | CommandResult;
  /** Nested commands (e.g. `simulate spectral`); when present, `run` is never called. */
  subcommands?: CommandSpec[];
}
