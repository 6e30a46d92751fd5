// GD kept ⊥ θ and the finite-n inertia identity (docs/theory.md (6.8)): at a minimiser in the ⊥ directions the
// lowest Hessian eigenvalue and the Schur complement S(0) have the same sign.
import { describe, expect, it } from 'vitest';
import { perpGd } from '../../../src/simulate/stationary/perpGd.js';
import { conjugateGradient } from '../../../src/simulate/stationary/conjugateGradient.js';

describe('perpGd', () => {
  it('converges ⊥ θ; sign(λ_min) = sign(S(0)) when the other eigenvalues are positive', () => {
    const r = perpGd({
      act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: 1, initScale: 1, lr: 0.5, ridge: 0,
      delta: 24, d: 40, gradTol: 1e-8, maxSteps: 20000, eigenpairs: 3, traceProbes: 2,
    }, 3);
    expect(r.converged).toBe(true);
    expect(r.lanczos.converged).toBe(true);
    expect(r.eigenvalues[1]!).toBeGreaterThan(0);
    expect(r.schur0).not.toBeNull();
    expect(Math.sign(r.eigenvalues[0]!)).toBe(Math.sign(r.schur0!));
    expect(r.trace_inverse!.mean).toBeGreaterThan(0);
  }, 20000);
  it('the Newton–CG polish reaches the minimiser GD reaches (same seed, positive-definite Hessian)', () => {
    const base = {
      act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: 1, initScale: 1, lr: 0.5, ridge: 0,
      delta: 8, d: 40, gradTol: 1e-9, maxSteps: 40000, eigenpairs: 2, traceProbes: 0,
    } as const;
    const gd = perpGd(base, 5);
    const nt = perpGd({ ...base, polishBelow: 1e-3 }, 5);
    expect(gd.converged && nt.converged).toBe(true);
    expect(nt.newton_steps).toBeGreaterThan(0);
    expect(nt.steps).toBeLessThan(gd.steps);
    // Both stop at ‖∇⊥R̂‖ ≤ 1e-9. If the full Hessian's lowest eigenvalue μ is positive at both points, the ⊥ block's
    // is ≥ μ (interlacing); in one strictly convex basin the two minimisers then differ by ≤ 2e-9/μ (to first order).
    const mu = Math.min(gd.eigenvalues[0]!, nt.eigenvalues[0]!);
    expect(mu).toBeGreaterThan(0);
    expect(Math.abs(gd.w_norm - nt.w_norm)).toBeLessThan(2e-9 / mu + 1e-12);
    expect(Math.abs(gd.train_risk - nt.train_risk)).toBeLessThan(1e-12 + 1e-9 * 2e-9 / mu);
  }, 20000);
  it('conjugate gradients solve a small SPD system', () => {
    const A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
    const b = Float64Array.of(1, 2, 3);
    const s = conjugateGradient((v, out) => { for (let i = 0; i < 3; i++) out[i] = A[i]!.reduce((a, x, j) => a + x * v[j]!, 0); }, b, 1e-12, 10);
    expect(s.converged).toBe(true);
    for (let i = 0; i < 3; i++) expect(A[i]!.reduce((a, x, j) => a + x * s.x[j]!, 0)).toBeCloseTo(b[i]!, 10);
  });
});
