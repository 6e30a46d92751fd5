// User-facing error types. The CLI maps them to exit codes without stack traces:
// UsageError -> ExitCode.USAGE (bad input), ConvergenceError -> ExitCode.NONCONVERGENCE (a solver did not converge).
import type { SolverStatus } from './status.js';

/** Bad input: names the argument, what was wrong, and an example of a valid value. */
export class UsageError extends Error {
  constructor(
    readonly argument: string,
    readonly problem: string,
    readonly example: string,
  ) {
    super(`${argument}: ${problem} (example of a valid value: ${example})`);
    this.name = 'UsageError';
  }
}

/** A numerical method failed to reach its tolerance; carries the status (residual, iterations). */
export class ConvergenceError extends Error {
  constructor(
    readonly what: string,
    readonly status: SolverStatus,
  ) {
    super(
      `${what} did not converge (method ${status.method}, residual ${status.residual.toExponential(2)}, ` +
        `${status.iterations} iterations${status.message ? `: ${status.message}` : ''})`,
    );
    this.name = 'ConvergenceError';
  }
}

/** Process exit codes of every command (docs/exit-codes.md). */
export const ExitCode = {
  /** Success: every reported number converged. */
  OK: 0,
  /** An internal error (a bug): please report it. */
  BUG: 1,
  /** Bad input (UsageError): nothing was computed. */
  USAGE: 2,
  /** A numerical method did not converge, or produced a non-finite value; the output says which. */
  NONCONVERGENCE: 3,
  /** `validate`: at least one case disagrees with its reference beyond the error bars. */
  VALIDATION_FAILED: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
