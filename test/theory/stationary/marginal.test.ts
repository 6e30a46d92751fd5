// The marginal-stability closure (docs/theory.md (6.17)–(6.19)): κ_m is the turning point of the i.i.d. branch where
// the stability index exceeds 1 and κ itself where it does not; Λ_m is continuous across s = 1; the marginal δNN lies
// between the leave-one-out δNN (6.11) and the δ where the stability index falls below 1.
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { stationaryPoint, type StationaryProblem } from '../../../src/theory/stationary/fixedPoint.js';
import { schurAtZero } from '../../../src/theory/stationary/hessian.js';
import { marginalKappa, marginalSchur, thetaCurvature } from '../../../src/theory/stationary/marginal.js';
import { stationaryDeltaNNs, stationaryThresholds } from '../../../src/theory/stationary/deltaNN.js';

const GELU: StationaryProblem = { act: resolveActivation('gelu').fn, loss: resolveLoss('square').fn, target: resolveTarget('tanh(z^2)'), noise: 0, readout: 1, ridge: 0 };

describe('κ_m and Λ_m (6.17)–(6.18)', () => {
  it('s > 1 (δ = 14): F′(κ_m) = E[A/(1 + κ_m A)²] = 0, 0 < κ_m < κ, and Λ_m > Λ (dΛ/dκ < 0)', () => {
    const p = stationaryPoint(GELU, 14);
    expect(p.stability).toBeGreaterThan(1);
    const km = marginalKappa(p, 0)!;
    let f = 0, scale = 0;
    for (let q = 0; q < p.law.size; q++) {
      const t = (p.law.weights[q]! * p.law.A[q]!) / (1 + km * p.law.A[q]!) ** 2;
      f += t;
      scale += Math.abs(t);
    }
    expect(Math.abs(f)).toBeLessThanOrEqual(1e-10 * scale);
    expect(km).toBeGreaterThan(0);
    expect(km).toBeLessThan(p.kappa);
    expect(marginalSchur(p, 0)!).toBeGreaterThan(schurAtZero(p, 0));
  });
  it('θ curvature Λ(χ) (6.30): Λ at χ = κ (smooth prox), Λ_m at χ = κ_m, decreasing in χ', () => {
    const p = stationaryPoint(GELU, 14), km = marginalKappa(p, 0)!;
    expect(p.proxKind).toBe('smooth');
    expect(thetaCurvature(p, 0, p.kappa)).toBeCloseTo(schurAtZero(p, 0), 12);
    expect(thetaCurvature(p, 0, km)).toBe(marginalSchur(p, 0));
    expect(thetaCurvature(p, 0, 0.9 * km)).toBeGreaterThan(thetaCurvature(p, 0, km));
  });
  it('s ≤ 1 (δ = 40): κ_m = κ and Λ_m = Λ', () => {
    const p = stationaryPoint(GELU, 40);
    expect(p.stability).toBeLessThanOrEqual(1);
    expect(marginalKappa(p, 0)).toBe(p.kappa);
    expect(marginalSchur(p, 0)).toBeCloseTo(schurAtZero(p, 0), 14);
  });
  it('continuous across s = 1: Λ_m on both sides of the stability crossing differs by no more than Λ itself does', () => {
    const th = stationaryThresholds(GELU, 6), ds = th.deltaStable.delta!;
    const lo = stationaryPoint(GELU, ds * (1 - 1e-3)), hi = stationaryPoint(GELU, ds * (1 + 1e-3));
    expect(lo.stability).toBeGreaterThan(1);
    expect(hi.stability).toBeLessThan(1);
    const jumpM = Math.abs(marginalSchur(lo, 0)! - marginalSchur(hi, 0)!), jump = Math.abs(schurAtZero(lo, 0) - schurAtZero(hi, 0));
    expect(jumpM).toBeLessThanOrEqual(2 * jump);
  });
});

describe('marginal δNN (6.19)', () => {
  it('GELU reference: δNN (6.11) < marginal δNN < the stability crossing, and the paired search agrees with the full one', () => {
    const th = stationaryThresholds(GELU, 6), pair = stationaryDeltaNNs(GELU, 6);
    expect(th.deltaMarginal.status.converged).toBe(true);
    expect(th.deltaMarginal.delta!).toBeGreaterThan(th.deltaNN.delta!);
    expect(th.deltaMarginal.delta!).toBeLessThan(th.deltaStable.delta!);
    expect(Math.abs(pair.deltaMarginal.delta! - th.deltaMarginal.delta!)).toBeLessThanOrEqual(1e-6 * th.deltaMarginal.delta!);
    expect(Math.abs(pair.deltaNN.delta! - th.deltaNN.delta!)).toBeLessThanOrEqual(1e-6 * th.deltaNN.delta!);
  });
  it('with ridge λ = 0.05 the index is < 1 at δNN, so the two δNN coincide', () => {
    const pair = stationaryDeltaNNs({ ...GELU, ridge: 0.05 }, 6);
    expect(pair.deltaMarginal.delta!).toBeCloseTo(pair.deltaNN.delta!, 6);
  });
});
