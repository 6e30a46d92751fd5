import { describe, expect, it } from 'vitest';
import {
  absKernel,
  reluKernel,
  hermiteKernel,
  kernelFor,
  fixedNet,
  populationLoss,
  teacherNet,
  initStudent,
  lambdaBias,
  reducedStationary,
  trainPopulation,
  scalarActivation,
  type ActivationKernel,
  type ScalarActivation,
} from '../../../src/theory/local/index.js';
import { certificateReport, localExperiment } from '../../../src/simulate/local/index.js';
import { gaussHermite } from '../../../src/numerics/quadrature/gaussHermite.js';
import { makeRng } from '../../../src/numerics/random/rng.js';
import { resolveActivation } from '../../../src/model/formulas.js';
import { localCommand } from '../../../src/present/cli/commands/local.js';
import { localSuite } from '../../../src/compare/suites/local.js';
import { toJson } from '../../../src/core/format.js';
import { UsageError } from '../../../src/core/errors.js';

const absAct: ScalarActivation = { name: 'abs', f: Math.abs, df: Math.sign, kinks: [0] };
const tanhAct: ScalarActivation = { name: 'tanh', f: Math.tanh, df: (t) => 1 - Math.tanh(t) ** 2, kinks: [] };

/** K(w, v) for norms r, s and cosine ρ through the kernel interface. */
function K(kernel: ActivationKernel, r: number, s: number, rho: number): { value: number; trunc: number } {
  const f = kernel.features(new Float64Array([r, s]));
  const out = new Float64Array(4);
  kernel.pair(f, 0, f, 1, rho, out);
  return { value: out[0]!, trunc: out[3]! };
}

/** Independent reference: E[σ(r g1) σ(s(ρ g1 + √(1−ρ²) g2))] by a 2-D tensor Gauss–Hermite rule. */
function tensorGH(f: (t: number) => number, r: number, s: number, rho: number, n: number): number {
  const { nodes, weights } = gaussHermite(n);
  const c = Math.sqrt(1 - rho * rho);
  let acc = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) acc += weights[i]! * weights[j]! * f(r * nodes[i]!) * f(s * (rho * nodes[i]! + c * nodes[j]!));
  return acc;
}

describe('pair kernels (docs/theory.md §9)', () => {
  it('ReLU closed form equals the arc-cosine formula of docs/theory.md §9', () => {
    for (const rho of [-0.999, -0.4, 0, 0.3, 0.95, 1]) {
      const want = (1.3 * 0.7 * (Math.sqrt(1 - rho * rho) + (Math.PI - Math.acos(rho)) * rho)) / (2 * Math.PI);
      expect(K(reluKernel(), 1.3, 0.7, rho).value).toBeCloseTo(want, 14);
    }
    const self = (k: ActivationKernel) => {
      const out = new Float64Array(4);
      k.self(k.features(new Float64Array([1])), 0, out);
      return out[0];
    };
    expect(self(absKernel())).toBe(1); // E[G²]
    expect(self(reluKernel())).toBe(0.5); // E[relu(G)²]
  });

  it('Hermite series for |·| agrees with the closed form within its reported error bound (tail + quadrature)', () => {
    const h = hermiteKernel(absAct, { kmax: 30 });
    for (const [r, s, rho] of [[1, 1, 0.3], [0.4, 2.2, -0.7], [1.5, 0.9, 0.9]] as const) {
      const { value, trunc } = K(h, r, s, rho);
      const exact = K(absKernel(), r, s, rho).value;
      expect(trunc).toBeGreaterThan(0);
      expect(Math.abs(value - exact)).toBeLessThanOrEqual(trunc + 1e-12);
    }
  });

  it('Hermite series for tanh at general norms agrees with a 2-D tensor Gauss–Hermite integral', () => {
    const h = hermiteKernel(tanhAct, { kmax: 40 });
    for (const [r, s, rho] of [[0.5, 1.7, 0.6], [2, 1, -0.85], [1, 1, 0.2]] as const) {
      const ref = tensorGH(Math.tanh, r, s, rho, 200);
      const ref2 = tensorGH(Math.tanh, r, s, rho, 150);
      const quad = Math.abs(ref - ref2);
      const { value, trunc } = K(h, r, s, rho);
      expect(Math.abs(value - ref)).toBeLessThanOrEqual(trunc + quad + 1e-12);
    }
  });

  it('kernelFor picks the closed form for every σ = A t + B|t| and the series otherwise', () => {
    const shifted = scalarActivation(resolveActivation('relu(x) - x/2'));
    const k1 = kernelFor(shifted);
    expect(k1.method).toBe('closed-form arc-cosine');
    expect(k1.even).toBe(true);
    expect(K(k1, 1, 1, 0.3).value).toBeCloseTo(K(absKernel(), 1, 1, 0.3).value / 4, 14);
    expect(kernelFor(scalarActivation(resolveActivation('tanh'))).method).toMatch(/hermite-series/);
    expect(() => scalarActivation(resolveActivation('sign(x)'))).toThrow(UsageError);
  });
});

