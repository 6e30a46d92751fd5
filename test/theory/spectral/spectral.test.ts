import { describe, it, expect } from 'vitest';
import { gaussHermite } from '../../../src/numerics/quadrature/gaussHermite.js';
import { buildSpectralLaw, empiricalLaw, unboundedSide, type Law } from '../../../src/model/law.js';
import { resolveTarget, resolveWeight } from '../../../src/model/formulas.js';
import fc from 'fast-check';
import { spectrum, deltaStar, psi, phi, psiPrime, phiPrime, outlierSystem, outlierTerms, responseRange } from '../../../src/theory/spectral/index.js';
import { signChangesDown } from '../../../src/theory/spectral/certifiedScan.js';
import { safeNewton } from '../../../src/theory/spectral/safeNewton.js';
import { main } from '../../../src/present/cli/main.js';
import { deltaAlg } from '../../../src/theory/alg/index.js';
import { spectralCommand } from '../../../src/present/cli/commands/spectral.js';
import { UsageError } from '../../../src/core/errors.js';

/** Law of (z, T) with z ~ N(0, s²) by Gauss–Hermite (T(z) smooth). */
function ghLaw(n: number, T: (z: number) => number, s = 1): Law {
  const r = gaussHermite(n);
  const z = r.nodes.map((x) => s * x);
  return { size: n, weights: r.weights, columns: { z, T: z.map(T) }, origin: 'test', order: n };
}

const ref = () => buildSpectralLaw(resolveTarget('z^2'), resolveWeight('min(y,3)-1'));

