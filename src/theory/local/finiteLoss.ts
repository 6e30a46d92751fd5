// The step-size guard shared by the population and the finite-n GD of docs/theory.md §9: a non-finite loss means the step η was
// too large for the current state; stop with a ConvergenceError that says so (no silent NaN).
import { ConvergenceError } from '../../core/errors.js';

export function assertFiniteLoss(loss: number, what: string, method: string, step: number, lr: number): void {
  if (Number.isFinite(loss)) return;
  throw new ConvergenceError(what, {
    converged: false,
    residual: Infinity,
    iterations: step,
    method,
    message: `the loss became non-finite at step ${step}; lower --lr (was ${lr})`,
  });
}
