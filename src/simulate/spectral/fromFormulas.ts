// Bridge from resolved formulas (src/model/formulas.ts) to the simulators' plain function arguments.
import type { CompiledFn } from '../../numerics/expr/index.js';
import type { Target } from '../../model/formulas.js';
import type { SpectralExperiment } from './weightedSpectrum.js';

/** The docs/theory.md §1 experiment for a resolved target y = g(z) (+ noise·ξ) and weight T(y). */
export function spectralExperiment(
  target: Target,
  weight: CompiledFn,
  params: Omit<SpectralExperiment, 'target' | 'k' | 'weight'>,
): SpectralExperiment {
  const yArg = new Float64Array(1);
  return {
    ...params,
    target: (z) => target.fn.value(z),
    k: target.k,
    weight: (y) => {
      yArg[0] = y;
      return weight.value(yArg);
    },
  };
}
