// Rule-match design helpers (scripts/experiments/onestep/ruleMatch.ts) and the per-α step prefactor of the simulator.
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveTarget } from '../../src/model/formulas.js';
import { simulateOnestepSeed } from '../../src/simulate/onestep/index.js';
import { ruleDesignAt, countAbovePredictedTop, RULE_MARGINS, RULE_CONFIGS } from '../../scripts/experiments/onestep/ruleMatch.js';

const act = resolveActivation('sin(x)+cos(x)');
const target = resolveTarget('z + z^2/2');
const base = { act, target, noise: 0.1, psi: 1, phi: 1, ridge: 0.1, ridgeErrors: false };

describe('per-α step prefactor cs', () => {
  it('gives the same features as a run with that c (same seed), and records c', () => {
    const one = simulateOnestepSeed({ ...base, c: 1.4, alphas: [0.3], n: 80, seed: 7 });
    const two = simulateOnestepSeed({ ...base, c: 1, cs: [1.4], alphas: [0.3], n: 80, seed: 7 });
    expect(two.alphas[0]!.c).toBe(1.4);
    expect(two.alphas[0]!.eta).toBe(one.alphas[0]!.eta);
    // topSingular is iterative (random start): equal to its convergence tolerance, not bitwise.
    two.alphas[0]!.singular_values.slice(0, 3).forEach((s, i) => expect(s).toBeCloseTo(one.alphas[0]!.singular_values[i]!, 6));
    // ĥ_k are orthonormal: a vector with overlap² > 1/2 with one ĥ_k has > 1/2 with their span, and no vector has
    // > 1/2 with two of them, so the span count bounds the aligned count.
    expect(two.alphas[0]!.subspace_count).toBeGreaterThanOrEqual(two.alphas[0]!.aligned_count);
    expect(() => simulateOnestepSeed({ ...base, c: 1, cs: [1, 2], alphas: [0.3], n: 40, seed: 1 })).toThrow(/one entry per α/);
  }, 30000);
});

describe('rule design margins', () => {
  it('checks θ_k/θ_c and alignment margins from the finite-n theory', () => {
    // At α = 0.3, c = 1, n = 2000 spike 2 is below θ_c (θ_2/θ_c ≈ 0.89): separation margin not met.
    const p = ruleDesignAt({ interval: 2, label: '(1/4, 1/3)', alpha: 0.3 }, 1, 2000);
    expect(p.ell).toBe(2);
    const r2 = p.spikes.find((s) => s.k === 2)!.ratio;
    expect(r2).toBeLessThan(RULE_MARGINS.separatedMin);
    expect(p.margins_met.separation).toBe(false);
    expect(p.spikes.map((s) => s.k)).toContain(3);
  }, 30000);

  it('threads a named configuration through the design (linear target)', () => {
    const iv = { interval: 3, label: '(1/3, 3/8)', alpha: 0.36 };
    const lin = ruleDesignAt(iv, 2.5, 3000, 0, RULE_CONFIGS.linear);
    expect(lin.ell).toBe(3);
    expect(lin.config).toBe('linear');
    expect(lin.target).toBe(RULE_CONFIGS.linear.target);
    // The default is the base configuration, and the target reaches the theory: the spike sizes differ.
    const base = ruleDesignAt(iv, 2.5, 3000);
    expect(base.config).toBe('base');
    expect(base.target).toBe(RULE_CONFIGS.base.target);
    expect(lin.spikes[0]!.ratio).not.toBe(base.spikes[0]!.ratio);
  }, 30000);

  it('counts values above the predicted bulk top + 3 sd', () => {
    expect(countAbovePredictedTop([10, 5.2, 5.0, 4], { bulk_top_mean: 4.4, bulk_top_sd: 0.2 })).toBe(2);
  });
});
