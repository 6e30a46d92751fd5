import { describe, it, expect } from 'vitest';
import { gaussHermite } from '../src/quadrature/gaussHermite.js';
import { buildSpectralLaw, empiricalLaw, unboundedSide, type Law } from '../src/law.js';
import { resolveTarget, resolveWeight } from '../src/formulas.js';
import { spectrum, deltaStar, psi, phi, psiPrime, phiPrime } from '../src/spectral/index.js';
import { deltaAlg } from '../src/alg/index.js';
import { spectralCommand } from '../src/cli/commands/spectral.js';
import { UsageError } from '../src/errors.js';

/** Law of (z, T) with z ~ N(0, s²) by Gauss–Hermite (T(z) smooth). */
function ghLaw(n: number, T: (z: number) => number, s = 1): Law {
  const r = gaussHermite(n);
  const z = r.nodes.map((x) => s * x);
  return { size: n, weights: r.weights, columns: { z, T: z.map(T) }, origin: 'test', order: n };
}

const ref = () => buildSpectralLaw(resolveTarget('z^2'), resolveWeight('min(y,3)-1'));

describe('THEORY §1 outlier equations', () => {
  it('Marchenko–Pastur: T ≡ 1 has edge (1 + 1/√δ)², no outlier, δ* null', () => {
    const law = ghLaw(40, () => 1);
    for (const delta of [0.5, 2, 7]) {
      const s = spectrum(law, delta, 'upper');
      expect(s.bulk_edge).toBeCloseTo((1 + 1 / Math.sqrt(delta)) ** 2, 12);
      expect(s.outlier).toBeNull();
      expect(s.overlap2).toBe(0);
    }
    expect(deltaStar(law, 'upper').delta_star).toBeNull();
  });

  it('spiked covariance (z ~ N(0, 1+β), T ≡ 1) reproduces BBP: location, overlap², threshold β = 1/√δ', () => {
    const beta = 1.5;
    const law = ghLaw(40, () => 1, Math.sqrt(1 + beta));
    const delta = 2;
    const g = 1 / delta;
    const s = spectrum(law, delta, 'upper');
    expect(s.outlier!).toBeCloseTo((1 + beta) * (1 + g / beta), 12);
    expect(s.overlap2).toBeCloseTo((1 - g / beta ** 2) / (1 + g / beta), 12);
    expect(deltaStar(law, 'upper').delta_star!).toBeCloseTo(1 / beta ** 2, 10);
  });

  it('derivatives ψ′, φ′ match central differences', () => {
    const law = ghLaw(60, (z) => Math.tanh(z * z) - 0.5);
    const [d, l, h] = [3, 2.2, 1e-5];
    expect(psiPrime(law, d, l)).toBeCloseTo((psi(law, d, l + h) - psi(law, d, l - h)) / (2 * h), 8);
    expect(phiPrime(law, l)).toBeCloseTo((phi(law, l + h) - phi(law, l - h)) / (2 * h), 8);
  });

  it('reference case T = min(z²,3) − 1 (THEORY §1) to 1e-4 relative', () => {
    const law = ref();
    const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
    expect(rel(deltaStar(law, 'upper').delta_star!, 0.6612)).toBeLessThan(1e-4);
    const s2 = spectrum(law, 2, 'upper');
    expect(rel(s2.bulk_edge, 1.9266)).toBeLessThan(1e-4);
    expect(rel(s2.outlier!, 2.1349)).toBeLessThan(1e-4);
    expect(rel(s2.overlap2, 0.3906)).toBeLessThan(2e-4);
    const s4 = spectrum(law, 4, 'upper');
    expect(rel(s4.bulk_edge, 1.1439)).toBeLessThan(1e-4);
    expect(rel(s4.outlier!, 1.5675)).toBeLessThan(1e-4);
    expect(rel(s4.overlap2, 0.6466)).toBeLessThan(1e-4);
  });

  it('kink-aware δ* differs from plain 200-node Gauss–Hermite (≈ 0.652) by more than its own error estimate', () => {
    const t = resolveTarget('z^2');
    const w = resolveWeight('min(y,3)-1');
    const hi = deltaStar(buildSpectralLaw(t, w), 'upper').delta_star!;
    const lo = deltaStar(buildSpectralLaw(t, w, { order: 12 }), 'upper').delta_star!;
    const errorEstimate = Math.abs(hi - lo);
    const plain = deltaStar(ghLaw(200, (z) => Math.min(z * z, 3) - 1), 'upper').delta_star!;
    expect(plain).toBeGreaterThan(0.645);
    expect(plain).toBeLessThan(0.659);
    expect(Math.abs(hi - plain)).toBeGreaterThan(100 * errorEstimate);
  });

  it('the outlier appears exactly at δ*: none just below, one just above (consistency of spectrum and deltaStar)', () => {
    const law = ref();
    const ds = deltaStar(law, 'upper').delta_star!;
    expect(spectrum(law, ds * 0.99, 'upper').outlier).toBeNull();
    const above = spectrum(law, ds * 1.01, 'upper');
    expect(above.outlier).not.toBeNull();
    expect(above.outlier! - above.bulk_edge).toBeGreaterThan(0);
    expect(above.overlap2).toBeLessThan(0.1);
  });

  it('lower side = upper side of −T, reported in the original sign', () => {
    const law = ghLaw(60, (z) => 1 - z * z / (1 + z * z));
    const neg = { ...law, columns: { ...law.columns, T: law.columns['T']!.map((t) => -t) } };
    const lo = spectrum(law, 3, 'lower');
    const up = spectrum(neg, 3, 'upper');
    expect(lo.bulk_edge).toBeCloseTo(-up.bulk_edge, 12);
    expect(lo.outlier === null ? null : -lo.outlier).toEqual(up.outlier);
    expect(lo.bulk_edge).toBeLessThan(spectrum(law, 3, 'upper').bulk_edge);
  });

  it('a k = 2 law whose weight ignores z2 gives the same outlier as the k = 1 law, with no overlap on z2', () => {
    const r = gaussHermite(24);
    const pts: number[][] = [];
    const ws: number[] = [];
    for (let i = 0; i < 24; i++) for (let j = 0; j < 24; j++) (pts.push([r.nodes[i]!, r.nodes[j]!]), ws.push(r.weights[i]! * r.weights[j]!));
    const T = (z: number) => Math.tanh(z * z) - 0.4;
    const law2: Law = {
      size: ws.length,
      weights: Float64Array.from(ws),
      columns: { z1: Float64Array.from(pts, (p) => p[0]!), z2: Float64Array.from(pts, (p) => p[1]!), T: Float64Array.from(pts, (p) => T(p[0]!)) },
      origin: 'test',
      order: 24,
    };
    const law1 = ghLaw(24, T);
    const s2 = spectrum(law2, 5, 'upper');
    const s1 = spectrum(law1, 5, 'upper');
    expect(s1.outlier).not.toBeNull();
    expect(s2.outlier!).toBeCloseTo(s1.outlier!, 10);
    expect(s2.overlap2).toBeCloseTo(s1.overlap2, 10);
    expect(s2.overlap2_per_coordinate![1]!).toBeLessThan(1e-20);
  });

  it('δ* ≥ δ_alg over random bounded weights (THEORY §3 invariant), phase retrieval and noisy phase retrieval', () => {
    // Seeded LCG: random combinations a·tanh(b·y) + c·min(y, d) + e·clip(y, −f, f) of the label.
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const cases: Array<{ noise: number; alg: number }> = [
      { noise: 0, alg: deltaAlg(resolveTarget('z^2'), 0).delta_alg! },
      { noise: Math.SQRT1_2, alg: deltaAlg(resolveTarget('z^2'), Math.SQRT1_2).delta_alg! },
    ];
    const t = resolveTarget('z^2');
    let checked = 0;
    let minRatio = Infinity;
    for (const { noise, alg } of cases) {
      for (let trial = 0; trial < 8; trial++) {
        const c = Array.from({ length: 7 }, () => 2 * rand() - 1);
        const expr = `${c[0]}*tanh(${1 + 2 * Math.abs(c[1]!)}*y) + ${c[2]}*min(y, ${1 + 3 * Math.abs(c[3]!)}) + ${c[4]}*clip(y, ${-1 - Math.abs(c[5]!)}, ${1 + Math.abs(c[5]!)}) + ${c[6]}`;
        const w = resolveWeight(expr);
        for (const side of ['upper', 'lower'] as const) {
          if (unboundedSide(t, w, noise, side)) continue;
          const ds = deltaStar(buildSpectralLaw(t, w, { noise, order: noise > 0 ? 8 : 20 }), side);
          if (ds.delta_star === null) continue;
          checked++;
          minRatio = Math.min(minRatio, ds.delta_star / alg);
          expect(ds.delta_star).toBeGreaterThanOrEqual(alg * (1 - 1e-6));
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(minRatio).toBeGreaterThan(1 - 1e-6);
  });
});

describe('flcalc spectral', () => {
  it('defaults are the §1 reference case and the JSON has the contract keys', async () => {
    const r = await spectralCommand.run({});
    const j = r.json as Record<string, unknown>;
    expect(r.exitCode ?? 0).toBe(0);
    for (const key of ['bulk_edge', 'outlier', 'overlap2', 'delta_star', 'status']) expect(j).toHaveProperty(key);
    expect(j['status']).toBe('converged');
    expect(j['outlier'] as number).toBeCloseTo(2.1349, 4);
    expect(r.text).toContain('δ = n/d');
  });
  it('rejects δ ≤ 0, non-numeric δ and unbounded weights with UsageError naming the flag', async () => {
    await expect(async () => spectralCommand.run({ delta: '0' })).rejects.toThrow(/--delta/);
    await expect(async () => spectralCommand.run({ delta: 'two' })).rejects.toThrow(UsageError);
    await expect(async () => spectralCommand.run({ weight: 'y' })).rejects.toThrow(/--weight: is unbounded above/);
  });
  it('lower side of the reference case has no outlier and says why', async () => {
    const r = await spectralCommand.run({ side: 'lower', delta: '4' });
    const j = r.json as Record<string, unknown>;
    expect(j['outlier']).toBeNull();
    expect(j['delta_star']).toBeNull();
    expect(String(j['delta_star_reason'])).toMatch(/no outlier/);
  });
});
