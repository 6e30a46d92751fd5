// The finite-d integrated response χ̂(t): exact on a quadratic risk, and equal to the probe's ξᵀH⊥⊥⁻¹ξ/n at the
// minimiser once GD has settled; with the field switched on at t_w, time-translation invariant on a quadratic risk.
import { describe, expect, it } from 'vitest';
import { integratedResponse } from '../../../src/simulate/stationary/integratedResponse.js';
import { buildProblem } from '../../../src/model/problem.js';
import { sampleTerms } from '../../../src/model/network.js';
import { blockedHessianOperator } from '../../../src/simulate/hessian/blockedHvp.js';
import { makeRng } from '../../../src/numerics/random/rng.js';

const base = { loss: 'square', target: 'tanh(z^2)', noise: 0, readout: 1, initScale: 1, ridge: 0 } as const;

describe('integratedResponse', () => {
  it('linear activation: χ̂(t) = (η/n) ξᵀ Σ_{s<t} (I − ηH⊥⊥)^s ξ', () => {
    const opts = { ...base, act: 'x', lr: 0.3, delta: 4, d: 30, steps: 40, at: [1, 10, 40], field: 1e-6 };
    const r = integratedResponse(opts, 2);
    // The same data and probe, propagated by the (state-independent) Hessian directly.
    const p = buildProblem({ ...opts, act: 'x', readout: [1], hessianAt: [], hessianK: 1, nTest: 1, recordEvery: 1_000_000 }, 2);
    const h = p.hard[0]!;
    const op = blockedHessianOperator(p.train, sampleTerms(p.net, p.train, p.yTrain, p.W0), 0);
    const rng = makeRng(2 * 15485863 + 11);
    const xi = new Float64Array(opts.d);
    for (let k = 0; k < opts.d; k++) xi[k] = k === h ? 0 : rng.uniform() < 0.5 ? -1 : 1;
    let v = Float64Array.from(xi);
    const hv = new Float64Array(opts.d);
    let acc = 0;
    const exact: number[] = [];
    for (let t = 1; t <= 40; t++) {
      for (let k = 0; k < opts.d; k++) acc += xi[k]! * v[k]!;
      if ([1, 10, 40].includes(t)) exact.push((opts.lr * acc) / p.n);
      op.apply(v, hv);
      hv[h] = 0;
      v = v.map((x, k) => x - opts.lr * hv[k]!);
    }
    r.chi.forEach((c, i) => expect(Math.abs(c - exact[i]!)).toBeLessThan(1e-8 * Math.abs(exact[i]!)));
  });
  it('field switched on at t_w: on a quadratic risk χ̂(t_w + Δ, t_w) = χ̂(Δ) (time-translation invariance), 0 at Δ = 0', () => {
    const opts = { ...base, act: 'x', lr: 0.3, delta: 4, d: 30, field: 1e-6 };
    const from0 = integratedResponse({ ...opts, steps: 40, at: [1, 10, 40] }, 3);
    const late = integratedResponse({ ...opts, steps: 55, at: [15, 16, 25, 55], fieldFrom: 15 }, 3);
    expect(late.chi[0]).toBe(0);
    from0.chi.forEach((c, i) => expect(Math.abs(late.chi[i + 1]! - c)).toBeLessThan(1e-8 * Math.abs(c)));
  });

  it('GELU, settled path: χ̂(T) equals ξᵀH⊥⊥⁻¹ξ/n at the minimiser', () => {
    const r = integratedResponse({ ...base, act: 'gelu', lr: 0.5, delta: 24, d: 40, steps: 6000, at: [6000], field: 1e-6 }, 3);
    // ∇R̂ at the mean of the two runs has an O(ε²) floor (≈ 1e-9 here) from the field.
    expect(r.grad_norm[0]!).toBeLessThan(1e-8);
    expect(r.trace_at_end).not.toBeNull();
    expect(r.lowest_perp.converged).toBe(true);
    expect(r.lowest_perp.values[0]!).toBeGreaterThan(0);
    // The central difference is exact to O(ε²) relative; the rest is the tail of a converged series.
    expect(Math.abs(r.chi[0]! - r.trace_at_end!)).toBeLessThan(1e-6 * r.trace_at_end!);
  });
});
