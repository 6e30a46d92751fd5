import { describe, it, expect } from 'vitest';
import { makeRng } from '../../../src/numerics/random/rng.js';
import { gaussianData } from '../../../src/numerics/random/gaussianData.js';
import { weightedCovarianceOperator } from '../../../src/numerics/linalg/operators.js';
import { lanczos } from '../../../src/numerics/linalg/lanczos.js';
import { meanSe } from '../../../src/numerics/stats.js';
import { latentOverlap2 } from '../../../src/simulate/overlap.js';
import { sampleSpectrum, runSpectralExperiment, NonFiniteValue } from '../../../src/simulate/spectral/index.js';
import { main } from '../../../src/present/cli/main.js';

describe('makeRng', () => {
  it('is reproducible per seed and gives different streams for different seeds', () => {
    const draw = (seed: number) => {
      const r = makeRng(seed);
      const a = new Float64Array(101);
      r.fillNormal(a);
      return [...Array.from(a), r.uniform(), r.normal()];
    };
    expect(draw(42)).toEqual(draw(42));
    const a = draw(1);
    const b = draw(2);
    expect(a.filter((x, i) => x === b[i]).length).toBe(0);
  });

  it('rejects non-integer seeds', () => {
    expect(() => makeRng(1.5)).toThrow(RangeError);
  });

  it('normal moments E[x^p] match N(0,1) within 4 standard errors (N = 400000)', () => {
    const N = 400_000;
    const x = new Float64Array(N);
    makeRng(2024).fillNormal(x);
    // E[x], E[x²], E[x³], E[x⁴] = 0, 1, 0, 3 with per-draw variances E[x^{2p}] − E[x^p]² = 1, 2, 15, 96.
    const expected = [0, 1, 0, 3];
    const variance = [1, 2, 15, 96];
    for (let p = 1; p <= 4; p++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += x[i]! ** p;
      expect(Math.abs(s / N - expected[p - 1]!)).toBeLessThan(4 * Math.sqrt(variance[p - 1]! / N));
    }
    // The normal() path (with its cached second draw) has the same law.
    const r = makeRng(7);
    let s2 = 0;
    for (let i = 0; i < N; i++) s2 += r.normal() ** 2;
    expect(Math.abs(s2 / N - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
  });

  it('uniforms have mean 1/2 and variance 1/12 within 4 standard errors', () => {
    const N = 200_000;
    const r = makeRng(99);
    let s = 0, s2 = 0, outside = 0;
    for (let i = 0; i < N; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    expect(outside).toBe(0);
    expect(Math.abs(s / N - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    // Var(U²) = 1/5 − 1/9 = 4/45.
    expect(Math.abs(s2 / N - 1 / 3)).toBeLessThan(4 * Math.sqrt(4 / 45 / N));
  });
});

describe('meanSe', () => {
  it('gives the sample mean and s/√m', () => {
    const r = meanSe([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 14);
    expect(Number.isNaN(meanSe([3]).se)).toBe(true);
  });
});

describe('weightedCovarianceOperator', () => {
  it('applies (1/n) Σ T_i x_i x_iᵀ v (vs an explicit sum)', () => {
    const n = 37, d = 13; // d not a multiple of the unrolling width
    const rng = makeRng(3);
    const data = gaussianData(n, d, rng);
    const T = new Float64Array(n).map(() => rng.normal());
    const v = new Float64Array(d).map(() => rng.normal());
    const out = new Float64Array(d);
    weightedCovarianceOperator(data, T).apply(v, out);
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        let xv = 0;
        for (let b = 0; b < d; b++) xv += data.X[i * d + b]! * v[b]!;
        s += (T[i]! * data.X[i * d + a]! * xv) / n;
      }
      expect(out[a]).toBeCloseTo(s, 12);
    }
  });
});

describe('random-matrix checks of the simulator', () => {
  it('Marchenko–Pastur: the top eigenvalue of the sample covariance (T ≡ 1) at d = 400, δ = 4 sits at (1 + 1/√δ)²', () => {
    // Johnstone (2001): λ_max ≈ μ + σ·TW1 with μ = (1 + √(d/n))² (= 2.25) and
    // σ = (√n + √d)(1/√n + 1/√d)^{1/3}/n (= 0.0158 here). TW1 has mean −1.21 and sd 1.27, so we allow
    // |λ_max − μ| ≤ (1.21 + 4·1.27)·σ ≈ 0.099 (a 4-sd band around the TW mean, centred conservatively at μ).
    const d = 400, delta = 4, n = delta * d;
    const rng = makeRng(1);
    const data = gaussianData(n, d, rng);
    const res = lanczos(weightedCovarianceOperator(data, new Float64Array(n).fill(1)), 1, 'largest', rng);
    expect(res.status.converged).toBe(true);
    const mu = (1 + 1 / Math.sqrt(delta)) ** 2;
    const sigma = ((Math.sqrt(n) + Math.sqrt(d)) * (1 / Math.sqrt(n) + 1 / Math.sqrt(d)) ** (1 / 3)) / n;
    expect(Math.abs(res.values[0]! - mu)).toBeLessThanOrEqual((1.21 + 4 * 1.27) * sigma);
    // Lower edge (1 − 1/√δ)² (= 0.25): λ_min ≈ μ₋ − σ₋·TW1 with σ₋ = (√n − √d)(1/√d − 1/√n)^{1/3}/n
    // (= 0.00365 here; Ma 2012), same 4-sd band.
    const low = lanczos(weightedCovarianceOperator(data, new Float64Array(n).fill(1)), 1, 'smallest', rng);
    expect(low.status.converged).toBe(true);
    const muLow = (1 - 1 / Math.sqrt(delta)) ** 2;
    const sigmaLow = ((Math.sqrt(n) - Math.sqrt(d)) * (1 / Math.sqrt(d) - 1 / Math.sqrt(n)) ** (1 / 3)) / n;
    expect(Math.abs(low.values[0]! - muLow)).toBeLessThanOrEqual((1.21 + 4 * 1.27) * sigmaLow);
  });

  it('rank-one spike (BBP): top eigenvalue (1+ℓ)(1+γ/ℓ) and overlap² (1−γ/ℓ²)/(1+γ/ℓ), ℓ = 2, γ = d/n = 1/4', () => {
    // Covariance I + ℓ e1e1ᵀ: scale the first coordinate by √(1+ℓ). Paul (2007): both quantities have
    // Gaussian fluctuations of order n^{-1/2}; we compare the mean over 4 seeds with 4 standard errors of
    // the mean plus an O(1/d) allowance (1/d = 0.0025) for the finite-size bias.
    const d = 400, n = 1600, ell = 2, gamma = d / n;
    const tops: number[] = [];
    const overlaps: number[] = [];
    for (let seed = 1; seed <= 4; seed++) {
      const rng = makeRng(seed);
      const data = gaussianData(n, d, rng);
      for (let i = 0; i < n; i++) data.X[i * d] = data.X[i * d]! * Math.sqrt(1 + ell);
      const res = lanczos(weightedCovarianceOperator(data, new Float64Array(n).fill(1)), 1, 'largest', rng);
      expect(res.status.converged).toBe(true);
      tops.push(res.values[0]!);
      overlaps.push(latentOverlap2(res.vectors[0]!, 1));
    }
    const top = meanSe(tops);
    const ov = meanSe(overlaps);
    expect(Math.abs(top.mean - (1 + ell) * (1 + gamma / ell))).toBeLessThanOrEqual(4 * top.se + 1 / d);
    expect(Math.abs(ov.mean - (1 - gamma / ell ** 2) / (1 + gamma / ell))).toBeLessThanOrEqual(4 * ov.se + 1 / d);
  });
});

describe('sampleSpectrum / runSpectralExperiment', () => {
  const base = {
    target: (z: ArrayLike<number>) => z[0]! * z[0]!,
    k: 1,
    weight: (y: number) => Math.min(y, 3) - 1,
    noise: 0,
    delta: 2,
    d: 120,
    count: 3,
  };

  it('is reproducible per seed, orders eigenvalues outermost first, and uses n = round(δ d)', () => {
    const up = sampleSpectrum({ ...base, side: 'upper' }, 5);
    expect(sampleSpectrum({ ...base, side: 'upper' }, 5)).toEqual(up);
    expect(up.n).toBe(240);
    expect(up.status.converged).toBe(true);
    expect(up.eigenvalues[0]).toBeGreaterThanOrEqual(up.eigenvalues[1]!);
    expect(up.eigenvalues[1]).toBeGreaterThanOrEqual(up.eigenvalues[2]!);
    const low = sampleSpectrum({ ...base, side: 'lower' }, 5);
    expect(low.eigenvalues[0]).toBeLessThanOrEqual(low.eigenvalues[1]!);
    expect(low.eigenvalues[0]).toBeLessThan(up.eigenvalues[0]!);
    expect(up.overlap2).toBeGreaterThanOrEqual(0);
    expect(up.overlap2).toBeLessThanOrEqual(1);
  });

  it('aggregates seeds N, N+1, … with means and standard errors', () => {
    const run = runSpectralExperiment({ ...base, side: 'upper' }, 7, 3);
    expect(run.samples.map((s) => s.seed)).toEqual([7, 8, 9]);
    const m = meanSe(run.samples.map((s) => s.eigenvalues[0]!));
    expect(run.eigenvalues[0]).toEqual(m);
    expect(run.status.converged).toBe(true);
  });

  it('rejects a weight that is not finite on the data', () => {
    expect(() => sampleSpectrum({ ...base, side: 'upper', weight: (y) => Math.log(y - 1) }, 1)).toThrow(NonFiniteValue);
  });
});

describe('flcalc simulate spectral', () => {
  const capture = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(args, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
    return { code, out, err };
  };

  it('prints the JSON contract', async () => {
    const r = await capture(['simulate', 'spectral', '--d', '150', '--seeds', '2', '--seed', '4', '--delta', '3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.eigenvalues).toHaveLength(3);
    expect(j.eigenvalues_se).toHaveLength(3);
    expect(typeof j.overlap2).toBe('number');
    expect(typeof j.overlap2_se).toBe('number');
    expect(j.d).toBe(150);
    expect(j.n).toBe(450);
    expect(j.seeds).toEqual([4, 5]);
    expect(j.status).toBe('converged');
    expect(j.provenance.tool).toBe('flcalc');
    expect(j.config.weight).toBe('min(y,3)-1');
  });

  it('prints null standard errors with a reason for one seed, and a table without --json', async () => {
    const j = JSON.parse((await capture(['simulate', 'spectral', '--d', '80', '--seeds', '1', '--json'])).out);
    expect(j.overlap2_se).toBeNull();
    expect(j.se_reason).toMatch(/one seed/);
    const t = await capture(['simulate', 'spectral', '--d', '80', '--seeds', '2', '--side', 'lower', '--weight', '2*exp(-y)-1']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/λ_1 \(smallest\)/);
  });

  it('rejects bad flags with exit code 2 naming the flag', async () => {
    for (const [flag, value] of [['--d', '0'], ['--d', '2.5'], ['--seeds', '0'], ['--delta', '0'], ['--side', 'middle'], ['--noise', '-1']] as const) {
      const r = await capture(['simulate', 'spectral', flag, value]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(flag);
    }
    const w = await capture(['simulate', 'spectral', '--d', '50', '--weight', 'log(y-1)']);
    expect(w.code).toBe(2);
    expect(w.err).toContain('--weight');
  });
});

describe('validation suite spectral (quick mode)', () => {
  it('runs ≥ 6 cases (d = 300, 2 seeds) with converged theory and simulation and finite numbers', async () => {
    const { spectralSuite, spectralCases } = await import('../../../src/compare/suites/spectral.js');
    expect(spectralCases().length).toBeGreaterThanOrEqual(6);
    const results = await spectralSuite.run({ quick: true });
    const ids = new Set(results.map((r) => r.id.split('/')[0]));
    expect(ids.size).toBe(spectralCases().length);
    for (const r of results) {
      expect(r.config['d']).toBe(300);
      expect(Number.isFinite(r.theory!) && Number.isFinite(r.measured!) && Number.isFinite(r.se)).toBe(true);
      expect(r.note).toBeUndefined(); // set only when theory or simulation did not converge
    }
  }, 60_000);
});
