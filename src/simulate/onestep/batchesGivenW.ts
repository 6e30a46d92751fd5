// Monte-Carlo ridge errors for fixed first-layer weights W (the check of docs/theory.md (8.13) given W): B independent
// ridge batches x̃_1..x̃_n ~ N(0, I_d), labels y = g(⟨β*, x̃⟩) + Sε, the simulator's ridge (NORMALISATION) on
// σ(X̃Wᵀ), and per batch the train error (1/n)Σ_i (ỹ_i − ŷ_i)² and the EXACT test error given the fit,
//   test = E y² − 2 bᵀc + bᵀΣb,   b = â/√N,                                                    (Σ, c, E y² from (8.12))
// so the only randomness left is the ridge batch's. Mean ± standard error over the B batches.
import { makeRng } from '../../numerics/random/rng.js';
import { featureMoments, type FeatureMoments, type GivenWInput } from './givenW.js';
import { meanSquaredError, multiplyABt, ridgeSolve } from './dense.js';
import { estimate, type Estimate } from './aggregate.js';

export interface BatchesResult {
  train: Estimate;
  test: Estimate;
  batches: number;
  /** Every ridge solve converged (conjugate gradient to 1e-9). */
  converged: boolean;
}

/** Population test error E(y − ⟨â, σ(Wx)⟩/√N)² = E y² − 2bᵀc + bᵀΣb, b = â/√N, from the moments (8.12). */
export function populationTestError(a: Float64Array, mom: FeatureMoments, N: number): number {
  const sN = Math.sqrt(N);
  let bc = 0, bSb = 0;
  for (let i = 0; i < N; i++) {
    let row = 0;
    for (let j = 0; j < N; j++) row += mom.second[i * N + j]! * a[j]!;
    bc += a[i]! * mom.cross[i]!;
    bSb += a[i]! * row;
  }
  return mom.ey2 - (2 * bc) / sN + bSb / N;
}

/** Mean ± se of the ridge errors over `batches` ridge batches for the fixed W of `inp` (header). */
export function ridgeBatchesGivenW(inp: GivenWInput, batches: number, seed: number): BatchesResult {
  const { W, N, d, n } = inp;
  const mom = featureMoments(inp);
  const rng = makeRng(seed);
  const x = new Float64Array(1);
  const train: number[] = [];
  const test: number[] = [];
  let converged = true;
  for (let b = 0; b < batches; b++) {
    const X = new Float64Array(n * d);
    rng.fillNormal(X);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) { x[0] = X[i * d + inp.targetCoordinate]!; y[i] = inp.target.value(x) + inp.noise * rng.normal(); }
    const F = multiplyABt(X, W, n, d, N);
    for (let k = 0; k < F.length; k++) { x[0] = F[k]!; F[k] = inp.act.value(x); }
    const fit = ridgeSolve(F, n, N, y, inp.lambda);
    converged &&= fit.status.converged;
    train.push(meanSquaredError(F, n, N, fit.a, y));
    test.push(populationTestError(fit.a, mom, N));
  }
  return { train: estimate(train), test: estimate(test), batches, converged };
}
