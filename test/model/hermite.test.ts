import { describe, expect, test } from 'vitest';
import { hermiteCoefficients, hermitePolys } from '../../src/model/hermite.js';
import { gaussHermite } from '../../src/numerics/quadrature/gaussHermite.js';
import { hermiteCommand } from '../../src/present/cli/commands/hermite.js';
import { UsageError } from '../../src/core/errors.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const relu = (x: number) => Math.max(x, 0);

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}
function doubleFactorial(m: number): number {
  let f = 1;
  for (let i = m; i > 1; i -= 2) f *= i;
  return f;
}

/** Closed form of c_k(relu) = ∫_0^∞ x He_k(x) φ(x) dx. Derivation: Rodrigues He_k φ = (−1)^k φ^{(k)}; for k ≥ 2
 *  integrate by parts twice, ∫_0^∞ x φ^{(k)} = [xφ^{(k−1)}]_0^∞ − [φ^{(k−2)}]_0^∞ = φ^{(k−2)}(0), so
 *  c_k = (−1)^k φ^{(k−2)}(0) = He_{k−2}(0) φ(0) (equivalently Stein: E[relu^{(k)}(G)] = E[δ_0^{(k−2)}(G)]).
 *  He_m(0) = (−1)^{m/2} (m−1)!! for even m, 0 for odd m. Hence c_0 = 1/√(2π) (E[G⁺]), c_1 = 1/2 (E[G² 1{G>0}]),
 *  c_2 = 1/√(2π), odd k ≥ 3: 0, even k ≥ 2: c_k = (−1)^{(k−2)/2} (k−3)!!/√(2π). */
function reluCoefficient(k: number): number {
  if (k === 0) return 1 / SQRT_2PI;
  if (k === 1) return 0.5;
  if (k % 2 === 1) return 0;
  return ((-1) ** ((k - 2) / 2) * doubleFactorial(k - 3)) / SQRT_2PI;
}

describe('hermitePolys', () => {
  test('explicit He_0..He_5 and orthogonality E[He_j He_k] = k! δ_jk', () => {
    const x = 1.7;
    const h = hermitePolys(x, 5);
    const explicit = [1, x, x * x - 1, x ** 3 - 3 * x, x ** 4 - 6 * x * x + 3, x ** 5 - 10 * x ** 3 + 15 * x];
    explicit.forEach((v, k) => expect(h[k]).toBeCloseTo(v, 12));
    const rule = gaussHermite(30);
    const K = 12;
    const gram = new Float64Array((K + 1) * (K + 1));
    const buf = new Float64Array(K + 1);
    for (let i = 0; i < rule.nodes.length; i++) {
      hermitePolys(rule.nodes[i]!, K, buf);
      for (let j = 0; j <= K; j++) for (let k = 0; k <= K; k++) gram[j * (K + 1) + k]! += rule.weights[i]! * buf[j]! * buf[k]!;
    }
    for (let j = 0; j <= K; j++)
      for (let k = 0; k <= K; k++) expect(Math.abs(gram[j * (K + 1) + k]! - (j === k ? factorial(k) : 0))).toBeLessThan(1e-12 * factorial(Math.max(j, k)));
  });
  test('kmax = 0 gives [1]', () => {
    expect(Array.from(hermitePolys(3, 0))).toEqual([1]);
  });
});

