// User-facing error types. The CLI maps them to exit codes without stack traces:
// UsageError -> 2 (bad input), ConvergenceError -> 3 (a solver did not converge).
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

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_NONCONVERGENCE = 3;
