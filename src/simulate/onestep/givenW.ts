// Ridge errors conditional on the first-layer weights (docs/theory.md (8.12)–(8.13)). Given W (N×d), the feature rows
// σ(Wx̃_i) of the ridge batch are i.i.d., with exact second moment and target cross-moment
//   Σ_ij = E σ(⟨w_i,x⟩)σ(⟨w_j,x⟩) = Σ_k ĉ_k(s_i) ĉ_k(s_j) ρ_ij^k,   c_j = E σ(⟨w_j,x⟩) y = Σ_k ĉ_k(s_j) ĝ_k ρ_j*^k,   (8.12)
// s_i = ‖w_i‖², ρ_ij = ⟨w_i,w_j⟩/√(s_i s_j), ρ_j* = ⟨w_j,β*⟩/√s_j, ĉ_k(s) = E[σ(√s G) p_k(G)], ĝ_k = E[g(G) p_k(G)],
// p_k = He_k/√k! (Mehler's formula); Σ_ii = E σ(√s_i G)² exactly. The series is cut at k = K; its tail is bounded by
// |ρ|^{K+1} √(t_i t_j), t_i = E σ(√s_i G)² − Σ_{k≤K} ĉ_k(s_i)² (Cauchy–Schwarz), reported as the truncation error.
// The errors then follow from explicitRidge.ts on the eigen-decomposition of Σ: no Gaussian-equivalence step for the
// bulk and no model of W's row structure — exact given W up to the deterministic equivalent itself.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { CompiledFn } from '../../numerics/expr/index.js';
import type { Rng } from '../../numerics/random/rng.js';
import { gaussHermite } from '../../numerics/quadrature/index.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { explicitRidgeErrors } from '../../theory/onestep/explicitRidge.js';
import type { RidgeErrors } from '../../theory/onestep/ridge.js';
import { multiplyABt } from './dense.js';

export interface GivenWInput {
  /** First-layer weights, row-major N×d. */
  W: Float64Array;
  N: number;
  d: number;
  act: CompiledFn;
  target: CompiledFn;
  /** Index l of the target direction β* = e_l (the simulator uses l = 0). */
  targetCoordinate: number;
  noise: number;
  n: number;
  /** Ridge λ of NORMALISATION (sum-of-squares loss). */
  lambda: number;
  /** Hermite degree K of the series (default 40) and Gauss–Hermite nodes (default 160). */
  degree?: number;
  nodes?: number;
}

export interface FeatureMoments {
  /** Σ (N×N, row-major, per-feature units) and c = E[σ(Wx) y]. */
  second: Float64Array;
  cross: Float64Array;
  ey2: number;
  /** Largest truncation bound over the entries, relative to the mean diagonal. */
  truncation: number;
  /** Change of the coefficients ĉ_k(s) of the widest neuron between nodes and ⌊4·nodes/5⌋. */
  quadrature: number;
}

/** Orthonormal Hermite values p_0..p_K at x (p_{k+1} = (x p_k − √k p_{k−1})/√(k+1)). */
function hermiteRow(x: number, K: number): Float64Array {
  const p = new Float64Array(K + 1);
  p[0] = 1;
  if (K >= 1) p[1] = x;
  for (let k = 1; k < K; k++) p[k + 1] = (x * p[k]! - Math.sqrt(k) * p[k - 1]!) / Math.sqrt(k + 1);
  return p;
}

/** ĉ_k(s) = E f(√s G) p_k(G), k ≤ K, and E f(√s G)², on an m-node Gauss–Hermite rule. */
function coefficients(f: (x: number) => number, s: number, K: number, m: number): { c: Float64Array; second: number } {
  const rule = gaussHermite(m);
  const c = new Float64Array(K + 1);
  let second = 0;
  const rs = Math.sqrt(s);
  for (let a = 0; a < m; a++) {
    const w = rule.weights[a]!;
    if (w === 0) continue;
    const v = f(rs * rule.nodes[a]!);
    second += w * v * v;
    const p = hermiteRow(rule.nodes[a]!, K);
    for (let k = 0; k <= K; k++) c[k] = c[k]! + w * v * p[k]!;
  }
  return { c, second };
}

const scalarOf = (fn: CompiledFn) => {
  const x = new Float64Array(1);
  return (v: number) => { x[0] = v; return fn.value(x); };
};

