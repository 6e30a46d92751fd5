// `nn --order`: which quadrature the order refers to (lawOrderOptions), validated before any computation.
import { describe, expect, it } from 'vitest';
import { lawOrderOptions } from '../../../src/present/cli/commands/nn.js';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState } from '../../../src/model/state.js';
import { UsageError } from '../../../src/core/errors.js';

const corr4 = 'w1.w2=0.3,w1.w3=0.3,w1.w4=0.3,w2.w3=0.3,w2.w4=0.3,w3.w4=0.3';
const problem = (act: string) => ({ act: resolveActivation(act), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 });

describe('lawOrderOptions', () => {
  it('m = 4 tanh, equicorrelated neurons: the correlated mapped rule takes --order as nodes per neuron', () => {
    const p = problem('tanh');
    expect(lawOrderOptions({ order: '10' }, p, makeState([0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1], p.target.k, corr4))).toEqual({ order: 10 });
  });
  it('m = 4 GELU at the same state (no mapped rule: randomised QMC) refuses --order with a usage error', () => {
    const p = problem('gelu');
    expect(() => lawOrderOptions({ order: '10' }, p, makeState([0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1], p.target.k, corr4))).toThrow(UsageError);
  });
});
