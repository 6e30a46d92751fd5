// Expression compiler: values and third-order jets against closed forms and high-order finite differences,
// smoothness metadata, switches, error messages, substitution.
import { describe, expect, test } from 'vitest';
import { points, usage } from '../../helpers.js';
import { UsageError } from '../../../src/core/errors.js';
import { compileExpr, substitute, type CompiledFn } from '../../../src/numerics/expr/index.js';


const EPS = 2.220446049250313e-16;

// Fourth-order central stencils for the 1st, 2nd, 3rd derivative: offsets (in h) and weights (÷ h^k).
const STENCILS: Array<{ offsets: number[]; weights: number[] }> = [
  { offsets: [-2, -1, 1, 2], weights: [1 / 12, -8 / 12, 8 / 12, -1 / 12] },
  { offsets: [-2, -1, 0, 1, 2], weights: [-1 / 12, 16 / 12, -30 / 12, 16 / 12, -1 / 12] },
  { offsets: [-3, -2, -1, 1, 2, 3], weights: [1 / 8, -1, 13 / 8, -13 / 8, 1, -1 / 8] },
];

/** FD estimate of the order-k derivative of g at x with step h, and a bound on its rounding error. */
function fd(g: (t: number) => number, x: number, h: number, k: number): { value: number; rounding: number } {
  const { offsets, weights } = STENCILS[k - 1]!;
  let value = 0;
  let mag = 0;
  offsets.forEach((o, i) => {
    const gv = g(x + o * h);
    value += weights[i]! * gv;
    mag += Math.abs(weights[i]! * gv);
  });
  const hk = h ** k;
  return { value: value / hk, rounding: (mag * EPS) / hk };
}

/** Asserts jet components 1..3 w.r.t. vars[wrt] agree with finite differences of value(): the tolerance is the
 *  Richardson error estimate |D(h) − D(2h)| (for an O(h⁴) stencil the error of D(h) is ≈ 1/15 of it) plus 100×
 *  the rounding bound. Returns false (and checks nothing) if a switch changes sign inside the stencil. */
function checkFd(fn: CompiledFn, args: number[], wrt: number): boolean {
  const x = args[wrt]!;
  const h = 1e-2 * Math.max(1, Math.abs(x));
  const at = (t: number): number[] => args.map((a, i) => (i === wrt ? t : a));
  for (const s of fn.switches) {
    const s0 = Math.sign(s(args));
    for (let o = -6; o <= 6; o++) if (s0 === 0 || Math.sign(s(at(x + o * h))) !== s0) return false;
  }
  const g = (t: number): number => fn.value(at(t));
  const out = new Float64Array(4);
  fn.jet(args, wrt, out);
  expect(Math.abs(out[0]! - fn.value(args))).toBeLessThanOrEqual(4 * EPS * Math.abs(out[0]!));
  for (let k = 1; k <= 3; k++) {
    const d1 = fd(g, x, h, k);
    const d2 = fd(g, x, 2 * h, k);
    const tol = Math.abs(d1.value - d2.value) + 100 * (d1.rounding + d2.rounding);
    if (!(Math.abs(out[k]! - d1.value) <= tol))
      throw new Error(`${fn.source} at ${args}: d${k}/d${fn.vars[wrt]} jet ${out[k]} vs FD ${d1.value} (tol ${tol})`);
  }
  return true;
}

