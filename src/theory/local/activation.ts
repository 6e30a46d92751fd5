// A user activation (catalogue name or expression, src/model/formulas.ts) as the plain functions the kernels use:
// σ, its a.e. derivative σ', and its kinks (zeros of the switch functions, src/numerics/quadrature/breaks.ts).
import { UsageError } from '../../core/errors.js';
import type { Activation } from '../../model/formulas.js';
import { findBreaks } from '../../numerics/quadrature/breaks.js';
import type { ScalarActivation } from './kernels.js';

/** σ must be continuous (σ' may jump): the population gradient E[σ'(wᵀx) x …] then has no Dirac part. */
export function scalarActivation(act: Activation, argument = '--act'): ScalarActivation {
  const { fn } = act;
  if (fn.diracOrder <= 1)
    throw new UsageError(argument, `σ = ${fn.source} is discontinuous (σ' has a Dirac mass); the local analysis needs a continuous σ`, 'abs');
  const arg = new Float64Array(1);
  const jet = new Float64Array(4);
  return {
    name: act.name,
    f: (t) => {
      arg[0] = t;
      return fn.value(arg);
    },
    df: (t) => {
      arg[0] = t;
      fn.jet(arg, 0, jet);
      return jet[1]!;
    },
    // Kinks up to |t| = 50 matter for norms ‖w‖ ≤ 5 (the rules stop at |G| = 10).
    kinks: fn.smoothness === 'smooth' ? [] : findBreaks(fn.switches.map((s) => (x: number) => s([x])), { cutoff: 50, grid: 10000 }),
  };
}
