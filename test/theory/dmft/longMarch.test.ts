// The coarse-grained DMFT march (src/theory/dmft): with cells of length 1 it is the exact march; with coarse-graining
// its distance to the exact march is within its own error estimate (window W vs W/2); the Marchenko–Pastur exact case
// at a horizon where coarse-graining is active; spectator paths follow the population's law; the cell bookkeeping.
import { describe, expect, it } from 'vitest';
import { dmftPath, type DmftSpec } from '../../../src/theory/dmft/march.js';
import { longDmftPath } from '../../../src/theory/dmft/longMarch.js';
import { dmftWithCompressionError } from '../../../src/theory/dmft/compressionError.js';
import { cellMap, maxCells, mergeGroups, regroupSumTriangle, regroupTriangle, tri, type CellGrid } from '../../../src/theory/dmft/cells.js';
import { meanSe } from '../../../src/numerics/stats.js';
import { runCli } from '../../helpers.js';
import { binom, mpMoment } from './marchenkoPastur.js';
import { effectivePopulation } from '../../../src/theory/dmft/population.js';
import { resolveTarget } from '../../../src/model/formulas.js';

const GELU: DmftSpec = { act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 20, ridge: 0, delta: 16, samples: 256, seed: 3 };
const EXACT = { window: Infinity, early: 0 };

describe('coarse-grained march without coarse-graining = the exact march', () => {
  it('m = 1, finite d, label noise and ridge: every recorded quantity bit-identical', () => {
    const spec = { ...GELU, noise: 0.1, ridge: 0.01 };
    const a = dmftPath(spec, { d: 500, seed: 2 });
    const b = longDmftPath(spec, { d: 500, seed: 2 }, EXACT);
    for (const k of ['M', 'q', 'w_norm', 'train_risk', 'test_risk', 'train_risk_se', 'overlap_h'] as const) expect(b[k]).toEqual(a[k]);
  });
  it('m = 2 with a given M(0): equal up to summation order (relative 1e-12)', () => {
    const spec = { ...GELU, readout: [0.5, 0.7], samples: 64, steps: 8 };
    const a = dmftPath(spec, { d: Infinity, seed: 0, m0: [0.01, 0.02] });
    const b = longDmftPath(spec, { d: Infinity, seed: 0, m0: [0.01, 0.02] }, EXACT);
    a.q.forEach((row, t) => row.forEach((x, j) => expect(Math.abs(b.q[t]![j]! - x)).toBeLessThanOrEqual(1e-12 * Math.abs(x))));
    a.train_risk.forEach((x, t) => expect(Math.abs(b.train_risk[t]! - x)).toBeLessThanOrEqual(1e-12 * x));
    a.M.forEach((row, t) => row.forEach((x, j) => expect(Math.abs(b.M[t]![j]! - x)).toBeLessThanOrEqual(1e-12 * Math.abs(x) + 1e-300)));
  });
});

describe('coarse-grained vs exact march at T = 80 (window 8, first 8 steps exact): within the W vs W/2 error estimate', () => {
  const spec = { ...GELU, steps: 80, lr: 0.5, samples: 512 };
  const exact = dmftPath(spec, { d: 1000, seed: 1 });
  const est = dmftWithCompressionError(spec, { d: 1000, seed: 1 }, { window: 8, early: 8 });
  it('the coarse-graining is active (fewer cells than steps) and the estimate is non-zero', () => {
    expect(est.path.compression.max_cells).toBeLessThan(60);
    expect(Math.max(...est.error!.w_norm)).toBeGreaterThan(0);
  });
  it.each(['w_norm', 'train_risk', 'test_risk'] as const)('%s: |W − exact| ≤ |W − W/2| at the steps where the estimate is largest, and at T', (k) => {
    const e = est.error![k];
    const worst = e.indexOf(Math.max(...e));
    for (const t of [worst, 80]) expect(Math.abs(est.path[k][t]! - exact[k][t]!)).toBeLessThanOrEqual(e[t]!);
    const maxErr = Math.max(...exact[k].map((x, t) => Math.abs(est.path[k][t]! - x)));
    expect(maxErr).toBeLessThanOrEqual(Math.max(...e));
  });
});