describe('jets agree with finite differences of the value function', () => {
  const oneVar: Array<[string, number, number]> = [
    ['x^2', -3, 3],
    ['x^3', -3, 3],
    ['x^-2', 0.3, 3],
    ['x^0.5', 0.2, 4],
    ['x^2.5', 0.2, 3],
    ['2^x', -2, 2],
    ['x^x', 0.3, 2],
    ['sqrt(x)', 0.2, 4],
    ['exp(x)', -3, 3],
    ['log(x)', 0.2, 5],
    ['sin(x)', -4, 4],
    ['cos(x)', -4, 4],
    ['tan(x)', -1.2, 1.2],
    ['tanh(x)', -4, 4],
    ['sinh(x)', -3, 3],
    ['cosh(x)', -3, 3],
    ['atan(x)', -4, 4],
    ['erf(x)', -3, 3],
    ['erfc(x)', -3, 3],
    ['abs(x)', -3, 3],
    ['sign(x)', -3, 3],
    ['relu(x)', -3, 3],
    ['heaviside(x)', -3, 3],
    ['min(x, 1)', -3, 3],
    ['max(x, -0.5)', -3, 3],
    ['min(x, 2*x, 1)', -3, 3],
    ['max(sin(x), cos(x))', -3, 3],
    ['clip(x, -1, 1)', -3, 3],
    ['sigmoid(x)', -8, 8],
    ['softplus(x)', -8, 8],
    ['gelu(x)', -5, 5],
    ['Phi(x)', -5, 5],
    ['phi(x)', -5, 5],
    ['He(0, x)', -3, 3],
    ['He(1, x)', -3, 3],
    ['He(2, x)', -3, 3],
    ['He(3, x)', -3, 3],
    ['He(4, x)', -3, 3],
    ['He(6, x)', -3, 3],
    ['-x / (1 + x^2)', -3, 3],
    ['gelu(sin(x)) * exp(-x^2/2)', -3, 3],
    ['tanh(x^2)', -2, 2],
    ['log(1 + exp(-2*x))', -4, 4],
    ['sqrt(1 + x^2) / (2 + cos(x))', -3, 3],
    ['relu(x^2 - 1) * sin(x)', -3, 3],
    ['He(4, tanh(x))', -3, 3],
    ['abs(sin(3*x))^3', -3, 3],
    ['clip(x^3, -1, 2) * x', -2, 2],
    ['(1 + x^2)^x', -2, 2],
    ['1e-3*x + pi*e', -2, 2],
  ];
  test.each(oneVar)('%s', (src, a, b) => {
    const fn = compileExpr(src, ['x'], '--act');
    const checked = points(src.length * 7919, 25, a, b).filter((x) => checkFd(fn, [x], 0)).length;
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  const twoVar: Array<[string, string[]]> = [
    ['y*f + sin(y)*f^2', ['y', 'f']],
    ['softplus(-y*f)', ['y', 'f']],
    ['min(abs(y - f), 1)^2/2 + max(abs(y - f) - 1, 0)', ['y', 'f']],
    ['x^y', ['x', 'y']],
    ['He(3, z1) * tanh(z2) / (1 + z1^2)', ['z1', 'z2']],
  ];
  test.each(twoVar)('%s (both partials)', (src, vars) => {
    const fn = compileExpr(src, vars, '--loss');
    const xs = points(src.length * 131, 20, 0.2, 2.5);
    const ys = points(src.length * 137, 20, -2, 2);
    let checked = 0;
    xs.forEach((x, i) => {
      for (let wrt = 0; wrt < 2; wrt++) if (checkFd(fn, [x, ys[i]!], wrt)) checked++;
    });
    expect(checked).toBeGreaterThanOrEqual(30);
  });
});

describe('jets agree with closed forms', () => {
  const SQRT2PI = Math.sqrt(2 * Math.PI);
  const pdf = (x: number): number => Math.exp(-x * x / 2) / SQRT2PI;
  const closed: Array<[string, number, number, (x: number) => number[]]> = [
    ['sqrt(x)', 0.1, 4, (x) => [Math.sqrt(x), 0.5 * x ** -0.5, -0.25 * x ** -1.5, 0.375 * x ** -2.5]],
    ['log(x)', 0.1, 4, (x) => [Math.log(x), 1 / x, -1 / x ** 2, 2 / x ** 3]],
    ['exp(x)', -3, 3, (x) => [Math.exp(x), Math.exp(x), Math.exp(x), Math.exp(x)]],
    ['sin(x)', -4, 4, (x) => [Math.sin(x), Math.cos(x), -Math.sin(x), -Math.cos(x)]],
    ['cos(x)', -4, 4, (x) => [Math.cos(x), -Math.sin(x), -Math.cos(x), Math.sin(x)]],
    ['tan(x)', -1.3, 1.3, (x) => {
      const s2 = 1 / Math.cos(x) ** 2;
      const t = Math.tan(x);
      return [t, s2, 2 * s2 * t, 2 * s2 * s2 + 4 * s2 * t * t];
    }],
    ['tanh(x)', -4, 4, (x) => {
      const s2 = 1 / Math.cosh(x) ** 2;
      const t = Math.tanh(x);
      return [t, s2, -2 * s2 * t, 4 * s2 * t * t - 2 * s2 * s2];
    }],
    ['sinh(x)', -3, 3, (x) => [Math.sinh(x), Math.cosh(x), Math.sinh(x), Math.cosh(x)]],
    ['cosh(x)', -3, 3, (x) => [Math.cosh(x), Math.sinh(x), Math.cosh(x), Math.sinh(x)]],
    ['atan(x)', -4, 4, (x) => [Math.atan(x), 1 / (1 + x * x), -2 * x / (1 + x * x) ** 2, (6 * x * x - 2) / (1 + x * x) ** 3]],
    ['erf(x)', -3, 3, (x) => {
      const g = Math.exp(-x * x) / Math.sqrt(Math.PI);
      return [NaN, 2 * g, -4 * x * g, (8 * x * x - 4) * g];
    }],
    ['erfc(x)', -3, 3, (x) => {
      const g = Math.exp(-x * x) / Math.sqrt(Math.PI);
      return [NaN, -2 * g, 4 * x * g, -(8 * x * x - 4) * g];
    }],
    ['phi(x)', -5, 5, (x) => [pdf(x), -x * pdf(x), (x * x - 1) * pdf(x), (3 * x - x ** 3) * pdf(x)]],
    ['Phi(x)', -5, 5, (x) => [NaN, pdf(x), -x * pdf(x), (x * x - 1) * pdf(x)]],
    ['gelu(x)', -5, 5, (x) => [NaN, NaN, (2 - x * x) * pdf(x), (x ** 3 - 4 * x) * pdf(x)]],
    ['sigmoid(x)', -6, 6, (x) => {
      const s = 1 / (1 + Math.exp(-x));
      return [s, s * (1 - s), s * (1 - s) * (1 - 2 * s), s * (1 - s) * (1 - 6 * s + 6 * s * s)];
    }],
    ['softplus(x)', -6, 6, (x) => {
      const s = 1 / (1 + Math.exp(-x));
      return [Math.log(1 + Math.exp(x)), s, s * (1 - s), s * (1 - s) * (1 - 2 * s)];
    }],
    ['He(3, x)', -3, 3, (x) => [x ** 3 - 3 * x, 3 * x * x - 3, 6 * x, 6]],
    ['He(4, x)', -3, 3, (x) => [x ** 4 - 6 * x * x + 3, 4 * x ** 3 - 12 * x, 12 * x * x - 12, 24 * x]],
    ['He(5, x)', -3, 3, (x) => [x ** 5 - 10 * x ** 3 + 15 * x, 5 * x ** 4 - 30 * x * x + 15, 20 * x ** 3 - 60 * x, 60 * x * x - 60]],
    ['tanh(z^2)', -2, 2, (z) => {
      const t = Math.tanh(z * z);
      const s2 = 1 - t * t;
      return [t, 2 * z * s2, 2 * s2 - 8 * z * z * t * s2, NaN];
    }],
    ['x^x', 0.2, 3, (x) => {
      const f = x ** x;
      const l = Math.log(x) + 1;
      return [f, f * l, f * (l * l + 1 / x), f * (l ** 3 + (3 * l) / x - 1 / (x * x))];
    }],
  ];
  test.each(closed)('%s', (src, a, b, exact) => {
    const v = src.includes('z') ? ['z'] : ['x'];
    const fn = compileExpr(src, v, '--act');
    const out = new Float64Array(4);
    for (const x of points(src.length * 31, 40, a, b)) {
      fn.jet([x], 0, out);
      exact(x).forEach((e, k) => {
        if (!Number.isNaN(e)) expect(Math.abs(out[k]! - e)).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(e)));
      });
    }
  });

  test('gelu, Phi, erf values against independent formulas', () => {
    const erfSeries = (x: number): number => {
      // Maclaurin series, converges fast for |x| ≤ 2
      let term = x;
      let sum = x;
      for (let n = 1; n < 80; n++) {
        term *= (-x * x) / n;
        sum += term / (2 * n + 1);
      }
      return (2 / Math.sqrt(Math.PI)) * sum;
    };
    const erf = compileExpr('erf(x)', ['x'], 'x');
    const gelu = compileExpr('gelu(x)', ['x'], 'x');
    const Phi = compileExpr('Phi(x)', ['x'], 'x');
    for (const x of points(5, 30, -2, 2)) {
      expect(erf.value([x])).toBeCloseTo(erfSeries(x), 14);
      expect(Phi.value([x])).toBeCloseTo(0.5 * (1 + erfSeries(x / Math.SQRT2)), 14);
      expect(gelu.value([x])).toBeCloseTo(0.5 * x * (1 + erfSeries(x / Math.SQRT2)), 14);
    }
  });

  test('x^2 is exact at x < 0, including its derivatives', () => {
    const fn = compileExpr('x^2', ['x'], '--act');
    const out = new Float64Array(4);
    for (const x of [-3, -1.5, -1e-8, -7.25]) {
      fn.jet([x], 0, out);
      expect([...out]).toEqual([x * x, 2 * x, 2, 0]);
      expect(fn.value([x])).toBe(x * x);
    }
    expect(compileExpr('x^3', ['x'], 'x').value([-2])).toBe(-8);
  });

  test('relu jet is (max(x,0), 1{x>0}, 0, 0), with a Dirac mass in the second derivative', () => {
    const fn = compileExpr('relu(x)', ['x'], '--act');
    const out = new Float64Array(4);
    for (const x of [-2, -0.1, 0.1, 3]) {
      fn.jet([x], 0, out);
      expect([...out]).toEqual([Math.max(x, 0), x > 0 ? 1 : 0, 0, 0]);
    }
    expect(fn.diracOrder).toBe(2);
    expect(fn.smoothness).toBe('piecewise');
    expect(fn.switches.map((s) => s([0.7]))).toEqual([0.7]);
  });

  test('numerically stable tails (softplus, sigmoid, logistic, gelu, Phi)', () => {
    const out = new Float64Array(4);
    const sp = compileExpr('softplus(x)', ['x'], 'x');
    sp.jet([800], 0, out);
    expect([...out].map((v) => v + 0)).toEqual([800, 1, 0, 0]);
    sp.jet([-800], 0, out);
    expect(out.every((v) => Number.isFinite(v) && v >= 0 && v < 1e-300)).toBe(true);
    expect(sp.value([-30])).toBeCloseTo(Math.exp(-30), 25);
    const logistic = compileExpr('softplus(-y*f)', ['y', 'f'], '--loss');
    expect(logistic.value([1, -1000])).toBe(1000);
    logistic.jet([-1, 1000], 1, out);
    expect([...out].map((v) => v + 0)).toEqual([1000, 1, 0, 0]);
    for (const src of ['sigmoid(x)', 'gelu(x)', 'Phi(x)', 'phi(x)', 'erfc(x)'])
      for (const x of [-800, -40, 40, 800]) {
        compileExpr(src, ['x'], 'x').jet([x], 0, out);
        expect(out.every(Number.isFinite)).toBe(true);
      }
    expect(compileExpr('Phi(x)', ['x'], 'x').value([-20])).toBeCloseTo(2.7536241186062e-89, 100);
  });

  test('partial derivatives of a two-variable expression', () => {
    const fn = compileExpr('y*f + sin(y)*f^2', ['y', 'f'], '--loss');
    const out = new Float64Array(4);
    for (const [y, f] of [[0.3, -1.2], [2, 0.5]] as const) {
      fn.jet([y, f], 0, out);
      expect([...out].map((v) => +v.toPrecision(13))).toEqual(
        [y * f + Math.sin(y) * f * f, f + Math.cos(y) * f * f, -Math.sin(y) * f * f, -Math.cos(y) * f * f].map((v) => +v.toPrecision(13)),
      );
      fn.jet([y, f], 1, out);
      expect([...out].map((v) => +v.toPrecision(13))).toEqual(
        [y * f + Math.sin(y) * f * f, y + 2 * Math.sin(y) * f, 2 * Math.sin(y), 0].map((v) => +v.toPrecision(13)),
      );
    }
    expect(() => fn.jet([1, 1], 2, out)).toThrow(RangeError);
  });
});

