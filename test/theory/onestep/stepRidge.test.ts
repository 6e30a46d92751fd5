import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { hermiteData, kernelParams, onestepTheory, ridgeErrors } from '../../../src/theory/onestep/index.js';
import { stepFeatureLaw, type StepFeatureLaw } from '../../../src/theory/onestep/stepFeatures.js';
import { profileRidgeErrors } from '../../../src/theory/onestep/profileRidge.js';
import { runCli } from '../../helpers.js';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

const act = resolveActivation('sin(x)+cos(x)');
const target = resolveTarget('z + z^2/2');
const base = { act, target, c: 1, psi: 1, phi: 1, noise: 0.1, ridge: 0.1 };

/** A neuron profile with the same coefficients for every neuron (the F0 bulk). */
function homogeneous(c1: number, cstar2: number, L: number): StepFeatureLaw {
  const coeffs = new Float64Array(L + 1);
  coeffs[0] = c1;
  return { nodes: [{ weight: 1, g: 0, coeffs, noise2: cstar2 }], blocks: L + 1, grid: { nodes: new Float64Array(0), weights: new Float64Array(0) }, kernel: new Float64Array(0) };
}

describe('profiled ridge deterministic equivalent, docs/theory.md (8.6)–(8.9)', () => {
  const none = { theta: [], gamma: [], profile: [] };
  it('reduces to the Marchenko–Pastur ridge formula when every neuron has c = c_1, D*² = c_*² (no spikes)', () => {
    // ridge.ts integrates the MP law with a quadrature rule; its error (≈1e-7 relative) bounds the agreement.
    for (const [psi, phi] of [[1, 1], [0.5, 2], [2, 0.5]] as const) {
      const common = { psi, phi, n: 500, lambda: 0.1 };
      const ref = ridgeErrors({ c1: 0.607, cstar2: 0.264, ...common, linear2: 0.64, noise2: 0.5, spikes: [] });
      const q = new Float64Array(3);
      q[0] = 0.8;
      const got = profileRidgeErrors({ law: homogeneous(0.607, 0.264, 2), q, spikes: none, noise2: 0.5, ...common });
      expect(got.status.converged).toBe(true);
      expect(Math.abs(got.kappa / ref.kappa - 1)).toBeLessThan(1e-6);
      expect(Math.abs(got.test_error / ref.test_error - 1)).toBeLessThan(1e-6);
      expect(Math.abs(got.train_error / ref.train_error - 1)).toBeLessThan(1e-6);
    }
  });
  it('is exact for a diagonal bulk plus spikes (Woodbury, (8.7)): compared with Bach’s formula on the explicit Σ', () => {
    // No linear bulk (c = 0): Σ = diag(D*²) + UΘUᵀ on N = 6 features is explicit, and (8.7)–(8.9) hold exactly up to
    // the κ̃-differences (relative error ≈ 1e-6).
    const N = 6, n = 12, lambda = 0.3, phi = N / n;
    const d2 = [0.2, 0.5, 0.9, 0.3, 1.4, 0.7];
    const law: StepFeatureLaw = { nodes: d2.map((v) => ({ weight: 1 / N, g: 0, coeffs: new Float64Array(1), noise2: v })), blocks: 1, grid: { nodes: new Float64Array(0), weights: new Float64Array(0) }, kernel: new Float64Array(0) };
    const u1 = Float64Array.from([1, 1, 1, 1, 1, 1], (x) => x / Math.sqrt(6));
    const u2 = Float64Array.from([1, -1, 2, 0, -1, -1], (x) => x / Math.sqrt(8));
    const spikes = { theta: [4, 1.5], gamma: [0.6, -0.3], profile: [u1, u2] };
    const noise2 = 0.4;
    const got = profileRidgeErrors({ law, q: new Float64Array(1), spikes, noise2, psi: 1, phi, n, lambda });
    // Explicit: Σ, c = UΘ^{1/2}γ, κ̃ from λφ = κ̃(1 − tr Σ(Σ+κ̃)^{−1}/n), test = [Ey² − c(Σ+κ̃)^{−1}c − κ̃ c(Σ+κ̃)^{−2}c]/(1 − tr Σ²(Σ+κ̃)^{−2}/n).
    const S = Matrix.diag(d2);
    const c = Matrix.zeros(N, 1);
    spikes.profile.forEach((u, r) => {
      const uu = Matrix.columnVector(Array.from(u));
      S.add(uu.mmul(uu.transpose()).mul(spikes.theta[r]!));
      c.add(uu.clone().mul(Math.sqrt(spikes.theta[r]!) * spikes.gamma[r]!));
    });
    const eig = new EigenvalueDecomposition(S);
    const ev = eig.realEigenvalues;
    const proj = eig.eigenvectorMatrix.transpose().mmul(c).to1DArray();
    const df = (k: number, p: number) => ev.reduce((a, e) => a + (e / (e + k)) ** p, 0);
    let lo = 1e-9, hi = 100;
    for (let i = 0; i < 200; i++) { const mid = Math.sqrt(lo * hi); if (mid * (1 - df(mid, 1) / n) - lambda * phi > 0) hi = mid; else lo = mid; }
    const k = Math.sqrt(lo * hi);
    const ey2 = noise2 + spikes.gamma.reduce((a, x) => a + x * x, 0);
    const c1 = proj.reduce((a, x, i) => a + (x * x) / (ev[i]! + k), 0);
    const c2 = proj.reduce((a, x, i) => a + (x * x) / (ev[i]! + k) ** 2, 0);
    const test = (ey2 - c1 - k * c2) / (1 - df(k, 2) / n);
    expect(got.status.converged).toBe(true);
    expect(Math.abs(got.kappa / k - 1)).toBeLessThan(1e-8);
    expect(Math.abs(got.test_error / test - 1)).toBeLessThan(1e-5);
    expect(Math.abs(got.train_error / (((lambda * phi) / k) ** 2 * test) - 1)).toBeLessThan(1e-5);
  });
});

