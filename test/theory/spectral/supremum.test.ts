// Weights whose supremum τ is approached only as |z| → ∞ (docs/theory.md §1, "supremum not attained"):
// T = y/(1+y) − 0.3, y = z². Closed forms: τ = 0.7, q(τ) = T/(τ−T) = 0.7z² − 0.3, so E[q] = 0.4, E[q²] = 1.14 and
// E[(z²−1)q] = 1.4 at λ = τ: the edge is degenerate (ψ_δ(τ⁺) = 0.7(1/δ + 0.4)) for δ ≤ 1/1.14, and δ* = 1/1.4 = 5/7.
// The integrands are polynomials in z², so the quadrature is exact to rounding: tolerances are 1e-9.
import { describe, expect, it } from 'vitest';
import { buildSpectralLaw, type Law } from '../../../src/model/law.js';
import { resolveTarget, resolveWeight } from '../../../src/model/formulas.js';
import { composedWeight } from '../../../src/model/law.js';
import { tailSupremum } from '../../../src/numerics/tailSupremum.js';
import { deltaStar, spectrum } from '../../../src/theory/spectral/index.js';

const target = resolveTarget('z^2');
const weight = resolveWeight('y/(1+y)-0.3');
const law = buildSpectralLaw(target, weight);

describe('supremum approached only as |z| → ∞', () => {
  it('τ is the limit 0.7, not the largest T over the atoms (≈ 0.690 at |z| ≈ 10)', () => {
    const t = tailSupremum(composedWeight(target, weight, 0), 1, 10);
    expect(t.value).toBeCloseTo(0.7, 12);
    expect(t.error).toBeLessThan(1e-12);
    const s = spectrum(law, 0.5, 'upper');
    expect(s.tau).toBeCloseTo(0.7, 12);
    expect(s.tau_at_infinity).toBe(true);
  });

  it('degenerate edge ψ_δ(τ⁺) = 0.7(1/δ + 0.4) for δ ≤ 1/1.14, no outlier below δ* = 5/7', () => {
    for (const delta of [0.3, 0.5, 0.69]) {
      const s = spectrum(law, delta, 'upper');
      expect(s.edge_degenerate).toBe(true);
      expect(s.bulk_edge).toBeCloseTo(0.7 * (1 / delta + 0.4), 9);
      expect(s.outlier).toBeNull();
      expect(s.status.converged).toBe(true);
    }
    const above = spectrum(law, 0.72, 'upper');
    expect(above.outlier).not.toBeNull();
    expect(above.outlier!).toBeGreaterThan(above.bulk_edge);
  });

  it('δ* = 1/E[(z²−1)T/(τ−T)] = 5/7 (the closed system has no root above τ)', () => {
    const thr = deltaStar(law, 'upper');
    expect(thr.delta_star!).toBeCloseTo(5 / 7, 9);
    expect(thr.status.converged).toBe(true);
  });

  it('the cut-off guard flags the old behaviour (τ = largest T over the atoms) as not converged', () => {
    const atomsOnly: Law = { ...law };
    delete atomsOnly.tail;
    expect(deltaStar(atomsOnly, 'upper').status.converged).toBe(false);
    expect(spectrum(atomsOnly, 0.5, 'upper').status.converged).toBe(false);
  });

  it('an attained supremum is unchanged (T = min(y,3) − 1: τ = 2 at the atoms)', () => {
    const ref = buildSpectralLaw(target, resolveWeight('min(y,3)-1'));
    const s = spectrum(ref, 2, 'upper');
    expect(s.tau_at_infinity).toBe(false);
    expect(s.tau).toBe(2);
    expect(s.status.converged).toBe(true);
  });
});
