// δ_alg (docs/theory.md §3) on targets that overflow double precision, are NaN, have degenerate kinks, or have
// ill-conditioned preimages (turning points): right answer or a usage error, and an error estimate that covers
// the true error.
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../src/model/formulas.js';
import { deltaAlg } from '../../../src/theory/alg/index.js';
import { gaussLegendre } from '../../../src/numerics/quadrature/gaussLegendre.js';
import { UsageError } from '../../../src/core/errors.js';

/** 1/δ_alg for y = cos(2z) independently: every preimage of y is ±u + kπ, u = arccos(y)/2, and |g'| is the same at
 *  all of them, so E_y[F²] = ∫_0^{π/2} F(u)² Σ_k φ(z_k) du with F(u) = Σ(z_k² − 1)φ(z_k)/Σφ(z_k): a smooth integral. */
function cos2zReference(): number {
  const r = gaussLegendre(200, 0, Math.PI / 2);
  const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  let total = 0;
  for (let i = 0; i < r.nodes.length; i++) {
    const u = r.nodes[i]!;
    let a = 0;
    let b = 0;
    for (let k = -8; k <= 8; k++)
      for (const z of [u + k * Math.PI, -u + k * Math.PI]) {
        a += phi(z);
        b += phi(z) * (z * z - 1);
      }
    total += r.weights[i]! * (b / a) ** 2 * a;
  }
  return total;
}

const alg = (t: string) => deltaAlg(resolveTarget(t), 0);

describe('δ_alg: reliability on hard targets', () => {
  it('cos(2z): the error estimate covers the true error (turning points make preimages ill-conditioned)', () => {
    const r = alg('cos(2*z)');
    expect(Math.abs(r.inverse_delta_alg - cos2zReference())).toBeLessThanOrEqual(r.error_estimate);
    expect(r.status.converged).toBe(true);
  });

  for (const t of ['exp(exp(z))', 'exp(z^3)', '(exp(exp(z)))^4', 'max(z,z)'])
    it(`${t}: y is monotone in z, so E[z|y] = z and δ_alg = 0`, () => {
      const r = alg(t);
      expect(r.first_order).toBe(true);
      expect(r.delta_alg).toBe(0);
      expect(Math.abs(r.first_order_strength - 1)).toBeLessThanOrEqual(1e-6);
    });

  for (const t of ['z^100', 'min(z^2,z^2)', 'abs(z-z)+z^2'])
    it(`${t}: an invertible function of z², so 1/δ_alg = 2 within the error estimate`, () => {
      const r = alg(t);
      expect(Math.abs(r.inverse_delta_alg - 2)).toBeLessThanOrEqual(r.error_estimate + 1e-12);
      expect(r.status.converged).toBe(true);
    });

  it('log(-z^2) (NaN everywhere) is a usage error naming --target', () => {
    expect(() => alg('log(-z^2)')).toThrow(UsageError);
  });
});
