import { describe, expect, it } from 'vitest';
import { demoteNonFinite, joinNegativeValues } from '../../../src/present/cli/main.js';

describe('CLI guards', () => {
  it('a non-finite number demotes every converged status and becomes null', () => {
    const out = demoteNonFinite({ status: 'converged', x: Infinity, inner: { delta_alg_status: 'converged', y: [1, NaN] }, note: 'converged' });
    expect(out).toEqual({ status: 'not_converged', x: null, inner: { delta_alg_status: 'not_converged', y: [1, null] }, note: 'converged' });
  });
  it('a negative number after a flag is its value', () => {
    expect(joinNegativeValues(['onestep', '--ratios', '-1,1', '--c', '-.5', '-x', '--json', '-1'])).toEqual(['onestep', '--ratios=-1,1', '--c=-.5', '-x', '--json', '-1']);
  });
});
