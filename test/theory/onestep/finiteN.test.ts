// Finite-n spike separation after one large step (src/theory/onestep/bulk.ts, src/theory/onestep/finiteN.ts; docs/theory.md §7).
import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { makeRng, type Rng } from '../../../src/numerics/random/rng.js';
import { bulkEdge, finiteEdge, outlierOf, onestepTheory, type BulkModel } from '../../../src/theory/onestep/index.js';
import { estimate } from '../../../src/simulate/onestep/index.js';
import { multiplyABt, topSingular } from '../../../src/simulate/onestep/dense.js';
import { runCli } from '../../helpers.js';

const act = resolveActivation('sin(x)+cos(x)');
const target = resolveTarget('z + z^2/2');
const base = { act, target, c: 1, psi: 1, phi: 1, noise: 0.1, ridge: 0.1 };
// σ = sin + cos: c_0 = c_1 = e^{−1/2}, E σ² = 1.
const sinCos: BulkModel = { mu1: Math.exp(-0.5), mustar2: 1 - 2 * Math.exp(-1), psi: 1, phi: 1 };

function normal(rng: Rng, size: number, scale: number): Float64Array {
  const a = new Float64Array(size);
  rng.fillNormal(a);
  for (let i = 0; i < size; i++) a[i] = a[i]! * scale;
  return a;
}

/** μ1 X Wᵀ + μ* Z (n×N), X ~ N(0,1), W ~ N(0,1/d), Z ~ N(0,1): the Gaussian-equivalent bulk. */
function gaussianEquivalent(m: BulkModel, n: number, rng: Rng): Float64Array {
  const d = Math.round(m.psi * n);
  const N = Math.round(m.phi * n);
  const X = normal(rng, n * d, 1);
  const W = normal(rng, N * d, 1 / Math.sqrt(d));
  const M = multiplyABt(X, W, n, d, N);
  const Z = normal(rng, n * N, Math.sqrt(m.mustar2));
  for (let i = 0; i < n * N; i++) M[i] = m.mu1 * M[i]! + Z[i]!;
  return M;
}

describe('Gaussian-equivalent bulk edge', () => {
  it('reduces to the Marchenko–Pastur edge μ*(1 + √φ) when μ1 = 0', () => {
    for (const phi of [0.5, 1, 2]) {
      const e = bulkEdge({ mu1: 0, mustar2: 0.49, psi: 1, phi });
      expect(e.edge).toBeCloseTo(0.7 * (1 + Math.sqrt(phi)), 9);
      expect(e.status.converged).toBe(true);
    }
  });
  it('gives the outlier θ + 1/θ and overlaps 1 − 1/θ² for a square i.i.d. bulk (Benaych-Georges & Nadakuditi 2012, §3.1)', () => {
    const m = { mu1: 0, mustar2: 1, psi: 1, phi: 1 };
    const e = bulkEdge(m);
    expect(e.thetaCritical).toBeCloseTo(1, 9);
    expect(outlierOf(m, e, 0.9)).toBeNull();
    for (const theta of [1.5, 3]) {
      const o = outlierOf(m, e, theta)!;
      expect(o.location).toBeCloseTo(theta + 1 / theta, 9);
      expect(o.left2).toBeCloseTo(1 - 1 / theta ** 2, 6);
      expect(o.right2).toBeCloseTo(1 - 1 / theta ** 2, 6);
    }
  });
  it('matches the top singular value of simulated μ1 XWᵀ + μ*Z at n = 400 within 3 predicted Tracy–Widom sd / √seeds', () => {
    const n = 400;
    const e = bulkEdge(sinCos);
    const fe = finiteEdge(sinCos, e, n);
    const rng = makeRng(11);
    const tops = Array.from({ length: 4 }, () => topSingular(gaussianEquivalent(sinCos, n, rng), n, n, 2, rng).values[0]! / Math.sqrt(n));
    const est = estimate(tops);
    expect(Math.abs(est.mean - fe.mean)).toBeLessThanOrEqual((3 * fe.sd) / Math.sqrt(tops.length));
  }, 20000);
  it('predicts the BBP outlier and overlap of a rank-one spike added to μ1 XWᵀ + μ*Z (n = 400, 4 seeds, 3 se)', () => {
    const n = 400;
    const theta = 2;
    const e = bulkEdge(sinCos);
    const pred = outlierOf(sinCos, e, theta)!;
    const rng = makeRng(5);
    const loc: number[] = [];
    const al: number[] = [];
    for (let s = 0; s < 4; s++) {
      const M = gaussianEquivalent(sinCos, n, rng);
      const u = normal(rng, n, 1 / Math.sqrt(n));
      const v = normal(rng, n, 1 / Math.sqrt(n));
      const nu = Math.hypot(...u);
      const nv = Math.hypot(...v);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] = M[i * n + j]! + (Math.sqrt(n) * theta * u[i]! * v[j]!) / (nu * nv);
      const svd = topSingular(M, n, n, 2, rng);
      loc.push(svd.values[0]! / Math.sqrt(n));
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (svd.left[0]![i]! * u[i]!) / nu;
      al.push(dot * dot);
    }
    const L = estimate(loc);
    const A = estimate(al);
    expect(Math.abs(L.mean - pred.location)).toBeLessThanOrEqual(3 * L.se!);
    expect(Math.abs(A.mean - pred.left2)).toBeLessThanOrEqual(3 * A.se!);
  }, 20000);
});

