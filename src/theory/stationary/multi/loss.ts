// The per-sample loss of the m-neuron stationary problem and its derivatives (docs/theory.md (6.20)):
//   ρ_y(u) = ℓ(y, Σ_j a_j σ(u_j)),  ∇ρ_y = ℓ_f (a∘σ′),  A = ∇²ρ_y = ℓ_ff (a∘σ′)(a∘σ′)ᵀ + ℓ_f diag(a∘σ″).
import type { CompiledFn } from '../../../numerics/expr/compile.js';

export interface MultiSampleLoss {
  m: number;
  /** Returns ρ_y(u); writes ∇ρ_y(u) to grad (m) and ∇²ρ_y(u) to hess (m×m row-major). */
  jet(y: number, u: Float64Array, grad: Float64Array, hess: Float64Array): number;
}

export function multiSampleLoss(act: CompiledFn, loss: CompiledFn, readout: Float64Array): MultiSampleLoss {
  const m = readout.length;
  const xa = new Float64Array(1), ya = new Float64Array(2);
  const js = new Float64Array(4), jl = new Float64Array(4);
  const s1 = new Float64Array(m), s2 = new Float64Array(m);
  return {
    m,
    jet(y, u, grad, hess) {
      let f = 0;
      for (let j = 0; j < m; j++) {
        xa[0] = u[j]!;
        act.jet(xa, 0, js);
        f += readout[j]! * js[0]!;
        s1[j] = readout[j]! * js[1]!;
        s2[j] = readout[j]! * js[2]!;
      }
      ya[0] = y;
      ya[1] = f;
      loss.jet(ya, 1, jl);
      const lf = jl[1]!, lff = jl[2]!;
      for (let j = 0; j < m; j++) {
        grad[j] = lf * s1[j]!;
        for (let k = 0; k < m; k++) hess[j * m + k] = lff * s1[j]! * s1[k]! + (j === k ? lf * s2[j]! : 0);
      }
      return jl[0]!;
    },
  };
}
