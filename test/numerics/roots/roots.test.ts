import { describe, expect, test } from 'vitest';
import { brent } from '../../../src/numerics/roots/brent.js';
import { expandBracket } from '../../../src/numerics/roots/bracket.js';
import { minimizeBounded } from '../../../src/numerics/roots/minimize.js';
import { allRoots } from '../../../src/numerics/roots/allRoots.js';
import { continuation } from '../../../src/numerics/roots/continuation.js';
import type { RootResult } from '../../../src/numerics/roots/brent.js';

describe('brent', () => {
  // [f, a, b, root, |x − root| tolerance, iteration bound]: smooth simple roots (superlinear: a few dozen
  // steps at most), a triple root (linear convergence, like scipy's brentq which needs > 100 steps here), a
  // jump (bisection: log2(1/1e-14) ≈ 47 steps), high degree.
  const cases: Array<[string, (x: number) => number, number, number, number, number, number]> = [
    ['x³ − 2x − 5 (Wallis)', (x) => x ** 3 - 2 * x - 5, 2, 3, 2.0945514815423265, 1e-14, 15],
    ['cos x − x', (x) => Math.cos(x) - x, 0, 1, 0.7390851332151607, 1e-14, 15],
    ['(x − 1/3)³ (triple root)', (x) => (x - 1 / 3) ** 3, 0, 1, 1 / 3, 1e-13, 200],
    ['x²⁰ − 1 on [0, 5]', (x) => x ** 20 - 1, 0, 5, 1, 1e-14, 40],
    ['sign(x − 0.5) (bisection hits f = 0 exactly)', (x) => Math.sign(x - 0.5), 0, 1, 0.5, 1e-300, 5],
    ['sign(x − 0.4) (jump)', (x) => Math.sign(x - 0.4), 0, 1, 0.4, 1e-13, 60],
    ['exp(x) − 1e6 on [−50, 50]', (x) => Math.exp(x) - 1e6, -50, 50, Math.log(1e6), 1e-13, 40],
  ];
  test.each(cases)('%s', (_name, f, a, b, root, tol, maxIters) => {
    const r = brent(f, a, b);
    expect(r.status.converged).toBe(true);
    expect(r.status.method).toBe('brent');
    expect(Math.abs(r.x - root)).toBeLessThan(tol);
    expect(r.status.residual).toBe(Math.abs(f(r.x)));
    expect(r.status.iterations).toBeLessThanOrEqual(maxIters);
    expect(r.bracket![0]).toBeLessThanOrEqual(r.x);
    expect(r.bracket![1]).toBeGreaterThanOrEqual(r.x);
    expect(r.bracket![1] - r.bracket![0]).toBeLessThan(1e-13 * Math.max(1, Math.abs(root)));
  });

  test('no sign change: not converged, no NaN, says why', () => {
    const r = brent((x) => x * x + 1, -1, 2);
    expect(r.status.converged).toBe(false);
    expect(Number.isFinite(r.x) && Number.isFinite(r.fx)).toBe(true);
    expect(r.status.message).toMatch(/no sign change/);
  });

  test('an exact zero at an end point is returned at once', () => {
    expect(brent((x) => x - 2, 2, 3)).toMatchObject({ x: 2, fx: 0, status: { converged: true, iterations: 0 } });
  });

  test('maxIter exhausted: not converged with the residual', () => {
    const r = brent((x) => x ** 3 - 2 * x - 5, 2, 3, { maxIter: 2 });
    expect(r.status.converged).toBe(false);
    expect(r.status.residual).toBeGreaterThan(0);
  });
});

describe('expandBracket', () => {
  test('unbounded: finds a sign change of x − 100 from [0, 1]', () => {
    const br = expandBracket((x) => x - 100, 0, 1)!;
    expect(br[0]).toBeLessThanOrEqual(100);
    expect(br[1]).toBeGreaterThanOrEqual(100);
  });
  test('hard lower limit τ = 1 with a pole there: 1/(λ − 1) − 5 from [5, 6] never crosses λ ≤ 1', () => {
    const f = (l: number) => 1 / (l - 1) - 5;
    const br = expandBracket(f, 5, 6, { lower: 1 })!;
    expect(br[0]).toBeGreaterThan(1);
    expect(br[0]).toBeLessThanOrEqual(1.2);
    expect(br[1]).toBeGreaterThanOrEqual(1.2);
    expect(brent(f, br[0], br[1]).x).toBeCloseTo(1.2, 13);
  });
  test('both limits: stays inside [lower, upper]', () => {
    const br = expandBracket((x) => x - 0.999, 0.1, 0.2, { lower: 0, upper: 1 })!;
    expect(br[0]).toBeGreaterThanOrEqual(0);
    expect(br[1]).toBeLessThanOrEqual(1);
    expect(br[1]).toBeGreaterThanOrEqual(0.999);
  });
  test('no root: null', () => {
    expect(expandBracket((x) => x * x + 1, 0, 1, { maxIter: 30 })).toBeNull();
  });
});

