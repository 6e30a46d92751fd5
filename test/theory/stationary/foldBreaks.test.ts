// The z-rule of the global-minimiser path split at the fold onsets (docs/theory.md (6.14)–(6.15)): the onset of
// phase retrieval (σ(u) = u², square loss, y = z²) in closed form, the √-substituted rule on a √-kink, its
// continuity as the onset crosses a panel edge, and the exponential convergence in the order that it restores.
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { sampleLoss } from '../../../src/theory/stationary/prox.js';
import { foldOnsets, foldSplitRule, minCurvature } from '../../../src/theory/stationary/foldBreaks.js';
import { stationaryPoint } from '../../../src/theory/stationary/fixedPoint.js';
import { schurAtZero } from '../../../src/theory/stationary/hessian.js';
import { gaussLegendre } from '../../../src/numerics/quadrature/gaussLegendre.js';

const rho = sampleLoss(resolveActivation('quadratic').fn, resolveLoss('square').fn, 1);
const grid = (L: number, h: number) => Array.from({ length: Math.round((2 * L) / h) + 1 }, (_, k) => -L + k * h);
const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** E[f(z)] for f = √((z − c)₊)·cos z by 400 panels of 20 Gauss–Legendre nodes in s = √(z − c) over [c, 8]. */
function reference(c: number): number {
  let s = 0;
  const S = Math.sqrt(8 - c);
  for (let j = 0; j < 400; j++) {
    const gl = gaussLegendre(20, (S * j) / 400, (S * (j + 1)) / 400);
    for (let i = 0; i < 20; i++) { const t = gl.nodes[i]!, z = c + t * t; s += gl.weights[i]! * 2 * t * t * Math.cos(z) * phi(z); }
  }
  return s;
}
const f = (z: number, c: number) => Math.sqrt(Math.max(0, z - c)) * Math.cos(z);
const integrate = (r: { nodes: Float64Array; weights: Float64Array }, c: number) => r.nodes.reduce((s, z, i) => s + r.weights[i]! * f(z, c), 0);

describe('fold onsets of phase retrieval: ρ_y(u) = (y − u²)²/2, ρ\'\' = 6u² − 2y', () => {
  it('min_u ρ\'\'_y = −2y (at u = 0), on a grid that misses u = 0 too', () => {
    for (const y of [0.1, 1, 4]) {
      expect(Math.abs(minCurvature(rho, y, 5) + 2 * y)).toBeLessThan(1e-12 * (1 + y));
      expect(Math.abs(minCurvature(rho, y, 5, 601) + 2 * y)).toBeLessThan(1e-10 * (1 + y));
    }
  });
  it('the prox of y = z² folds above z* = 1/√(2κ)', () => {
    const kappa = 0.1;
    const zs = Float64Array.from({ length: 80 }, (_, k) => 0.05 + 0.1 * k);
    const on = foldOnsets(rho, (z) => z * z, zs, [], kappa, () => 10);
    expect(on).toHaveLength(1);
    expect(on[0]!.side).toBe(1);
    expect(Math.abs(on[0]!.z - 1 / Math.sqrt(2 * kappa))).toBeLessThan(1e-12);
  });
});

describe('the √-substituted rule (6.15)', () => {
  const edges = grid(8, 0.5);
  it('integrates a √-kink at z* to 1e-11 at 6 nodes per panel, where the rule merely split at z* errs by > 1e-7 (algebraic convergence)', () => {
    for (const c of [0.8, 1.37, 2.2]) {
      const ref = reference(c);
      const split = foldSplitRule(edges, [{ z: c, side: 1 }], 8, 6);
      const plain = foldSplitRule([...edges, c], [], 8, 6);
      expect(Math.abs(integrate(split, c) - ref)).toBeLessThan(1e-11);
      expect(Math.abs(integrate(plain, c) - ref)).toBeGreaterThan(1e-7);
    }
  });
  it('has mass 1 − 2Φ(−8) to the 6-node quadrature error (1e-10), and moves continuously as z* crosses a panel edge', () => {
    const r = foldSplitRule(edges, [{ z: 1, side: 1 }, { z: -1, side: -1 }], 8, 6);
    expect(Math.abs(r.weights.reduce((s, w) => s + w, 0) - 1)).toBeLessThan(1e-10);
    const below = integrate(foldSplitRule(edges, [{ z: 1 - 1e-9, side: 1 }], 8, 6), 1 - 1e-9);
    const above = integrate(foldSplitRule(edges, [{ z: 1 + 1e-9, side: 1 }], 8, 6), 1 + 1e-9);
    expect(Math.abs(above - below)).toBeLessThan(1e-8);
  });
});

describe('phase retrieval at δ = 11.35 (the previous δNN): exponential convergence in the quadrature order', () => {
  it('Λ (6.9) at orders 4, 6, 8: successive changes ≤ 1e-6 and ≤ 1e-9 (they were 4e-4 and 1e-4 with the unsplit rule)', () => {
    const problem = { act: resolveActivation('quadratic').fn, loss: resolveLoss('square').fn, target: resolveTarget('z^2'), noise: 0, readout: 1, ridge: 0 };
    const L = [4, 6, 8].map((order) => {
      const p = stationaryPoint(problem, 11.35, { order, path: 'global' });
      expect(p.status.converged).toBe(true);
      return schurAtZero(p, 0);
    });
    expect(Math.abs(L[1]! - L[0]!)).toBeLessThan(1e-6);
    expect(Math.abs(L[2]! - L[1]!)).toBeLessThan(1e-9);
  }, 30000);
});
