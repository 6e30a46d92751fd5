// The m-neuron stationary state (docs/theory.md (6.20)–(6.26)): reductions to m = 1 (one neuron, a dead second
// neuron) and the linear-activation closed form for m = 2.
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../../src/model/formulas.js';
import { piecewiseGaussianRule } from '../../../../src/numerics/quadrature/piecewise.js';
import { stationaryPoint } from '../../../../src/theory/stationary/fixedPoint.js';
import { schurAtZero } from '../../../../src/theory/stationary/hessian.js';
import { multiResidualsAt, multiStationaryPoint, type MultiProblem } from '../../../../src/theory/stationary/multi/fixedPoint.js';

const loss = resolveLoss('square').fn;
const target = resolveTarget('tanh(z^2)');
const multi = (act: string, readout: number[], ridge: number): MultiProblem => ({
  act: resolveActivation(act).fn, loss, target, noise: 0, readout: Float64Array.from(readout), ridge,
});
const single = (act: string, readout: number, ridge: number) => ({ act: resolveActivation(act).fn, loss, target, noise: 0, readout, ridge });

/** E[tanh(z²)²] and E[z²] by a fine composite rule. */
function moments(): { y2: number } {
  const r = piecewiseGaussianRule([], { nodesPerPanel: 10, maxPanelWidth: 0.05, cutoff: 10 });
  let y2 = 0;
  for (let i = 0; i < r.nodes.length; i++) y2 += r.weights[i]! * Math.tanh(r.nodes[i]! ** 2) ** 2;
  return { y2 };
}

describe('m = 1 through the matrix equations', () => {
  it('linear activation: κ = 1/(δ − 1), r² = E[y²]/(δ − 1) (the prox is linear in v, Gauss–Hermite is exact)', () => {
    const delta = 5;
    const q = multiStationaryPoint(multi('x', [1], 0), delta, { resolution: { order: 6, nodes: 8 } });
    expect(q.status.converged).toBe(true);
    expect(q.K[0]).toBeCloseTo(1 / (delta - 1), 9);
    expect(q.Q[0]).toBeCloseTo(moments().y2 / (delta - 1), 8);
    expect(q.lambdaEigenvalues[0]).toBeCloseTo(1 - 1 / delta, 9);
  });

  it('GELU reference at δ = 20: (Q, K, Λ, s) agree with the m = 1 code within the Gauss–Hermite error estimate', () => {
    const delta = 20;
    const p1 = stationaryPoint(single('gelu', 1, 0), delta);
    expect(p1.status.converged).toBe(true);
    const lo = multiStationaryPoint(multi('gelu', [1], 0), delta, { resolution: { order: 6, nodes: 60 } });
    const hi = multiStationaryPoint(multi('gelu', [1], 0), delta, { resolution: { order: 6, nodes: 80 }, start: { Q: lo.Q, K: lo.K } });
    expect(hi.status.converged).toBe(true);
    // Tolerance: 3 × the change from 60 to 80 Gauss–Hermite nodes (the v-integral converges algebraically here).
    const tol = (a: number, b: number) => 3 * Math.abs(a - b) + 1e-9;
    expect(Math.abs(hi.Q[0]! - p1.r ** 2)).toBeLessThanOrEqual(tol(hi.Q[0]!, lo.Q[0]!));
    expect(Math.abs(hi.K[0]! - p1.kappa)).toBeLessThanOrEqual(tol(hi.K[0]!, lo.K[0]!));
    expect(Math.abs(hi.lambdaEigenvalues[0]! - schurAtZero(p1, 0))).toBeLessThanOrEqual(tol(hi.lambdaEigenvalues[0]!, lo.lambdaEigenvalues[0]!));
    expect(Math.abs(hi.stability - p1.stability)).toBeLessThanOrEqual(tol(hi.stability, lo.stability));
  });
});