describe('minimizeBounded', () => {
  test('parabola (x − 2)² + 1 on [0, 5]: x = 2, f = 1', () => {
    const m = minimizeBounded((x) => (x - 2) ** 2 + 1, 0, 5);
    expect(m.status.converged).toBe(true);
    // Minimiser accuracy is limited to ≈ √ε·|x| (the function is flat to rounding within that distance).
    expect(Math.abs(m.x - 2)).toBeLessThan(1e-7);
    expect(Math.abs(m.fx - 1)).toBeLessThan(1e-14);
    expect(m.status.residual).toBeLessThan(1e-6);
  });
  test('asymmetric minimum: −x e^{−x} on [0, 10] is smallest at x = 1', () => {
    const m = minimizeBounded((x) => -x * Math.exp(-x), 0, 10);
    expect(Math.abs(m.x - 1)).toBeLessThan(1e-7);
  });
  test('monotone on the interval: the minimum is at the end point', () => {
    const m = minimizeBounded((x) => x, 1, 3);
    // Stopping rule: within 2·tol1 = 2(√ε|x| + xtol/3) of the end.
    expect(m.x - 1).toBeLessThan(2 * (Math.sqrt(Number.EPSILON) + 1e-10 / 3));
  });
});

describe('allRoots', () => {
  test('sin on [0, 10]: 0, π, 2π, 3π, sorted', () => {
    const roots = allRoots(Math.sin, 0, 10);
    expect(roots.map((r) => r.x)).toEqual([0, Math.PI, 2 * Math.PI, 3 * Math.PI].map((x) => expect.closeTo(x, 13)));
    for (const r of roots) expect(r.status.converged).toBe(true);
  });
  test('log-spaced grid: log x − 2 on [1e−3, 1e3] has the root e²; 1/x − 1e2 has 1e−2', () => {
    expect(allRoots((x) => Math.log(x) - 2, 1e-3, 1e3, { log: true, grid: 60 }).map((r) => r.x)).toEqual([expect.closeTo(Math.exp(2), 12)]);
    expect(allRoots((x) => 1 / x - 1e2, 1e-3, 1e3, { log: true, grid: 60 })[0]!.x).toBeCloseTo(1e-2, 14);
  });
  test('no roots: empty', () => {
    expect(allRoots((x) => x * x + 1, -3, 3)).toEqual([]);
  });
});

describe('continuation', () => {
  // Newton from the guess on x² − p: follows the branch the guess selects.
  const newton = (p: number, guess: number): RootResult => {
    let x = guess;
    for (let it = 1; it <= 50; it++) {
      const dx = (x * x - p) / (2 * x);
      x -= dx;
      if (Math.abs(dx) < 1e-15 * Math.abs(x))
        return { x, fx: x * x - p, status: { converged: true, residual: Math.abs(x * x - p), iterations: it, method: 'newton' } };
    }
    return { x, fx: x * x - p, status: { converged: false, residual: Math.abs(x * x - p), iterations: 50, method: 'newton' } };
  };
  test('follows the negative branch −√p of x² = p', () => {
    const params = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const { points, status } = continuation(newton, params, -0.9);
    expect(status.converged).toBe(true);
    points.forEach((pt, i) => {
      expect(pt.param).toBe(params[i]);
      expect(pt.root.x).toBeCloseTo(-Math.sqrt(params[i]!), 14);
    });
  });
  test('a failed point is reported and does not stop the sweep', () => {
    const solve = (p: number, g: number) => (p === 3 ? { ...newton(p, g), status: { converged: false, residual: 1, iterations: 1, method: 'newton' } } : newton(p, g));
    const { points, status } = continuation(solve, [1, 2, 3, 4], 1);
    expect(status.converged).toBe(false);
    expect(points.map((p) => p.root.status.converged)).toEqual([true, true, false, true]);
    expect(points[3]!.root.x).toBeCloseTo(2, 14);
  });
});
