// The typed library (src/library.ts) exposes the stationary-state theory of docs/theory.md §6 without the CLI.
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget, stationaryPoint, schurAtZero, iidLowestTheta } from '../src/library.js';

describe('library: stationary state', () => {
  it('solves the fixed point (6.4)–(6.5) and gives Λ (6.9) and the i.i.d. θ-eigenvalue (6.10) at δ = 20', () => {
    const problem = {
      act: resolveActivation('gelu').fn, loss: resolveLoss('square').fn, target: resolveTarget('tanh(z^2)'), noise: 0, readout: 1, ridge: 0,
    };
    const p = stationaryPoint(problem, 20);
    expect(p.status.converged).toBe(true);
    // δ = 20 lies above both the Λ zero and the i.i.d. zero of the reference: both are negative.
    expect(schurAtZero(p, 0)).toBeLessThan(0);
    expect(iidLowestTheta(p, 0)).toBeLessThan(0);
  });
});
