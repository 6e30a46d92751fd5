// Noisy multi-index δ_alg (docs/theory.md §3): y = g(z) + σξ, z ∈ R^k, k = 2, 3, by noise-resolved polar/spherical rays
// (src/theory/alg/rayAtoms.ts) and Gaussian kernel sums in y (src/theory/alg/kernelSums.ts). References are computed here by
// other routes: closed forms, conditioning on one coordinate, and single-index targets in disguise.
import { describe, it, expect } from 'vitest';
import erfc from '@stdlib/math-base-special-erfc';
import { compileExpr } from '../../../src/numerics/expr/compile.js';
import { resolveTarget } from '../../../src/model/formulas.js';
import { deltaAlg } from '../../../src/theory/alg/index.js';
import { forEachRayAtom } from '../../../src/theory/alg/rayAtoms.js';
import { directKernelSums, hermiteKernelGrid } from '../../../src/theory/alg/kernelSums.js';
import { gaussLegendre } from '../../../src/numerics/quadrature/gaussLegendre.js';
import { points } from '../../helpers.js';

const t2 = (s: string) => ({ k: 2, fn: compileExpr(s, ['z1', 'z2'], '--target') });
const t3 = (s: string) => ({ k: 3, fn: compileExpr(s, ['z1', 'z2', 'z3'], '--target') });
/** Floating-point floor for comparing two independent quadratures (sums over ~10⁵–10⁶ atoms). */
const ROUNDOFF = 1e-9;

/** ∫_a^b f by composite Gauss–Legendre(n) on panels of width ≤ h. */
function integrate(f: (x: number) => number, a: number, b: number, h: number, n = 16): number {
  const m = Math.ceil((b - a) / h);
  let s = 0;
  for (let i = 0; i < m; i++) {
    const g = gaussLegendre(n, a + ((b - a) * i) / m, a + ((b - a) * (i + 1)) / m);
    for (let q = 0; q < n; q++) s += g.weights[q]! * f(g.nodes[q]!);
  }
  return s;
}

/** y = z1² + z2² + σξ: s = |z|² ~ Exp(mean 2), E[zzᵀ|y] = E[s|y]/2·I, so 1/δ_alg = ∫ p(y)(E[s|y]/2 − 1)² dy with
 *  p(y) = ½e^{−y/2+σ²/8}Φ(μ/σ), E[s|y] = μ + σφ(μ/σ)/Φ(μ/σ), μ = y − σ²/2 (a Gaussian truncated to s > 0). */
function chiSquare2Reference(sigma: number): number {
  const Phi = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
  const f = (y: number) => {
    const mu = y - (sigma * sigma) / 2;
    const x = mu / sigma;
    const P = Phi(x);
    if (!(P > 0)) return 0;
    const p = 0.5 * Math.exp(-y / 2 + (sigma * sigma) / 8) * P;
    const es = mu + (sigma * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI) / P;
    return p * (es / 2 - 1) ** 2;
  };
  return integrate(f, -30 * sigma, 120, sigma / 2);
}

/** y = ‖z‖² + σξ in k dimensions: 1/δ_alg = E_y[(E[s|y]/k − 1)²], s = u², u ~ χ_k, by quadrature over u
 *  (panels of width ≤ σ/(4(1+u)), where u² varies by ≤ σ/2) and y. */
function chiSquareReference(k: number, sigma: number): number {
  const cK = k === 2 ? 1 : Math.sqrt(2 / Math.PI);
  const us: number[] = [];
  const ws: number[] = [];
  for (let a = 0; a < 10; ) {
    const b = Math.min(10, a + sigma / (4 * (1 + a)));
    const g = gaussLegendre(8, a, b);
    for (let q = 0; q < 8; q++) {
      const u = g.nodes[q]!;
      us.push(u);
      ws.push(g.weights[q]! * cK * u ** (k - 1) * Math.exp(-0.5 * u * u));
    }
    a = b;
  }
  const f = (y: number) => {
    let p = 0;
    let ps = 0;
    for (let i = 0; i < us.length; i++) {
      const e = ws[i]! * Math.exp(-((y - us[i]! ** 2) ** 2) / (2 * sigma * sigma));
      p += e;
      ps += e * us[i]! ** 2;
    }
    if (!(p > 0)) return 0;
    return (p / (sigma * Math.sqrt(2 * Math.PI))) * (ps / p / k - 1) ** 2;
  };
  return integrate(f, -12 * sigma, 100 + 12 * sigma, sigma / 2, 8);
}

/** y = z1·z2 + σξ by conditioning on z1: y | z1 ~ N(0, v), v = σ² + z1², z2 | (z1, y) ~ N(z1y/v, σ²/v); G(y) is
 *  [[A, B], [B, A]] with A = E[z1² | y] − 1 (= E[z2² | y] − 1 by symmetry), B = E[z1z2 | y], and 1/δ_alg =
 *  E[A²] + E[B²] (eigenvalues of M ↦ E[GMG]: E[(A ± B)²], E[A² − B²]; E[AB] = 0 since A is even, B odd in y). */
