// The per-sample loss of the m-neuron stationary problem and its derivatives (docs/theory.md (6.20)):
//   ρ_y(u) = ℓ(y, Σ_j a_j σ(u_j)),  ∇ρ_y = ℓ_f (a∘σ′),  A = ∇²ρ_y = ℓ_ff (a∘σ′)(a∘σ′)ᵀ + ℓ_f diag(a∘σ″),
// the same per-sample terms as the DMFT's (pointTerms, docs/theory.md (4.2)).
import type { CompiledFn } from '../../../numerics/expr/compile.js';
import { pointModel, pointTerms } from '../../dmft/march.js';

export interface MultiSampleLoss {
  m: number;
  /** Returns ρ_y(u); writes ∇ρ_y(u) to grad (m) and ∇²ρ_y(u) to hess (m×m row-major). */
  jet(y: number, u: Float64Array, grad: Float64Array, hess: Float64Array): number;
}

export function multiSampleLoss(act: CompiledFn, loss: CompiledFn, readout: Float64Array): MultiSampleLoss {
  const pm = pointModel(act, loss, readout);
  return { m: readout.length, jet: (y, u, grad, hess) => pointTerms(pm, u, y, grad, hess) };
}
