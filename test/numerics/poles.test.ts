import { describe, expect, it } from 'vitest';
import { findPoles } from '../../src/numerics/poles.js';
import { findBreaks } from '../../src/numerics/quadrature/breaks.js';

describe('findPoles: |f| ~ |x − x*|^(−p)', () => {
  const cases: Array<[string, (x: number) => number, Array<[number, number]>]> = [
    ['1/x', (x) => 1 / x, [[0, 1]]],
    ['1/x²', (x) => 1 / (x * x), [[0, 2]]],
    ['1/√|x|', (x) => 1 / Math.sqrt(Math.abs(x)), [[0, 0.5]]],
    ['1/(x − 0.3)', (x) => 1 / (x - 0.3), [[0.3, 1]]],
    ['tan on [−2, 2]', Math.tan, [[-Math.PI / 2, 1], [Math.PI / 2, 1]]],
    ['tanh', Math.tanh, []],
    ['relu', (x) => Math.max(x, 0), []],
    ['x³ (a zero, not a pole)', (x) => x ** 3, []],
    ['narrow smooth peak', (x) => Math.exp(-1e4 * x * x), []],
  ];
  for (const [name, f, expected] of cases)
    it(name, () => {
      const poles = findPoles(f, { cutoff: name.startsWith('tan on') ? 2 : 10 });
      expect(poles.length).toBe(expected.length);
      poles.forEach((p, i) => {
        expect(p.x).toBeCloseTo(expected[i]![0], 8);
        expect(p.exponent).toBeCloseTo(expected[i]![1], 3);
      });
    });
  it('log|x| is a (logarithmic, integrable) singularity: exponent below 0.1', () => {
    const [p] = findPoles((x) => Math.log(Math.abs(x)));
    expect(p!.x).toBeCloseTo(0, 8);
    expect(p!.exponent).toBeLessThan(0.1);
  });
});

describe('findBreaks: degenerate switches', () => {
  it('a switch that vanishes identically (max(z, z)) gives no break', () => {
    expect(findBreaks([(x) => x - x])).toEqual([]);
  });
  it('a switch that vanishes on a half-line (relu(x)) gives the end of that half-line', () => {
    const b = findBreaks([(x) => Math.max(x - 0.37, 0)]);
    expect(b).toHaveLength(1);
    expect(b[0]!).toBeCloseTo(0.37, 12);
  });
});