function productReference(sigma: number): number {
  const s2 = sigma * sigma;
  const z: number[] = [];
  const wz: number[] = [];
  for (const [a, b, h] of [
    [0, 2, sigma / 4],
    [2, 12, 0.25],
  ] as const) {
    const m = Math.ceil((b - a) / h);
    for (let i = 0; i < m; i++) {
      const g = gaussLegendre(12, a + ((b - a) * i) / m, a + ((b - a) * (i + 1)) / m);
      for (let q = 0; q < 12; q++) {
        z.push(g.nodes[q]!);
        wz.push((2 * g.weights[q]! * Math.exp(-0.5 * g.nodes[q]! ** 2)) / Math.sqrt(2 * Math.PI));
      }
    }
  }
  const f = (y: number) => {
    let p = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < z.length; i++) {
      const v = s2 + z[i]! ** 2;
      const ph = (wz[i]! * Math.exp((-y * y) / (2 * v))) / Math.sqrt(2 * Math.PI * v);
      p += ph;
      a += (z[i]! ** 2 - 1) * ph;
      b += ((z[i]! ** 2 * y) / v) * ph;
    }
    return p > 0 ? (a * a + b * b) / p : 0;
  };
  return 2 * integrate(f, 0, 3, sigma / 2, 12) + 2 * integrate(f, 3, 80, 0.25, 12);
}

describe('noisy multi-index δ_alg: references (docs/theory.md §3)', () => {
  it('y = z1 + z2 + σξ (= √2 G + σξ) equals the single-index y = √2 z + σξ: same 1/δ_alg map and first-order strength', () => {
    for (const sigma of [0.3, 0.1]) {
      const r = deltaAlg(t2('z1 + z2'), sigma);
      const s = deltaAlg(resolveTarget('sqrt(2)*z'), sigma);
      expect(r.status.converged).toBe(true);
      expect(r.first_order).toBe(true);
      expect(Math.abs(r.inverse_delta_alg - s.inverse_delta_alg)).toBeLessThanOrEqual(r.error_estimate + s.error_estimate + ROUNDOFF);
      expect(Math.abs(r.first_order_strength - s.first_order_strength)).toBeLessThanOrEqual(ROUNDOFF);
    }
  });
  it('y = (z1 + z2)²/2 + σξ equals noisy phase retrieval z² + σξ (σ = √0.5: δ_alg = 0.5780)', () => {
    const r = deltaAlg(t2('(z1 + z2)^2/2'), Math.SQRT1_2);
    const s = deltaAlg(resolveTarget('z^2'), Math.SQRT1_2);
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.inverse_delta_alg - s.inverse_delta_alg)).toBeLessThanOrEqual(r.error_estimate + s.error_estimate + ROUNDOFF);
    expect(Math.abs(r.delta_alg! - 0.578)).toBeLessThan(5e-5);
  });
  it('y = z1² + z2² + σξ matches the closed-form χ²₂ reference (σ = 0.3, 0.1)', () => {
    for (const sigma of [0.3, 0.1]) {
      const r = deltaAlg(t2('z1^2 + z2^2'), sigma);
      expect(r.status.converged).toBe(true);
      expect(Math.abs(r.inverse_delta_alg - chiSquare2Reference(sigma))).toBeLessThanOrEqual(r.error_estimate + ROUNDOFF);
    }
  });
  it('the χ²₂ closed form and the χ² quadrature reference agree (checks the k = 3 reference below)', () => {
    expect(Math.abs(chiSquare2Reference(0.3) - chiSquareReference(2, 0.3))).toBeLessThan(1e-9);
  });
  it('y = z1·z2 + σξ matches the conditional-Gaussian reference (σ = 0.3, 0.1); noise raises δ_alg above 0.593751', () => {
    let prev = 0.593751;
    for (const sigma of [0.1, 0.3]) {
      const r = deltaAlg(t2('z1*z2'), sigma);
      expect(r.status.converged).toBe(true);
      expect(Math.abs(r.inverse_delta_alg - productReference(sigma))).toBeLessThanOrEqual(r.error_estimate + ROUNDOFF);
      expect(r.delta_alg!).toBeGreaterThan(prev);
      prev = r.delta_alg!;
    }
  });
  it('y = sign(z1 z2) + σξ: E[G | y] = (2/π) tanh(y/σ²) [[0,1],[1,0]], so 1/δ_alg = (4/π²) E[tanh²(y/σ²)], y = 1 + σξ', () => {
    const sigma = 0.5;
    const ref = (4 / Math.PI ** 2) * integrate((x) => (Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)) * Math.tanh((1 + sigma * x) / sigma ** 2) ** 2, -12, 12, 0.5);
    const r = deltaAlg(t2('sign(z1*z2)'), sigma);
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.inverse_delta_alg - ref)).toBeLessThanOrEqual(r.error_estimate + ROUNDOFF);
  });
  it('rotation invariance with kinks: |z1| + z2² and its rotation by 0.3 rad (kink cone off the grid) agree', () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const a = deltaAlg(t2('abs(z1) + z2^2'), 0.3);
    const b = deltaAlg(t2(`abs(${c}*z1 + ${s}*z2) + (${-s}*z1 + ${c}*z2)^2`), 0.3);
    expect(a.status.converged && b.status.converged).toBe(true);
    expect(Math.abs(a.inverse_delta_alg - b.inverse_delta_alg)).toBeLessThanOrEqual(a.error_estimate + b.error_estimate + ROUNDOFF);
  });
  it('k = 3: y = z1² + z2² + z3² + σξ matches the χ²₃ quadrature reference (σ = 0.3; noiseless value k/2)', () => {
    const r = deltaAlg(t3('z1^2 + z2^2 + z3^2'), 0.3);
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.inverse_delta_alg - chiSquareReference(3, 0.3))).toBeLessThanOrEqual(r.error_estimate + ROUNDOFF);
    expect(r.delta_alg!).toBeGreaterThan(1.5);
  });
});