describe('Marchenko–Pastur exact case (linear σ, square loss, y ≡ 0) at T = 48 with coarse-graining (window 4, no exact start)', () => {
  // ‖w(t)‖² = s² E_MP[(1 − ηλ)^{2t}], γ = 1/δ (test/dmft.test.ts derives it); four populations give the Monte Carlo se.
  const delta = 2, eta = 0.25, T = 48;
  // ‖w(t)‖² by the spectral integral of (1 − ηλ)^{2t} against the MP density (no moment cancellation at large t)
  const exactQ = (t: number): number => {
    const g = 1 / delta, a = (1 - Math.sqrt(g)) ** 2, b = (1 + Math.sqrt(g)) ** 2, n = 4000;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const th = (Math.PI * (i + 0.5)) / n, l = (a + b) / 2 + ((b - a) / 2) * Math.cos(th);
      const dens = Math.sqrt(Math.max(0, (b - l) * (l - a))) / (2 * Math.PI * g * l);
      s += (1 - eta * l) ** (2 * t) * dens * ((b - a) / 2) * Math.sin(th) * (Math.PI / n);
    }
    return s + (g > 1 ? 1 - 1 / g : 0);
  };
  const spec: DmftSpec = { act: 'x', loss: 'square', target: '0*z', noise: 0, readout: [1], initScale: 1, lr: eta, steps: T, ridge: 0, delta, samples: 2048, seed: 1 };
  const runs = [1, 2, 3, 4].map((seed) => dmftWithCompressionError({ ...spec, seed }, { d: Infinity, seed: 0 }, { window: 4, early: 0 }));
  it('the spectral integral agrees with the moment formula at t = 3', () => {
    let s = 0;
    for (let k = 0; k <= 6; k++) s += binom(6, k) * (-eta) ** k * mpMoment(k, 1 / delta);
    expect(exactQ(3)).toBeCloseTo(s, 6);
  });
  it.each([16, 32, 48])('‖w(t)‖² at t = %i within 4 Monte Carlo se + the compression estimate', (t) => {
    const q = meanSe(runs.map((r) => r.path.q[t]![0]!));
    const comp = Math.max(...runs.map((r) => 2 * r.path.w_norm[t]! * r.error!.w_norm[t]!));
    expect(Math.abs(q.mean - exactQ(t))).toBeLessThanOrEqual(4 * q.se + comp);
  });
});

describe('θ-channel linear response ψ(t) (tangent of the march at M ≡ 0)', () => {
  it.each([Infinity, 4])('equals the symmetric difference (M(t; +h) − M(t; −h))/2h of two marches (window %s), relative 1e-7', (window) => {
    const spec = { ...GELU, steps: 60, lr: 0.5 }, pol = { window, early: 0 }, h = 1e-6;
    const tan = longDmftPath(spec, { d: Infinity, seed: 0 }, pol, { thetaTangent: [1] });
    const up = longDmftPath(spec, { d: Infinity, seed: 0, m0: [h] }, pol), dn = longDmftPath(spec, { d: Infinity, seed: 0, m0: [-h] }, pol);
    expect(tan.psi).toHaveLength(61);
    expect(tan.psi![60]!).toBeGreaterThan(2); // the response grows at δ = 16: the comparison is not trivial
    tan.psi!.forEach((x, t) => {
      const fd = (up.M[t]![0]! - dn.M[t]![0]!) / (2 * h);
      expect(Math.abs(x - fd)).toBeLessThanOrEqual(1e-7 * Math.abs(fd));
    });
  });
  it('linear σ, square loss, y ≡ 0: ψ(t) = E_MP[(1 − ηλ)^t] up to the population\'s E_N[z²] − 1', () => {
    // ψ(t) = θᵀ(I − ηH)^tθ with H = XᵀX/n; the only Monte Carlo error is E_N[z²] ≠ 1 in the θθ entry, which moves each of
    // the t contractive steps by at most η|E_N[z²] − 1|.
    const delta = 2, eta = 0.25, N = 256;
    const spec: DmftSpec = { act: 'x', loss: 'square', target: '0*z', noise: 0, readout: [1], initScale: 1, lr: eta, steps: 16, ridge: 0, delta, samples: N, seed: 1 };
    const psi = longDmftPath(spec, { d: Infinity, seed: 0 }, EXACT, { thetaTangent: [1] }).psi!;
    const { z } = effectivePopulation(N, 1, 1, resolveTarget('0*z', '--target', { allowConstant: true }).fn, 0, 1);
    const z2 = z.reduce((s, x) => s + x * x, 0) / N;
    for (const t of [4, 8, 16]) {
      let s = 0;
      for (let k = 0; k <= t; k++) s += binom(t, k) * (-eta) ** k * mpMoment(k, 1 / delta);
      expect(Math.abs(psi[t]! - s)).toBeLessThanOrEqual(t * eta * Math.abs(z2 - 1) + 1e-12);
    }
  });
});

