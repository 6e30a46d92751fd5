import { describe, it, expect } from 'vitest';
import type { CompiledFn } from '../../../src/numerics/expr/compile.js';
import { makeRng } from '../../../src/numerics/random/rng.js';
import { gaussianData } from '../../../src/numerics/random/gaussianData.js';
import { riskAndGradient, sampleTerms, hessianOperator, type Network } from '../../../src/model/network.js';
import { blockedHessianOperator } from '../../../src/simulate/hessian/blockedHvp.js';

// Hand-written jets (independent of the expression compiler) for the finite-difference checks.
function fn1(vars: string[], wrtJet: (args: ArrayLike<number>, wrt: number, out: Float64Array) => void): CompiledFn {
  const out = new Float64Array(4);
  return {
    source: 'test',
    vars,
    value: (a) => (wrtJet(a, vars.length - 1, out), out[0]!),
    jet: wrtJet,
    smoothness: 'smooth',
    diracOrder: Infinity,
    switches: [],
    latex: '',
  };
}
const tanhAct = fn1(['x'], (a, _w, out) => {
  const t = Math.tanh(a[0]!);
  out[0] = t;
  out[1] = 1 - t * t;
  out[2] = -2 * t * (1 - t * t);
  out[3] = (1 - t * t) * (6 * t * t - 2);
});
const squareLoss = fn1(['y', 'f'], (a, _w, out) => {
  const r = a[1]! - a[0]!;
  out[0] = 0.5 * r * r;
  out[1] = r;
  out[2] = 1;
  out[3] = 0;
});

describe('network: gradient and Hessian–vector product', () => {
  const d = 30, n = 203, m = 3; // n mod 8 ≠ 0: the blocked sweeps and their remainder rows
  const rng = makeRng(11);
  const data = gaussianData(n, d, rng);
  const y = new Float64Array(n).map((_, i) => Math.tanh(data.X[i * d]! ** 2));
  const net: Network = { act: tanhAct, loss: squareLoss, readout: Float64Array.from([0.7, -0.4, 0.2]), ridge: 0.05 };
  const W = new Float64Array(m * d);
  rng.fillNormal(W);
  W.forEach((w, k) => (W[k] = w / Math.sqrt(d)));
  const reg = (V: Float64Array) => riskAndGradient(net, data, y, V) + 0.5 * net.ridge * V.reduce((s, v) => s + v * v, 0);

  it('∇R̂ matches central finite differences (error O(h²) ≈ 1e-9)', () => {
    const g = new Float64Array(m * d);
    riskAndGradient(net, data, y, W, g);
    const h = 1e-5;
    for (const k of [0, 5, d + 1, 2 * d + 7, 3 * d - 1]) {
      const Wp = Float64Array.from(W), Wm = Float64Array.from(W);
      Wp[k] = Wp[k]! + h;
      Wm[k] = Wm[k]! - h;
      expect(Math.abs((reg(Wp) - reg(Wm)) / (2 * h) - g[k]!)).toBeLessThan(1e-8);
    }
  });

  it.each(['row-by-row', 'blocked'])('Hessian operator (%s) matches finite differences of the gradient and is symmetric', (kind) => {
    const terms = sampleTerms(net, data, y, W);
    const op = kind === 'blocked' ? blockedHessianOperator(data, terms, net.ridge) : hessianOperator(data, terms, net.ridge);
    const v = new Float64Array(m * d), w = new Float64Array(m * d);
    rng.fillNormal(v);
    rng.fillNormal(w);
    const Hv = new Float64Array(m * d), Hw = new Float64Array(m * d);
    op.apply(v, Hv);
    op.apply(w, Hw);
    const h = 1e-5;
    const gp = new Float64Array(m * d), gm = new Float64Array(m * d);
    riskAndGradient(net, data, y, W.map((x, k) => x + h * v[k]!), gp);
    riskAndGradient(net, data, y, W.map((x, k) => x - h * v[k]!), gm);
    let err = 0, scale = 0;
    for (let k = 0; k < m * d; k++) {
      err = Math.max(err, Math.abs((gp[k]! - gm[k]!) / (2 * h) - Hv[k]!));
      scale = Math.max(scale, Math.abs(Hv[k]!));
    }
    expect(err / scale).toBeLessThan(1e-7);
    const wHv = w.reduce((s, x, k) => s + x * Hv[k]!, 0), vHw = v.reduce((s, x, k) => s + x * Hw[k]!, 0);
    expect(Math.abs(wHv - vHw)).toBeLessThan(1e-10 * Math.abs(wHv) + 1e-12);
    expect(Math.abs(terms.risk - riskAndGradient(net, data, y, W))).toBeLessThan(1e-14);
  });
});

