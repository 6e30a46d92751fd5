import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { featureMoments, ridgeGivenW } from '../../../src/simulate/onestep/index.js';
import { makeRng } from '../../../src/numerics/random/rng.js';

const act = resolveActivation('sin(x)+cos(x)');
const target = resolveTarget('z + z^2/2');

/** N×d weights: i.i.d. N(0, 1/d) rows plus a shared rank-one part b_j e_2 (as after a large step: ρ_ij up to ≈ 0.9). */
function weights(N: number, d: number, seed: number): Float64Array {
  const rng = makeRng(seed);
  const W = new Float64Array(N * d);
  rng.fillNormal(W);
  for (let j = 0; j < N; j++) {
    const b = 1.5 * rng.normal();
    for (let l = 0; l < d; l++) W[j * d + l] = W[j * d + l]! / Math.sqrt(d) + (l === 1 ? b : 0);
  }
  return W;
}

describe('feature second moments given W, docs/theory.md (8.12)', () => {
  it('match the closed form of σ = sin + cos: E σ(a)σ(b) = exp(−(s_a + s_b)/2 + c_ab), E σ(a)(z + z²/2) = e^{−s/2}(w_1 + (1 − w_1²)/2)', () => {
    // The Mehler series is cut at K = 40 with a Cauchy–Schwarz tail bound ≤ 1e-8 (reported); the quadrature of ĉ_k is
    // exact to rounding for these entire functions, so the entries agree to 1e-9.
    const N = 24, d = 16;
    const W = weights(N, d, 3);
    const m = featureMoments({ W, N, d, act: act.fn, target: target.fn, targetCoordinate: 0, noise: 0.1, n: 48, lambda: 0.1 });
    expect(m.truncation).toBeLessThan(1e-8);
    expect(m.quadrature).toBeLessThan(1e-8);
    const dot = (i: number, j: number) => { let s = 0; for (let l = 0; l < d; l++) s += W[i * d + l]! * W[j * d + l]!; return s; };
    let maxRho = 0;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        expect(Math.abs(m.second[i * N + j]! - Math.exp(-(dot(i, i) + dot(j, j)) / 2 + dot(i, j)))).toBeLessThan(1e-9);
        if (i !== j) maxRho = Math.max(maxRho, Math.abs(dot(i, j)) / Math.sqrt(dot(i, i) * dot(j, j)));
      }
      const w1 = W[i * d]!;
      expect(Math.abs(m.cross[i]! - Math.exp(-dot(i, i) / 2) * (w1 + (1 - w1 * w1) / 2))).toBeLessThan(1e-9);
    }
    expect(maxRho).toBeGreaterThan(0.8); // the series is exercised far from ρ ≈ 0
    expect(Math.abs(m.ey2 - (1.75 + 0.01))).toBeLessThan(1e-12);
  });
  it('give converged ridge errors with train < test and the residual of the best linear predictor as a floor', () => {
    const N = 40, d = 40, n = 40;
    const W = weights(N, d, 5);
    const r = ridgeGivenW({ W, N, d, act: act.fn, target: target.fn, targetCoordinate: 0, noise: 0.1, n, lambda: 0.1 });
    expect(r.status.converged).toBe(true);
    expect(r.train_error).toBeLessThan(r.test_error);
    expect(r.train_error).toBeGreaterThan(0);
  });
});
