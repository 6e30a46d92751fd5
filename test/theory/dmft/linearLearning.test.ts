import { describe, expect, it } from 'vitest';
import { learnedProbabilityBound, learningTimeQuantile, thetaVariance, type ThetaChannelSeries } from '../../../src/theory/dmft/linearLearning.js';
import { normalCdf } from '../../../src/numerics/special/normal.js';

// Exponential growth ψ = e^{μt}, no noise, ‖w⊥‖² ≡ r²: the median solves 0.4549 e^{2μt} = d r², t = ln(r√(d/0.4549))/μ.
const mu = 0.01, r2 = 0.4, s = 1;
const t = Array.from({ length: 3001 }, (_, k) => k);
const pure: ThetaChannelSeries = { t, psi: t.map((x) => Math.exp(mu * x)), v: t.map(() => 0), wPerp2: t.map(() => r2) };

describe('learning time of the linearised θ channel (5.15)–(5.16)', () => {
  it('V = s²ψ² + v', () => {
    const V = thetaVariance({ ...pure, v: t.map(() => 2) }, 0.5);
    expect(V[100]).toBeCloseTo(0.25 * Math.exp(2) + 2, 12);
  });
  it.each([1e3, 1e4, 1e5])('median with exponential growth = ln(r√(d/x½))/μ to the grid step (d = %d)', (d) => {
    const V = thetaVariance(pure, s);
    const exact = Math.log(Math.sqrt((d * r2) / 0.454936423119572)) / mu;
    const got = learningTimeQuantile(pure, V, d, 0.5)!;
    expect(got).toBeGreaterThanOrEqual(exact);
    expect(got - exact).toBeLessThanOrEqual(1);
  });
  it('quantiles are ordered in p and null beyond the series', () => {
    const V = thetaVariance(pure, s);
    const q = [0.1, 0.5, 0.9].map((p) => learningTimeQuantile(pure, V, 1e4, p)!);
    expect(q[0]!).toBeLessThan(q[1]!); // t_p: the time by which a fraction p has learned
    expect(q[1]!).toBeLessThan(q[2]!);
    expect(learningTimeQuantile(pure, V, 1e30, 0.5)).toBeNull();
  });
  it('the probability bound at the median time is 1/2 and grows with T', () => {
    const V = thetaVariance(pure, s), d = 1e4;
    const tm = learningTimeQuantile(pure, V, d, 0.5)!;
    expect(learnedProbabilityBound(pure, V, d, tm)).toBeGreaterThanOrEqual(0.5);
    expect(learnedProbabilityBound(pure, V, d, tm - 1)).toBeLessThan(0.5);
    expect(learnedProbabilityBound(pure, V, d, 3000)).toBeCloseTo(2 * normalCdf(-Math.sqrt((d * r2) / Math.exp(2 * mu * 3000))), 12);
  });
});
