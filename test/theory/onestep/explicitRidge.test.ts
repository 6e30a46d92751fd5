import { describe, expect, it } from 'vitest';
import { explicitRidgeErrors, marchenkoPasturRule, ridgeErrors } from '../../../src/theory/onestep/index.js';

describe('ridge deterministic equivalent on an explicit covariance, docs/theory.md (8.13)', () => {
  it('gives the least-squares errors s²(1 − N/n) and s²/(1 − N/n) as the ridge vanishes (N < n), whatever Σ', () => {
    // κ → 0 with N < n: df_p → N, numerator → E y² − bᵀΣ^{−1}b = s². Closed forms of ordinary least squares.
    const ev = [3, 1, 0.5, 0.2, 0.05];
    const proj = [0.9, -0.4, 0.3, 0.1, 0.05];
    const s2 = 2 - proj.reduce((a, b, i) => a + (b * b) / ev[i]!, 0);
    const r = explicitRidgeErrors({ eigenvalues: ev, projections: proj, ey2: 2, n: 20, lambdaMean: 1e-12 });
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.test_error / (s2 / (1 - 5 / 20)) - 1)).toBeLessThan(1e-8);
    expect(Math.abs(r.train_error / (s2 * (1 - 5 / 20)) - 1)).toBeLessThan(1e-8);
  });
  it('reduces to the Marchenko–Pastur ridge formula of ridge.ts for Σ = c_1²WWᵀ + c_*² with WWᵀ at Marchenko–Pastur quantiles', () => {
    // N eigenvalues at the MP quantiles (i − 1/2)/N are a midpoint rule for the MP integrals of ridge.ts: error O(N^{−2})
    // for the smooth integrands, O(N^{−3/2}) ≈ 4e-6 from the square-root edges at N = 4000 (tolerance 1e-5; measured
    // 1.4e-8), ridge.ts's own quadrature ≈ 1e-7. Target: linear part L spread over the eigenvectors, noise ν².
    const c1 = 0.607, cstar2 = 0.264, phi = 1, psi = 2, n = 4000, N = phi * n, lambda = 0.1, L = 0.64, nu2 = 0.5;
    const gamma = phi / psi;
    const lo = (1 - Math.sqrt(gamma)) ** 2, hi = (1 + Math.sqrt(gamma)) ** 2;
    // MP(γ ≤ 1) distribution function tabulated by the trapezoid rule in t = lo + (hi − lo) sin²(πu/2) (which removes
    // the square-root edges), then inverted by linear interpolation.
    const M = 200000;
    const grid = new Float64Array(M + 1);
    const F = new Float64Array(M + 1);
    let prev = 0;
    for (let i = 0; i <= M; i++) {
      const u = i / M;
      const t = lo + (hi - lo) * Math.sin((Math.PI * u) / 2) ** 2;
      const dt = (hi - lo) * (Math.PI / 2) * Math.sin(Math.PI * u);
      const f = (Math.sqrt(Math.max(0, (hi - t) * (t - lo))) / (2 * Math.PI * gamma * t)) * dt;
      grid[i] = t;
      F[i] = i === 0 ? 0 : F[i - 1]! + ((prev + f) / 2) / M;
      prev = f;
    }
    expect(Math.abs(F[M]! - 1)).toBeLessThan(1e-6);
    const quantiles: number[] = [];
    let j = 0;
    for (let i = 0; i < N; i++) {
      const p = (i + 0.5) / N;
      while (F[j + 1]! < p) j++;
      quantiles.push(grid[j]! + ((p - F[j]!) / (F[j + 1]! - F[j]!)) * (grid[j + 1]! - grid[j]!));
    }
    // Per-feature units Σ_F = c_1²μ + c_*²; the linear target's cross-moment c_1Wβ* has squared components
    // L c_1² μ_i γ/N on the eigenvectors (ridge.ts: the bulk explains c_1²γE[μ/e] of L).
    const ev = quantiles.map((mu) => c1 * c1 * mu + cstar2);
    const proj = quantiles.map((mu) => Math.sqrt((L * c1 * c1 * mu * gamma) / N));
    const got = explicitRidgeErrors({ eigenvalues: ev, projections: proj, ey2: L + nu2, n, lambdaMean: lambda * phi });
    const ref = ridgeErrors({ c1, cstar2, psi, phi, n, lambda, linear2: L, noise2: nu2, spikes: [] }, marchenkoPasturRule(gamma));
    expect(got.status.converged && ref.status.converged).toBe(true);
    expect(Math.abs(got.test_error / ref.test_error - 1)).toBeLessThan(1e-5);
    expect(Math.abs(got.train_error / ref.train_error - 1)).toBeLessThan(1e-5);
    expect(Math.abs(got.kappa / ref.kappa - 1)).toBeLessThan(1e-5);
  });
});
