import { describe, expect, test } from 'vitest';
import { discreteGaussRule } from '../../../src/numerics/quadrature/index.js';

describe('Gauss rule of a discrete measure (docs/theory.md (10.25))', () => {
  test('reproduces the moments of degree ≤ 2n − 1 of a 400-atom measure, not degree 2n', () => {
    const N = 400;
    const x = Array.from({ length: N }, (_, i) => Math.tanh(-3 + (6 * (i + 0.5)) / N));
    const w = x.map((_, i) => Math.exp(-0.5 * (-3 + (6 * (i + 0.5)) / N) ** 2));
    const n = 8;
    const r = discreteGaussRule(x, w, n);
    const moment = (k: number, xs: ArrayLike<number>, ws: ArrayLike<number>) => Array.from(xs).reduce((s, v, i) => s + ws[i]! * v ** k, 0);
    for (let k = 0; k <= 2 * n - 1; k++) expect(Math.abs(moment(k, r.nodes, r.weights) - moment(k, x, w))).toBeLessThan(1e-12 * moment(0, x, w));
    expect(Math.abs(moment(2 * n, r.nodes, r.weights) - moment(2 * n, x, w))).toBeGreaterThan(1e-9 * moment(0, x, w));
  });

  test('a measure with fewer distinct atoms than n is its own rule', () => {
    const r = discreteGaussRule([1, 2, 3], [0.2, 0.5, 0.3], 5);
    expect(Array.from(r.nodes)).toEqual([1, 2, 3]);
    expect(Array.from(r.weights)).toEqual([0.2, 0.5, 0.3]);
  });
});
