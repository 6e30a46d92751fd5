// One-step simulator (docs/theory.md §7, NORMALISATION): one gradient step on the first layer of a two-layer network
// with n, d, N proportional, then the spectrum of the double-centred features on an independent batch, the
// alignments of the top singular vectors with the polynomial features, and ridge train/test errors.
import type { CompiledFn } from '../../numerics/expr/index.js';
import { hermitePolys } from '../../model/hermite.js';
import { provenance, type Provenance } from '../../core/provenance.js';
import { makeRng, type Rng } from '../../numerics/random/rng.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { NORMALISATION, stepSize } from '../../theory/onestep/normalisation.js';
import { doubleCentre, matVec, meanSquaredError, multiplyABt, ridgeSolve, topSingular, transpose } from './dense.js';
import { spikeCount } from '../../theory/onestep/spikes.js';
import type { RidgeErrors } from '../../theory/onestep/ridge.js';
import { decorrelateRows, ridgeGivenW } from './givenW.js';

export interface OnestepSimConfig {
  act: { name: string; fn: CompiledFn };
  target: { name: string; fn: CompiledFn };
  noise: number;
  c: number;
  alphas: number[];
  /** Optional step prefactor per α (cs[i] for alphas[i]); default cfg.c for every α. */
  cs?: number[];
  psi: number;
  phi: number;
  ridge: number;
  n: number;
  seed: number;
  /** Number of top singular values computed (default 10). */
  top?: number;
  /** Compute ridge train/test errors (default true). */
  ridgeErrors?: boolean;
  /** Largest polynomial degree whose alignment is measured (default 4). */
  kAlign?: number;
  /** Also report the ridge errors conditional on W0 and on W1 (givenW.ts, docs/theory.md (8.12)–(8.13); default false:
   *  one N×N eigen-decomposition per weight matrix). */
  givenW?: boolean;
  /** Return W0 and the step direction G̃ (W1 = W0 + ηG̃) in the result (default false). */
  keepWeights?: boolean;
}

/** The pre-registered "visibly separated" rule (fixed before any result was looked at):
 *  edge E0 = s_1(F0c), margin δ0 = s_1(F0c) − s_4(F0c) (spread of the top four bulk singular values of the
 *  centred initial features), bulk shift Δ = s_K(F1c) − s_K(F0c) at the deepest computed index K;
 *  a singular value of F1c is a visible spike iff it exceeds E0 + Δ + δ0. */
export const VISIBILITY_RULE =
  'visible iff s_i(F1c) > s_1(F0c) + [s_K(F1c) − s_K(F0c)] + [s_1(F0c) − s_4(F0c)], F_c = P_n F P_N, K = deepest computed index';

/** Second count, added after the first recorded run showed that VISIBILITY_RULE also counts stretched bulk values. */
export const ALIGNED_RULE = 'spike k observed iff one of the top singular vectors of F1c has squared overlap > 1/2 with the normalised He_k(X̃β)';

/** Third count, added after the first recorded rule-match run (validation/experiments/onestep_rule_match/rule_match.md), where at α = 0.36 the
 *  third spike separated but mixed degrees (overlap² with He_3 alone < 1/2, as the finite-n theory predicts). */
export const SUBSPACE_RULE = 'outlier counted iff a top left singular vector of F1c has squared overlap > 1/2 with span{He_1..He_4}(X̃β) (orthonormalised)';

/** Number of training samples (largest |r_i|) whose imprint directions X̃x_i are measured. */
export const IMPRINT_SAMPLES = 10;

export function visibleCount(s1: readonly number[], s0: readonly number[]): { count: number; threshold: number } {
  const K = Math.min(s1.length, s0.length) - 1;
  const threshold = s0[0]! + (s1[K]! - s0[K]!) + (s0[0]! - s0[3]!);
  return { count: s1.filter((s) => s > threshold).length, threshold };
}

export interface SpikeMeasure {
  k: number;
  /** Index (0-based) of the top singular pair best aligned with He_k(X̃β). */
  index: number;
  singular_value: number;
  left_alignment2: number;
  right_alignment2: number;
  /** ĥ_kᵀ F_c r̂_k: the centred features projected on the normalised He_k(X̃β) (left) and He_k(√N a) (right). */
  projection: number;
}

