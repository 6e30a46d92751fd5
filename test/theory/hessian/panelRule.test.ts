// The panel-aligned rule for smooth activations at m = 2 and the separable block rule at m ≥ 3
// (src/theory/hessian/jointLaw.ts, separableBlock.ts; docs/theory.md (10.22)–(10.25)).
import { describe, expect, test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState, stateFactor } from '../../../src/model/state.js';
import { kinkAlignedAtoms } from '../../../src/theory/hessian/kinkAlignedRule.js';
import { blockWeightLaw, blockWeightLawPair } from '../../../src/theory/hessian/blockWeights.js';
import { PANEL_BREAKS } from '../../../src/theory/hessian/jointLaw.js';
import { separableBlockLaw } from '../../../src/theory/hessian/separableBlock.js';
import { diagonalBlockLaw } from '../../../src/theory/rmt/matrixLaw.js';
import { lowerEdge } from '../../../src/theory/rmt/edge.js';
import { hessianSpectrum } from '../../../src/theory/hessian/spectrum.js';
import { HESSIAN_QUADRATURE_RTOL } from '../../../src/theory/hessian/quadratureError.js';

const problem = (act = 'tanh', target = 'tanh(z^2)') => ({ act: resolveActivation(act), loss: resolveLoss('square'), target: resolveTarget(target), noise: 0 });

describe('panel-aligned nested rule', () => {
  test('E[exp(aᵀζ)] = exp(|a|²/2) along correlated panel directions, within the 3-vs-2-nodes difference', () => {
    const a = [0.7, -0.4];
    const dirs = [{ vector: Float64Array.of(1, 0), breaks: PANEL_BREAKS }, { vector: Float64Array.of(0.6, 0.8), breaks: PANEL_BREAKS }];
    const integral = (per: number) => {
      const r = kinkAlignedAtoms(2, dirs, per, { perInterval: per });
      let s = 0;
      for (let i = 0; i < r.size; i++) s += r.weights[i]! * Math.exp(a[0]! * r.points[2 * i]! + a[1]! * r.points[2 * i + 1]!);
      return s;
    };
    const exact = Math.exp((a[0]! ** 2 + a[1]! ** 2) / 2);
    const fine = integral(3);
    expect(Math.abs(fine - exact)).toBeLessThanOrEqual(Math.abs(fine - integral(2)));
    expect(Math.abs(fine - exact) / exact).toBeLessThan(1e-8);
  });

  test('tanh, square loss, y = tanh(z²), m = 2, δ = 8: the lower edge converges (two-resolution estimate ≤ 1e-3)', () => {
    const sp = hessianSpectrum(problem(), makeState([0.5, 0.5], [1, 1], 1), 8);
    expect(sp.quadrature.rule).toMatch(/panel-aligned/);
    expect(sp.quadrature.error_estimate).toBeLessThanOrEqual(HESSIAN_QUADRATURE_RTOL);
    expect(sp.status.converged).toBe(true);
  });
});

describe('separable block rule', () => {
  test('m = 2: block 1 edge equals that of the joint panel-aligned law (the only difference is the Gauss rule in F)', () => {
    const p = problem();
    const s = makeState([0.5, 0.5], [1, 1], 1);
    const f = stateFactor(s);
    const joint = lowerEdge(diagonalBlockLaw(blockWeightLaw(p, s, 'exact', { panelNodes: 3 }).law, 0), 8).edge;
    const sep = lowerEdge(separableBlockLaw(p, s, f, 0, 3, 24).law, 8).edge;
    const sepCoarse = lowerEdge(separableBlockLaw(p, s, f, 0, 2, 18).law, 8).edge;
    // Both are the same panel rule in (z, u_1); agreement far inside the rule's own two-resolution difference.
    expect(Math.abs(sep - joint)).toBeLessThan(1e-3 * Math.abs(sep - sepCoarse));
  });

  test('m = 3 exchangeable neurons: the three blocks have the same law, hence the same edge', () => {
    const p = problem();
    const s = makeState([1 / 3, 1 / 3, 1 / 3], [1, 1, 1], 1);
    const f = stateFactor(s);
    const edges = [0, 1, 2].map((j) => lowerEdge(separableBlockLaw(p, s, f, j, 3, 24).law, 8).edge);
    expect(Math.abs(edges[1]! - edges[0]!)).toBeLessThan(1e-12 * Math.abs(edges[0]!));
    expect(Math.abs(edges[2]! - edges[0]!)).toBeLessThan(1e-12 * Math.abs(edges[0]!));
  });

  test('m = 3 with a = (1, 0, 0) reduces to the m = 1 code (within the sum of both two-resolution differences)', () => {
    const p = problem();
    const s3 = makeState([1, 0, 0], [1, 1, 1], 1);
    const f3 = stateFactor(s3);
    const fine = lowerEdge(separableBlockLaw(p, s3, f3, 0, 4, 32).law, 8).edge;
    const coarse = lowerEdge(separableBlockLaw(p, s3, f3, 0, 3, 24).law, 8).edge;
    const one = blockWeightLawPair(p, makeState([1], [1], 1));
    const e1 = lowerEdge(one.law, 8).edge;
    const e1c = lowerEdge(one.coarse, 8).edge;
    expect(Math.abs(fine - e1)).toBeLessThanOrEqual(Math.abs(fine - coarse) + Math.abs(e1 - e1c));
  });
});
