import { describe, it, expect } from 'vitest';
import { kinkAlignedAtoms } from '../../../src/theory/hessian/kinkAlignedRule.js';
import { gaussHermite } from '../../../src/numerics/quadrature/index.js';

const relu = (x: number) => Math.max(0, x);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0);

/** Correlated unit directions b1, b2 (cos θ = ρ) in 3-D, not along the axes. */
function directions(rho: number): [Float64Array, Float64Array] {
  const e1 = [0.6, 0.8, 0];
  const e2 = [-0.48, 0.36, 0.8]; // unit, ⊥ e1
  const b1 = Float64Array.from(e1);
  const b2 = Float64Array.from(e1.map((x, i) => rho * x + Math.sqrt(1 - rho * rho) * e2[i]!));
  return [b1, b2];
}

describe('kink-aligned tensor rule (src/theory/hessian/kinkAlignedRule.ts)', () => {
  it('integrates the Gaussian and its second moments exactly (nested change of variables)', () => {
    const [b1, b2] = directions(0.7);
    const a = kinkAlignedAtoms(3, [{ vector: b1, breaks: [0] }, { vector: b2, breaks: [0] }], 12);
    let mass = 0;
    const cov = new Float64Array(9);
    for (let i = 0; i < a.size; i++) {
      mass += a.weights[i]!;
      for (let s = 0; s < 3; s++) for (let t = 0; t < 3; t++) cov[s * 3 + t] += a.weights[i]! * a.points[i * 3 + s]! * a.points[i * 3 + t]!;
    }
    // Polynomials of degree ≤ 2 are integrated exactly by every one-dimensional rule; the only error is the cut-off
    // at ±9 (mass 2.3e-19 per coordinate) and rounding.
    expect(Math.abs(mass - 1)).toBeLessThan(1e-13);
    for (let s = 0; s < 3; s++) for (let t = 0; t < 3; t++) expect(Math.abs(cov[s * 3 + t]! - (s === t ? 1 : 0))).toBeLessThan(1e-13);
  });

  it('E[relu(b1ᵀζ) relu(b2ᵀζ)] = (sin θ + (π − θ) cos θ)/(2π) (arc-cosine kernel): kink-aligned ≪ Gauss–Hermite error', () => {
    for (const rho of [0.3, 0.9]) {
      const [b1, b2] = directions(rho);
      const th = Math.acos(rho);
      const exact = (Math.sin(th) + (Math.PI - th) * rho) / (2 * Math.PI);
      const f = (z: ArrayLike<number>) => relu(dot(b1, z)) * relu(dot(b2, z));
      const integrate = (n: number) => {
        const a = kinkAlignedAtoms(3, [{ vector: b1, breaks: [0] }, { vector: b2, breaks: [0] }], n);
        let s = 0;
        for (let i = 0; i < a.size; i++) s += a.weights[i]! * f(a.points.subarray(i * 3, i * 3 + 3));
        return s;
      };
      const gh = gaussHermite(20);
      let sGh = 0;
      for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) for (let k = 0; k < 20; k++) sGh += gh.weights[i]! * gh.weights[j]! * gh.weights[k]! * f([gh.nodes[i]!, gh.nodes[j]!, gh.nodes[k]!]);
      const fine = integrate(20);
      const coarse = integrate(15);
      // The two-resolution difference bounds the error, and the error is far below the product Gauss–Hermite rule's.
      expect(Math.abs(fine - exact)).toBeLessThanOrEqual(Math.abs(fine - coarse) + 1e-12);
      // (Outer coordinates see the inner integral Φ-terms, analytic but not polynomial: exponential convergence.)
      expect(Math.abs(fine - exact)).toBeLessThan(1e-3 * Math.abs(sGh - exact));
    }
  });

  it('drops a direction that is linearly dependent on earlier ones', () => {
    const [b1] = directions(0.5);
    const a = kinkAlignedAtoms(3, [{ vector: b1, breaks: [0] }, { vector: b1.map((x) => -2 * x), breaks: [0] }], 6);
    expect(a.used).toEqual([0]);
  });
});