describe('hermiteCoefficients', () => {
  test('relu with the break at 0 matches the closed form for k ≤ 20 (|Δμ_k| < 1e-13) and reports converged', () => {
    const kmax = 20;
    const h = hermiteCoefficients(relu, kmax, { breaks: [0] });
    expect(h.status.converged).toBe(true);
    expect(h.errorEstimate).toBeLessThan(1e-12);
    expect(h.coefficients[0]).toBeCloseTo(1 / SQRT_2PI, 14);
    expect(h.coefficients[1]).toBeCloseTo(0.5, 14);
    expect(h.coefficients[2]).toBeCloseTo(1 / SQRT_2PI, 14);
    for (let k = 0; k <= kmax; k++) {
      const exact = reluCoefficient(k);
      expect(Math.abs(h.normalized[k]! - exact / Math.sqrt(factorial(k)))).toBeLessThan(1e-13);
      // c_k = μ_k √k!: its rounding error scales with √k! (odd k: exact 0, computed ≈ 1e-17·√k!).
      expect(Math.abs(h.coefficients[k]! - exact)).toBeLessThan(1e-13 * Math.sqrt(factorial(k)));
    }
  });

  test('relu without breaks (plain Gauss–Hermite): the two-order error estimate exposes the O(1/n) kink error', () => {
    const h = hermiteCoefficients(relu, 6);
    expect(h.status.converged).toBe(false);
    expect(h.errorEstimate).toBeGreaterThan(1e-7);
    // The estimate is of the right size: the actual error is within a factor 10 of it, not far below.
    const actual = Math.max(...h.normalized.map((m, k) => Math.abs(m - reluCoefficient(k) / Math.sqrt(factorial(k)))));
    expect(actual).toBeGreaterThan(1e-7);
    expect(actual).toBeLessThan(10 * h.errorEstimate);
  });

  test('x³ = He_3 + 3 He_1: c = [0, 3, 0, 6, 0, …] (Gauss–Hermite is exact for polynomials)', () => {
    const h = hermiteCoefficients((x) => x ** 3, 8);
    expect(h.status.converged).toBe(true);
    const exact = [0, 3, 0, 6, 0, 0, 0, 0, 0];
    h.coefficients.forEach((c, k) => expect(Math.abs(c - exact[k]!)).toBeLessThan(1e-12 * Math.sqrt(factorial(k))));
    expect(h.normalized[3]).toBeCloseTo(Math.sqrt(6), 13);
  });

  test('a jump: sign(x) with break 0 has c_1 = E|G| = √(2/π) and c_3 = E[sign(G)(G³ − 3G)] = −√(2/π)', () => {
    // E[|G|³] = 2√(2/π), so c_3 = 2√(2/π) − 3√(2/π) = −√(2/π).
    const h = hermiteCoefficients(Math.sign, 3, { breaks: [0] });
    expect(h.coefficients[1]).toBeCloseTo(Math.sqrt(2 / Math.PI), 14);
    expect(h.coefficients[3]).toBeCloseTo(-Math.sqrt(2 / Math.PI), 13);
    expect(Math.abs(h.coefficients[0]!)).toBeLessThan(1e-15);
  });

  test('large kmax = 60 for relu: still the closed form (normalised), converged', () => {
    const h = hermiteCoefficients(relu, 60, { breaks: [0] });
    expect(h.status.converged).toBe(true);
    for (let k = 0; k <= 60; k += 2) {
      const exact = reluCoefficient(k) / Math.sqrt(factorial(k));
      expect(Math.abs(h.normalized[k]! - exact)).toBeLessThan(1e-12);
    }
  });

  test('super-Gaussian growth is not reported as converged', () => {
    const h = hermiteCoefficients((x) => relu(x) * Math.exp(x * x), 2, { breaks: [0] });
    expect(h.status.converged).toBe(false);
  });

  test('bad kmax and non-finite f are rejected', () => {
    expect(() => hermiteCoefficients(relu, -1)).toThrow(RangeError);
    expect(() => hermiteCoefficients(relu, 1.5)).toThrow(RangeError);
    expect(() => hermiteCoefficients((x) => Math.log(x), 2)).toThrow(/not finite/);
  });
});

describe('flcalc hermite', () => {
  test('defaults: relu, kmax 6, the issue’s JSON keys, converged', async () => {
    const r = await hermiteCommand.run({});
    const j = r.json as Record<string, unknown>;
    for (const key of ['coefficients', 'normalized', 'convention', 'rule', 'order', 'error_estimate', 'status']) expect(j).toHaveProperty(key);
    expect(j['status']).toBe('converged');
    expect(r.exitCode ?? 0).toBe(0);
    const c = j['coefficients'] as number[];
    expect(c).toHaveLength(7);
    c.forEach((ck, k) => expect(Math.abs(ck - reluCoefficient(k))).toBeLessThan(1e-13));
    expect(j['convention']).toBe("c_k = E[f(G)He_k(G)], G~N(0,1), probabilists' He; μ_k = c_k/√k!");
    expect(r.text).toMatch(/\| k +\| c_k/);
  });

  test('an expression with a kink away from 0: min(x^2, 3) (breaks ±√3 found from the switch)', async () => {
    const r = await hermiteCommand.run({ fn: 'min(x^2,3)', kmax: '2' });
    const j = r.json as { coefficients: number[]; breaks: number[]; status: string };
    expect(j.status).toBe('converged');
    expect(j.breaks.map(Math.abs)).toEqual([Math.sqrt(3), Math.sqrt(3)].map((x) => expect.closeTo(x, 12)));
    expect(j.coefficients[1]).toBeCloseTo(0, 14);
  });

  test('bad --kmax is a UsageError naming the flag', async () => {
    for (const kmax of ['-1', '2.5', 'abc']) {
      try {
        await hermiteCommand.run({ fn: 'relu', kmax });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        expect((e as UsageError).argument).toBe('--kmax');
      }
    }
  });

  test('an expression that is not finite on the rule is a UsageError on --fn', () => {
    expect(() => hermiteCommand.run({ fn: 'log(x)', kmax: '2' })).toThrow(UsageError);
  });
});
