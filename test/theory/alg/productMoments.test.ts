import { describe, it, expect } from 'vitest';
import { compileExpr } from '../../../src/numerics/expr/compile.js';
import { deltaAlg } from '../../../src/theory/alg/index.js';
import { productFactor, productLaw } from '../../../src/theory/alg/productMoments.js';
import { runCli } from '../../helpers.js';
import { productDensityMellin } from './productMellin.js';

const tk = (s: string, k: number) => ({ k, fn: compileExpr(s, ['z1', 'z2', 'z3'].slice(0, k), '--target') });

// mpmath (20 digits) of the K0 representation p(y) = 2∫₀^∞ φ(x) K0(y/x)/(πx) dx and N(y) likewise with x²φ(x):
// p(y) is the density of Y = z1z2z3 at y, a(y) = N/p − 1.
const MPMATH = [
  { y: 0.01, a: -0.60291011703093199 },
  { y: 0.5, p: 0.2222066827025957094, a: 0.17455682984635255 },
  { y: 2.0, p: 0.023854693867306239, a: 1.1872528845546413 },
];

describe('product targets y = c·z1⋯zk: exact conditioning on log|y|', () => {
  it('recognises c·z1⋯zk and nothing else', () => {
    expect(productFactor(tk('z1*z2*z3', 3))).toBe(1);
    expect(productFactor(tk('-2*z3*z1*z2', 3))).toBe(-2);
    expect(productFactor(tk('z1*z2', 2))).toBe(1);
    for (const s of ['z1*z2*z3 + 0.001*z1', 'z1*z2 + z3', 'relu(z1)*z2*z3', 'z1^2*z2*z3', 'z1*z2', '0*z1*z2*z3']) expect(productFactor(tk(s, 3))).toBeNull();
  });

  it('the Mellin–Barnes reference reproduces the K0 integrals (mpmath) to 1e-10', () => {
    const mellin = productDensityMellin(3);
    for (const r of MPMATH) {
      const { f, n } = mellin(r.y);
      if (r.p !== undefined) expect(Math.abs(f / 2 - r.p)).toBeLessThan(1e-10 * r.p);
      expect(Math.abs(n / f - 1 - r.a)).toBeLessThan(1e-10);
    }
  });

  it('log-grid law (10.20) agrees with the Mellin–Barnes reference pointwise, k = 2 and 3', () => {
    for (const k of [2, 3]) {
      const mellin = productDensityMellin(k);
      const law = productLaw(k, { h: 0.075, tMin: -38 });
      let checked = 0;
      for (let j = 0; j < law.density.length; j += 7) {
        const T = law.start + j * law.h;
        if (T < Math.log(1e-4) || T > Math.log(6)) continue;
        const y = Math.exp(T);
        const { f, n } = mellin(y);
        // p_T(T) = f(y)·y (density of T = log|Y|)
        expect(Math.abs(law.density[j]! - f * y)).toBeLessThan(1e-11 * f * y + 1e-14);
        expect(Math.abs(law.secondMoment[j]! / law.density[j]! - n / f)).toBeLessThan(1e-10 * (n / f));
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    }
  });

  it('y = z1·z2: 1/δ_alg = 1 + E[a²] = 1.6842074111 (mpmath reference of the closed form), overlap I/√2', () => {
    const r = deltaAlg(tk('z1*z2', 2), 0);
    expect(r.status.converged).toBe(true);
    // The reference has 11 significant digits.
    expect(Math.abs(r.inverse_delta_alg - 1.6842074111)).toBeLessThanOrEqual(r.error_estimate + 1e-10);
    expect(r.overlap_matrix[0]![0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(r.overlap_matrix[0]![1]).toBeCloseTo(0, 12);
  });

  it('y = z1·z2·z3: converged; 1/δ_alg = E[a²] agrees with the Mellin–Barnes quadrature; overlap I/√3 (PSD)', () => {
    const r = deltaAlg(tk('z1*z2*z3', 3), 0);
    expect(r.status.converged).toBe(true);
    expect(r.error_estimate).toBeLessThan(1e-10);
    expect(r.top_multiplicity).toBe(6);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(r.overlap_matrix[i]![j]).toBeCloseTo(i === j ? 1 / Math.sqrt(3) : 0, 12);
    // Independent: E[a²] = ∫ f(y)(n/f − 1)² dy = ∫ f(e^T) e^T a² dT, trapezoid in T ∈ [−40, 5] at two steps; the
    // mass outside is ≈ T²e^T/2 ≈ 3e-15 below and < 1e-17 above (|a| ≤ 1 below, a² < 1e3 above).
    const mellin = productDensityMellin(3);
    const ea2 = (h: number) => {
      let s = 0;
      for (let i = 0; -40 + i * h <= 5; i++) {
        const T = -40 + i * h;
        const y = Math.exp(T);
        const { f, n } = mellin(y);
        if (f > 0) s += f * y * (n / f - 1) ** 2;
      }
      return s * h;
    };
    const fine = ea2(0.05);
    const coarse = ea2(0.1);
    expect(Math.abs(r.inverse_delta_alg - fine)).toBeLessThanOrEqual(r.error_estimate + Math.abs(fine - coarse) + 1e-12);
  });

  it('CLI: alg --target "z1*z2*z3" exits 0 with a PSD overlap matrix', async () => {
    const r = await runCli(['alg', '--target', 'z1*z2*z3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.status).toBe('converged');
    expect(j.top_multiplicity).toBe(6);
  });
});
