// GD kept ⊥ θ for m neurons: with one neuron it is the m = 1 simulator (same data, same start, same stopping rule).
import { describe, expect, it } from 'vitest';
import { perpGd } from '../../../src/simulate/stationary/perpGd.js';
import { perpGdMulti } from '../../../src/simulate/stationary/perpGdMulti.js';

describe('perpGdMulti', () => {
  it('m = 1 reaches the minimiser perpGd reaches: ‖ŵ‖², risk and S(0) (both converged to ‖∇⊥R̂‖ ≤ 1e-9)', () => {
    const base = { act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, initScale: 1, lr: 0.5, ridge: 0, delta: 8, d: 40, gradTol: 1e-9, maxSteps: 40000, polishBelow: 1e-3 };
    const one = perpGd({ ...base, readout: 1, eigenpairs: 2, traceProbes: 0 }, 5);
    const multi = perpGdMulti({ ...base, readout: [1] }, 5);
    expect(one.converged && multi.converged).toBe(true);
    // Same basin, positive-definite ⊥ Hessian (μ = its lowest eigenvalue): the minimisers differ by ≤ 2e-9/μ.
    const mu = one.eigenvalues[0]!;
    expect(mu).toBeGreaterThan(0);
    expect(Math.abs(Math.sqrt(multi.Q[0]!) - one.w_norm)).toBeLessThan(2e-9 / mu + 1e-12);
    expect(Math.abs(multi.train_risk - one.train_risk)).toBeLessThan(1e-12);
    expect(multi.schur0).not.toBeNull();
    expect(multi.schur0![0]!).toBeCloseTo(one.schur0!, 6);
  }, 20000);
});