describe('smoothness, Dirac order, switches', () => {
  test.each([
    ['relu(x)', 'piecewise', 2],
    ['abs(x)', 'piecewise', 2],
    ['max(x, 0.5)', 'piecewise', 2],
    ['min(x, 0.5)', 'piecewise', 2],
    ['clip(x, -1, 1)', 'piecewise', 2],
    ['sign(x)', 'piecewise', 1],
    ['heaviside(x)', 'piecewise', 1],
    ['tanh(x) + gelu(x)', 'smooth', Infinity],
    ['relu(sign(x))', 'piecewise', 1],
    ['abs(x) + x * heaviside(x - 1)', 'piecewise', 1],
    ['abs(-2) * x + relu(3)', 'smooth', Infinity],
  ] as const)('%s: %s, diracOrder %s', (src, smoothness, order) => {
    const fn = compileExpr(src, ['x'], '--act');
    expect(fn.smoothness).toBe(smoothness);
    expect(fn.diracOrder).toBe(order);
  });

  test('the switches of min(y,3) − 1 composed with y = z² vanish at ±√3', () => {
    const fn = compileExpr(substitute('min(y,3)-1', { y: 'z^2' }), ['z'], '--weight');
    expect(fn.switches.length).toBe(1);
    const s = fn.switches[0]!;
    for (const r of [Math.sqrt(3), -Math.sqrt(3)]) {
      expect(Math.abs(s([r]))).toBeLessThan(1e-14);
      expect(Math.sign(s([r * 0.999]))).toBe(-Math.sign(s([r * 1.001])));
    }
    // away from the kink the jet follows the active piece
    const out = new Float64Array(4);
    fn.jet([1], 0, out);
    expect([...out]).toEqual([0, 2, 2, 0]);
    fn.jet([-2], 0, out);
    expect([...out]).toEqual([2, 0, 0, 0]);
  });

  test('clip switches contain both bounds; min/max contribute a − b', () => {
    const clip = compileExpr('clip(x, -1, 2)', ['x'], 'x');
    expect(clip.switches.map((s) => Math.abs(s([-1]) * s([2])))).toEqual([0, 0]);
    const mm = compileExpr('max(y, f^2)', ['y', 'f'], 'x');
    expect(mm.switches[0]!([4, 2])).toBe(0);
    expect(mm.switches[0]!([1, 2])).not.toBe(0);
  });

  test('piecewise-constant detection', () => {
    const v = ['z1', 'z2'];
    expect(compileExpr('sign(z1*z2)', v, 't').piecewiseConstant).toBe(true);
    expect(compileExpr('2*heaviside(z1) - 1', v, 't').piecewiseConstant).toBe(true);
    expect(compileExpr('z1*sign(z2)', v, 't').piecewiseConstant).toBe(false);
    expect(compileExpr('relu(z1)', v, 't').piecewiseConstant).toBe(false);
  });

  test('latex renders the custom functions', () => {
    expect(compileExpr('He(3, x)', ['x'], 'x').latex).toContain('\\mathrm{He}_{3}');
    expect(compileExpr('gelu(x)', ['x'], 'x').latex).toContain('\\operatorname{GELU}');
    expect(compileExpr('Phi(x) + phi(x)', ['x'], 'x').latex).toMatch(/\\Phi.*\\varphi/);
    expect(compileExpr('z1 * z2', ['z1', 'z2'], 'x').latex).toContain('z_{1}');
  });
});