describe('law of the features after the step, docs/theory.md (8.1)–(8.3)', () => {
  // σ = sin + cos: E_G σ′(bt + sG) = e^{−s²/2}(cos bt − sin bt), so a_l = e^{−(s²+b²)/2} Re[(1+i)(ib)^l]/√l!,
  // E σ(U)² = 1 and E_t h² = e^{−s²}: D*² = 1 − e^{−s²} − s² Σ_l a_l².
  it('matches the closed form for σ = sin + cos (central-difference error ≈ 1e-8)', () => {
    const sigma = hermiteData(act.fn, 8);
    const g = hermiteData(target.fn, 8);
    const kp = kernelParams(sigma, g, { ...base, alpha: 0.36, c: 2.5 }, 500);
    const L = 4;
    const law = stepFeatureLaw({ fn: act.fn, breaks: sigma.breaks }, kp, 40, L);
    for (const nd of law.nodes.filter((x) => Math.abs(x.g) < 3)) {
      const s2 = (1 + kp.shift * nd.g) ** 2 + kp.tau2 * nd.g * nd.g;
      const b = (kp.kappa / Math.sqrt(kp.N)) * nd.g;
      let re = 1, im = 1, fact = 1, lin = 0; // (1+i)(ib)^l
      for (let l = 0; l <= L; l++) {
        if (l > 0) { [re, im] = [-im * b, re * b]; fact *= l; }
        const al = (Math.exp(-(s2 + b * b) / 2) * re) / Math.sqrt(fact);
        expect(Math.abs(nd.coeffs[l]! - Math.sqrt(s2) * al)).toBeLessThan(1e-7);
        lin += s2 * al * al;
      }
      expect(Math.abs(nd.noise2 - (1 - Math.exp(-s2) - lin))).toBeLessThan(1e-7);
    }
  });
  it('is the F0 bulk (c = c_1, D*² = c_*²) when the step vanishes', () => {
    const sigma = hermiteData(act.fn, 8);
    const law = stepFeatureLaw({ fn: act.fn, breaks: sigma.breaks }, { kappa: 0, N: 500, shift: 0, tau2: 0 }, 20, 3);
    const cstar2 = sigma.second_moment - sigma.c[0]! ** 2 - sigma.c[1]! ** 2;
    for (const nd of law.nodes) {
      expect(Math.abs(nd.coeffs[0]! - sigma.c[1]!)).toBeLessThan(1e-8);
      expect(Math.abs(nd.coeffs[1]!)).toBeLessThan(1e-8);
      expect(Math.abs(nd.noise2 - cstar2)).toBeLessThan(1e-8);
    }
  });
});

describe('finite-n errors and their n → ∞ limit, docs/theory.md (8.11)', () => {
  it('approach the limit with the exponent max(2α − 1, −2α)', () => {
    // gap(n) = test_n − test_∞ = A n^{−2α} + B n^{2α−1} + …: at α = 0.2 the spike term n^{−0.4} leads; the next term is
    // smaller by n^{−0.2} ≈ 0.11 at n = 6e4, which bounds the deviation of the local exponent (tolerance 0.05).
    const alpha = 0.2;
    const gap = (n: number) => {
      const th = onestepTheory({ ...base, target: resolveTarget('z'), alpha, n });
      expect(th.errors.F1.status.converged).toBe(true);
      return th.errors.F1.test_error - th.errors_limit.F1.test_error;
    };
    const [g1, g2] = [gap(16000), gap(64000)];
    expect(g1).toBeGreaterThan(0);
    const exponent = Math.log(g2 / g1) / Math.log(4);
    expect(Math.abs(exponent - -2 * alpha)).toBeLessThan(0.05);
  });
  it('are reported by `onestep -n N --json` separately from the limit', async () => {
    const r = await runCli(['onestep', '--act', 'sin(x)+cos(x)', '--target', 'z', '--noise', '0.1', '--alpha', '0.36', '--c', '2.5', '--ratios', '1,1', '-n', '1000', '--json']);
    const j = JSON.parse(r.out) as { errors: { F1: { test_error: number } }; errors_limit: { F1: { test_error: number } } };
    expect(j.errors.F1.test_error).toBeGreaterThan(j.errors_limit.F1.test_error);
  });
});
