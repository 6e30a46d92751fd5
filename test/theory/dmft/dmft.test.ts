// The discrete-time DMFT of GD (src/theory/dmft): exact cases, symmetries, the Rademacher mixing, the majority interval,
// one comparison with simulated GD, and bad input.
import { describe, expect, it } from 'vitest';
import { dmftPath, type DmftSpec } from '../../../src/theory/dmft/march.js';
import { fwht, rademacherMix } from '../../../src/theory/dmft/kernels.js';
import { medianOfDrawsInterval } from '../../../src/theory/dmft/learning.js';
import { weightUnboundedBelow } from '../../../src/theory/dmft/deltaNN.js';
import { runGd } from '../../../src/simulate/gd/gd.js';
import type { GdConfig } from '../../../src/model/problem.js';
import { meanSe } from '../../../src/numerics/stats.js';
import { usage, runCli } from '../../helpers.js';
import { binom, mpMoment } from './marchenkoPastur.js';


describe('DMFT exact case: linear σ, square loss, y ≡ 0 (GD on a random least-squares problem)', () => {
  // w(t) = (I − ηΣ̂)^t w(0), so ‖w(t)‖² = s² E_MP[(1 − ηλ)^{2t}] and R̂ = (s²/2) E_MP[λ(1 − ηλ)^{2t}] with the
  // Marchenko–Pastur law of ratio γ = 1/δ: a closed form the DMFT must reproduce (R is exact here, C_r is Monte Carlo).
  const delta = 2, eta = 0.5, T = 8;
  const spec: DmftSpec = { act: 'x', loss: 'square', target: '0*z', noise: 0, readout: [1], initScale: 1, lr: eta, steps: T, ridge: 0, delta, samples: 4096, seed: 1 };
  const runs = [1, 2, 3, 4].map((seed) => dmftPath({ ...spec, seed }, { d: Infinity, seed: 0 }));
  const exact = (t: number, extra: number) => {
    let s = 0;
    for (let k = 0; k <= 2 * t; k++) s += binom(2 * t, k) * (-eta) ** k * mpMoment(k + extra, 1 / delta);
    return s;
  };
  it.each([1, 2, 4, 8])('‖w(t)‖² and the train risk at t = %i within 4 Monte Carlo se of the Marchenko–Pastur value', (t) => {
    const q = meanSe(runs.map((r) => r.q[t]![0]!));
    const risk = meanSe(runs.map((r) => r.train_risk[t]!));
    expect(Math.abs(q.mean - exact(t, 0))).toBeLessThanOrEqual(4 * q.se + 1e-12);
    expect(Math.abs(risk.mean - exact(t, 1) / 2)).toBeLessThanOrEqual(4 * risk.se + 1e-12);
  });
  it('at t = 1 the noise term is one exact step: q(1) = 1 − 2η + η²(1 + 1/δ)', () => {
    expect(runs[0]!.q[1]![0]!).toBeCloseTo(exact(1, 0), 1);
  });
});

describe('DMFT symmetries', () => {
  const base: DmftSpec = { act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 12, ridge: 0, delta: 16, samples: 512, seed: 3 };
  it('d → ∞ with an even target: M(t) ≡ 0 exactly (antithetic pairs make E[z r] vanish as in the limit)', () => {
    const p = dmftPath(base, { d: Infinity, seed: 0 });
    expect(p.M.every((v) => v[0] === 0)).toBe(true);
    expect(p.overlap_h.every((o) => o === 0)).toBe(true);
  });
  it('the θ channel responds linearly to a small M(0): M(t)/M(0) agrees for M(0) = 1e-7 and 1e-4', () => {
    const a = dmftPath(base, { d: Infinity, seed: 0, m0: [1e-7] });
    const b = dmftPath(base, { d: Infinity, seed: 0, m0: [1e-4] });
    for (const t of [5, 12]) expect(a.M[t]![0]! / 1e-7).toBeCloseTo(b.M[t]![0]! / 1e-4, 2);
  });
  it('two neurons with equal readouts and a common path behave like the state of one neuron block (shapes, finiteness)', () => {
    const p = dmftPath({ ...base, readout: [0.5, 0.5], lr: 2, steps: 6 }, { d: 500, seed: 1 });
    expect(p.M[6]!.length).toBe(2);
    expect(p.q.flat().every((x) => Number.isFinite(x) && x > 0)).toBe(true);
  });
});

describe('Rademacher mixing and order statistics', () => {
  it('fwht is the Hadamard transform: H·H = N·I', () => {
    const N = 16;
    const x = Float64Array.from({ length: N }, (_, i) => Math.sin(i + 1));
    const y = Float64Array.from(x);
    fwht(y, 0, N);
    fwht(y, 0, N);
    for (let i = 0; i < N; i++) expect(y[i]! / N).toBeCloseTo(x[i]!, 12);
  });
  it('mixing all N rows preserves the second moment exactly (Parseval): Σ_p h_p² = Σ_k x_k²', () => {
    const N = 64;
    const x = Float64Array.from({ length: N }, (_, i) => Math.cos(3 * i) + 0.1 * i);
    const signs = Float64Array.from({ length: N }, (_, i) => (i % 3 === 0 ? -1 : 1));
    const h = new Float64Array(N);
    rademacherMix(x, 1, signs, N, h, new Float64Array(N));
    const sx = x.reduce((a, v) => a + v * v, 0), sh = h.reduce((a, v) => a + v * v, 0);
    expect(sh).toBeCloseTo(sx, 9);
  });
  it('medianOfDrawsInterval: one draw gives the 5% and 95% empirical quantiles; more draws narrow it', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(medianOfDrawsInterval(xs, 1)).toEqual([5, 95]);
    const [lo4, hi4] = medianOfDrawsInterval(xs, 4);
    const [lo9, hi9] = medianOfDrawsInterval(xs, 9);
    expect(hi9 - lo9).toBeLessThan(hi4 - lo4);
  });
});