describe('u-space rule (6.28)', () => {
  it('m = 1, GELU reference at δ = 20: (Q, K, Λ, s, risk) agree with the m = 1 code within 3 × the change from 6 to 8 nodes per panel', () => {
    const delta = 20;
    const p1 = stationaryPoint(single('gelu', 1, 0), delta);
    const a = multiStationaryPoint(multi('gelu', [1], 0), delta, { resolution: { order: 6, nodes: 6, space: 'u' } });
    const b = multiStationaryPoint(multi('gelu', [1], 0), delta, { resolution: { order: 6, nodes: 8, space: 'u' }, start: { Q: a.Q, K: a.K } });
    expect(a.status.converged && b.status.converged).toBe(true);
    expect(Math.abs(b.mass - 1)).toBeLessThan(1e-9);
    const tol = (x: number, y: number) => 3 * Math.abs(x - y) + 1e-9;
    expect(Math.abs(b.Q[0]! - p1.r ** 2)).toBeLessThanOrEqual(tol(a.Q[0]!, b.Q[0]!));
    expect(Math.abs(b.K[0]! - p1.kappa)).toBeLessThanOrEqual(tol(a.K[0]!, b.K[0]!));
    expect(Math.abs(b.lambdaEigenvalues[0]! - schurAtZero(p1, 0))).toBeLessThanOrEqual(tol(a.lambdaEigenvalues[0]!, b.lambdaEigenvalues[0]!));
    expect(Math.abs(b.stability - p1.stability)).toBeLessThanOrEqual(tol(a.stability, b.stability));
    expect(Math.abs(b.trainRisk - p1.trainRisk)).toBeLessThanOrEqual(tol(a.trainRisk, b.trainRisk));
    // The equation not solved, (6.23), holds to the rule's accuracy.
    expect(b.residuals.trace).toBeLessThan(1e-6);
  });
});

describe('m = 2 reductions', () => {
  it('dead second neuron, a = (0.7, 0), λ = 0.05: (Q, K) = (diag(r², 0), diag(κ, 1/(δλ))) has the m = 1 residuals, Λ = diag(Λ₁, λ)', () => {
    const delta = 20, lam = 0.05, res = { order: 4, nodes: 24 };
    const p1 = stationaryPoint(single('gelu', 0.7, lam), delta);
    expect(p1.status.converged).toBe(true);
    const two = multiResidualsAt(multi('gelu', [0.7, 0], lam), delta, Float64Array.of(p1.r ** 2, 0, 0, 0), Float64Array.of(p1.kappa, 0, 0, 1 / (delta * lam)), res);
    const one = multiResidualsAt(multi('gelu', [0.7], lam), delta, Float64Array.of(p1.r ** 2), Float64Array.of(p1.kappa), res);
    expect(two.ok && one.ok).toBe(true);
    // The (1,1) entries are the m = 1 residuals on the same rule (the second axis integrates out); the rest vanish.
    // Q's scale tr(Q)/m halves with m = 2, so the scaled residuals (6.22), (6.24) double.
    expect(two.R1[0]).toBeCloseTo(2 * one.R1[0]!, 12);
    expect(two.R2[0]).toBeCloseTo(2 * one.R2[0]!, 12);
    expect(two.R3[0]).toBeCloseTo(one.R3[0]!, 12);
    for (const k of [1, 2, 3]) {
      expect(two.R1[k]).toBeCloseTo(0, 14);
      expect(two.R2[k]).toBeCloseTo(0, 14);
      expect(two.R3[k]).toBeCloseTo(0, 12);
    }
    expect(two.Lambda[0]).toBeCloseTo(one.Lambda[0]!, 12);
    expect(two.Lambda[1]).toBeCloseTo(0, 14);
    expect(two.Lambda[3]).toBeCloseTo(lam, 14);
  });

  it('linear σ, a = (½, ½), λ = 0.1: Q = r²ââᵀ, K = κââᵀ + (I − ââᵀ)/(δλ) with the m = 1 solution for the readout ‖a‖ solves (6.22)–(6.24)', () => {
    const delta = 5, lam = 0.1, na = Math.SQRT1_2;
    const p1 = stationaryPoint(single('x', na, lam), delta);
    expect(p1.status.converged).toBe(true);
    const r2 = p1.r ** 2, k = p1.kappa, kp = 1 / (delta * lam);
    // ââᵀ = ½ 11ᵀ
    const Q = Float64Array.of(r2 / 2, r2 / 2, r2 / 2, r2 / 2);
    const K = Float64Array.of((k + kp) / 2, (k - kp) / 2, (k - kp) / 2, (k + kp) / 2);
    const R = multiResidualsAt(multi('x', [0.5, 0.5], lam), delta, Q, K, { order: 6, nodes: 8 });
    for (let i = 0; i < 4; i++) {
      expect(Math.abs(R.R1[i]!)).toBeLessThan(1e-9);
      expect(Math.abs(R.R2[i]!)).toBeLessThan(1e-9);
      expect(Math.abs(R.R3[i]!)).toBeLessThan(1e-9);
    }
    // Λ = λI + E[z²]‖a‖²ââᵀ/(1 + κ‖a‖²), E[z²] = 1.
    const c = (na * na) / (1 + k * na * na);
    expect(R.Lambda[0]).toBeCloseTo(lam + c / 2, 9);
    expect(R.Lambda[1]).toBeCloseTo(c / 2, 9);
  });
});