describe('docs/theory.md §1 outlier equations', () => {
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

  it('reference case T = min(z²,3) − 1 (docs/theory.md §1) to 1e-4 relative', () => {
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

  it('δ* ≥ δ_alg over random bounded weights (docs/theory.md §3 invariant), phase retrieval and noisy phase retrieval', () => {
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

/** A k = 2 Gauss–Hermite law with a weight of both signs that couples z1 and z2. */
function mixedLaw2(): Law {
  const r = gaussHermite(16);
  const z1: number[] = [];
  const z2: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) (z1.push(r.nodes[i]!), z2.push(r.nodes[j]!), ws.push(r.weights[i]! * r.weights[j]!));
  const T = z1.map((a, i) => Math.tanh(a * a + 0.5 * a * z2[i]!) - 0.4);
  return { size: ws.length, weights: Float64Array.from(ws), columns: { z1: Float64Array.from(z1), z2: Float64Array.from(z2), T: Float64Array.from(T) }, origin: 'test', order: 16 };
}

describe('certified scan (skipping grid blocks whose sign is proven)', () => {
  it('signChangesDown finds exactly the sign changes of a full scan, for any sound certificate', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 80 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }), (bits, lazy) => {
        const sg = bits.map((b) => (b ? 1 : -1) as 1 | -1);
        let call = 0;
        // Sound but incomplete: certifies a uniform block only some of the time.
        const block = (lo: number, hi: number) => {
          const uniform = sg.slice(lo, hi + 1).every((x) => x === sg[lo]);
          return uniform && lazy[call++ % lazy.length] ? sg[lo]! : 0;
        };
        const found = [...signChangesDown(sg.length - 1, (i) => sg[i]!, block)];
        const brute = sg.flatMap((x, i) => (i + 1 < sg.length && x !== sg[i + 1] ? [i] : [])).reverse();
        expect(found).toEqual(brute);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('safeNewton: machine-precision root of x³ − 2 in a few steps, bisection when Newton leaves the bracket, no root without a sign change', () => {
    let calls = 0;
    const cube = (x: number) => (calls++, { f: x * x * x - 2, df: 3 * x * x });
    const r = safeNewton(cube, 0, 2, -2, 6, { xtol: 1e-15, rtol: 1e-15 });
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.x - Math.cbrt(2))).toBeLessThan(4e-16);
    expect(calls).toBeLessThan(12);
    // atan has Newton steps that overshoot far from the root; the safeguard keeps the iterate in the bracket.
    const at = safeNewton((x) => ({ f: Math.atan(x - 0.3), df: 1 / (1 + (x - 0.3) ** 2) }), -20, 50, -1, 1, { x0: 40, xtol: 1e-14 });
    expect(at.status.converged).toBe(true);
    expect(Math.abs(at.x - 0.3)).toBeLessThan(1e-14);
    expect(safeNewton(cube, 2, 3, 6, 25).status.converged).toBe(false);
  });

  it('responseRange encloses r_max(λ) on [a, b] (k = 1 mixed-sign weight and k = 2)', () => {
    const laws = [ghLaw(60, (z) => Math.tanh(z * z) - 0.5 + 0.3 * Math.sin(3 * z)), mixedLaw2()];
    for (const law of laws) {
      const sys = outlierSystem(law);
      let checked = 0;
      for (const [u0, f] of [[1e-6, 1.5], [1e-2, 4], [0.3, 1.1], [2, 30]] as const) {
        const a = sys.lambdaMin + u0;
        const b = sys.lambdaMin + u0 * f;
        const range = responseRange(outlierTerms(sys, a), outlierTerms(sys, b), sys.k);
        expect(range.lower).toBeLessThanOrEqual(range.upper);
        for (let j = 0; j <= 40; j++) {
          const r = outlierTerms(sys, a + ((b - a) * j) / 40).rMax;
          expect(r).toBeGreaterThanOrEqual(range.lower - 1e-12 * range.size);
          expect(r).toBeLessThanOrEqual(range.upper + 1e-12 * range.size);
          checked++;
        }
      }
      expect(checked).toBe(164);
    }
  });

  it('λ* is the largest root of r_max(λ) = 1/δ and λ_c the largest zero of Q (dense check above them)', () => {
    const cases: Array<[Law, number]> = [
      [ref(), 2],
      [ref(), 10],
      [ghLaw(60, (z) => Math.tanh(z * z) - 0.5 + 0.3 * Math.sin(3 * z)), 4],
      [mixedLaw2(), 6],
      [buildSpectralLaw(resolveTarget('abs(z)'), resolveWeight('tanh(y)-0.5'), { noise: 0.5 }), 3],
    ];
    for (const [law, delta] of cases) {
      const sys = outlierSystem(law);
      const s = spectrum(law, delta, 'upper');
      expect(s.lambda_star).not.toBeNull();
      const ls = s.lambda_star!;
      expect(Math.abs(outlierTerms(sys, ls).rMax - 1 / delta)).toBeLessThan(1e-12 * (1 + 1 / delta));
      const th = deltaStar(law, 'upper');
      expect(th.delta_star_upper).toBeNull();
      const lc = th.lambda!;
      const q = (l: number) => {
        const t = outlierTerms(sys, l);
        return t.rMax - t.meanQ2;
      };
      const n = law.size > 10000 ? 300 : 2000;
      for (let j = 1; j <= n; j++) {
        const u = sys.scale * 1e-9 * 1e12 ** (j / n);
        expect(outlierTerms(sys, ls + u).rMax).toBeLessThan(1 / delta);
        expect(q(lc + u)).toBeGreaterThan(0);
      }
    }
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
  it('a target that overflows on the quadrature domain is a UsageError naming --target, exit 2 (fuzz regression)', async () => {
    const args = { target: 'exp(exp(z))', weight: 'min(y,3)-1', delta: '2', side: 'lower', noise: '0.3' };
    await expect(async () => spectralCommand.run(args)).rejects.toThrow(/^--target: is not finite in double precision at z = /);
    let err = '';
    const code = await main(['spectral', ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v])], { out: () => undefined, err: (s) => (err += s) });
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
  it('lower side of the reference case has no outlier and says why', async () => {
    const r = await spectralCommand.run({ side: 'lower', delta: '4' });
    const j = r.json as Record<string, unknown>;
    expect(j['outlier']).toBeNull();
    expect(j['delta_star']).toBeNull();
    expect(String(j['delta_star_reason'])).toMatch(/no outlier/);
  });
});
