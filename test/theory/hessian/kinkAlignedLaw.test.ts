// The Hessian's lower edge for relu neurons with correlated pre-activations, square loss: A = ℓ''·(a∘σ')(a∘σ')ᵀ
// with σ' = 1[u > 0] takes 2^m values with orthant probabilities, so the joint-law edge (kink-aligned nested rule)
// must match the edge of that discrete law (computed by the same §2 solver, independently of the quadrature).
import { describe, it, expect } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState } from '../../../src/model/state.js';
import { hessianSpectrum } from '../../../src/theory/hessian/spectrum.js';
import { lowerEdge } from '../../../src/theory/rmt/edge.js';
import type { MatrixLaw } from '../../../src/theory/rmt/matrixLaw.js';

describe('kink-aligned joint law: relu, square loss, m = 2, cos(w1, w2) = ρ', () => {
  it('edge = the edge of the four-atom law with orthant probabilities (π − θ)/2π, θ/2π, θ/2π, (π − θ)/2π', () => {
    const p = { act: resolveActivation('relu'), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 };
    for (const rho of [0.5, -0.3]) {
      const s = makeState([1, -0.7], [1, 1.3], 1, `w1.w2=${rho}`);
      const delta = 8;
      // Order 12 (6 nodes per interval) is already exact on each orthant: the pieces are polynomial in ζ.
      const sp = hessianSpectrum(p, s, delta, { order: 12 });
      const th = Math.acos(rho);
      const prob = [(Math.PI - th) / (2 * Math.PI), th / (2 * Math.PI), th / (2 * Math.PI), (Math.PI - th) / (2 * Math.PI)];
      const pattern = [[1, 1], [1, 0], [0, 1], [0, 0]];
      const a = [1, -0.7];
      const A = new Float64Array(16);
      pattern.forEach((sg, i) => {
        for (let j = 0; j < 2; j++) for (let l = 0; l < 2; l++) A[i * 4 + j * 2 + l] = a[j]! * sg[j]! * a[l]! * sg[l]!;
      });
      const law: MatrixLaw = { m: 2, k: 1, size: 4, weights: Float64Array.from(prob), A, zeta: new Float64Array(4), coords: ['z'], origin: 'orthant law' };
      const e = lowerEdge(law, delta);
      expect(sp.status.converged).toBe(true);
      // The quadrature estimate plus the edge solver's own tolerance (its residual), relative to the edge.
      const tol = sp.quadrature.error_estimate * Math.abs(sp.edge) + 1e-8;
      expect(Math.abs(sp.edge - e.edge)).toBeLessThanOrEqual(tol);
    }
  });
});