describe('errors name the argument, the problem and an example', () => {
  test('unknown function', () => {
    const e = usage(() => compileExpr('foo(x) + 1', ['x'], '--act'));
    expect(e.argument).toBe('--act');
    expect(e.problem).toMatch(/^unknown function "foo"; known: .*gelu.*He/);
    expect(e.message).toContain('--act');
    expect(usage(() => compileExpr('ReLU(x)', ['x'], '--act')).problem).toContain('did you mean "relu"');
  });
  test('unknown variable', () => {
    const e = usage(() => compileExpr('q * f', ['y', 'f'], '--loss'));
    expect(e.argument).toBe('--loss');
    expect(e.problem).toContain('unknown variable "q"; allowed: y, f');
  });
  test('empty and malformed expressions, wrong arity, non-constant Hermite degree', () => {
    expect(usage(() => compileExpr('  ', ['x'], '--act')).problem).toContain('empty');
    const bad = usage(() => compileExpr('tanh(x', ['x'], '--act'));
    expect(bad.problem).toMatch(/^cannot parse "tanh\(x": /);
    expect(bad.problem).not.toContain('\n');
    expect(usage(() => compileExpr('min(x)', ['x'], '--act')).problem).toContain('min takes at least 2 arguments');
    expect(usage(() => compileExpr('sin(x, 2)', ['x'], '--act')).problem).toContain('sin takes 1 argument');
    expect(usage(() => compileExpr('He(x, x)', ['x'], '--act')).problem).toContain('He(k, x) needs k a constant');
    expect(usage(() => compileExpr('He(2.5, x)', ['x'], '--act')).problem).toContain('He(k, x) needs k a constant');
    expect(usage(() => compileExpr('x!', ['x'], '--act')).problem).toContain('unsupported operator');
    expect(usage(() => compileExpr('x = 2', ['x'], '--act')).problem).toContain('unsupported syntax');
    expect(usage(() => compileExpr('clip(x, 1, -1)', ['x'], '--act')).problem).toContain('a ≤ b');
    expect(usage(() => compileExpr('x * log(-1)', ['x'], '--act')).problem).toContain('not a real number');
    expect(usage(() => compileExpr('constructor(x)', ['x'], '--act')).problem).toContain('unknown function "constructor"');
    expect(usage(() => compileExpr('x + toString', ['x'], '--act')).problem).toContain('unknown variable "toString"');
    expect(compileExpr('He(1+1, x)', ['x'], '--act').value([3])).toBe(8);
  });
});

