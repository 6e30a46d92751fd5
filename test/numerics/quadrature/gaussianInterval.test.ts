import { describe, it, expect } from 'vitest';
import { gaussianIntervalRule } from '../../../src/numerics/quadrature/gaussianInterval.js';
import { normalCdf } from '../../../src/numerics/special/normal.js';

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

describe('Gauss rule for φ on an interval (src/numerics/quadrature/gaussianInterval.ts)', () => {
  it('is exact for polynomials of degree ≤ 2n − 1: truncated moments by the recurrence M_k = (a^{k−1}φ(a) − b^{k−1}φ(b)) + (k−1)M_{k−2}', () => {
    for (const [a, b, n] of [[0, 9, 6], [-9, -0.37, 10], [1.3, 2.1, 4], [-9, 9, 12]] as const) {
      const r = gaussianIntervalRule(a, b, n);
      const M = [normalCdf(b) - normalCdf(a), phi(a) - phi(b)];
      for (let k = 2; k <= 2 * n - 1; k++) M.push(a ** (k - 1) * phi(a) - b ** (k - 1) * phi(b) + (k - 1) * M[k - 2]!);
      for (let k = 0; k <= 2 * n - 1; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += r.weights[i]! * r.nodes[i]! ** k;
        const scale = Math.max(Math.abs(a), Math.abs(b)) ** k * M[0]!;
        expect(Math.abs(s - M[k]!)).toBeLessThan(1e-12 * Math.max(1, scale));
      }
      for (const x of r.nodes) expect(x > a && x < b).toBe(true);
    }
  });
});
