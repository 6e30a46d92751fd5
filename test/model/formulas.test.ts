// Formula catalogue and NAME-or-EXPR resolution: every entry compiles, and its metadata (smoothness, Dirac order,
// parity, vanishing Hermite coefficients, discreteness, sup T) agrees with numerical checks.
import { describe, expect, test } from 'vitest';
import { points, usage } from '../helpers.js';
import { UsageError } from '../../src/core/errors.js';
import { compileExpr, type CompiledFn } from '../../src/numerics/expr/index.js';
import { catalogue, resolveActivation, resolveLoss, resolveTarget, resolveWeight } from '../../src/model/formulas.js';


/** c_k = E[f(G) He_k(G)] by composite Simpson on [−12, 0] and [0, 12] (f smooth on each half-line), with the
 *  difference between n and 2n panels as error estimate. */
function hermiteCoefficient(f: (x: number) => number, k: number): { c: number; err: number } {
  const he = (x: number): number => {
    let [p, q] = [1, x];
    if (k === 0) return 1;
    for (let j = 1; j < k; j++) [p, q] = [q, x * q - j * p];
    return q;
  };
  const g = (x: number): number => (f(x) * he(x) * Math.exp(-x * x / 2)) / Math.sqrt(2 * Math.PI);
  const simpson = (a: number, b: number, n: number): number => {
    const h = (b - a) / n;
    let s = g(a) + g(b);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * g(a + i * h);
    return (s * h) / 3;
  };
  const I = (n: number): number => simpson(-12, 0, n) + simpson(0, 12, n);
  const fine = I(4000);
  return { c: fine, err: Math.abs(fine - I(2000)) };
}

/** Lowest order m such that the (m−1)-th derivative jumps across x0 along variable wrt (jets at x0 ± η). */
function measuredDiracOrder(fn: CompiledFn, args: number[], wrt: number): number {
  const eta = 1e-9;
  const lo = new Float64Array(4);
  const hi = new Float64Array(4);
  fn.jet(args.map((a, i) => (i === wrt ? a - eta : a)), wrt, lo);
  fn.jet(args.map((a, i) => (i === wrt ? a + eta : a)), wrt, hi);
  for (let k = 0; k < 4; k++) if (Math.abs(hi[k]! - lo[k]!) > 1e-6) return k + 1;
  return Infinity;
}

const finite = (d: number | null): number => d ?? Infinity;

function parityOf(f: (z: number[]) => number, k: number): 'even' | 'odd' | 'none' {
  let even = true;
  let odd = true;
  const xs = points(17 * k, 60 * k, -3, 3);
  for (let i = 0; i + k <= xs.length; i += k) {
    const z = xs.slice(i, i + k);
    const a = f(z);
    const b = f(z.map((v) => -v));
    const tol = 1e-13 * (1 + Math.abs(a));
    if (Math.abs(a - b) > tol) even = false;
    if (Math.abs(a + b) > tol) odd = false;
  }
  return even ? 'even' : odd ? 'odd' : 'none';
}

describe('activation catalogue', () => {
  test('names are unique and every entry cites docs/theory.md sections', () => {
    for (const list of Object.values(catalogue)) {
      const names = list.map((e) => e.name);
      expect(new Set(names).size).toBe(names.length);
      for (const e of list) {
        expect(e.description.length).toBeGreaterThan(5);
        expect(e.equations.length).toBeGreaterThan(0);
        for (const s of e.equations) expect(s).toMatch(/^§(10|[0-9])$/);
      }
    }
  });

  test.each(catalogue.activations.map((e) => [e.name, e] as const))('%s', (_, entry) => {
    const act = resolveActivation(entry.name);
    const raw = compileExpr(entry.expr, entry.vars, 'test');
    expect(act.name).toBe(entry.name);
    expect(act.fn.vars).toEqual(['x']);
    expect(act.fn.latex.length).toBeGreaterThan(0);
    expect(act.fn.smoothness).toBe(entry.smoothness);
    expect(raw.diracOrder).toBe(finite(entry.diracOrder));
    if (entry.diracOrder !== null) expect(measuredDiracOrder(act.fn, [0], 0)).toBe(entry.diracOrder);
    expect(parityOf((z) => act.fn.value(z), 1)).toBe(entry.parity);
    for (let k = 0; k <= 4; k++) {
      const { c, err } = hermiteCoefficient((x) => act.fn.value([x]), k);
      if (entry.vanishingHermite.includes(k)) expect(Math.abs(c)).toBeLessThanOrEqual(10 * err + 1e-13);
      else expect(Math.abs(c)).toBeGreaterThan(100 * err + 1e-6);
    }
  });
});