describe('DMFT vs simulated GD (GELU, square loss, y = tanh(z²), d = 600, δ = 8, T = 10)', () => {
  // Both sides are random: 4 simulation seeds and 4 DMFT populations; the tolerance is 4 combined standard errors.
  const cfg: GdConfig = { act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 10, ridge: 0, delta: 8, d: 600, hessianAt: [], hessianK: 1, nTest: 10, recordEvery: 1 };
  const sims = [1, 2, 3, 4].map((seed) => runGd(cfg, seed));
  const spec: DmftSpec = { ...cfg, samples: 2048, seed: 1 };
  const th = [1, 2, 3, 4].map((seed) => dmftPath({ ...spec, seed }, { d: cfg.d, seed }));
  it.each([1, 5, 10])('‖w(t)‖² and train risk at t = %i', (t) => {
    const i = sims[0]!.series.t.indexOf(t);
    const w2 = meanSe(sims.map((s) => s.series.w_norm[i]! ** 2));
    const tw2 = meanSe(th.map((p) => p.w_norm[t]! ** 2));
    const risk = meanSe(sims.map((s) => s.series.train_risk[i]!));
    const trisk = meanSe(th.map((p) => p.train_risk[t]!));
    expect(Math.abs(w2.mean - tw2.mean)).toBeLessThanOrEqual(4 * Math.hypot(w2.se, tw2.se));
    expect(Math.abs(risk.mean - trisk.mean)).toBeLessThanOrEqual(4 * Math.hypot(risk.se, trisk.se));
  });
});

describe('DMFT bad input', () => {
  const base: DmftSpec = { act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 3, ridge: 0, delta: 4, samples: 64, seed: 1 };
  it('names the argument', () => {
    expect(usage(() => dmftPath({ ...base, samples: 100 }, { d: Infinity, seed: 0 })).message).toContain('--samples');
    expect(usage(() => dmftPath({ ...base, target: 'z1*z2' }, { d: Infinity, seed: 0 })).message).toContain('--target');
    expect(usage(() => dmftPath({ ...base, target: 'z^3' }, { d: Infinity, seed: 0 })).message).toContain('easy direction');
    expect(usage(() => dmftPath({ ...base, delta: -1 }, { d: Infinity, seed: 0 })).message).toContain('--delta');
  });
});

describe('DMFT CLI contract', () => {
  const run = (args: string[]) => runCli(args);
  it('nn --state dmft --json gives delta_nn and delta_nn_t (one per requested t)', async () => {
    const r = await run(['nn', '--state', 'dmft', '--steps', '4', '--times', '0,2,4', '--samples', '256', '--law-samples', '2048', '--replicas', '2', '--delta-grid', '2,4,8,16,32', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { delta_nn: number | null; delta_nn_t: (number | null)[]; t: number[]; status: string };
    expect(j.t).toEqual([0, 2, 4]);
    expect(j.delta_nn_t.length).toBe(3);
    expect(j.delta_nn).toBe(j.delta_nn_t[2]);
    // t = 0 is the fixed state: the exact δ* is 5.224 (docs/theory.md §4); 2048 samples × 2 replicas resolve it to ~10%
    expect(j.delta_nn_t[0]).toBeGreaterThan(4);
    expect(j.delta_nn_t[0]).toBeLessThan(8);
  });
  it.each([
    [['threshold', 'dmft', '--dims', 'abc'], '--dims'],
    [['threshold', 'dmft', '--samples', '300'], '--samples'],
    [['nn', '--state', 'dmft', '--times', '0,500'], '--times'],
    [['nn', '--state', 'dmft', '--steps', '100000'], '--steps'],
  ])('%j exits 2 naming %s', async (args, flag) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(flag);
    expect(r.err.trim().split('\n').length).toBe(1);
  });
});

describe('DMFT plug-in: weights unbounded below are flagged (§1 needs a bounded weight)', () => {
  const base = { noise: 0, initScale: 1, lr: 1, steps: 10, ridge: 0, delta: 8, samples: 64, seed: 1 };
  it('GELU/square m = 1 and tanh/logistic are bounded; x²/square and GELU/square m = 2 are not', () => {
    expect(weightUnboundedBelow({ ...base, act: 'gelu', loss: 'square', target: 'tanh(z^2)', readout: [1] }, -0.3)).toBe(false);
    expect(weightUnboundedBelow({ ...base, act: 'tanh', loss: 'logistic', target: 'sign(abs(z)-0.6745)', readout: [1] }, -0.1)).toBe(false);
    expect(weightUnboundedBelow({ ...base, act: 'quadratic', loss: 'square', target: 'z^2', readout: [1] }, -20)).toBe(true);
    expect(weightUnboundedBelow({ ...base, act: 'gelu', loss: 'square', target: 'tanh(z^2)', readout: [0.5, 0.5] }, -0.3)).toBe(true);
    // Label noise: A = σ'² + (f − g(z) − noise·ξ)σ'' is linear in ξ, unbounded below wherever σ'' ≠ 0.
    expect(weightUnboundedBelow({ ...base, act: 'gelu', loss: 'square', target: 'tanh(z^2)', readout: [1], noise: 0.1 }, -0.3)).toBe(true);
  });
});