describe('noisy multi-index δ_alg: k = 3 spherical rule', () => {
  it('y = z1·z2 + 0·z3 (k = 3) matches the k = 2 conditional-Gaussian reference for z1·z2 (σ = 0.3)', () => {
    const r = deltaAlg(t3('z1*z2 + 0*z3'), 0.3);
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.inverse_delta_alg - productReference(0.3))).toBeLessThanOrEqual(r.error_estimate + ROUNDOFF);
  });
});

describe('noisy multi-index δ_alg: convergence at the 1e-4 tolerance', () => {
  it.each([0.3, 0.1])('z1·z2, z1² + z2², tanh(z1) + z2² converge at σ = %s', (sigma) => {
    for (const s of ['z1*z2', 'z1^2 + z2^2', 'tanh(z1) + z2^2']) {
      const r = deltaAlg(t2(s), sigma);
      expect(r.status.converged).toBe(true);
      expect(r.error_estimate).toBeLessThanOrEqual(1e-4 * Math.max(1, r.inverse_delta_alg));
    }
  });
  it('tanh(z1) + z2² has a first-order direction (E[z1 | y] ≠ 0): δ_alg = 0', () => {
    const r = deltaAlg(t2('tanh(z1) + z2^2'), 0.3);
    expect(r.delta_alg).toBe(0);
    expect(r.first_order_strength).toBeGreaterThan(0.1);
  });
});

describe('ray atoms and kernel sums (building blocks)', () => {
  it('ray atoms integrate Gaussian moments: Σw = 1, E[zzᵀ] = I, E[z1⁴] = 3, E[z1²z2²] = 1 (k = 2, 3, with kinks)', () => {
    for (const target of [t2('abs(z1 - 0.5) + z2^2'), t2('z1*z2'), t3('relu(z1)*z2 + z3^2')]) {
      const k = target.k;
      const m = new Float64Array(1 + k * k + 2);
      forEachRayAtom(target, 0.3, { radialNodes: 6, variation: 4, angles: { perScale: 10, min: 32, max: 64, nodes: 8 } }, (z, w) => {
        m[0] += w;
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) m[1 + a * k + b] += w * z[a]! * z[b]!;
        m[1 + k * k] += w * z[0]! ** 4;
        m[2 + k * k] += w * z[0]! ** 2 * z[1]! ** 2;
      });
      expect(Math.abs(m[0]! - 1)).toBeLessThan(1e-11);
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) expect(Math.abs(m[1 + a * k + b]! - (a === b ? 1 : 0))).toBeLessThan(1e-10);
      expect(Math.abs(m[1 + k * k]! - 3)).toBeLessThan(1e-10);
      expect(Math.abs(m[2 + k * k]! - 1)).toBeLessThan(1e-10);
    }
  });
  it('the streamed Hermite-moment grid equals the direct kernel sums (random atoms, k = 2, 3)', () => {
    for (const k of [2, 3]) {
      const n = 400;
      const sigma = 0.2;
      const g = Float64Array.from(points(11 + k, n, -2, 3));
      const z = Float64Array.from(points(29 + k, n * k, -3, 3));
      const w = Float64Array.from(points(47 + k, n, 0, 1 / n));
      for (const perSigma of [4, 6]) {
        const direct = new Map<number, Float64Array>();
        directKernelSums(g, z, w, k, sigma, perSigma, (q, row) => direct.set(q, row.slice()));
        const grid = hermiteKernelGrid(k, sigma, perSigma);
        for (let i = 0; i < n; i++) grid.add(g[i]!, w[i]!, z.subarray(i * k, (i + 1) * k));
        const hermite = new Map<number, Float64Array>();
        grid.finish((q, row) => hermite.set(q, row.slice()));
        let scale = 0;
        for (const row of direct.values()) for (const v of row) scale = Math.max(scale, Math.abs(v));
        expect(direct.size).toBeGreaterThan(100);
        for (const q of new Set([...direct.keys(), ...hermite.keys()])) {
          const a = direct.get(q);
          const b = hermite.get(q);
          for (let d = 0; d < 1 + k + (k * (k + 1)) / 2; d++) expect(Math.abs((a?.[d] ?? 0) - (b?.[d] ?? 0))).toBeLessThan(1e-12 * scale);
        }
      }
    }
  });
});
