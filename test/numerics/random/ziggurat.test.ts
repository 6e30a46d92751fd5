// The ziggurat normal generator: its empirical distribution function matches Φ on a grid that crosses the
// inner rectangles, the wedges and the tail beyond r = 3.654, within the binomial standard error.
import { describe, expect, it } from 'vitest';
import { fillZiggurat } from '../../../src/numerics/random/ziggurat.js';
import { makeRng } from '../../../src/numerics/random/rng.js';
import { normalCdf } from '../../../src/numerics/special/normal.js';

describe('ziggurat', () => {
  it('empirical CDF matches Φ within 4.5 standard errors at 33 points in [-4, 4] and in the tails (N = 2·10⁶)', () => {
    const N = 2_000_000;
    const x = new Float64Array(N);
    makeRng(11).fillNormal(x);
    x.sort();
    const below = (t: number): number => {
      let lo = 0, hi = N;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (x[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const points = [...Array.from({ length: 33 }, (_, i) => -4 + i * 0.25), -3.7, 3.7, -3.6541528853610088, 3.6541528853610088];
    for (const t of points) {
      const p = normalCdf(t);
      const se = Math.sqrt((p * (1 - p)) / N);
      expect(Math.abs(below(t) / N - p), `t = ${t}`).toBeLessThan(4.5 * se);
    }
    expect(Number.isFinite(x[0]!) && Number.isFinite(x[N - 1]!)).toBe(true);
  });

  it('Rng.fillNormal (generator inlined) gives the draws of fillZiggurat on the same word stream, and leaves the stream at the same place', () => {
    const a = makeRng(3), b = makeRng(3);
    const x = new Float64Array(300_001), z = new Float64Array(300_001);
    a.fillNormal(x);
    fillZiggurat(z, b.uint32, b.uniform);
    expect(x.every((v, i) => v === z[i])).toBe(true);
    expect(a.uniform()).toBe(b.uniform());
  });

  it('is a pure function of the word stream (same words, same draws)', () => {
    const words = (seed: number) => {
      let s = seed >>> 0;
      return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
    };
    const a = new Float64Array(1000), b = new Float64Array(1000);
    fillZiggurat(a, words(5), () => 0.5);
    fillZiggurat(b, words(5), () => 0.5);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
