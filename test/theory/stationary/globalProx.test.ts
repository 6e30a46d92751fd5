// The stationary fixed point (6.4)–(6.5) with the global-minimiser prox (docs/theory.md (6.13)) and the logistic
// configuration: the jump term of the trace equation, agreement of the two paths where the prox is convex, and
// the residuals of (6.4), (6.5), (6.13).
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { stationaryPoint, type StationaryProblem } from '../../../src/theory/stationary/fixedPoint.js';
import { schurAtZero } from '../../../src/theory/stationary/hessian.js';

const problem = (act: string, loss: string, target: string, ridge = 0): StationaryProblem => ({
  act: resolveActivation(act).fn, loss: resolveLoss(loss).fn, target: resolveTarget(target), noise: 0, readout: 1, ridge,
});

describe('quadratic activation on y = z² (non-convex prox, replica-symmetric global minimiser)', () => {
  const p = stationaryPoint(problem('quadratic', 'square', 'z^2'), 10);
  it('converges on the global-minimiser path with the replica-symmetric flag', () => {
    expect(p.status.converged).toBe(true);
    expect(p.proxKind).toBe('global-minimiser');
    expect(p.convexProx).toBe(false);
    expect(p.note).toMatch(/replica-symmetric, non-convex prox/);
    expect(Math.abs(p.residuals.norm)).toBeLessThan(1e-10);
    expect(Math.abs(p.residuals.stationarity)).toBeLessThan(1e-10);
    expect(Math.abs(p.residuals.trace)).toBeLessThan(1e-8);
  });
  it('jump term J = E_z[φ_r(0)·2√((z² − 1/(2κ))₊)] on the law\'s own z-atoms (a label jumps iff y = z² > 1/(2κ))', () => {
    const L = p.law;
    const wz = new Map<number, number>();
    for (let q = 0; q < L.size; q++) wz.set(L.z[q]!, (wz.get(L.z[q]!) ?? 0) + L.weights[q]!);
    let J = 0;
    for (const [z, w] of wz) J += (w * 2 * Math.sqrt(Math.max(0, z * z - 1 / (2 * p.kappa)))) / (p.r * Math.sqrt(2 * Math.PI));
    expect(J).toBeGreaterThan(0);
    expect(Math.abs(L.jumpTerm - J)).toBeLessThan(1e-9 * J);
  });
  it('the two forms of Λ (6.9) agree once the second carries the jump term: Λ = (1/κ)(1/δ + J − E_ac[(z² − 1)∂u/∂v])', () => {
    const L = p.law;
    let e = 0;
    for (let q = 0; q < L.size; q++) e += L.wPrime[q]! * (L.z[q]! ** 2 - 1);
    const second = (1 / p.kappa) * (1 / p.delta + L.jumpTerm - e);
    expect(Math.abs(schurAtZero(p, 0) - second)).toBeLessThan(Math.abs(p.residuals.trace) / p.kappa + 1e-10);
  });
});

describe('global-minimiser path where the prox is convex (GELU reference, δ = 20)', () => {
  it('gives the smooth path\'s (r, κ) to the smooth path\'s own trace residual', () => {
    const s = stationaryPoint(problem('gelu', 'square', 'tanh(z^2)'), 20);
    const g = stationaryPoint(problem('gelu', 'square', 'tanh(z^2)'), 20, { path: 'global' });
    expect(g.status.converged).toBe(true);
    expect(g.law.jumpTerm).toBe(0);
    // Both rules integrate the same smooth law; their difference is bounded by the quadrature error that the
    // trace residual of the smooth path (1e-10) measures, amplified by the conditioning of (6.4)–(6.5).
    expect(Math.abs(g.r - s.r) / s.r).toBeLessThan(1e-6);
    expect(Math.abs(g.kappa - s.kappa) / s.kappa).toBeLessThan(1e-6);
    expect(Math.abs(schurAtZero(g, 0) - schurAtZero(s, 0))).toBeLessThan(1e-6);
  });
});

describe('logistic loss, GELU, y = sign(z² − 1)', () => {
  it('δ = 20: smooth convex prox, (6.4)–(6.6) residuals at quadrature level', () => {
    const p = stationaryPoint(problem('gelu', 'logistic', 'sign(z^2-1)'), 20);
    expect(p.status.converged).toBe(true);
    expect(p.proxKind).toBe('smooth');
    expect(Math.abs(p.residuals.norm)).toBeLessThan(1e-10);
    expect(Math.abs(p.residuals.stationarity)).toBeLessThan(1e-10);
    expect(Math.abs(p.residuals.trace)).toBeLessThan(1e-6);
  });
  it('δ = 4: the prox of the y = +1 label jumps (ρ″ = s(1 − s)σ′² − (1 − s)σ″ < 0 near u = 0, where GELU is convex); solved on the global path and flagged', () => {
    const p = stationaryPoint(problem('gelu', 'logistic', 'sign(z^2-1)'), 4);
    expect(p.status.converged).toBe(true);
    expect(p.proxKind).toBe('global-minimiser');
    expect(p.law.jumpTerm).toBeGreaterThan(0);
    expect(p.note).toMatch(/replica-symmetric/);
    expect(Math.abs(p.residuals.trace)).toBeLessThan(1e-8);
  });
});