/** Σ and c of (8.12) for the given W. */
export function featureMoments(inp: GivenWInput): FeatureMoments {
  const { W, N, d } = inp;
  const K = inp.degree ?? 40;
  const m = inp.nodes ?? 160;
  const f = scalarOf(inp.act);
  const s = new Float64Array(N);
  for (let j = 0; j < N; j++) { let acc = 0; for (let l = 0; l < d; l++) acc += W[j * d + l]! ** 2; s[j] = acc; }
  const coef = Array.from(s, (sj) => coefficients(f, sj, K, m));
  const tail = coef.map(({ c, second }) => Math.max(0, second - c.reduce((acc, x) => acc + x * x, 0)));
  const gc = coefficients(scalarOf(inp.target), 1, K, m);
  const gTail = Math.max(0, gc.second - gc.c.reduce((acc, x) => acc + x * x, 0));
  const C = multiplyABt(W, W, N, d, N);
  const second = new Float64Array(N * N);
  const cross = new Float64Array(N);
  let meanDiag = 0;
  let bound = 0;
  const series = (a: Float64Array, b: Float64Array, rho: number) => {
    let acc = 0;
    for (let k = K; k >= 0; k--) acc = acc * rho + a[k]! * b[k]!;
    return acc;
  };
  for (let i = 0; i < N; i++) {
    second[i * N + i] = coef[i]!.second;
    meanDiag += coef[i]!.second / N;
    for (let j = 0; j < i; j++) {
      const rho = Math.max(-1, Math.min(1, C[i * N + j]! / Math.sqrt(s[i]! * s[j]!)));
      const v = series(coef[i]!.c, coef[j]!.c, rho);
      second[i * N + j] = v;
      second[j * N + i] = v;
      bound = Math.max(bound, Math.abs(rho) ** (K + 1) * Math.sqrt(tail[i]! * tail[j]!));
    }
    const rt = Math.max(-1, Math.min(1, W[i * d + inp.targetCoordinate]! / Math.sqrt(s[i]!)));
    cross[i] = series(coef[i]!.c, gc.c, rt);
    bound = Math.max(bound, Math.abs(rt) ** (K + 1) * Math.sqrt(tail[i]! * gTail));
  }
  let widest = 0;
  s.forEach((v, j) => { if (v > s[widest]!) widest = j; });
  const lo = coefficients(f, s[widest]!, K, Math.floor((4 * m) / 5)).c;
  const quadrature = lo.reduce((acc, x, k) => Math.max(acc, Math.abs(x - coef[widest]!.c[k]!)), 0);
  return { second, cross, ey2: gc.second + inp.noise * inp.noise, truncation: bound / meanDiag, quadrature };
}

/** Ridge train/test errors given W (header): (8.12) and the deterministic equivalent (8.13). */
export function ridgeGivenW(inp: GivenWInput): RidgeErrors {
  const mom = featureMoments(inp);
  const { N } = inp;
  const eig = new EigenvalueDecomposition(Matrix.from1DArray(N, N, mom.second), { assumeSymmetric: true });
  const V = eig.eigenvectorMatrix;
  const proj = eig.realEigenvalues.map((_, i) => {
    let acc = 0;
    for (let j = 0; j < N; j++) acc += V.get(j, i) * mom.cross[j]!;
    return acc;
  });
  const phi = N / inp.n;
  const r = explicitRidgeErrors({ eigenvalues: eig.realEigenvalues, projections: proj, ey2: mom.ey2, n: inp.n, lambdaMean: inp.lambda * phi });
  const tol = 1e-8;
  const series: SolverStatus = {
    converged: mom.truncation <= tol && mom.quadrature <= tol,
    residual: Math.max(mom.truncation, mom.quadrature),
    iterations: inp.degree ?? 40,
    method: 'Mehler series of the feature second moment',
    ...(mom.truncation <= tol && mom.quadrature <= tol ? {} : { message: `truncation ${mom.truncation.toExponential(2)}, quadrature ${mom.quadrature.toExponential(2)}` }),
  };
  return { ...r, status: combineStatus('ridge given W (docs/theory.md (8.12)–(8.13))', [r.status, series]) };
}

/** W with the parts v_j = w_j − ⟨w_j, β⟩β orthogonal to the step direction β (unit) replaced by independent isotropic
 *  vectors in β⊥ of the same norms: the row model of docs/theory.md (8.1) (b_j and ‖v_j‖ kept, correlations between
 *  the v_j dropped). Evaluating (8.12)–(8.13) on it measures what those correlations contribute. */
export function decorrelateRows(W: Float64Array, N: number, d: number, beta: Float64Array, rng: Rng): Float64Array {
  const out = new Float64Array(N * d);
  const z = new Float64Array(d);
  for (let j = 0; j < N; j++) {
    const row = W.subarray(j * d, (j + 1) * d);
    let b = 0;
    for (let l = 0; l < d; l++) b += row[l]! * beta[l]!;
    let v2 = 0;
    for (let l = 0; l < d; l++) v2 += (row[l]! - b * beta[l]!) ** 2;
    rng.fillNormal(z);
    let zb = 0;
    for (let l = 0; l < d; l++) zb += z[l]! * beta[l]!;
    let z2 = 0;
    for (let l = 0; l < d; l++) { z[l] = z[l]! - zb * beta[l]!; z2 += z[l]! ** 2; }
    const scale = Math.sqrt(v2 / z2);
    for (let l = 0; l < d; l++) out[j * d + l] = b * beta[l]! + scale * z[l]!;
  }
  return out;
}