export interface AlphaResult {
  alpha: number;
  /** Step prefactor c of η = c·n^α used for this α. */
  c: number;
  eta: number;
  num_spikes_rule: number;
  singular_values: number[];
  visible_count: number;
  threshold: number;
  /** #{k ≤ kAlign : some top singular pair has left alignment² > 1/2 with He_k(X̃β)} (ALIGNED_RULE). */
  aligned_count: number;
  /** #{top left singular vectors with overlap² > 1/2 with span{ĥ_1..ĥ_kAlign}} (SUBSPACE_RULE). */
  subspace_count: number;
  spikes: SpikeMeasure[];
  /** Imprints of the training samples with the largest |r_i| (imprint.ts): their residuals r_i, and per top singular
   *  vector of F1c its largest overlap² with a single normalised centred X̃x_i (and which: index into `residuals`)
   *  and its overlap² with their span. */
  imprint: { residuals: number[]; overlap2: number[]; sample: number[]; span_overlap2: number[] };
  train_error: number | null;
  test_error: number | null;
  /** Deterministic-equivalent ridge errors given W1 (cfg.givenW), else null. */
  given_w: RidgeErrors | null;
  /** The same on W1 with the correlations between its rows' β⊥ parts removed (decorrelateRows; cfg.givenW), else null. */
  given_w_decorrelated: RidgeErrors | null;
  status: SolverStatus;
}

export interface OnestepSimResult {
  seed: number;
  n: number;
  d: number;
  N: number;
  overlap_beta: number;
  zeta_norm: number;
  singular_values_F0: number[];
  train_error_F0: number | null;
  test_error_F0: number | null;
  /** Deterministic-equivalent ridge errors given W0 (cfg.givenW), else null. */
  given_w_F0: RidgeErrors | null;
  /** W0 and G̃ (N×d, row-major) when cfg.keepWeights. */
  weights?: { W0: Float64Array; G: Float64Array };
  alphas: AlphaResult[];
  normalisation: string;
  provenance: Provenance;
  seconds: number;
}

function draw(rng: Rng, size: number, scale: number): Float64Array {
  const a = new Float64Array(size);
  rng.fillNormal(a);
  if (scale !== 1) for (let i = 0; i < size; i++) a[i] = a[i]! * scale;
  return a;
}

function labels(X: Float64Array, n: number, d: number, g: CompiledFn, noise: number, rng: Rng): Float64Array {
  const y = new Float64Array(n);
  const z = new Float64Array(1);
  for (let i = 0; i < n; i++) {
    z[0] = X[i * d]!;
    y[i] = g.value(z) + noise * rng.normal();
  }
  return y;
}

function applyAct(U: Float64Array, fn: CompiledFn, V?: Float64Array, eta = 0): Float64Array {
  const F = new Float64Array(U.length);
  const x = new Float64Array(1);
  for (let i = 0; i < U.length; i++) {
    x[0] = V ? U[i]! + eta * V[i]! : U[i]!;
    F[i] = fn.value(x);
  }
  return F;
}

/** Orthonormal basis of span(vs) by two-pass Gram–Schmidt, in order; a vector whose residual norm is ≤ `drop` is
 *  skipped (drop = 0 keeps every vector, as the Hermite features need one basis vector per degree). */
function orthonormalise(vs: readonly Float64Array[], drop = 0): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const u of vs) {
    const v = u.slice();
    for (let pass = 0; pass < 2; pass++)
      for (const q of basis) {
        const c = dot(q, v);
        for (let i = 0; i < v.length; i++) v[i] = v[i]! - c * q[i]!;
      }
    const nv = Math.sqrt(dot(v, v));
    if (drop === 0 || nv > drop) basis.push(v.map((x) => x / nv));
  }
  return basis;
}

/** Unit vectors ĥ_k ∝ He_k(t) − (projection on 1 and ĥ_1..ĥ_{k−1}), k = 1..K, from the sample t. */
function hermiteFeatures(t: Float64Array, K: number): Float64Array[] {
  const m = t.length;
  const H = new Float64Array(K + 1);
  const raw = Array.from({ length: K + 1 }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) {
    hermitePolys(t[i]!, K, H);
    for (let k = 0; k <= K; k++) raw[k]![i] = H[k]!;
  }
  return orthonormalise(raw).slice(1);
}

