import { describe, it, expect } from 'vitest';
import { directionNumbers, isPrimitive, scrambledSobol } from '../../../src/numerics/random/sobol.js';
import { normalQuantile } from '../../../src/numerics/special/normal.js';
import { makeRng } from '../../../src/numerics/random/rng.js';

/** Number of points of `pts` (count×dim) in each elementary box 2^{−a}×2^{−b} of the projection (d1, d2). */
function boxCounts(pts: Float64Array, dim: number, d1: number, d2: number, a: number, b: number): number[] {
  const counts = new Array<number>(2 ** (a + b)).fill(0);
  for (let i = 0; i < pts.length / dim; i++) counts[Math.floor(pts[i * dim + d1]! * 2 ** a) * 2 ** b + Math.floor(pts[i * dim + d2]! * 2 ** b)]!++;
  return counts;
}

describe('Sobol points (src/numerics/random/sobol.ts)', () => {
  it('uses primitive polynomials only (Joe–Kuo table and the generated ones)', () => {
    expect(isPrimitive(2, 1)).toBe(true);
    expect(isPrimitive(4, 3)).toBe(false); // x⁴ + x³ + x² + x + 1 has order 5
    expect(isPrimitive(6, 16)).toBe(true);
    expect(isPrimitive(6, 0)).toBe(false); // x⁶ + 1 is reducible
    expect(directionNumbers(60).length).toBe(60);
  });

  it('every one-dimensional projection of the first 2^k points is stratified (one point per dyadic interval), scrambled or not', () => {
    for (const seed of [null, 7]) {
      const dim = 40;
      const pts = scrambledSobol(1024, dim, seed);
      for (let d = 0; d < dim; d++) expect(boxCounts(pts, dim, d, d, 10, 0).every((c) => c === 1)).toBe(true);
    }
  });

  it('dimensions 1–2 form a (0, 2)-sequence: every elementary box of volume 2^{−10} holds one of 1024 points', () => {
    for (const seed of [null, 3]) {
      const pts = scrambledSobol(1024, 2, seed);
      for (let a = 0; a <= 10; a++) expect(boxCounts(pts, 2, 0, 1, a, 10 - a).every((c) => c === 1)).toBe(true);
    }
  });

  it('scrambles are unbiased with error far below Monte Carlo: E exp(cᵀz) = exp(|c|²/2) in 6 dimensions', () => {
    const dim = 6;
    const c = [0.3, -0.2, 0.25, 0.1, -0.15, 0.2];
    const exact = Math.exp(c.reduce((s, x) => s + x * x, 0) / 2);
    const N = 4096;
    const estimate = (pts: Float64Array) => {
      let s = 0;
      for (let i = 0; i < N; i++) {
        let e = 0;
        for (let d = 0; d < dim; d++) e += c[d]! * normalQuantile(pts[i * dim + d]!);
        s += Math.exp(e);
      }
      return s / N;
    };
    const R = 12;
    const reps = Array.from({ length: R }, (_, r) => estimate(scrambledSobol(N, dim, 100 + r)));
    const mean = reps.reduce((s, x) => s + x, 0) / R;
    const se = Math.sqrt(reps.reduce((s, x) => s + (x - mean) ** 2, 0) / (R - 1) / R);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
    // Plain Monte Carlo with the same N: standard error √(Var e^{cᵀz}/N).
    const mcSe = Math.sqrt((Math.exp(2 * (2 * Math.log(exact))) - exact ** 2) / N);
    expect(se * Math.sqrt(R)).toBeLessThan(0.1 * mcSe);
    // A sanity check of the Monte-Carlo reference formula by plain sampling.
    const rng = makeRng(1);
    let s = 0;
    for (let i = 0; i < N; i++) {
      let e = 0;
      for (let d = 0; d < dim; d++) e += c[d]! * rng.normal();
      s += Math.exp(e);
    }
    expect(Math.abs(s / N - exact)).toBeLessThan(5 * mcSe);
  });
});