describe('noise-driven θ component v(t) (the finite-n fluctuation ε of the θ channel, linearised)', () => {
  // Draw q linearises the finite-d realisation with seed 7 + q: at d = 1e14 (M ~ 1e-7, second-order terms ~ 1e-7
  // relative) √d·M(t) of that realisation, started from M(0) = 0, is the draw's X_q(t), and v(t) = mean_q X_q(t)².
  it.each([Infinity, 4])('equals the mean of d·M(t)² over the matching finite-d realisations at d = 1e14 (window %s), relative 1e-5', (window) => {
    const spec = { ...GELU, steps: 60, lr: 0.5 }, pol = { window, early: 0 }, d = 1e14;
    const lin = longDmftPath(spec, { d: Infinity, seed: 0 }, pol, { thetaTangent: [1], thetaNoise: { count: 3, seed: 7 } });
    const x2 = [7, 8, 9].map((seed) => longDmftPath(spec, { d, seed, m0: [0] }, pol).M.map((Mt) => d * Mt[0]! ** 2));
    expect(lin.thetaNoise!.v).toHaveLength(61);
    expect(lin.thetaNoise!.v[60]!).toBeGreaterThan(1e-3); // the noise has been driving M: the comparison is not trivial
    lin.thetaNoise!.v.forEach((v, t) => {
      const fd = (x2[0]![t]! + x2[1]![t]! + x2[2]![t]!) / 3;
      expect(Math.abs(v - fd)).toBeLessThanOrEqual(1e-5 * fd + 1e-300);
    });
  });
  it('leaves ψ unchanged and v(0) = 0', () => {
    const spec = { ...GELU, steps: 30, lr: 0.5 }, pol = { window: 4, early: 0 };
    const a = longDmftPath(spec, { d: Infinity, seed: 0 }, pol, { thetaTangent: [1] });
    const b = longDmftPath(spec, { d: Infinity, seed: 0 }, pol, { thetaTangent: [1], thetaNoise: { count: 2, seed: 1 } });
    expect(b.psi).toEqual(a.psi);
    expect(b.thetaNoise!.v[0]).toBe(0);
  });
});

describe('integrated response χ(t) = (η/δ) Σ_{s<t} G(t, s+1)', () => {
  it('linear σ, square loss: χ(t) = (1/δ) E_MP[(1 − (1 − ηλ)^t)/λ] (no Monte Carlo error: A ≡ 1), → 1/(δ − 1)', () => {
    const delta = 2, eta = 0.25, g = 1 / delta, a = (1 - Math.sqrt(g)) ** 2, b = (1 + Math.sqrt(g)) ** 2;
    const spec: DmftSpec = { act: 'x', loss: 'square', target: '0*z', noise: 0, readout: [1], initScale: 1, lr: eta, steps: 48, ridge: 0, delta, samples: 64, seed: 1 };
    const chi = longDmftPath(spec, { d: Infinity, seed: 0 }, EXACT).chi;
    const exact = (t: number): number => {
      const n = 4000;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const th = (Math.PI * (i + 0.5)) / n, l = (a + b) / 2 + ((b - a) / 2) * Math.cos(th);
        const dens = Math.sqrt(Math.max(0, (b - l) * (l - a))) / (2 * Math.PI * g * l);
        s += ((1 - (1 - eta * l) ** t) / l) * dens * ((b - a) / 2) * Math.sin(th) * (Math.PI / n);
      }
      return s / delta;
    };
    for (const t of [1, 8, 48]) expect(chi[t]!).toBeCloseTo(exact(t), 8);
    expect(chi[0]).toBe(0);
    expect(chi[48]!).toBeLessThan(1 / (delta - 1));
  });

  it('two-time χ(t_w + Δ, t_w): from t_w = 0 it is χ(t); linear σ (a constant Hessian): χ(t_w + Δ, t_w) = χ(Δ)', () => {
    const spec: DmftSpec = { act: 'x', loss: 'square', target: '0*z', noise: 0, readout: [1], initScale: 1, lr: 0.25, steps: 48, ridge: 0, delta: 2, samples: 64, seed: 1 };
    const p = longDmftPath(spec, { d: Infinity, seed: 0 }, EXACT, { responseFrom: [0, 16] });
    expect(p.chiFrom[0]!.chi).toEqual(p.chi);
    const late = p.chiFrom[1]!.chi;
    expect(late).toHaveLength(48 - 16 + 1);
    late.forEach((x, k) => expect(Math.abs(x - p.chi[k]!)).toBeLessThanOrEqual(1e-12 * Math.abs(p.chi[k]!)));
  });
});

