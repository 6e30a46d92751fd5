import { describe, it, expect } from 'vitest';
import { empiricalLaw, expectation, latentNames, negateWeight, column, buildSpectralLaw, unboundedSide } from '../../src/model/law.js';
import { resolveTarget, resolveWeight } from '../../src/model/formulas.js';
import { UsageError } from '../../src/core/errors.js';

describe('Law helpers', () => {
  it('empirical law has equal weights and expectation is the sample mean', () => {
    const law = empiricalLaw({ T: Float64Array.of(1, 2, 3, 6), z: Float64Array.of(0, 1, -1, 2) });
    expect(law.size).toBe(4);
    expect(expectation(law, (i) => law.columns['T']![i]!)).toBeCloseTo(3, 14);
    expect(latentNames(law)).toEqual(['z']);
  });
  it('multi-index latent names are z1..zk in order', () => {
    const c = Float64Array.of(0, 1);
    const law = empiricalLaw({ T: c, z1: c, z2: c, z3: c });
    expect(latentNames(law)).toEqual(['z1', 'z2', 'z3']);
  });
  it('negateWeight flips T only and leaves the input untouched', () => {
    const law = empiricalLaw({ T: Float64Array.of(1, -2), z: Float64Array.of(3, 4) });
    const neg = negateWeight(law);
    expect(Array.from(column(neg, 'T'))).toEqual([-1, 2]);
    expect(Array.from(column(law, 'T'))).toEqual([1, -2]);
    expect(column(neg, 'z')).toBe(column(law, 'z'));
  });
  it('rejects ragged columns and missing columns', () => {
    expect(() => empiricalLaw({ T: Float64Array.of(1, 2), z: Float64Array.of(1) })).toThrow(/equal length/);
    const law = empiricalLaw({ T: Float64Array.of(1) });
    expect(() => column(law, 'z')).toThrow(/no column "z"/);
    expect(() => latentNames(law)).toThrow(/no latent column/);
  });
  it('buildSpectralLaw rejects a target or weight that is not finite at an atom, naming the flag', () => {
    const build = (t: string, w: string, noise = 0) => () => buildSpectralLaw(resolveTarget(t), resolveWeight(w), { noise });
    expect(build('exp(exp(z))', 'min(y,3)-1', 0.3)).toThrow(UsageError);
    expect(build('exp(exp(z))', 'min(y,3)-1')).toThrow(/^--target: is not finite in double precision at z = 6\.\d+/);
    expect(build('z', 'sqrt(y + 9)')).toThrow(/^--weight: T\(y\) is not finite at y = -9\.\d+/);
    expect(build('z^2', 'min(y,3)-1', 0.3)).not.toThrow();
  });
  it('unboundedSide blames the target or the weight for a NaN instead of calling it unbounded', () => {
    const check = (t: string, w: string, side: 'upper' | 'lower') => () => unboundedSide(resolveTarget(t), resolveWeight(w), 0, side);
    // NaN beyond the [−10, 10] grid of resolveTarget (which rejects e.g. log(z) itself), inside the probe |z| ≤ 20.
    expect(check('sqrt(100-z^2)', 'tanh(y)', 'upper')).toThrow(/^--target: is not finite at z = 12 \(g = NaN\)/);
    expect(() => resolveTarget('log(z)')).toThrow(/^--target: is not a number \(NaN\) at z = -9.975/);
    expect(check('z', 'sqrt(y+9)', 'lower')).toThrow(/^--weight: T\(y\) is NaN at z = -12/);
    expect(check('z', 'sqrt(y+9)', 'upper')()).toMatch(/^is unbounded above/);
    expect(check('z^2', 'min(y,3)-1', 'upper')()).toBeNull();
  });
});
