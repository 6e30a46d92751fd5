import { describe, it, expect } from 'vitest';
import { empiricalLaw, expectation, latentNames, negateWeight, column } from '../src/law.js';

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
});