describe('loss catalogue', () => {
  test.each(catalogue.losses.map((e) => [e.name, e] as const))('%s', (_, entry) => {
    const loss = resolveLoss(entry.name);
    const raw = compileExpr(entry.expr, entry.vars, 'test');
    expect(loss.fn.vars).toEqual(['y', 'f']);
    expect(loss.binaryLabels).toBe(entry.binaryLabels);
    expect(loss.fn.smoothness).toBe(entry.smoothness);
    expect(loss.fn.diracOrder).toBe(finite(entry.diracOrder));
    // the compiler's rule is a lower bound on the true order
    expect(raw.diracOrder).toBeLessThanOrEqual(finite(entry.diracOrder));
  });

  test('square and logistic losses match their definitions; logistic is stable', () => {
    const sq = resolveLoss('square').fn;
    const lg = resolveLoss('logistic').fn;
    for (const f of points(3, 20, -5, 5)) {
      expect(sq.value([0.7, f])).toBeCloseTo((0.7 - f) ** 2 / 2, 14);
      for (const y of [-1, 1]) expect(lg.value([y, f])).toBeCloseTo(Math.log(1 + Math.exp(-y * f)), 14);
    }
    expect(lg.value([1, -800])).toBe(800);
    expect(lg.value([1, 800])).toBe(0);
  });

  test('huber: piecewise definition, ℓ′ continuous, ℓ″ a step at |y − f| = 1 (first Dirac mass in ℓ‴)', () => {
    const hub = resolveLoss('huber').fn;
    const y = 0.3;
    for (const f of points(9, 40, -4, 4)) {
      const r = Math.abs(y - f);
      expect(hub.value([y, f])).toBeCloseTo(r <= 1 ? (r * r) / 2 : r - 0.5, 14);
    }
    for (const f of [y - 1, y + 1]) expect(measuredDiracOrder(hub, [y, f], 1)).toBe(3);
    const out = new Float64Array(4);
    hub.jet([y, y + 0.5], 1, out);
    expect(out[2]).toBe(1);
    hub.jet([y, y + 1.5], 1, out);
    expect(out[2]).toBe(0);
  });
});

describe('target catalogue', () => {
  test.each(catalogue.targets.map((e) => [e.name, e] as const))('%s', (_, entry) => {
    const t = resolveTarget(entry.name);
    expect(t.k).toBe(entry.k);
    expect(t.fn.vars).toEqual(entry.vars);
    expect(t.fn.vars.length).toBe(t.k);
    expect(t.discrete).toBe(entry.discrete);
    expect(compileExpr(entry.expr, entry.vars, 'test').piecewiseConstant).toBe(entry.discrete);
    expect(parityOf((z) => t.fn.value(z), t.k)).toBe(entry.parity);
    const xs = points(5, 300 * t.k, -3, 3);
    const values = new Set<number>();
    for (let i = 0; i < xs.length; i += t.k) values.add(t.fn.value(xs.slice(i, i + t.k)));
    if (entry.discrete) expect(values.size).toBeLessThanOrEqual(3);
    else expect(values.size).toBeGreaterThan(100);
  });

  test('targets whose δ_alg = 1/2 is justified as "an invertible function of z²" are strictly monotone in z²', () => {
    const claimed = catalogue.targets.filter((e) => e.reference?.source.includes('invertible function of z^2'));
    expect(claimed.length).toBeGreaterThan(0);
    for (const e of claimed) {
      const fn = resolveTarget(e.name).fn;
      expect(e.parity).toBe('even');
      let prev = fn.value([0]);
      const increasing = fn.value([1]) > prev;
      for (let t = 0.01; t <= 9; t += 0.01) {
        const v = fn.value([Math.sqrt(t)]);
        expect(v > prev).toBe(increasing);
        prev = v;
      }
    }
  });
});

