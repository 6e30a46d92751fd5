// The global-minimiser prox of a non-convex per-sample loss (docs/theory.md (6.13)): quadratic activation with
// square loss, ρ_y(u) = (y − u²)²/2, whose prox problem κρ_y(u) + (u − v)²/2 has, for y > 1/(2κ), two minima at
// v = 0, u = ±√(y − 1/(2κ)) (symmetry u ↦ −u), and a unique smooth one for y < 1/(2κ).
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveLoss } from '../../../src/model/formulas.js';
import { sampleLoss } from '../../../src/theory/stationary/prox.js';
import { proxBranches } from '../../../src/theory/stationary/branches.js';
import { labelRule } from '../../../src/theory/stationary/branchLaw.js';

const rho = sampleLoss(resolveActivation('quadratic').fn, resolveLoss('square').fn, 1);
const value = (y: number, kappa: number, u: number, v: number) => (kappa * (y - u * u) ** 2) / 2 + (u - v) ** 2 / 2;

describe('global-minimiser prox, quadratic activation (closed-form jump)', () => {
  for (const [y, kappa] of [[2, 0.5], [3, 0.25], [1.2, 1]] as const) {
    it(`y = ${y}, κ = ${kappa}: one jump at v = 0 from −√(y − 1/(2κ)) to +√(y − 1/(2κ))`, () => {
      const br = proxBranches(rho, y, kappa, 6, 10);
      const u0 = Math.sqrt(y - 1 / (2 * kappa));
      expect(br.nonConvex).toBe(true);
      expect(br.jumps.length).toBe(1);
      expect(Math.abs(br.jumps[0]!.v)).toBeLessThan(1e-10);
      expect(br.jumps[0]!.uMinus).toBeCloseTo(-u0, 10);
      expect(br.jumps[0]!.uPlus).toBeCloseTo(u0, 10);
    });
  }
  it('y < 1/(2κ): convex, no jump, prox(0) = 0', () => {
    const br = proxBranches(rho, 0.5, 0.5, 6, 10);
    expect(br.nonConvex).toBe(false);
    expect(br.jumps.length).toBe(0);
    expect(Math.abs(br.prox(0))).toBeLessThan(1e-12);
  });
  it('prox(v) attains the global minimum: its value is ≤ the minimum over a fine u-grid', () => {
    const y = 2.5, kappa = 0.4;
    const br = proxBranches(rho, y, kappa, 6, 10);
    for (const v of [-3, -1.1, -0.3, -0.01, 0.02, 0.5, 1.7, 4]) {
      const u = br.prox(v);
      let best = Infinity;
      for (let k = 0; k <= 200000; k++) best = Math.min(best, value(y, kappa, -5 + k * 5e-5, v));
      // The grid minimum exceeds the true minimum by at most f''·h²/8 with h = 5e-5 (f'' ≤ 1 + κ·6·25).
      expect(value(y, kappa, u, v)).toBeLessThanOrEqual(best + 1e-12);
      expect(Math.sign(u)).toBe(Math.sign(v));
    }
  });
  it('labelRule: the jump term is φ_r(0)·2√(y − 1/(2κ)), and the atoms carry the mass of N(0, r²)', () => {
    const y = 2, kappa = 0.5, r = 0.9;
    const lr = labelRule(rho, y, r, kappa, 8, 0.5, 8);
    expect(lr.jumps).toBe(1);
    expect(lr.jump).toBeCloseTo((2 * Math.sqrt(y - 1 / (2 * kappa))) / (r * Math.sqrt(2 * Math.PI)), 12);
    // Σ wV = P(|v| < 8r) (Gauss–Legendre on the smooth u-panels: exact to ~1e-12); Σ wP + jump = E[∂u/∂v] in the
    // distributional sense = E[1 − κA/(1 + κA)] + jump, both checked through Stein: E[v·u] = r²(E_ac[u'] + J).
    const mass = lr.wV.reduce((a, b) => a + b, 0);
    expect(mass).toBeCloseTo(1, 12);
    let evu = 0, eac = 0;
    lr.u.forEach((u, k) => { evu += lr.wV[k]! * lr.v[k]! * u; eac += lr.wP[k]!; });
    expect(evu).toBeCloseTo(r * r * (eac + lr.jump), 10);
  });
});
