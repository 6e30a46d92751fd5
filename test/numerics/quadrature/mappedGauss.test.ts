// Gauss rule in a mapped variable (src/numerics/quadrature/mappedGauss.ts, docs/theory.md (10.26)).
import { describe, expect, test } from 'vitest';
import { gaussHermite, mappedGaussRule, piecewiseGaussianRule } from '../../../src/numerics/quadrature/index.js';

const sum = (r: { nodes: Float64Array; weights: Float64Array }, f: (x: number) => number) => r.nodes.reduce((s, x, i) => s + r.weights[i]! * f(x), 0);
/** Reference E[f(X)] on a finer rule than the one the mapped rule is built from (40 nodes per ⅛-wide panel). */
const reference = (f: (x: number) => number) => sum(piecewiseGaussianRule([], { nodesPerPanel: 40, maxPanelWidth: 0.125, cutoff: 9 }), f);

describe('mapped Gauss rule', () => {
  test('v(x) = x: the Gauss–Hermite rule (nodes and weights to 1e-12)', () => {
    const r = mappedGaussRule((x) => x, 8)!;
    const gh = gaussHermite(8);
    expect(r.pieces).toBe(1);
    // Agreement to the rounding of the Stieltjes procedure on 1440 atoms (~1e-10), far below any quadrature error.
    r.nodes.forEach((x, i) => expect(Math.abs(x - gh.nodes[i]!)).toBeLessThan(1e-8));
    r.weights.forEach((w, i) => expect(Math.abs(w - gh.weights[i]!)).toBeLessThan(1e-8));
  });

  test('v = tanh: exact for polynomials of degree ≤ 2n − 1 in tanh(X); geometric convergence for a rational F', () => {
    const n = 8;
    const r = mappedGaussRule(Math.tanh, n)!;
    for (const k of [0, 3, 6, 15]) expect(Math.abs(sum(r, (x) => Math.tanh(x) ** k) - reference((x) => Math.tanh(x) ** k))).toBeLessThan(1e-13);
    // F(t) = 1/(1.2 − t): pole at 1.2, Bernstein ellipse ρ = 1.2 + √0.44 ≈ 1.863; Gauss error ~ ρ^{−2n}.
    const F = (x: number) => 1 / (1.2 - Math.tanh(x));
    const exact = reference(F);
    const err = (m: number) => Math.abs(sum(mappedGaussRule(Math.tanh, m)!, F) - exact);
    const rho = 1.2 + Math.sqrt(0.44);
    for (const m of [4, 8, 12]) expect(err(m)).toBeLessThan(4 * rho ** (-2 * m));
  });

  test('even v = tanh(x²): two monotone pieces and two saturated plateaus, mirror images; E[x²] converges', () => {
    const rule = (n: number) => mappedGaussRule((x) => Math.tanh(x * x), n)!;
    const r = rule(6);
    expect([r.pieces, r.plateaus]).toEqual([2, 2]);
    const xs = Array.from(r.nodes).sort((a, b) => a - b);
    xs.forEach((x, i) => expect(Math.abs(x + xs[xs.length - 1 - i]!)).toBeLessThan(1e-12));
    expect(Math.abs(sum(r, () => 1) - 1)).toBeLessThan(1e-14);
  });

  test('spike values: with the projections x1, x2, E[x²F(v)] converges geometrically; with the raw x_k² it does not', () => {
    // x² = atanh(v)² (v = tanh x) is not polynomial-like near v = ±1: Σ w_k x_k² F(v_k) converges algebraically.
    const withX2 = (n: number, F: (x: number) => number) => {
      const r = mappedGaussRule(Math.tanh, n)!;
      return r.nodes.reduce((s, x, i) => s + r.weights[i]! * r.x2[i]! * F(x), 0);
    };
    const raw = (n: number, F: (x: number) => number) => sum(mappedGaussRule(Math.tanh, n)!, (x) => x * x * F(x));
    expect(Math.abs(withX2(6, () => 1) - 1)).toBeLessThan(1e-13);
    expect(Math.abs(raw(16, () => 1) - 1)).toBeGreaterThan(1e-3);
    const F = (x: number) => 1 / (1.5 - Math.tanh(x));
    const exact = reference((x) => x * x * F(x));
    const err = (n: number) => Math.abs(withX2(n, F) - exact);
    // The error is a product of the projection errors of F (geometric, ρ = 1.5 + √1.25 ≈ 2.62) and of x².
    expect(err(12)).toBeLessThan(err(6) / 100);
    expect(err(16)).toBeLessThan(1e-6);
    // Even target: x1 is odd (mirror pieces), x2 even, and E[x2] = E[x²] = 1.
    const q = mappedGaussRule((x) => Math.tanh(x * x), 6)!;
    expect(Math.abs(q.x2.reduce((s, v, i) => s + q.weights[i]! * v, 0) - 1)).toBeLessThan(1e-13);
    expect(Math.abs(q.x1.reduce((s, v, i) => s + q.weights[i]! * v, 0))).toBeLessThan(1e-13);
  });

  test('plateaus: a constant v is the 2-point Gauss rule in x (E[x²] = 1); relu splits into a plateau and a ramp', () => {
    const c = mappedGaussRule(() => 0.5, 4)!;
    expect([c.pieces, c.plateaus, c.nodes.length]).toEqual([0, 1, 2]);
    expect(Math.abs(sum(c, (x) => x * x) - 1)).toBeLessThan(1e-12);
    const relu = mappedGaussRule((x) => Math.max(0, x), 4)!;
    expect([relu.pieces, relu.plateaus]).toEqual([1, 1]);
    expect(Math.abs(sum(relu, (x) => Math.max(0, x)) - 1 / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-12);
    expect(() => mappedGaussRule(Math.tanh, 2.5)).toThrow(/positive integer/);
  });
});
