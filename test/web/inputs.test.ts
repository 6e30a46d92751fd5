import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULTS, KEYS, fromQuery, toQuery, type Inputs } from '../../web/inputs.js';
import { readSim } from '../../web/compute.js';
import { UsageError } from '../../src/core/errors.js';

describe('explorer state in the URL', () => {
  it('round-trips every input, including characters that need escaping', () => {
    const field = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(fc.record(Object.fromEntries(KEYS.map((k) => [k, field])) as Record<keyof Inputs, fc.Arbitrary<string>>), (inp) => {
        expect(fromQuery(toQuery(inp))).toEqual(inp);
      }),
    );
  });
  it('keeps the link short: defaults are left out', () => {
    expect(toQuery(DEFAULTS)).toBe('');
    expect(toQuery({ ...DEFAULTS, act: 'relu' })).toBe('act=relu');
  });
});

describe('finite-d check settings', () => {
  it('caps d, seeds and n = δd with the cap in the message', () => {
    expect(readSim({ ...DEFAULTS, simd: '200', seeds: '2', seed: '5' }, 8)).toEqual({ d: 200, seeds: [5, 6] });
    expect(() => readSim({ ...DEFAULTS, simd: '1001' }, 8)).toThrow(/--simd.*≤ 1000/);
    expect(() => readSim({ ...DEFAULTS, seeds: '9' }, 8)).toThrow(/--seeds.*≤ 8/);
    expect(() => readSim({ ...DEFAULTS, simd: '1000' }, 40)).toThrow(UsageError);
  });
});