describe('population loss gradients against central finite differences', () => {
  for (const kernel of [absKernel(), reluKernel(), hermiteKernel(tanhAct, { kmax: 30 })]) {
    it(kernel.name, () => {
      const rng = makeRng(11);
      const T = fixedNet(kernel, teacherNet('random', [1, -0.6, 0.8], 6, rng));
      const s = initStudent(5, 6, 0.9, rng);
      const g = { a: new Float64Array(5), W: new Float64Array(30) };
      populationLoss(kernel, T, s, g);
      const h = 1e-5;
      for (const [x, gx] of [[s.a, g.a], [s.W, g.W]] as const)
        for (let p = 0; p < x.length; p++) {
          const x0 = x[p]!;
          x[p] = x0 + h;
          const lp = populationLoss(kernel, T, s).loss;
          x[p] = x0 - h;
          const lm = populationLoss(kernel, T, s).loss;
          x[p] = x0;
          // central differences: O(h²) ≈ 1e−10 times third derivatives of order 1, plus rounding 1e−16/h
          expect(Math.abs((lp - lm) / (2 * h) - gx[p]!)).toBeLessThan(1e-7);
        }
    });
  }
});

describe('λ-bias and stationary point', () => {
  const orth = fixedNet(absKernel(), teacherNet('orthonormal', [1, -1, 1], 20, makeRng(0)));
  it('b and L/λ² for orthonormal |·| teachers: G = (1 − 2/π)I + (2/π)11ᵀ (Sherman–Morrison)', () => {
    const lam = 0.01;
    const al = 1 - 2 / Math.PI, be = 2 / Math.PI;
    const s = [1, -1, 1];
    const sumS = 1;
    const Ginv_s = s.map((x) => (x - (be * sumS) / (al + 3 * be)) / al);
    const lb = lambdaBias(absKernel(), orth, lam);
    lb.b.forEach((b, i) => expect(b).toBeCloseTo(s[i]! - lam * Ginv_s[i]!, 13));
    expect(lb.loss_over_lambda2).toBeCloseTo(0.5 * s.reduce((a, x, i) => a + x * Ginv_s[i]!, 0), 12);
    expect(lb.direction_residual).toBeLessThan(1e-15);
    expect(lb.signs_preserved).toBe(true);
    const relu = fixedNet(reluKernel(), teacherNet('orthonormal', [1, -1, 1], 20, makeRng(0)));
    expect(lambdaBias(reluKernel(), relu, lam).direction_residual).toBeGreaterThan(0.1); // k'(0) = 1/4
  });

  it('the one-neuron-per-teacher stationary point reproduces the closed form when the directions are stationary', () => {
    const st = reducedStationary(absKernel(), orth, 0.02);
    const lb = lambdaBias(absKernel(), orth, 0.02);
    expect(st.status.converged).toBe(true);
    st.b.forEach((b, i) => expect(Math.abs(b - lb.b[i]!)).toBeLessThan(1e-11));
    st.angles_deg.forEach((a) => expect(a).toBeLessThan(1e-5));
    expect(st.loss_over_lambda2).toBeCloseTo(lb.loss_over_lambda2, 7);
  });
});

