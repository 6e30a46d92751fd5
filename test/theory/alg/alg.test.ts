import { describe, it, expect } from 'vitest';
import { compileExpr } from '../../../src/numerics/expr/compile.js';
import { resolveTarget } from '../../../src/model/formulas.js';
import { deltaAlg } from '../../../src/theory/alg/index.js';
import { algCommand } from '../../../src/present/cli/commands/alg.js';

const t2 = (s: string) => ({ k: 2, fn: compileExpr(s, ['z1', 'z2'], '--target') });

describe('δ_alg (docs/theory.md §3)', () => {
  it('phase retrieval y = z²: 1/2 to 1e-6', () => {
    const r = deltaAlg(resolveTarget('z^2'), 0);
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.delta_alg! - 0.5)).toBeLessThan(1e-6);
  });
  it('invertible functions of z² give 1/2 within their error estimates', () => {
    for (const s of ['tanh(z^2)', 'abs(z)', 'He(2, z)', 'exp(-z^2)']) {
      const r = deltaAlg(resolveTarget(s), 0);
      expect(r.first_order).toBe(false);
      expect(Math.abs(1 / r.delta_alg! - 2)).toBeLessThanOrEqual(r.error_estimate + 1e-9);
    }
  });
  it('a non-invertible function of z² loses information: He4 and min(z²,3) have δ_alg > 1/2', () => {
    for (const s of ['He(4, z)', 'min(z^2, 3)']) expect(deltaAlg(resolveTarget(s), 0).delta_alg!).toBeGreaterThan(0.5 + 1e-3);
  });
  it('noisy phase retrieval Δ = 0.5 (σ = √0.5): 0.5780', () => {
    const r = deltaAlg(resolveTarget('z^2'), Math.SQRT1_2);
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.delta_alg! - 0.578)).toBeLessThan(5e-5);
  });
  it('noise raises δ_alg monotonically', () => {
    const a = deltaAlg(resolveTarget('z^2'), 0.3).delta_alg!;
    const b = deltaAlg(resolveTarget('z^2'), 1).delta_alg!;
    expect(a).toBeGreaterThan(0.5);
    expect(b).toBeGreaterThan(a);
  });
  it('first-order directions give δ_alg = 0 with a reason (sign(z), z + z²)', () => {
    for (const s of ['sign(z)', 'z + z^2']) {
      const r = deltaAlg(resolveTarget(s), 0);
      expect(r.delta_alg).toBe(0);
      expect(r.reason).toMatch(/first-order/);
    }
  });
  it('y = z1² + z2² (co-area along rays): δ_alg = k/2 = 1', () => {
    // G(y) = (y/2 − 1)I, so every symmetric M is a top eigenvector (eigenvalue E[(y/2 − 1)²] = 1).
    const r = deltaAlg(t2('z1^2 + z2^2'), 0);
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.delta_alg! - 1)).toBeLessThan(1e-6);
  });
  it('discrete y = sign(z1 z2) by partition: G(±1) = ±(2/π)[[0,1],[1,0]], so δ_alg = π²/4 (within the error estimate)', () => {
    const r = deltaAlg(t2('sign(z1*z2)'), 0);
    expect(r.first_order).toBe(false);
    expect(Math.abs(r.inverse_delta_alg - 4 / Math.PI ** 2)).toBeLessThanOrEqual(2 * r.error_estimate + 1e-9);
  });
  it('multi-index map agrees with single index when the target ignores z2 (y = z1²: 1/δ_alg = 2)', () => {
    const r = deltaAlg(t2('z1^2 + 0*z2'), 0.5);
    const s = deltaAlg(resolveTarget('z^2'), 0.5);
    expect(Math.abs(r.inverse_delta_alg - s.inverse_delta_alg)).toBeLessThan(r.error_estimate + s.error_estimate + 1e-4);
  });
});

describe('flcalc alg', () => {
  it('default target z^2 → 0.5 converged', async () => {
    const r = await algCommand.run({});
    const j = r.json as Record<string, unknown>;
    expect(j['status']).toBe('converged');
    expect(j['delta_alg'] as number).toBeCloseTo(0.5, 8);
  });
  it('negative noise is a usage error', async () => {
    await expect(async () => algCommand.run({ noise: '-1' })).rejects.toThrow(/--noise/);
  });
});
