// The stationary-state theory (docs/theory.md §6): the fixed point (6.4)–(6.5) against the closed form of least
// squares, its own equations, the identity (6.9), and δNN (6.11).
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { piecewiseGaussianRule } from '../../../src/numerics/quadrature/piecewise.js';
import { stationaryPoint, type StationaryProblem } from '../../../src/theory/stationary/fixedPoint.js';
import { schurAtZero, iidSpectrum, separationMargin } from '../../../src/theory/stationary/hessian.js';
import { stationaryDeltaNN, stationaryThresholds } from '../../../src/theory/stationary/deltaNN.js';

const problem = (act: string, target = 'tanh(z^2)', ridge = 0): StationaryProblem => ({
  act: resolveActivation(act).fn, loss: resolveLoss('square').fn, target: resolveTarget(target), noise: 0, readout: 1, ridge,
});

/** E[tanh(z²)²] by an independent fine composite rule (panels of width 0.05 over [−10, 10]). */
function meanY2(): number {
  const r = piecewiseGaussianRule([], { nodesPerPanel: 10, maxPanelWidth: 0.05, cutoff: 10 });
  let s = 0;
  for (let i = 0; i < r.nodes.length; i++) s += r.weights[i]! * Math.tanh(r.nodes[i]! ** 2) ** 2;
  return s;
}

describe('stationary point, linear activation + square loss (least squares with labels independent of x⊥)', () => {
  const Ey2 = meanY2();
  for (const delta of [2, 5, 20]) {
    it(`δ = ${delta}: κ = 1/(δ−1), r² = E[y²]/(δ−1), risk = E[y²](1−1/δ)/2, Hessian = MP with edge (1−δ^{-1/2})²`, () => {
      const p = stationaryPoint(problem('x'), delta);
      expect(p.status.converged).toBe(true);
      expect(p.kappa).toBeCloseTo(1 / (delta - 1), 10);
      expect(p.r ** 2).toBeCloseTo(Ey2 / (delta - 1), 8);
      expect(p.trainRisk).toBeCloseTo((Ey2 * (1 - 1 / delta)) / 2, 8);
      // A ≡ 1: the stability index is δ(κ/(1+κ))² = 1/δ; Λ = 1/(1+κ) = 1 − 1/δ > 0 (no θ outlier).
      expect(p.stability).toBeCloseTo(1 / delta, 10);
      expect(schurAtZero(p, 0)).toBeCloseTo(1 - 1 / delta, 10);
      const sp = iidSpectrum(p, 0);
      expect(sp.bulk_edge).toBeCloseTo((1 - 1 / Math.sqrt(delta)) ** 2, 7);
      expect(sp.outlier).toBeNull();
    });
  }
  it('ridge λ: (6.6) holds with the ridge term, and κ = (1/n)tr(XᵀX/n + λ)^{-1} of Marchenko–Pastur', () => {
    const delta = 3, lam = 0.2;
    const p = stationaryPoint(problem('x', 'tanh(z^2)', lam), delta);
    expect(p.status.converged).toBe(true);
    // e = (1/n)tr(S + λ)^{-1} for S = XᵀX/n with ratio γ = 1/δ: e(λ + 1/(1+e)) = 1/δ.
    expect(p.kappa * (lam + 1 / (1 + p.kappa))).toBeCloseTo(1 / delta, 10);
  });
  it('no δNN: Λ > 0 at every δ', () => {
    const c = stationaryDeltaNN(problem('x'), 6);
    expect(c.delta).toBeNull();
    expect(c.status.converged).toBe(true);
  });
});

describe('stationary point, GELU reference (square loss, y = tanh(z²), a = 1)', () => {
  const p = stationaryPoint(problem('gelu'), 20);
  it('solves (6.4)–(6.5) and satisfies the trace equation (6.6) to quadrature accuracy', () => {
    expect(p.status.converged).toBe(true);
    expect(Math.abs(p.residuals.norm)).toBeLessThan(1e-10);
    expect(Math.abs(p.residuals.stationarity)).toBeLessThan(1e-10);
    expect(Math.abs(p.residuals.trace)).toBeLessThan(1e-6);
    expect(p.convexProx).toBe(true);
  });
  it('u = prox(v): v − u = κρ\'(u) on every atom, and 1 + κA > 0', () => {
    const L = p.law;
    for (let q = 0; q < L.size; q += 97) {
      expect(p.r * L.G[q]! - L.u[q]!).toBeCloseTo(p.kappa * L.d1[q]!, 10);
      expect(1 + p.kappa * L.A[q]!).toBeGreaterThan(0);
    }
  });
  it('the two forms of Λ in (6.9) agree (they differ by κ·residual of (6.6))', () => {
    const L = p.law;
    let e = 0;
    for (let q = 0; q < L.size; q++) e += (L.weights[q]! * (L.z[q]! ** 2 - 1)) / (1 + p.kappa * L.A[q]!);
    const second = (1 / p.kappa) * (1 / p.delta - e);
    expect(Math.abs(schurAtZero(p, 0) - second)).toBeLessThan(Math.abs(p.residuals.trace) / p.kappa + 1e-12);
  });
  it('order 8 agrees with order 6 to the size of the order-4 → order-6 change', () => {
    const p4 = stationaryPoint(problem('gelu'), 20, { order: 4 });
    const p8 = stationaryPoint(problem('gelu'), 20, { order: 8 });
    expect(Math.abs(p8.r - p.r)).toBeLessThanOrEqual(Math.abs(p4.r - p.r) + 1e-12);
    expect(Math.abs(p8.kappa - p.kappa)).toBeLessThanOrEqual(Math.abs(p4.kappa - p.kappa) + 1e-12);
  });
  it('δNN (6.11): Λ changes sign there, negative above', () => {
    const c = stationaryDeltaNN(problem('gelu'), 6);
    expect(c.status.converged).toBe(true);
    const d = c.delta!;
    const err = Math.max(c.errorEstimate!, 1e-6 * d);
    const above = stationaryPoint(problem('gelu'), d + 10 * err);
    const below = stationaryPoint(problem('gelu'), d - 10 * err);
    expect(schurAtZero(above, 0)).toBeLessThan(0);
    expect(schurAtZero(below, 0)).toBeGreaterThan(0);
  });
  it('the separation margin (6.10) is positive exactly where the i.i.d. resolvent has no θ-outlier', () => {
    for (const delta of [14, 20]) {
      const q = stationaryPoint(problem('gelu'), delta);
      const h = separationMargin(q);
      expect(Number.isFinite(h)).toBe(true);
      expect(h > 0).toBe(iidSpectrum(q, 0).outlier === null);
    }
  });
});

describe('stationary thresholds where the stability index is < 1 (GELU, ridge λ = 0.05)', () => {
  it('Λ = 0 (6.9) and the i.i.d. θ-eigenvalue = 0 (6.10) give the same δ: the i.i.d. resolvent at 0 is κ there', () => {
    const th = stationaryThresholds(problem('gelu', 'tanh(z^2)', 0.05), 6);
    for (const c of [th.deltaNN, th.deltaZeroIid, th.deltaStable]) expect(c.status.converged).toBe(true);
    expect(th.deltaNN.delta!).toBeGreaterThan(th.deltaStable.delta!);
    const tol = th.deltaNN.errorEstimate! + th.deltaZeroIid.errorEstimate! + 1e-6 * th.deltaNN.delta!;
    expect(Math.abs(th.deltaNN.delta! - th.deltaZeroIid.delta!)).toBeLessThanOrEqual(tol);
  }, 60000);
});
