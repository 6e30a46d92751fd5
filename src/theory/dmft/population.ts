// The effective-sample population of the DMFT marches (src/dmft/march.ts, src/theory/dmft/longMarch.ts), drawn in one
// fixed order from the population seed so that both marches see the same samples: N paths in antithetic pairs
// (z, −z) sharing the label noise, g⁰ and the h-path; |z| stratified (pair p in stratum π(p) of P equal-probability
// strata of the half-normal law, π a random permutation); g⁰ ~ N(0, s² I_m) per pair; the Rademacher signs of the
// h mixing. The θ channel's draws (M(0) ~ N(0, s²/d I_m), the fluctuation weights κ) come from the realisation seed.
import { makeRng } from '../../numerics/random/rng.js';
import { normalQuantile } from '../../numerics/special/normal.js';
import { UsageError } from '../../core/errors.js';
import type { CompiledFn } from '../../numerics/expr/compile.js';

/** |z| in stratum p of P equal-probability strata of the half-normal law, at position u ∈ [0, 1) within it. */
export function stratifiedAbsNormal(p: number, P: number, u: number): number {
  return normalQuantile(0.5 + (0.5 * (p + Math.max(u, 1e-12))) / P - (p + 1 === P && u > 1 - 1e-12 ? 1e-12 : 0));
}

export interface Population {
  z: Float64Array;
  y: Float64Array;
  /** g⁰ of pair p at p·m. */
  g0: Float64Array;
  signs: Float64Array;
}

export function effectivePopulation(N: number, m: number, seed: number, target: CompiledFn, noise: number, initScale: number): Population {
  const P = N / 2;
  const prng = makeRng(seed);
  const z = new Float64Array(N), y = new Float64Array(N);
  const zv = new Float64Array(1);
  const perm = Array.from({ length: P }, (_, q) => q);
  for (let q = P - 1; q > 0; q--) {
    const r = Math.floor(prng.uniform() * (q + 1));
    [perm[q], perm[r]] = [perm[r]!, perm[q]!];
  }
  for (let p = 0; p < P; p++) {
    const zi = stratifiedAbsNormal(perm[p]!, P, prng.uniform()), xi = noise > 0 ? prng.normal() : 0;
    z[2 * p] = zi;
    z[2 * p + 1] = -zi;
    zv[0] = zi;
    y[2 * p] = target.value(zv) + noise * xi;
    zv[0] = -zi;
    y[2 * p + 1] = target.value(zv) + noise * xi;
  }
  if (!y.every(Number.isFinite)) throw new UsageError('--target', 'gives non-finite labels on the Gaussian population', 'tanh(z^2)');
  const g0 = new Float64Array(P * m);
  prng.fillNormal(g0);
  for (let k = 0; k < g0.length; k++) g0[k] = initScale * g0[k]!;
  const signs = new Float64Array(N);
  for (let k = 0; k < N; k++) signs[k] = prng.uniform() < 0.5 ? -1 : 1;
  return { z, y, g0, signs };
}

export interface ThetaDraws {
  finiteD: boolean;
  /** M(0). */
  m0: Float64Array;
  /** Weights of the O(n^{-1/2}) fluctuation ε^t = (nN)^{-1/2} Σ_k κ_k (z_k r_k^t − E[z r^t]). */
  kappa: Float64Array;
  epsScale: number;
}

export function thetaDraws(theta: { d: number; seed: number; m0?: number[] }, N: number, m: number, initScale: number, delta: number): ThetaDraws {
  const finiteD = Number.isFinite(theta.d);
  const m0 = new Float64Array(m), kappa = new Float64Array(N);
  if (finiteD) {
    if (!(theta.d >= 1)) throw new UsageError('--d', `must be ≥ 1, got ${theta.d}`, '1000');
    const trng = makeRng(theta.seed);
    for (let j = 0; j < m; j++) m0[j] = (initScale / Math.sqrt(theta.d)) * trng.normal();
    trng.fillNormal(kappa);
  }
  if (theta.m0) for (let j = 0; j < m; j++) m0[j] = theta.m0[j] ?? 0;
  return { finiteD, m0, kappa, epsScale: finiteD ? 1 / Math.sqrt(delta * theta.d * N) : 0 };
}