/** Unit, centred X̃x_i for the m training samples of largest |r_i| and an orthonormal basis of their span (imprint.ts). */
function imprintDirections(X: Float64Array, Xr: Float64Array, r: Float64Array, n: number, d: number, m: number) {
  const order = Array.from(r.keys()).sort((p, q) => Math.abs(r[q]!) - Math.abs(r[p]!)).slice(0, m);
  const unit = order.map((i) => {
    const v = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      let acc = 0;
      for (let l = 0; l < d; l++) acc += Xr[s * d + l]! * X[i * d + l]!;
      v[s] = acc;
    }
    const mean = v.reduce((x, y) => x + y, 0) / n;
    let nv = 0;
    for (let s = 0; s < n; s++) { v[s] = v[s]! - mean; nv += v[s]! * v[s]!; }
    nv = Math.sqrt(nv);
    return v.map((x) => x / nv);
  });
  return { residuals: order.map((i) => r[i]!), unit, basis: orthonormalise(unit, 1e-8) };
}

const dot = (u: Float64Array, v: Float64Array) => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
};

/** One seed of the one-step experiment for every α in cfg.alphas (the gradient G̃ is computed once: W1 = W0 + ηG̃). */
export function simulateOnestepSeed(cfg: OnestepSimConfig): OnestepSimResult {
  const t0 = Date.now();
  const { n, act } = cfg;
  const d = Math.max(1, Math.round(cfg.psi * n));
  const N = Math.max(1, Math.round(cfg.phi * n));
  const K = cfg.top ?? 10;
  const kAlign = cfg.kAlign ?? 4;
  const doRidge = cfg.ridgeErrors ?? true;
  const rng = makeRng(cfg.seed);

  // Initialisation and the training batch (β* = e_1).
  const W0 = draw(rng, N * d, 1 / Math.sqrt(d));
  const a = draw(rng, N, 1 / Math.sqrt(N));
  const X = draw(rng, n * d, 1);
  const y = labels(X, n, d, cfg.target.fn, cfg.noise, rng);

  // Gradient: G̃_j = (a_j/n) Σ_i r_i σ'(u_ij) x_i, r = y − f(X).
  const U = multiplyABt(X, W0, n, d, N);
  const jet = new Float64Array(4);
  const arg = new Float64Array(1);
  const B = new Float64Array(n * N);
  const r = new Float64Array(n);
  const sN = Math.sqrt(N);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < N; j++) {
      arg[0] = U[i * N + j]!;
      act.fn.jet(arg, 0, jet);
      f += a[j]! * jet[0]!;
      B[i * N + j] = a[j]! * jet[1]!;
    }
    r[i] = y[i]! - f / sN;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < N; j++) B[i * N + j] = (B[i * N + j]! * r[i]!) / n;
  const G = multiplyABt(transpose(B, n, N), transpose(X, n, d), N, n, d); // N×d
  const zeta = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) zeta[l] = zeta[l]! + (r[i]! * X[i * d + l]!) / n;
  const zetaNorm = Math.sqrt(dot(zeta, zeta));
  const beta = zeta.map((v) => v / zetaNorm);

  // Independent batches: ridge (features) and test.
  const Xr = draw(rng, n * d, 1);
  const yr = labels(Xr, n, d, cfg.target.fn, cfg.noise, rng);
  const U0 = multiplyABt(Xr, W0, n, d, N);
  const V = multiplyABt(Xr, G, n, d, N);
  const Xt = doRidge ? draw(rng, n * d, 1) : new Float64Array(0);
  const yt = doRidge ? labels(Xt, n, d, cfg.target.fn, cfg.noise, rng) : new Float64Array(0);
  const U0t = doRidge ? multiplyABt(Xt, W0, n, d, N) : new Float64Array(0);
  const Vt = doRidge ? multiplyABt(Xt, G, n, d, N) : new Float64Array(0);

  // Polynomial features of the learned direction (left) and of the readout (right).
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let l = 0; l < d; l++) s += Xr[i * d + l]! * beta[l]!;
    t[i] = s;
  }
  const hLeft = hermiteFeatures(t, kAlign);
  const hRight = hermiteFeatures(a.map((v) => v * sN), kAlign);
  const imp = imprintDirections(X, Xr, r, n, d, IMPRINT_SAMPLES);

  const ridgeFit = (F: Float64Array, Ft: Float64Array) => {
    const fit = ridgeSolve(F, n, N, yr, cfg.ridge);
    return { train: meanSquaredError(F, n, N, fit.a, yr), test: meanSquaredError(Ft, n, N, fit.a, yt), status: fit.status };
  };

  const F0 = applyAct(U0, act.fn);
  const svd0 = topSingular(doubleCentre(F0, n, N), n, N, K, rng);
  const ridge0 = doRidge ? ridgeFit(F0, applyAct(U0t, act.fn)) : null;
  const givenW = (W: Float64Array) =>
    cfg.givenW ? ridgeGivenW({ W, N, d, act: act.fn, target: cfg.target.fn, targetCoordinate: 0, noise: cfg.noise, n, lambda: cfg.ridge }) : null;
  const given0 = givenW(W0);
  // Own stream for the decorrelated rows, so that cfg.givenW leaves every simulated number unchanged.
  const rngRows = makeRng(cfg.seed + 1_000_003);

  if (cfg.cs && cfg.cs.length !== cfg.alphas.length) throw new RangeError('simulateOnestepSeed: cs must have one entry per α');
  const alphas: AlphaResult[] = cfg.alphas.map((alpha, ia) => {
    const c = cfg.cs ? cfg.cs[ia]! : cfg.c;
    const eta = stepSize(c, alpha, n);
    const F1 = applyAct(U0, act.fn, V, eta);
    const F1c = doubleCentre(F1, n, N);
    const svd = topSingular(F1c, n, N, K, rng);
    const Fr = new Float64Array(n);
    const vis = visibleCount(svd.values, svd0.values);
    const spikes: SpikeMeasure[] = hLeft.map((h, idx) => {
      const al = svd.left.map((u) => dot(u, h) ** 2);
      let best = 0;
      al.forEach((v, i) => { if (v > al[best]!) best = i; });
      matVec(F1c, n, N, hRight[idx]!, Fr);
      return {
        k: idx + 1, index: best, singular_value: svd.values[best]!, left_alignment2: al[best]!,
        right_alignment2: dot(svd.right[best]!, hRight[idx]!) ** 2, projection: dot(h, Fr),
      };
    });
    // ĥ_k are orthonormal, so the squared overlap with their span is Σ_k (u·ĥ_k)².
    const subspace = svd.left.filter((u) => hLeft.reduce((acc, h) => acc + dot(u, h) ** 2, 0) > 0.5).length;
    const impOverlaps = svd.left.map((u) => imp.unit.map((v) => dot(u, v) ** 2));
    const imprint = {
      residuals: imp.residuals,
      overlap2: impOverlaps.map((o) => Math.max(...o)),
      sample: impOverlaps.map((o) => o.indexOf(Math.max(...o))),
      span_overlap2: svd.left.map((u) => imp.basis.reduce((acc, q) => acc + dot(u, q) ** 2, 0)),
    };
    const rf = doRidge ? ridgeFit(F1, applyAct(U0t, act.fn, Vt, eta)) : null;
    const W1 = cfg.givenW ? W0.map((w, i) => w + eta * G[i]!) : null;
    const given = W1 ? givenW(W1) : null;
    const givenDecorrelated = W1 ? givenW(decorrelateRows(W1, N, d, beta, rngRows)) : null;
    const parts = [svd.status, svd0.status, ...(rf ? [rf.status] : []), ...(ridge0 ? [ridge0.status] : [])];
    return {
      alpha, c, eta, num_spikes_rule: spikeCount(alpha), singular_values: svd.values, visible_count: vis.count, threshold: vis.threshold,
      spikes, imprint, aligned_count: spikes.filter((sp) => sp.left_alignment2 > 0.5).length, subspace_count: subspace, train_error: rf ? rf.train : null, test_error: rf ? rf.test : null, given_w: given, given_w_decorrelated: givenDecorrelated, status: combineStatus('onestep simulation', parts),
    };
  });

  return {
    seed: cfg.seed, n, d, N,
    overlap_beta: beta[0]! * beta[0]!,
    zeta_norm: zetaNorm,
    singular_values_F0: svd0.values,
    train_error_F0: ridge0 ? ridge0.train : null,
    test_error_F0: ridge0 ? ridge0.test : null,
    given_w_F0: given0,
    ...(cfg.keepWeights ? { weights: { W0, G } } : {}),
    alphas,
    normalisation: NORMALISATION,
    provenance: provenance(),
    seconds: (Date.now() - t0) / 1000,
  };
}