import { runGd, hessianProbe } from '../../../src/simulate/gd/gd.js';
import { buildProblem, type GdConfig } from '../../../src/model/problem.js';
import { correlationSplit } from '../../../src/model/latentSplit.js';
import { runSeeds, executionMode } from '../../../src/simulate/gd/seeds.js';
import { empiricalThreshold } from '../../../src/simulate/gd/empiricalThreshold.js';
import { populationStateDeltaNN } from '../../../src/theory/population/population.js';
import { initialStateThresholds } from '../../../src/theory/population/initialState.js';
import { resolveTarget } from '../../../src/model/formulas.js';
import { symmetricEigen } from '../../../src/numerics/linalg/symmetricEigen.js';
import { UsageError } from '../../../src/core/errors.js';
import { main } from '../../../src/present/cli/main.js';

const base: GdConfig = {
  act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 10, ridge: 0,
  delta: 4, d: 40, hessianAt: [], hessianK: 2, nTest: 200, recordEvery: 5,
};

describe('GD simulator', () => {
  it('is reproducible from the seed and seeds differ', () => {
    const a = runGd(base, 3), b = runGd(base, 3), c = runGd(base, 4);
    expect(a.series).toEqual(b.series);
    expect(a.final.train_risk).not.toBe(c.final.train_risk);
    expect(a.n).toBe(160);
    // full-batch GD with a small step decreases the training risk
    const tr = a.series.train_risk;
    for (let i = 1; i < tr.length; i++) expect(tr[i]!).toBeLessThanOrEqual(tr[i - 1]! + 1e-12);
  });

  it('Lanczos Hessian probe equals the lowest eigenpairs of the explicit Hessian (m = 2, ridge)', () => {
    const cfg: GdConfig = { ...base, d: 15, delta: 6, readout: [0.8, -0.5], ridge: 0.01 };
    const p = buildProblem(cfg, 5);
    const probe = hessianProbe(p, p.W0, 0, 2, cfg.delta, 5);
    const N = 2 * cfg.d;
    const { sampleTerms: st, hessianOperator: ho } = { sampleTerms, hessianOperator };
    const op = ho(p.train, st(p.net, p.train, p.yTrain, p.W0), cfg.ridge);
    const H = new Float64Array(N * N), e = new Float64Array(N), col = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      e.fill(0);
      e[j] = 1;
      op.apply(e, col);
      for (let i = 0; i < N; i++) H[i * N + j] = col[i]!;
    }
    const ev = symmetricEigen(H, N).values.slice().sort((x, y) => x - y);
    expect(probe.status.converged).toBe(true);
    expect(Math.abs(probe.values[0]! - ev[0]!)).toBeLessThan(1e-8);
    expect(Math.abs(probe.values[1]! - ev[1]!)).toBeLessThan(1e-8);
    expect(probe.plugin).toBeNull(); // the scalar plug-in law is for m = 1
  });

  it('splits the latent space by the first Hermite coefficient', () => {
    expect(correlationSplit(resolveTarget('tanh(z^2)'))).toEqual({ easy: [], hard: [0] });
    expect(correlationSplit(resolveTarget('z1 + z2^2'))).toEqual({ easy: [0], hard: [1] });
    expect(correlationSplit(resolveTarget('z1 + z2^2'), [1])).toEqual({ easy: [1], hard: [0] });
  });

  it('runs seeds in-process under vitest (no compiled worker next to the TS source)', async () => {
    expect(executionMode(2, 2)).toBe('in-process (sequential)');
    const runs = await runSeeds({ ...base, steps: 2 }, [1, 2]);
    expect(runs.map((r) => r.seed)).toEqual([1, 2]);
  });

  it('rejects fewer than 4 seeds for the empirical threshold', async () => {
    await expect(empiricalThreshold(base, { dims: [40], seeds: [1, 2, 3], lo: 2, hi: 8, maxDelta: 16, bisections: 1 })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('population model of phase 1', () => {
  it('at t = 0 (w ⊥ θ, ‖w‖ = 1) it is the fixed-state threshold δ* = 5.224 of docs/theory.md §4', () => {
    const r = populationStateDeltaNN({ act: 'gelu', loss: 'square', target: 'tanh(z^2)', readout: [1], initScale: 1, lr: 1, steps: 0 });
    expect(r.status.converged).toBe(true);
    expect(r.weight_unbounded_below).toBe(false);
    // docs/theory.md §4 quotes 4 significant digits: |error| ≤ 5e-4 rounding + quadrature.
    expect(Math.abs(r.delta_nn! - 5.224)).toBeLessThan(1e-3);
  });

  it('population GD decreases the population risk', () => {
    const r = populationStateDeltaNN({ act: 'gelu', loss: 'square', target: 'tanh(z^2)', readout: [1], initScale: 1, lr: 0.5, steps: 20, every: 1 });
    for (let i = 1; i < r.risk_t.length; i++) expect(r.risk_t[i]!).toBeLessThanOrEqual(r.risk_t[i - 1]! + 1e-12);
    expect(r.t.length).toBe(21);
  });
});

describe('initial-state thresholds and the population model on the other issue-4 cases', () => {
  it('W(0) of GELU/square/tanh(z²) gives the fixed-state δ* = 5.224 of docs/theory.md §4 through src/theory/hessian too', () => {
    const r = initialStateThresholds({ act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1 });
    expect(Math.abs(r.delta_nn! - 5.224)).toBeLessThan(1e-3);
  });

  it('tanh + logistic loss + even ±1 label: T = h(y·u) is independent of z at W(0), so no outlier at any δ', () => {
    const spec = { act: 'tanh', loss: 'logistic', target: 'sign(abs(z)-0.6745)', noise: 0, readout: [1], initScale: 1 };
    expect(initialStateThresholds(spec).delta_nn).toBeNull();
    const pop = populationStateDeltaNN({ ...spec, lr: 1, steps: 5 });
    expect(pop.delta_nn_t.every((x) => x === null)).toBe(true);
  });

  it('x² on phase retrieval: T = 6u² − 2z² is unbounded below: detected, the two threshold rules disagree, status not converged', () => {
    const pop = populationStateDeltaNN({ act: 'quadratic', loss: 'square', target: 'z^2', readout: [1], initScale: 1, lr: 0.05, steps: 0 });
    expect(pop.status.converged).toBe(false);
    expect(pop.weight_unbounded_below).toBe(true);
    expect(pop.error_estimate).toBeGreaterThan(1e-3 * pop.delta_nn!);
  });
});

describe('GD early stop for grokking times', () => {
  it('stops at the first recorded step with U_H overlap² ≥ 0.5, on the same trajectory as the full run', () => {
    const cfg: GdConfig = { ...base, act: 'quadratic', target: 'z^2', lr: 0.05, d: 40, delta: 16, steps: 400, recordEvery: 5 };
    const full = runGd(cfg, 2);
    const early = runGd({ ...cfg, stopWhenLearned: true }, 2);
    expect(full.t_learn).not.toBeNull();
    expect(early.t_learn).toBe(full.t_learn);
    expect(early.series.t[early.series.t.length - 1]).toBe(full.t_learn);
    expect(early.series.overlap_h).toEqual(full.series.overlap_h.slice(0, early.series.t.length));
  });
});

describe('CLI', () => {
  it('simulate gd --json has per-seed series and Hessian probes; bad flags exit 2', async () => {
    let out = '';
    const io = { out: (s: string) => (out += s), err: () => {} };
    const code = await main(['simulate', 'gd', '--d', '40', '--delta', '4', '--steps', '4', '--seeds', '2', '--hessian-at', '0,4', '--json'], io);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.runs).toHaveLength(2);
    expect(j.runs[0].hessian.map((h: { t: number }) => h.t)).toEqual([0, 4]);
    expect(j.runs[0].series.t).toEqual([0, 1, 2, 3, 4]);
    expect(j.n).toBe(160);
    expect(await main(['simulate', 'gd', '--d', '40', '--delta', '-1'], { out: () => {}, err: () => {} })).toBe(2);
    expect(await main(['simulate', 'gd', '--d', '40', '--delta', '4', '--width', '2', '--readout', '1,2,3'], { out: () => {}, err: () => {} })).toBe(2);
  });
});

import { dynamicsSuite } from '../../../src/compare/suites/dynamics.js';

describe('validation suite dynamics (quick)', () => {
  it('returns the plug-in and population cases with finite numbers', async () => {
    const cases = await dynamicsSuite.run({ quick: true });
    expect(cases.map((c) => c.id)).toContain('plugin-lowest-t5');
    expect(cases.map((c) => c.id)).toContain('dmft-theta-response-t30');
    for (const c of cases) {
      expect(Number.isFinite(c.theory!)).toBe(true);
      expect(Number.isFinite(c.measured!)).toBe(true);
    }
    expect(cases.find((c) => c.id === 'population-t0-fixed-state')!.pass).toBe(true);
  });
});
