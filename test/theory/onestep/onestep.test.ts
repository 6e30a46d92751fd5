import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { UsageError } from '../../../src/core/errors.js';
import { makeRng } from '../../../src/numerics/random/rng.js';
import { spikeCount, growthExponent, atBoundary, spikeDirections, monomialInHermite, marchenkoPasturRule, mpIntegral, ridgeErrors, onestepTheory } from '../../../src/theory/onestep/index.js';
import { simulateOnestepSeed, estimate } from '../../../src/simulate/onestep/index.js';
import { multiplyABt, ridgeSolve, transpose } from '../../../src/simulate/onestep/dense.js';
import { runCli } from '../../helpers.js';
import { onestepSuite } from '../../../src/compare/suites/onestep.js';

const act = resolveActivation('sin(x)+cos(x)');
const target = resolveTarget('z + z^2/2');
const base = { act, target, c: 1, psi: 1, phi: 1, noise: 0.1, ridge: 0.1 };

describe('spike count ℓ(α) = 1 + ⌊α/(1/2 − α)⌋', () => {
  it('gives 1, 2, 3 on (0,1/4), (1/4,1/3), (1/3,3/8) and counts the boundary spike', () => {
    expect([0, 0.1, 0.24].map(spikeCount)).toEqual([1, 1, 1]);
    expect([0.26, 0.3, 0.33].map(spikeCount)).toEqual([2, 2, 2]);
    expect([0.34, 0.36, 0.37].map(spikeCount)).toEqual([3, 3, 3]);
    expect(spikeCount(0.25)).toBe(2);
    expect(spikeCount(1 / 3)).toBe(3);
    expect(atBoundary(0.25) && atBoundary(1 / 3) && !atBoundary(0.3)).toBe(true);
  });
  it('is the largest k whose size relative to the bulk does not decay (exponent kα − (k−1)/2 ≥ 0)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.45, noNaN: true }), (alpha) => {
        const l = spikeCount(alpha);
        return growthExponent(l, alpha) >= -1e-9 && growthExponent(l + 1, alpha) < 0;
      }),
    );
  });
});

describe('polynomial features', () => {
  it('writes x³ = He_3 + 3 He_1 in the orthonormal basis p_m = He_m/√m!', () => {
    const c = monomialInHermite(3);
    expect(c[3]).toBeCloseTo(Math.sqrt(6), 12);
    expect(c[1]).toBeCloseTo(3, 12);
    expect(c[0]! + c[2]!).toBe(0);
  });
  it('orthogonalises G^k to He_k when the lower spikes of the same parity are present (k! norm)', () => {
    const dirs = spikeDirections([1, 2, 4]); // relu-like: c_3 = 0
    expect(dirs.map((d) => d.norm2)).toEqual([1, 2, 24].map((x) => expect.closeTo(x, 9)));
    expect(dirs.every((d) => Math.abs(d.he_alignment2 - 1) < 1e-12)).toBe(true);
  });
  it('keeps the He_2 part when spike 2 is absent: G⁴ − 3 = He_4 + 6 He_2 (norm² 96, He_4 share 1/4)', () => {
    const [d4] = spikeDirections([4]);
    expect(d4!.norm2).toBeCloseTo(96, 9);
    expect(d4!.he_alignment2).toBeCloseTo(0.25, 12);
  });
});

describe('Marchenko–Pastur rule', () => {
  for (const gamma of [0.5, 1, 2]) {
    it(`has mass 1, mean 1 and second moment 1 + γ at γ = ${gamma}`, () => {
      const r = marchenkoPasturRule(gamma);
      expect(mpIntegral(r, () => 1)).toBeCloseTo(1, 10);
      expect(mpIntegral(r, (x) => x)).toBeCloseTo(1, 10);
      expect(mpIntegral(r, (x) => x * x)).toBeCloseTo(1 + gamma, 10);
    });
  }
});

