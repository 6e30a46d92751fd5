import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialCoefficient, fisherExactTwoSided, meanSe } from '../../src/numerics/stats.js';

describe('summary statistics', () => {
  it('meanSe: mean and s/√m', () => {
    const r = meanSe([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 15);
  });
  it('binomial coefficients and cdf: C(4, 2) = 6, P(Bin(4, ½) ≤ 1) = 5/16, P(X ≤ n) = 1', () => {
    expect(binomialCoefficient(4, 2)).toBe(6);
    expect(binomialCoefficient(10, 0)).toBe(1);
    expect(binomialCdf(1, 4, 0.5)).toBeCloseTo(5 / 16, 15);
    expect(binomialCdf(4, 4, 0.3)).toBeCloseTo(1, 15);
    expect(binomialCdf(0, 4, 0.3)).toBeCloseTo(0.7 ** 4, 15);
  });
  it('Fisher exact test: 4/4 vs 0/4 gives p = 2/70; equal fractions give 1', () => {
    // Margins 4 of 8: P(x = 4) = P(x = 0) = 1/70, every other table is more probable.
    expect(fisherExactTwoSided(4, 4, 0, 4)).toBeCloseTo(2 / 70, 15);
    expect(fisherExactTwoSided(2, 4, 2, 4)).toBeCloseTo(1, 12);
    // P(x) = C(4, x)C(4, 4 − x)/70 = 1, 16, 36, 16, 1 (/70): x = 3 keeps every table but x = 2.
    expect(fisherExactTwoSided(3, 4, 1, 4)).toBeCloseTo(34 / 70, 12);
  });
});