describe('spectator paths', () => {
  it('follow the population law: mean and mean square of u^T and mean of A^T agree within 4 combined se', () => {
    const spec = { ...GELU, steps: 40, lr: 0.5, samples: 1024, lawAt: [40] };
    const p = longDmftPath(spec, { d: Infinity, seed: 0 }, { window: 8, early: 8 }, { spectators: { count: 4096, seed: 7 } });
    const pop = p.laws[0]!, sp = p.spectatorLaws[0]!;
    expect(sp.z.length).toBe(4096);
    for (const f of [(x: number) => x * x, (x: number) => Math.abs(x)]) {
      const a = meanSe(Array.from(pop.u, f)), b = meanSe(Array.from(sp.u, f));
      expect(Math.abs(a.mean - b.mean)).toBeLessThanOrEqual(4 * Math.hypot(a.se, b.se));
    }
    const a = meanSe(Array.from(pop.A)), b = meanSe(Array.from(sp.A));
    expect(Math.abs(a.mean - b.mean)).toBeLessThanOrEqual(4 * Math.hypot(a.se, b.se));
  });
});

describe('time cells', () => {
  it('cover 0..T consecutively with power-of-2 lengths; length ≤ max(1, age/W); about W cells per octave', () => {
    const policy = { window: 8, early: 4 }, T = 3000, every = 4;
    const cells: CellGrid = { start: [], len: [] };
    for (let t = 0; t <= T; t++) {
      cells.start.push(t);
      cells.len.push(1);
      if (t > 0 && t % every === 0) mergeGroups(cells, t, policy);
    }
    let next = 0;
    cells.start.forEach((s, i) => {
      const L = cells.len[i]!;
      expect(s).toBe(next);
      expect(Number.isInteger(Math.log2(L))).toBe(true);
      if (L > 1) expect(T - (s + L - 1)).toBeGreaterThanOrEqual((policy.window * L) / 2);
      if (s < policy.early) expect(L).toBe(1);
      next = s + L;
    });
    expect(next).toBe(T + 1);
    expect(cells.start.length).toBeLessThanOrEqual(maxCells(T, policy, every));
    expect(maxCells(T, policy, every)).toBeLessThan(policy.early + policy.window * (2 + Math.log2(T / policy.window)) + every);
  });
  it('regrouping a triangle of sums preserves its total and its row/column sums per new cell; means preserve weighted totals', () => {
    const K = 7, ranges = [[0, 1], [1, 3], [3, 4], [4, 7]], w = [1, 1, 2, 1, 1, 2, 4];
    const x = Float64Array.from({ length: tri(K, 0) }, (_, i) => Math.sin(i + 1));
    const total = x.reduce((a, b) => a + b, 0);
    const y = x.slice();
    const { map, first } = cellMap(ranges);
    expect(first).toBe(1);
    regroupSumTriangle(y, 0, 1, map, first, new Float64Array(tri(K, 0)));
    expect(y.subarray(0, tri(4, 0)).reduce((a, b) => a + b, 0)).toBeCloseTo(total, 12);
    const zsum = x.slice();
    regroupTriangle(zsum, 0, 1, ranges, null, 'zero', new Float64Array(1));
    for (let i = 0; i < tri(4, 0); i++) expect(zsum[i]).toBeCloseTo(y[i]!, 12);
    // weighted means of a symmetric kernel: Σ w_r w_c K(r, c) over all (r, c) is preserved
    const full = (k: Float64Array, n: number, ww: number[]) => {
      let s = 0;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) s += ww[r]! * ww[c]! * k[c <= r ? tri(r, c) : tri(c, r)]!;
      return s;
    };
    const before = full(x, K, w);
    const m = x.slice();
    regroupTriangle(m, 0, 1, ranges, w, 'transpose', new Float64Array(1));
    const W2 = ranges.map(([a, b]) => w.slice(a, b).reduce((s, v) => s + v, 0));
    expect(full(m, 4, W2)).toBeCloseTo(before, 10);
  });
});

describe('long-horizon CLI contract', () => {
  it.each([
    [['threshold', 'dmft', '--steps', '100000'], '--steps'],
    [['nn', '--state', 'dmft', '--steps', '1000', '--window', '7'], '--window'],
    [['nn', '--state', 'dmft', '--steps', '1000', '--early', '-1'], '--early'],
    [['threshold', 'dmft', '--steps', '2000', '--samples', '1048576'], '--steps'],
  ])('%j exits 2 naming %s', async (args, flag) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(flag);
    expect(r.err.trim().split('\n').length).toBe(1);
  });
  it('threshold dmft --steps 300 coarse-grains by default and records the window', async () => {
    const r = await runCli(['threshold', 'dmft', '--steps', '300', '--samples', '64', '--realisations', '1', '--dims', '250', '--delta-range', '24,48', '--bisections', '0', '--lr', '1', '--json']);
    expect([0, 3]).toContain(r.code);
    const j = JSON.parse(r.out) as { config: { window: number; early: number; steps: number } };
    expect(j.config.window).toBe(8);
    expect(j.config.early).toBe(32);
    expect(j.config.steps).toBe(300);
  });
});