describe('ridge deterministic equivalent vs direct ridge on the Gaussian-equivalent model', () => {
  it('matches train and test error with one spike feature (3 seeds, n = 300, d = 200, N = 400)', () => {
    const n = 300, d = 200, N = 400, c1 = 0.6, cs = 0.8, lambda = 0.2, noise = 0.3, theta = 0.5 / N * 40, T = 0.7;
    const trains: number[] = [];
    const tests: number[] = [];
    for (let seed = 1; seed <= 3; seed++) {
      const rng = makeRng(seed);
      const W = new Float64Array(N * d).map(() => rng.normal() / Math.sqrt(d));
      const thetaVec = new Float64Array(d).map(() => rng.normal() / Math.sqrt(d)); // ‖θ‖² ≈ 1
      const e = new Float64Array(N).map(() => rng.normal());
      const en = Math.hypot(...e);
      const v = e.map((x) => (x / en) * Math.sqrt(theta));
      const X = new Float64Array(n * d).map(() => rng.normal());
      const XW = multiplyABt(X, W, n, d, N);
      const F = new Float64Array(n * N); // rows √N z_i
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const u = (rng.normal() ** 2 - 1) / Math.SQRT2; // unit-variance non-Gaussian feature, independent of x
        let lin = 0;
        for (let l = 0; l < d; l++) lin += thetaVec[l]! * X[i * d + l]!;
        y[i] = lin + Math.sqrt(T) * u + noise * rng.normal();
        for (let j = 0; j < N; j++) F[i * N + j] = c1 * XW[i * N + j]! + cs * rng.normal() + Math.sqrt(N) * v[j]! * u;
      }
      const { a } = ridgeSolve(F, n, N, y, lambda, 1e-12);
      let tr = 0;
      for (let i = 0; i < n; i++) {
        let p = 0;
        for (let j = 0; j < N; j++) p += F[i * N + j]! * a[j]!;
        tr += (y[i]! - p / Math.sqrt(N)) ** 2;
      }
      trains.push(tr / n);
      // Exact test error of the fitted â: ‖θ − c1 W0ᵀâ/√N‖² + c*²‖â‖²/N + (√T − vᵀâ)² + noise².
      const Wa = multiplyABt(transpose(W, N, d), a.slice(), d, N, 1);
      let te = noise * noise;
      for (let l = 0; l < d; l++) te += (thetaVec[l]! - (c1 * Wa[l]!) / Math.sqrt(N)) ** 2;
      let aa = 0, va = 0;
      for (let j = 0; j < N; j++) { aa += a[j]! ** 2; va += v[j]! * a[j]!; }
      te += (cs * cs * aa) / N + (Math.sqrt(T) - va) ** 2;
      tests.push(te);
    }
    const th = ridgeErrors({ c1, cstar2: cs * cs, psi: d / n, phi: N / n, n, lambda: lambda, linear2: 1, noise2: noise * noise, spikes: [{ theta: N * theta, target2: T }] });
    const te = estimate(tests), tr = estimate(trains);
    // ‖θ‖² = 1 only on average (χ²_d/d, sd √(2/d) = 0.1): the se over seeds carries it; allowance 2% for O(1/n) terms.
    expect(Math.abs(te.mean - th.test_error)).toBeLessThanOrEqual(3 * te.se! + 0.02 * th.test_error);
    expect(Math.abs(tr.mean - th.train_error)).toBeLessThanOrEqual(3 * tr.se! + 0.02 * th.train_error);
  });
});

describe('onestepTheory', () => {
  it('reports ⟨β,β*⟩² = c1*²/(c1*² + (d/n)E[y²]) and ℓ spikes with He_k features', () => {
    const th = onestepTheory({ ...base, alpha: 0.36, n: 1000 });
    // g = z + z²/2: c1 = 1, E[g²] = 1 + 3/4, E[y²] = 1.76.
    expect(th.overlap_beta).toBeCloseTo(1 / (1 + 1.76), 8);
    expect(th.num_spikes).toBe(3);
    expect(th.spikes.map((s) => s.feature)).toEqual(['He_1(<β,x>)', 'He_2(<β,x>)', 'He_3(<β,x>)']);
    expect(th.learned_components).toEqual([0, 1, 2]);
    expect(th.status.converged).toBe(true);
  });
  it('marks absent spikes (relu: c_3 = 0) and does not learn that component', () => {
    const th = onestepTheory({ ...base, act: resolveActivation('relu'), target: resolveTarget('z + He(3, z)/3'), alpha: 0.36, n: 1000 });
    expect(th.spikes.map((s) => s.present)).toEqual([true, true, false]);
    expect(th.learnability.find((r) => r.k === 3)!.learned).toBe(false);
  });
  it('the finite-n kernel converges to the leading-order singular value as n → ∞', () => {
    const ratio = (n: number) => {
      const s = onestepTheory({ ...base, alpha: 0.2, n }).spikes[0]!;
      return s.singular_value_smoothed! / s.singular_value!;
    };
    const r4 = ratio(1e4), r10 = ratio(1e10);
    expect(Math.abs(r10 - 1)).toBeLessThan(Math.abs(r4 - 1));
    expect(Math.abs(r10 - 1)).toBeLessThan(0.01);
  });
  it('the spikes lower the test error (F1 below F0) and the limit learns the quadratic component', () => {
    const th = onestepTheory({ ...base, alpha: 0.3, n: 1000 });
    expect(th.test_error).toBeLessThan(th.errors.F0.test_error);
    expect(th.errors_limit.F1.test_error).toBeLessThan(th.errors_limit.F0.test_error);
  });
  it('rejects α ∉ [0,1/2), non-positive ratios or ridge, targets without a linear part, activations with c_1 = 0', () => {
    const bad = (over: object, flag: string) => {
      try {
        onestepTheory({ ...base, alpha: 0.3, n: 500, ...over });
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        expect((e as UsageError).argument).toBe(flag);
        return (e as UsageError).problem;
      }
      throw new Error('no error');
    };
    bad({ alpha: 0.5 }, '--alpha');
    bad({ alpha: -0.1 }, '--alpha');
    bad({ psi: 0 }, '--ratios');
    bad({ phi: -1 }, '--ratios');
    bad({ ridge: 0 }, '--ridge');
    expect(bad({ target: resolveTarget('z^2') }, '--target')).toMatch(/no linear component/);
    expect(bad({ act: resolveActivation('x^2') }, '--act')).toMatch(/does not apply/);
  });
});

