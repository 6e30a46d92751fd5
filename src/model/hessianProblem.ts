// The model pieces of docs/theory.md §4 needed for the Hessian at a fixed state: activation σ, loss ℓ(y, f), target
// y = g(z) + noise·ξ, and the checks that the Hessian of the empirical risk exists (docs/theory.md §0).
import { UsageError } from '../core/errors.js';
import { assertBinaryLabels, type Activation, type Loss, type Target } from './formulas.js';

export interface HessianProblem {
  act: Activation;
  loss: Loss;
  target: Target;
  /** y = g(z) + noise·ξ, ξ ~ N(0, 1) independent (continuous targets only). */
  noise: number;
}

/** Which second-derivative information the Hessian sees (docs/theory.md §0): for piecewise-linear σ the curvature term
 *  ℓ' a σ''(u) vanishes almost surely in the empirical Hessian (σ'' = 0 a.e.), so only the Gauss–Newton term
 *  remains and the theory uses the a.e. value σ'' = 0 too. */
export function curvatureNote(p: HessianProblem): string | null {
  return p.act.fn.diracOrder === 2
    ? `σ = ${p.act.name} is piecewise linear: σ'' is a Dirac mass, which the empirical Hessian never sees (σ'' = 0 a.e.); ` +
        "the Hessian is the Gauss–Newton term ℓ''(a∘σ')(a∘σ')ᵀ alone, and so is the theory"
    : null;
}

/** Rejects activations and losses whose needed derivatives do not exist (CLI exit 2). */
export function checkProblem(p: HessianProblem): void {
  if (p.act.fn.diracOrder <= 1)
    throw new UsageError('--act', `σ = ${p.act.name} jumps (σ' is a Dirac mass), so the first-layer gradient and Hessian vanish almost surely; use a continuous activation`, 'gelu');
  if (p.loss.fn.diracOrder <= 2)
    throw new UsageError('--loss', `ℓ = ${p.loss.name} is not twice differentiable in f (ℓ'' has a Dirac mass); the Hessian needs ℓ''`, 'square');
  if (p.noise < 0 || !Number.isFinite(p.noise)) throw new UsageError('--noise', `must be ≥ 0, got ${p.noise}`, '0.1');
  if (p.noise > 0 && (p.target.discrete || p.loss.binaryLabels))
    throw new UsageError('--noise', 'label noise is only supported for continuous targets and losses', '0');
  assertBinaryLabels(p.target, p.loss);
}
