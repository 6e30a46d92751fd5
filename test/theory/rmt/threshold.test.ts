// docs/theory.md §1/§2 threshold solver (src/theory/rmt/threshold.ts) on weights that do not depend on the spike coordinate: such
// a coordinate never creates an outlier (§2 property), so δ* must be "none" at every quadrature resolution. Before
// the fix the m = 1 closed system took the quadrature error of E[z²] (−4.8e-7 at order 34, −8.3e-5 at order 26 of
// the kink-split Gauss–Legendre rule) times E[T] for a genuine gap and reported δ* = 8.7e12 / 3.0e8.
import { describe, expect, test } from 'vitest';
import { piecewiseGaussianRule } from '../../../src/numerics/quadrature/index.js';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState } from '../../../src/model/state.js';
import { nnThresholds } from '../../../src/theory/hessian/thresholds.js';
import type { MatrixLaw } from '../../../src/theory/rmt/matrixLaw.js';
import { lowerThreshold } from '../../../src/theory/rmt/threshold.js';

/** Tensor law of (z, g) on a piecewise Gauss–Legendre rule whose second moment E_q[z²] is off by `moment error`
 *  (few nodes on wide panels), with a scalar weight T(g) that ignores z. */
function independentLaw(nodesPerPanel: number, T: (g: number) => number): { law: MatrixLaw; momentError: number } {
  const r = piecewiseGaussianRule([-1, 1], { nodesPerPanel, maxPanelWidth: 20, cutoff: 9 });
  const n = r.nodes.length;
  const size = n * n;
  const A = new Float64Array(size), zeta = new Float64Array(2 * size), w = new Float64Array(size);
  let z2 = 0;
  let w1 = 0;
  for (let a = 0; a < n; a++) {
    z2 += r.weights[a]! * r.nodes[a]! ** 2;
    w1 += r.weights[a]!;
    for (let b = 0; b < n; b++) {
      const i = a * n + b;
      A[i] = T(r.nodes[b]!);
      zeta[2 * i] = r.nodes[a]!;
      zeta[2 * i + 1] = r.nodes[b]!;
      w[i] = r.weights[a]! * r.weights[b]!;
    }
  }
  return { law: { m: 1, k: 2, size, weights: w, A, zeta, coords: ['z', 'g'], origin: 'test' }, momentError: z2 / w1 - 1 };
}

describe('δ* of a weight that ignores the spike coordinate is "none" (no round-off or moment-error thresholds)', () => {
  for (const per of [6, 9, 12, 17]) {
    test(`T = σ(g)(1 − σ(g)) ≥ 0 (logistic ℓ'' shape), z-rule with ${per} nodes per panel`, () => {
      const { law, momentError } = independentLaw(per, (g) => {
        const s = 1 / (1 + Math.exp(-g));
        return 0.25 * s * (1 - s) * (g > 0 ? 1 : 0);
      });
      // The rule is inexact on z² (this is what used to create the spurious sign change).
      expect(Math.abs(momentError)).toBeGreaterThan(1e-12);
      const th = lowerThreshold(law, [0]);
      expect(th.delta_star).toBeNull();
      expect(th.status.converged).toBe(true);
    });
  }
  test('T = tanh(g) − 0.2 (both signs) ignoring z: no threshold along z', () => {
    const { law } = independentLaw(10, (g) => Math.tanh(g) - 0.2);
    expect(lowerThreshold(law, [0]).delta_star).toBeNull();
  });
  test('a weight that does depend on z on the same inexact rule still has its threshold', () => {
    const { law } = independentLaw(12, (g) => Math.tanh(1 - g * g));
    // T depends on the second coordinate: δ* along it is finite, along the first none.
    const along = lowerThreshold(law, [1]);
    expect(along.delta_star).not.toBeNull();
    expect(along.status.converged).toBe(true);
    expect(lowerThreshold(law, [0]).delta_star).toBeNull();
  });
});

describe('nn: relu, logistic loss, y = sign(z² − 1) (ℓ\'\' and hence A do not depend on z): no threshold', () => {
  const p = { act: resolveActivation('relu'), loss: resolveLoss('logistic'), target: resolveTarget('sign(z^2-1)'), noise: 0 };
  test('m = 2 at the default resolution (order 34 vs 26): every δ*_j is none at both resolutions, status converged', () => {
    const th = nnThresholds(p, makeState([0.5, 0.5], [1, 1], 1));
    expect(th.delta_nn).toBeNull();
    for (const b of th.blocks) expect(b.delta_star).toBeNull();
    expect(th.quadrature.error_estimate).toBe(0);
    expect(th.status.converged).toBe(true);
  });
  for (const order of [26, 40]) {
    test(`m = 2 at order ${order}: none`, () => {
      const th = nnThresholds(p, makeState([0.5, 0.5], [1, 1], 1), { atoms: { order } });
      expect(th.delta_nn).toBeNull();
    });
  }
  test('m = 1: none', () => {
    expect(nnThresholds(p, makeState([1], [1], 1)).delta_nn).toBeNull();
  });
});