describe('simulator vs theory (small n)', () => {
  it('matches ⟨β,β*⟩² and the spike-1 projection at n = 300 (3 seeds)', () => {
    const n = 300;
    const runs = [1, 2, 3].map((seed) => simulateOnestepSeed({ ...base, alphas: [0.3], n, seed, ridgeErrors: false }));
    const th = onestepTheory({ ...base, alpha: 0.3, n });
    const ov = estimate(runs.map((r) => r.overlap_beta));
    expect(Math.abs(ov.mean - th.overlap_beta)).toBeLessThanOrEqual(3 * ov.se!);
    const p1 = estimate(runs.map((r) => r.alphas[0]!.spikes[0]!.projection));
    const tp = th.projections[1]!;
    // Allowance as in the suite: O(1/√n) relative terms neglected by the kernel, plus the O(1) bulk projection.
    expect(Math.abs(p1.mean - tp)).toBeLessThanOrEqual(3 * p1.se! + (2 * Math.abs(tp)) / Math.sqrt(n) + 1);
    expect(runs.every((r) => r.alphas[0]!.visible_count >= 1)).toBe(true);
  }, 60000);
});

describe('CLI', () => {
  const run = (args: string[]) => runCli(args);
  it('prints the contract JSON', async () => {
    const r = await run(['onestep', '--act', 'sin(x)+cos(x)', '--target', 'z + z^2/2', '--noise', '0.1', '--alpha', '0.3', '--c', '1', '--ratios', '1,1', '--ridge', '0.1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.num_spikes).toBe(2);
    expect(j.spikes[0]).toMatchObject({ k: 1, feature: 'He_1(<β,x>)', present: true });
    for (const key of ['overlap_beta', 'train_error', 'test_error', 'learned_components', 'approximation', 'normalisation']) expect(j).toHaveProperty(key);
  });
  it('exits 2 with the flag named for bad input', async () => {
    const r = await run(['onestep', '--act', 'tanh', '--target', 'z^2', '--alpha', '0.3', '--c', '1', '--ratios', '1,1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--target/);
    const r2 = await run(['onestep', '--act', 'tanh', '--target', 'z', '--alpha', '0.6', '--c', '1', '--ratios', '1,1']);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/--alpha/);
  });
  it('an activation or target that is not finite on the quadrature nodes is a UsageError naming the flag (fuzz regression)', async () => {
    const r = await run(['simulate', 'onestep', '--c', '1', '--act', '1/0', '--target', 'tanh(z) + z^2/4', '--alpha', '0.3', '--ratios', '1,1', '--n', '60', '--seeds', '1']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/--act: the function is not finite at x = /);
    // Finite at every node but its square overflows; and a target that overflows for large z.
    expect(() => onestepTheory({ ...base, act: resolveActivation('1e200 * tanh(x)'), alpha: 0.3, n: 100 })).toThrow(/--act: its square is not finite/);
    expect(() => onestepTheory({ ...base, target: resolveTarget('z + exp(exp(z))'), alpha: 0.3, n: 100 })).toThrow(UsageError);
    expect(() => onestepTheory({ ...base, target: resolveTarget('z + exp(exp(z))'), alpha: 0.3, n: 100 })).toThrow(/^--target/);
  });
});

describe('suite', () => {
  it('runs in quick mode and reports counts, projections, exponents', async () => {
    const cases = await onestepSuite.run({ quick: true });
    expect(cases.some((c) => c.id.startsWith('count-'))).toBe(true);
    expect(cases.some((c) => c.id.startsWith('exponent-'))).toBe(true);
    const proj1 = cases.filter((c) => /^proj-a[\d.]+-k1-/.test(c.id));
    expect(proj1.length).toBeGreaterThan(0);
    expect(proj1.every((c) => c.pass)).toBe(true);
  }, 180000);
});
