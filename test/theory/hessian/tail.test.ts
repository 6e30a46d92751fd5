// docs/theory.md §1–§2 need a weight bounded below; src/theory/hessian/tail.ts decides whether the Hessian block weight A_jj is.
// Label noise: with square loss A_jj = (a_jσ'(u_j))² + (f − g(z) − σξ)·a_jσ''(u_j) is affine in ξ with slope
// −σ·a_jσ''(u_j), so for GELU (σ'' ≠ 0 except at u = ±√2) and any σ > 0 it is unbounded below; before the axis probe
// of tail.ts this was missed (`nn --noise 0.1` printed no note while its edge moved with the quadrature order).
import { describe, expect, test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState, stateFactor } from '../../../src/model/state.js';
import { nnThresholds } from '../../../src/theory/hessian/thresholds.js';
import { hessianSpectrum } from '../../../src/theory/hessian/spectrum.js';
import { unboundedBelow } from '../../../src/theory/hessian/tail.js';
import { main } from '../../../src/present/cli/main.js';

const problem = (act = 'gelu', loss = 'square', target = 'tanh(z^2)', noise = 0) => ({
  act: resolveActivation(act), loss: resolveLoss(loss), target: resolveTarget(target), noise,
});

/** The tail decision with the atoms' minimum replaced by a given value (the probes do not depend on the atoms). */
const flag = (p: ReturnType<typeof problem>, readout: number[], atomMin: number) => {
  const s = makeState(readout, readout.map(() => 1), p.target.k);
  return unboundedBelow(p, s, stateFactor(s), readout.map(() => atomMin));
};

describe('label noise makes A_jj unbounded below whenever σ\'\' ≠ 0 and ℓ\' grows with y', () => {
  test('GELU, square loss, m = 1: σ = 0.1 and σ = 0.001 are unbounded, σ = 0 is not', () => {
    expect(flag(problem('gelu', 'square', 'tanh(z^2)', 0.1), [1], -1.5)).toEqual([true]);
    expect(flag(problem('gelu', 'square', 'tanh(z^2)', 0.001), [1], -0.75)).toEqual([true]);
    expect(flag(problem('gelu', 'square', 'tanh(z^2)', 0), [1], -0.75)).toEqual([false]);
  });
  test('tanh activation with noise: unbounded (σ\'\' = −2 tanh·sech² ≠ 0)', () => {
    expect(flag(problem('tanh', 'square', 'tanh(z^2)', 0.1), [1], -1.7)).toEqual([true]);
  });
  test('relu with noise: σ\'\' = 0 a.e., A = (aσ\')² ≥ 0 is bounded', () => {
    expect(flag(problem('relu', 'square', 'tanh(z^2)', 0.1), [1], 0)).toEqual([false]);
  });
  test('bounded weights are not flagged: logistic ℓ\'\' ≥ 0 (relu, m = 2), tanh/logistic, quadratic σ with a bounded target', () => {
    // relu + logistic: A_jj = ℓ''(a_jσ')² rises from 0 and decays back to 0 along u_j — a bump, not a fall.
    expect(flag(problem('relu', 'logistic', 'sign(z^2-1)'), [0.5, 0.5], 0)).toEqual([false, false]);
    expect(flag(problem('tanh', 'logistic', 'sign(abs(z)-0.6745)'), [1], -0.42)).toEqual([false]);
    // x²: A = 6u² − 2 tanh(z²) ≥ −2.
    expect(flag(problem('quadratic', 'square', 'tanh(z^2)'), [1], -2)).toEqual([false]);
  });
  test('growth through the target (no noise) is still detected: GELU, square loss, y = z²', () => {
    expect(flag(problem('gelu', 'square', 'z^2'), [1], -64)).toEqual([true]);
  });
});

describe('the note reaches the answers', () => {
  test('nnThresholds and hessianSpectrum of `nn --noise 0.1` state it', () => {
    const p = problem('gelu', 'square', 'tanh(z^2)', 0.1);
    const s = makeState([1], [1], 1);
    expect(nnThresholds(p, s, { atoms: { order: 12 } }).notes.join(' ')).toMatch(/unbounded below for block\(s\) 1.*label noise/);
    expect(hessianSpectrum(p, s, 8, { order: 12 }).warning).toMatch(/unbounded below/);
  });
  test('CLI: nn --noise 0.1 --order 12 --json reports weight_unbounded_below', async () => {
    const out: string[] = [];
    const code = await main(['nn', '--noise', '0.1', '--order', '12', '--json'], { out: (x) => out.push(x), err: () => {} });
    const j = JSON.parse(out.join('\n'));
    expect(j.weight_unbounded_below).toBe(true);
    expect(j.notes.join(' ')).toMatch(/unbounded below/);
    expect(code).toBe(j.status === 'converged' ? 0 : 3);
  });
});

describe('correlated neurons: bounded weights are not flagged, GELU is in every block', () => {
  const equi = (m: number) => Array.from({ length: m }, (_, j) => Array.from({ length: m - j - 1 }, (_, t) => `w${j + 1}.w${j + t + 2}=0.3`)).flat().join(',');
  const flagAt = (act: string, m: number, atomMin: number) => {
    const s = makeState(Array(m).fill(1 / m), Array(m).fill(1), 1, equi(m));
    return unboundedBelow(problem(act), s, stateFactor(s), Array(m).fill(atomMin));
  };
  test('tanh (σ, σ\', σ\'\' and y = tanh(z²) saturate: A is bounded) and relu (σ\'\' = 0: A = (a∘σ\')(a∘σ\')ᵀ ≥ 0), m = 4, every cosine 0.3', () => {
    // An atoms' minimum far above the true infimum (−0.16 for tanh here) must not make the probes fire.
    expect(flagAt('tanh', 4, -0.01)).toEqual([false, false, false, false]);
    expect(flagAt('relu', 4, 0)).toEqual([false, false, false, false]);
  });
  test('GELU, m = 3, every cosine 0.3: every block (f grows along directions that hold u_j while σ\'\'(u_j) ≠ 0)', () => {
    expect(flagAt('gelu', 3, -0.05)).toEqual([true, true, true]);
  });
});
