// The shared work of the stationary thresholds (docs/theory.md §6): the prox from a guess equals the bracketed prox,
// a fixed point warm-started from a nearby δ (with its atoms' fitted values) equals the cold-started one, and each
// threshold comes with the fixed point at its δ, where its function vanishes.
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { prox, sampleLoss } from '../../../src/theory/stationary/prox.js';
import { stationaryPoint, type StationaryProblem } from '../../../src/theory/stationary/fixedPoint.js';
import { stationaryThresholds } from '../../../src/theory/stationary/deltaNN.js';
import { schurAtZero } from '../../../src/theory/stationary/hessian.js';

const problem = (act: string, ridge = 0): StationaryProblem => ({
  act: resolveActivation(act).fn, loss: resolveLoss('square').fn, target: resolveTarget('tanh(z^2)'), noise: 0, readout: 1, ridge,
});

describe('prox from a guess', () => {
  it('Newton from any guess finds the bracketed root (GELU, square loss, convex case κ = 0.5)', () => {
    const rho = sampleLoss(resolveActivation('gelu').fn, resolveLoss('square').fn, 1);
    const out = new Float64Array(3);
    for (const y of [0, 0.3, 0.99]) for (const v of [-4, -1, 0, 0.7, 3]) {
      const ref = prox(rho, y, v, 0.5, NaN, out);
      for (const guess of [v, v + 2, -10, ref.u + 1e-3]) {
        const p = prox(rho, y, v, 0.5, guess, out);
        expect(p.ok).toBe(true);
        expect(Math.abs(p.u - ref.u)).toBeLessThan(1e-12 * (1 + Math.abs(v)));
        expect(Math.abs(p.u + 0.5 * p.d1 - v)).toBeLessThan(1e-12 * (1 + Math.abs(v)));
      }
    }
  });
});

describe('warm starts', () => {
  it('the fixed point at δ = 20 started from the one at δ = 17 (with its atoms) equals the cold-started one', () => {
    const cold = stationaryPoint(problem('gelu'), 20);
    const near = stationaryPoint(problem('gelu'), 17);
    const warm = stationaryPoint(problem('gelu'), 20, { start: { r: near.r, kappa: near.kappa, u: near.law.u } });
    expect(warm.status.converged).toBe(true);
    expect(Math.abs(warm.r - cold.r)).toBeLessThan(1e-10 * cold.r);
    expect(Math.abs(warm.kappa - cold.kappa)).toBeLessThan(1e-10 * cold.kappa);
    expect(Math.abs(warm.trainRisk - cold.trainRisk)).toBeLessThan(1e-10);
  });
  it('each threshold carries the full-order fixed point at its δ, where its function vanishes to the root tolerance', () => {
    const th = stationaryThresholds(problem('gelu', 0.05), 6);
    const c = th.deltaNN;
    expect(c.status.converged).toBe(true);
    expect(c.point!.delta).toBe(c.delta);
    expect(c.point!.order).toBe(6);
    expect(c.point!.status.converged).toBe(true);
    // Brent stops at a bracket of relative width 1e-7: |Λ(δ)| ≤ |dΛ/dδ|·1e-7·δ, with the slope from ±1% of δ.
    const d = c.delta!;
    const slope = Math.abs(schurAtZero(stationaryPoint(problem('gelu', 0.05), 1.01 * d), 0.05) - schurAtZero(stationaryPoint(problem('gelu', 0.05), 0.99 * d), 0.05)) / (0.02 * d);
    expect(Math.abs(schurAtZero(c.point!, 0.05))).toBeLessThanOrEqual(2 * slope * 1e-7 * d);
    expect(th.deltaStable.point!.stability).toBeCloseTo(1, 5);
  }, 60000);
});

describe('quantiles of u from the distribution function (6.16)', () => {
  it('agree with the atoms\' weighted distribution to one atom per z-row, and across orders to 1e-8', async () => {
    const { smoothUQuantiles, U_PROBS } = await import('../../../src/theory/stationary/report.js');
    const pr = problem('gelu');
    const rho = sampleLoss(pr.act, pr.loss, pr.readout);
    const p6 = stationaryPoint(pr, 20, { order: 6 }), p8 = stationaryPoint(pr, 20, { order: 8 });
    const q6 = smoothUQuantiles(p6, rho, U_PROBS), q8 = smoothUQuantiles(p8, rho, U_PROBS);
    q6.forEach((q, k) => expect(Math.abs(q - q8[k]!)).toBeLessThan(1e-8));
    // The atoms' distribution at q: each z-row (fixed z, G along its rule) is a step function in u whose steps are
    // that row's weights, so it can differ from (6.16) by at most Σ_rows max weight.
    const L = p8.law;
    const rowMax = new Map<number, number>();
    for (let i = 0; i < L.size; i++) rowMax.set(L.z[i]!, Math.max(rowMax.get(L.z[i]!) ?? 0, L.weights[i]!));
    const bound = [...rowMax.values()].reduce((a, b) => a + b, 0);
    U_PROBS.forEach((p, k) => {
      let F = 0;
      for (let i = 0; i < L.size; i++) if (L.u[i]! <= q8[k]!) F += L.weights[i]!;
      expect(Math.abs(F - p)).toBeLessThanOrEqual(bound);
    });
    expect(q6[2]!).toBeGreaterThan(q6[1]!);
  }, 30000);
});