describe('substitute', () => {
  test('composition T(g(z) + σ·xi) evaluates as the composition', () => {
    const src = substitute('tanh(y)^2 + y', { y: 'z^2 + 0.5*xi' });
    const fn = compileExpr(src, ['z', 'xi'], '--weight');
    for (const z of points(3, 10, -2, 2)) {
      const xi = z / 3 - 0.2;
      const y = z * z + 0.5 * xi;
      expect(fn.value([z, xi])).toBeCloseTo(Math.tanh(y) ** 2 + y, 14);
    }
  });
  test('identity substitution round-trips; replacements are simultaneous; function names are left alone', () => {
    const once = substitute('min(y, 3) - 1', { y: 'y' });
    const a = compileExpr(once, ['y'], 'w');
    const b = compileExpr('min(y, 3) - 1', ['y'], 'w');
    for (const y of [-1, 2.5, 3.5]) expect(a.value([y])).toBe(b.value([y]));
    const swapped = compileExpr(substitute('x - 2*y', { x: 'y', y: 'x' }), ['x', 'y'], 'w');
    expect(swapped.value([1, 10])).toBe(10 - 2);
    expect(substitute('phi(phi)', { phi: 'x' })).toBe('phi((x))');
    expect(() => substitute('y', { y: 'z+' }, '--weight')).toThrow(UsageError);
  });
});