describe('finite-n spike count', () => {
  it('is 1 at α = 0.3, n = 1000 and reaches the n → ∞ rule ℓ(0.3) = 2 at large n', () => {
    const small = onestepTheory({ ...base, alpha: 0.3, n: 1000 }).finite_n;
    expect(small.predicted_count).toBe(1);
    const large = onestepTheory({ ...base, alpha: 0.3, n: 1_000_000 }).finite_n;
    expect(large.predicted_count).toBe(2);
    expect(large.spikes.filter((s) => s.separated).map((s) => s.k).sort()).toEqual([1, 2]);
  });
  it('lists spikes by their Hermite degree with outliers above the bulk edge', () => {
    const f = onestepTheory({ ...base, alpha: 0.36, n: 2000 }).finite_n;
    expect(f.spikes[0]!.k).toBe(1);
    for (const s of f.spikes.filter((x) => x.separated)) expect(s.outlier!).toBeGreaterThan(f.bulk_edge);
    expect(f.bulk_top_mean).toBeLessThan(f.bulk_edge);
  });
});

describe('CLI finite_n', () => {
  const run = (args: string[]) => runCli(args);
  const args = ['onestep', '--act', 'sin(x)+cos(x)', '--target', 'z + z^2/2', '--alpha', '0.36', '--c', '1', '--ratios', '1,1', '--json'];
  it('adds finite_n only when --n is given, keeping the contract fields', async () => {
    const without = JSON.parse((await run(args)).out);
    expect(without).not.toHaveProperty('finite_n');
    const r = await run([...args, '--n', '2000']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const key of ['num_spikes', 'spikes', 'overlap_beta', 'train_error', 'test_error', 'learned_components']) expect(j).toHaveProperty(key);
    expect(j.finite_n).toMatchObject({ n: 2000, predicted_count: 2 });
    expect(j.finite_n.spikes[0]).toMatchObject({ k: 1, separated: true });
    expect(typeof j.finite_n.bulk_edge).toBe('number');
    // Imprint prediction (imprint.ts): expected count n·P(|y| > r_c) with its own status.
    expect(j.finite_n.imprints).toMatchObject({ status: 'converged' });
    expect(j.finite_n.imprints.r_critical).toBeGreaterThan(0);
    expect(j.finite_n.imprints.expected_count).toBeGreaterThanOrEqual(0);
  });
});