describe('weight catalogue', () => {
  test.each(catalogue.weights.map((e) => [e.name, e] as const))('%s', (_, entry) => {
    const T = resolveWeight(entry.name);
    expect(T.vars).toEqual(['y']);
    let max = -Infinity;
    for (let y = -50; y <= 50; y += 0.01) max = Math.max(max, T.value([y]));
    if (entry.sup === null) expect(max).toBeGreaterThan(49);
    else {
      expect(max).toBeLessThanOrEqual(entry.sup);
      expect(max).toBeGreaterThan(entry.sup - 1e-9);
    }
  });
});

describe('resolution of names and expressions', () => {

  test('expressions are accepted in every role', () => {
    const act = resolveActivation('tanh(2*x)');
    expect(act.name).toBe('tanh(2*x)');
    expect(act.fn.value([0.5])).toBeCloseTo(Math.tanh(1), 15);
    expect(resolveActivation(' x ').fn.value([3])).toBe(3);
    const loss = resolveLoss('(y - f)^4');
    expect(loss.binaryLabels).toBe(false);
    expect(loss.fn.value([1, 3])).toBe(16);
    expect(resolveWeight('clip(y, -1, 1)').value([5])).toBe(1);
  });

  test('unknown names list the catalogue and name the flag', () => {
    const e = usage(() => resolveActivation('gleu'));
    expect(e.argument).toBe('--act');
    expect(e.problem).toContain('unknown activation "gleu"; catalogue: relu, abs');
    expect(e.example).toBe('relu');
    expect(usage(() => resolveLoss('hinge', '--loss2')).argument).toBe('--loss2');
    expect(usage(() => resolveWeight('optimal')).problem).toContain('truncated');
    expect(usage(() => resolveTarget('xor')).problem).toContain('phase_retrieval');
    expect(usage(() => resolveActivation('foo(x)')).problem).toContain('unknown function "foo"');
  });

  test('target latent dimension k from z or z1..z3', () => {
    const single = resolveTarget('z^3 - z');
    expect([single.k, single.fn.vars, single.note]).toEqual([1, ['z'], undefined]);
    const two = resolveTarget('relu(z1) * z2');
    expect([two.k, two.fn.vars, two.discrete]).toEqual([2, ['z1', 'z2'], false]);
    const gap = resolveTarget('z1 * z3');
    expect(gap.k).toBe(3);
    expect(gap.fn.vars).toEqual(['z1', 'z2', 'z3']);
    expect(gap.note).toContain('z2 does not appear');
    expect(gap.fn.value([2, 100, 3])).toBe(6);
    expect(resolveTarget('sign(z1) * sign(z2)').discrete).toBe(true);
    expect(usage(() => resolveTarget('z + z1')).problem).toContain('mixes z with z1');
    expect(usage(() => resolveTarget('z4 * z1')).problem).toContain('k ≤ 3');
    expect(usage(() => resolveTarget('x^2')).problem).toContain('unknown variable "x"; allowed: z');
    expect(usage(() => resolveTarget('3')).problem).toContain('must depend on z');
    expect(usage(() => resolveTarget('z0')).problem).toContain('unknown variable "z0"');
  });
});