describe('population GD with weight decay', () => {
  it('reaches the λ-bias and the certificate equals sign(a_j) at survivors (small case)', () => {
    const kernel = absKernel();
    const tNet = teacherNet('orthonormal', [1, -1], 6, makeRng(0));
    const T = fixedNet(kernel, tNet);
    const lam = 0.05;
    const r = trainPopulation(kernel, T, initStudent(8, 6, 0.05, makeRng(2)), {
      lr: 0.2, steps: 4000, lambda0: lam, schedule: { kind: 'constant' }, thresholdDeg: 15, gtol: 1e-8,
    });
    expect(r.status.converged).toBe(true);
    const lb = lambdaBias(kernel, T, lam);
    expect(Math.abs(r.loss / lam ** 2 - lb.loss_over_lambda2)).toBeLessThan(1e-6);
    const c = certificateReport(kernel, tNet, r.student, lam, { thresholdDeg: 15, survivorFraction: 1e-3, sup: true, seed: 1 });
    expect(c.max_deviation!).toBeLessThan(1e-6);
    expect(Math.abs(c.sup_abs! - 1)).toBeLessThan(1e-6);
    expect(r.trajectory.length).toBeGreaterThan(100);
  });

  it('empirical-risk GD approaches the population cluster masses at rate O(√(d/n))', () => {
    const kernel = absKernel();
    const base = {
      act: absAct, kernel, teacherDirs: 'orthonormal' as const, teacherA: [1, -1], d: 4, m: 6, lambda: 0.05,
      schedule: { kind: 'constant' as const }, steps: 1500, lr: 0.2, seed: 3, teacherSeed: 1, initScale: 0.05,
      thresholdDeg: 15, gtol: 1e-6, survivorFraction: 1e-3, certificateSup: false,
    };
    const r = localExperiment({ ...base, n: 4000 });
    const emp = r.empirical!;
    r.clusters.forEach((c, i) => expect(Math.abs(emp.clusters[i]!.mass - c.mass)).toBeLessThan(5 * Math.sqrt(4 / 4000)));
    expect(emp.train_loss).toBeGreaterThan(0);
  });
});

describe('flcalc local', () => {
  it('prints the contract keys, finite JSON, and null ratios at λ = 0', async () => {
    const out = await localCommand.run({ d: '8', width: '8', steps: '3000', lambda: '0.05', 'teacher-a': '1,-1', sup: true });
    const j = out.json as Record<string, unknown>;
    for (const key of ['loss', 'loss_over_lambda2', 'predicted_loss_over_lambda2', 'clusters', 'far_mass', 'certificate', 'trajectory'])
      expect(j).toHaveProperty(key);
    expect(() => toJson(out.json)).not.toThrow();
    expect(out.text).toContain('loss/λ²');
    const zero = await localCommand.run({ d: '8', width: '4', steps: '50', lambda: '0', 'teacher-a': '1,-1' });
    const z = zero.json as Record<string, unknown>;
    expect(z['loss_over_lambda2']).toBeNull();
    expect(z['certificate']).toBeNull();
    expect(() => toJson(zero.json)).not.toThrow();
    expect(zero.exitCode).toBe(3);
  });

  it('rejects bad flags with UsageError', () => {
    expect(() => localCommand.run({ schedule: 'geometric:0:0.5' })).toThrow(UsageError);
    expect(() => localCommand.run({ 'teacher-a': '1,0' })).toThrow(UsageError);
    expect(() => localCommand.run({ d: '2', 'teacher-a': '1,-1,1' })).toThrow(UsageError);
  });
});

describe('validation suite local (quick)', () => {
  it('runs E1–E4 and every case passes', { timeout: 120_000 }, async () => {
    const cases = await localSuite.run({ quick: true });
    expect(cases.map((c) => c.id)).toEqual(expect.arrayContaining(['E1-loss', 'E1-far', 'E2-far', 'E2-sublinear', 'E3-exponent', 'E4-orth-sup']));
    expect(cases.filter((c) => !c.pass).map((c) => c.id)).toEqual([]);
  });
});
