import { describe, expect, test } from 'vitest';
import erf from '@stdlib/math-base-special-erf';
import erfc from '@stdlib/math-base-special-erfc';
import { gaussHermite } from '../../../src/numerics/quadrature/gaussHermite.js';
import { gaussLegendre } from '../../../src/numerics/quadrature/gaussLegendre.js';
import { tridiagonalEigenvalues } from '../../../src/numerics/quadrature/jacobi.js';
import { piecewiseGaussianRule } from '../../../src/numerics/quadrature/piecewise.js';
import { findBreaks } from '../../../src/numerics/quadrature/breaks.js';
import { gaussianAtoms } from '../../../src/numerics/quadrature/atoms.js';
import { integrate } from '../../../src/numerics/quadrature/rule.js';

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** log (2j−1)!! */
function logDoubleFactorial(j: number): number {
  let s = 0;
  for (let i = 1; i <= j; i++) s += Math.log(2 * i - 1);
  return s;
}

describe('tridiagonalEigenvalues', () => {
  test('tridiag(−1, 2, −1) has eigenvalues 2 − 2cos(kπ/(n+1))', () => {
    const n = 50;
    const { values, status } = tridiagonalEigenvalues(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1));
    expect(status.converged).toBe(true);
    for (let k = 1; k <= n; k++) expect(values[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
  });
});

describe('gaussHermite (probabilists’, probability weights)', () => {
  test('n = 3 is ±√3, 0 with weights 1/6, 2/3, 1/6', () => {
    const r = gaussHermite(3);
    expect(Array.from(r.nodes)).toEqual([-Math.sqrt(3), 0, Math.sqrt(3)].map((x) => expect.closeTo(x, 15)));
    expect(Array.from(r.weights)).toEqual([1 / 6, 2 / 3, 1 / 6].map((x) => expect.closeTo(x, 15)));
  });

  test.each([1, 2, 5, 20, 100, 200, 400])('n = %i: E[G^{2j}] = (2j−1)!! for every 2j ≤ 2n − 1, weights ≥ 0 summing to 1', (n) => {
    const r = gaussHermite(n);
    expect(r.order).toBe(n);
    let sum = 0;
    for (const w of r.weights) {
      expect(w).toBeGreaterThanOrEqual(0);
      sum += w;
    }
    expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
    // Weights are positive wherever they do not underflow (log w > −700).
    if (n <= 200) for (const w of r.weights) expect(w).toBeGreaterThan(0);
    let worst = 0;
    // Σ w_i (x_i/s)^{2j} · F_j with F_j = s^{2j}/(2j−1)!! = Π_{i≤j} s²/(2i−1), s = max|x| (x^{2j} alone
    // overflows for n = 400); the remaining roundoff is ≈ 2j·ε from the nodes.
    const s = Math.max(1, r.nodes[n - 1]!);
    let F = 1;
    for (let j = 1; 2 * j <= 2 * n - 1; j++) {
      F *= (s * s) / (2 * j - 1);
      let m = 0;
      for (let i = 0; i < n; i++) m += r.weights[i]! * Math.pow(r.nodes[i]! / s, 2 * j);
      worst = Math.max(worst, Math.abs(m * F - 1));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  test.each([200, 400])('n = %i: nodes are zeros of He_n and weights equal 1/Σ_{k<n} p_k² (independent recurrence)', (n) => {
    const r = gaussHermite(n);
    for (let i = 0; i < n; i++) {
      const x = r.nodes[i]!;
      // Monic He recurrence with rescaling; Newton correction He_n/(n He_{n−1}) must be at rounding level.
      let prev = 1;
      let cur = x;
      for (let k = 1; k < n; k++) {
        const next = x * cur - k * prev;
        prev = cur;
        cur = next;
        const m = Math.abs(cur);
        if (m > 1e200) {
          cur /= m;
          prev /= m;
        }
      }
      expect(Math.abs(cur / (n * prev))).toBeLessThan(4e-15 * Math.max(1, Math.abs(x)));
      // Christoffel function: 1/w = Σ_{k<n} p_k(x)², p_k = He_k/√k!, accumulated with a log scale.
      let p0 = 0;
      let p1 = 1;
      let sum = 1;
      let logScale = 0;
      for (let k = 1; k < n; k++) {
        const p2 = (x * p1 - Math.sqrt(k - 1) * p0) / Math.sqrt(k);
        p0 = p1;
        p1 = p2;
        sum += p1 * p1;
        if (sum > 1e200) {
          p0 /= 1e100;
          p1 /= 1e100;
          sum /= 1e200;
          logScale += 200 * Math.LN10;
        }
      }
      const logW = -(Math.log(sum) + logScale);
      if (logW > -690) expect(Math.abs(r.weights[i]! / Math.exp(logW) - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('gaussLegendre', () => {
  test.each([1, 2, 7, 40])('n = %i on [−1.5, 2] integrates x^k exactly for k ≤ 2n − 1', (n) => {
    const [a, b] = [-1.5, 2];
    const r = gaussLegendre(n, a, b);
    let sum = 0;
    for (const w of r.weights) {
      expect(w).toBeGreaterThan(0);
      sum += w;
    }
    expect(sum).toBeCloseTo(b - a, 14);
    for (let k = 0; k <= 2 * n - 1; k++) {
      const exact = (b ** (k + 1) - a ** (k + 1)) / (k + 1);
      const got = integrate(r, (x) => x ** k);
      expect(Math.abs(got - exact)).toBeLessThan(1e-13 * Math.max(1, 2 ** (k + 1)));
    }
    // Degree 2n is not exact (the rule is Gauss, not more).
    const k = 2 * n;
    expect(Math.abs(integrate(r, (x) => x ** k) - (b ** (k + 1) - a ** (k + 1)) / (k + 1))).toBeGreaterThan(1e-10);
  });
});

describe('piecewiseGaussianRule', () => {
  // E[min(G², 3)] in closed form, c = √3: E[G² 1{|G|<c}] = ∫_{−c}^{c} x²φ = [−xφ]_{−c}^{c} + ∫_{−c}^{c} φ
  // (integration by parts, φ' = −xφ) = erf(c/√2) − 2cφ(c); plus 3·P(|G| > c) = 3·erfc(c/√2).
  const c = Math.sqrt(3);
  const exact = erf(c / Math.SQRT2) - 2 * c * phi(c) + 3 * erfc(c / Math.SQRT2);
  const f = (x: number) => Math.min(x * x, 3);

  test('E[min(G², 3)]: split at ±√3 reproduces the closed form to 1e-12; plain 200-node Gauss–Hermite is off by > 1e-4', () => {
    const pw = piecewiseGaussianRule([-c, c]);
    expect(Math.abs(integrate(pw, f) - exact)).toBeLessThan(1e-12);
    const gh = integrate(gaussHermite(200), f);
    expect(Math.abs(gh - exact)).toBeGreaterThan(1e-4);
  });

  test('breaks found from the switch x² − 3 give the same rule accuracy', () => {
    const br = findBreaks([(x) => x * x - 3]);
    expect(br).toHaveLength(2);
    expect(br[0]).toBeCloseTo(-c, 14);
    expect(br[1]).toBeCloseTo(c, 14);
    expect(Math.abs(integrate(piecewiseGaussianRule(br), f) - exact)).toBeLessThan(1e-12);
  });

  test('weights sum to 1 (tail 2Φ(−10) ≈ 1.5e−23 dropped) and moments E[G^{2j}], j ≤ 8, are exact to 1e-12', () => {
    const r = piecewiseGaussianRule([0.3, -2, 0.3000000000001]);
    expect(Math.abs(integrate(r, () => 1) - 1)).toBeLessThan(1e-14);
    for (let j = 1; j <= 8; j++) expect(Math.abs(integrate(r, (x) => x ** (2 * j)) / Math.exp(logDoubleFactorial(j)) - 1)).toBeLessThan(1e-12);
  });

  test('a jump (heaviside at 0.7) is integrated exactly: P(G > 0.7) = erfc(0.7/√2)/2', () => {
    const r = piecewiseGaussianRule([0.7]);
    expect(Math.abs(integrate(r, (x) => (x > 0.7 ? 1 : 0)) - 0.5 * erfc(0.7 / Math.SQRT2))).toBeLessThan(1e-14);
  });
});

describe('findBreaks', () => {
  test('sign changes, touching zeros, sorted and deduplicated', () => {
    const br = findBreaks([(x) => Math.abs(x) - 1, (x) => (x - 0.25) ** 2, (x) => x - 1, (x) => Math.sin(x)]);
    const expected = [-3 * Math.PI, -2 * Math.PI, -Math.PI, -1, 0, 0.25, 1, Math.PI, 2 * Math.PI, 3 * Math.PI];
    expect(br).toHaveLength(expected.length);
    br.forEach((x, i) => expect(Math.abs(x - expected[i]!)).toBeLessThan(i === 5 ? 1e-7 : 1e-13));
  });
  test('no switches, or no zeros inside [−L, L]: no breaks', () => {
    expect(findBreaks([])).toEqual([]);
    expect(findBreaks([(x) => x - 20, (x) => x * x + 1])).toEqual([]);
  });
});

describe('gaussianAtoms', () => {
  test('dim 2 splits the outer coordinate at switch zeros: E[x1x2·1{x1x2>0}] = 1/π exactly, E[min(|x|²,3)] = 2(1−e^{−3/2}) to 1e-5', () => {
    const E = (a: ReturnType<typeof gaussianAtoms>, f: (x: Float64Array) => number) => {
      let s = 0;
      const x = new Float64Array(2);
      for (let i = 0; i < a.size; i++) {
        x[0] = a.points[2 * i]!;
        x[1] = a.points[2 * i + 1]!;
        s += a.weights[i]! * f(x);
      }
      return s;
    };
    const prod = gaussianAtoms(2, { switches: [(v) => v[0]! * v[1]!] });
    expect(prod.rule).toMatch(/outer break/);
    expect(Math.abs(E(prod, (x) => Math.max(x[0]! * x[1]!, 0)) - 1 / Math.PI)).toBeLessThan(1e-12);
    // The curved kink |x| = √3: the outer break is probed on x2 = c lines, so it sits near (not at) |x1| = √3;
    // without any outer split this was 7e-4 off.
    const circle = gaussianAtoms(2, { switches: [(v) => v[0]! ** 2 + v[1]! ** 2 - 3] });
    expect(Math.abs(E(circle, (x) => Math.min(x[0]! ** 2 + x[1]! ** 2, 3)) - 2 * (1 - Math.exp(-1.5)))).toBeLessThan(1e-5);
  });

  test('dim 1 with switch x: E[relu(G)] = 1/√(2π) to 1e-14', () => {
    const a = gaussianAtoms(1, { switches: [(v) => v[0]!] });
    expect(a.dim).toBe(1);
    expect(a.points.length).toBe(a.size);
    let s = 0;
    for (let i = 0; i < a.size; i++) s += a.weights[i]! * Math.max(a.points[i]!, 0);
    expect(Math.abs(s - 1 / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-14);
  });

  test('dim 2 with switch x1 + x2: E[relu(x1 + x2)] = √2/√(2π) = 1/√π, row-major points, weights sum 1', () => {
    const a = gaussianAtoms(2, { switches: [(v) => v[0]! + v[1]!], order: 40 });
    expect(a.points.length).toBe(2 * a.size);
    let s = 0;
    let w = 0;
    for (let i = 0; i < a.size; i++) {
      w += a.weights[i]!;
      s += a.weights[i]! * Math.max(a.points[2 * i]! + a.points[2 * i + 1]!, 0);
    }
    expect(Math.abs(w - 1)).toBeLessThan(1e-13);
    // The outer integrand E[relu(x1 + G)] = x1Φ(x1) + φ(x1) is smooth, so 40-node Gauss–Hermite is accurate.
    expect(Math.abs(s - 1 / Math.sqrt(Math.PI))).toBeLessThan(1e-12);
    // Plain tensor Gauss–Hermite of the same size is much worse on this kinked integrand.
    const t = gaussianAtoms(2, { order: Math.round(Math.sqrt(a.size)) });
    let st = 0;
    for (let i = 0; i < t.size; i++) st += t.weights[i]! * Math.max(t.points[2 * i]! + t.points[2 * i + 1]!, 0);
    expect(Math.abs(st - 1 / Math.sqrt(Math.PI))).toBeGreaterThan(1e-8);
  });

  test('dim 3 with switch x1 + x2 + x3: E|x1 + x2 + x3| = √3·√(2/π)', () => {
    const a = gaussianAtoms(3, { switches: [(v) => v[0]! + v[1]! + v[2]!], order: 20 });
    let s = 0;
    for (let i = 0; i < a.size; i++) s += a.weights[i]! * Math.abs(a.points[3 * i]! + a.points[3 * i + 1]! + a.points[3 * i + 2]!);
    expect(Math.abs(s - Math.sqrt(3) * Math.sqrt(2 / Math.PI))).toBeLessThan(1e-11);
  });

  test('dim 4 without switches is the tensor Gauss–Hermite rule: E[x1² x3² x4⁴] = 3, E[x1 x2²] = 0', () => {
    const a = gaussianAtoms(4, { order: 6 });
    expect(a.size).toBe(6 ** 4);
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < a.size; i++) {
      const [x1, x2, x3, x4] = a.points.subarray(4 * i, 4 * i + 4);
      m1 += a.weights[i]! * x1! ** 2 * x3! ** 2 * x4! ** 4;
      m2 += a.weights[i]! * x1! * x2! ** 2;
    }
    expect(m1).toBeCloseTo(3, 13);
    expect(m2).toBeCloseTo(0, 14);
  });
});
