// Discrete-time dynamical mean-field theory (DMFT) of full-batch GD on the two-layer network with fixed readout
// (docs/theory.md (5.6)–(5.8); Celentano, Cheng & Montanari 2021, discrete time, fixed horizon T),
// single-index target y = g(θᵀx) + noise·ξ, x ~ N(0, I_d), n = δd, w_j(0) ~ N(0, s² I/d), GD with ridge λ:
//   W(t+1) = (1 − ηλ) W(t) − (η/n) Σ_i x_i r_iᵀ,   r_i = ℓ'(y_i, f_i) a∘σ'(u_i),   u_i = W(t)ᵀx_i ∈ R^m.
// Split W = θ Mᵀ + W⊥ (M ∈ R^m the θ-components, W⊥ ⊥ θ). As n, d → ∞ (cavity method, derived in docs/dmft.md):
//  sample side (one effective sample, (z, y) with z ~ N(0,1)):
//    u^t = M^t z + v^t,  v^t = g^t − (η/δ) Σ_{s<t} G(t, s+1) r^s,  g ~ GP(0, C_w),  r^t = ℓ'(y, f^t) a∘σ'(u^t);
//  feature side (one coordinate ŵ ∈ R^m of √d·W⊥, linear):
//    ŵ^{t+1} = (1 − ηλ) ŵ^t − η Σ_{s≤t} R(t, s) ŵ^s − (η/√δ) ξ^t,  ξ ~ GP(0, C_r),  ŵ^0 ~ N(0, s² I_m);
//  closures: C_w(t,s) = E[ŵ^t ŵ^sᵀ], G(t,s) = E[∂ŵ^t/∂ŵ^s] (response, G(t,t) = I), C_r(t,s) = E[r^t r^sᵀ],
//    R(t,s) = E[∂r^t/∂g^s] (exact Jacobians along each path: ∂v^t/∂g^s = δ_ts I − (η/δ) Σ_{s≤s'<t} G(t,s'+1) ∂r^{s'}/∂g^s);
//  θ channel: M^{t+1} = (1 − ηλ) M^t − η (E[z r^t] + ε^t).
// Everything is causal, so one forward march over t solves it (no fixed-point iteration). The sample side is a Monte
// Carlo population of `samples` paths in antithetic pairs (z, −z) with the same g-path: for an even target and
// M = 0 the estimate of E[z r] is then exactly 0, as the limit is; |z| is a stratified sample (one pair in each of P
// equal-probability strata of the half-normal law). The Monte Carlo error is dominated by the g-paths (the response
// R(t, s) = E[J(t, s)]), not by z: it is measured by repeating with other population seeds (docs/dmft.md). The g-paths are sampled from the feature
// process itself, g^t = Φ(t) g⁰ − (η/√δ) Σ_{s<t} G(t, s+1) h^s with Φ(t) = G(t, 0), g⁰ ~ N(0, s² I_m) and h ~ GP(0, C_r) drawn by
// Rademacher mixing of the population's r-paths (kernels.ts): C_w is numerically rank-deficient (smooth paths),
// so no Cholesky factor of it is formed. Finite d enters only through the θ channel, whose mean vanishes by
// symmetry near M = 0: M(0) ~ N(0, s²/d I_m) and ε^t, the O(n^{-1/2}) fluctuation of (1/n) Σ_i z_i r_i^t, Gaussian
// with covariance Cov(z r^t, z r^s)/n (exact at M = 0 by the sign-flip symmetry z_i → −z_i of an even target).
import { resolveActivation, resolveLoss, resolveTarget } from '../../model/formulas.js';
import { effectivePopulation, thetaDraws } from './population.js';
import { UsageError } from '../../core/errors.js';
import type { GdConfig } from '../../model/problem.js';
import { correlationSplit } from '../../model/latentSplit.js';
import type { CompiledFn } from '../../numerics/expr/compile.js';
import { type CausalKernel, blockAt, causalKernel, gemmAdd, gemmAddT, rademacherMix, triRow } from './kernels.js';

/** The GD problem (the fields of the simulator's GdConfig, same meaning) and the Monte Carlo settings. */
export interface DmftSpec extends Pick<GdConfig, 'act' | 'loss' | 'target' | 'noise' | 'readout' | 'initScale' | 'lr' | 'steps' | 'ridge' | 'delta'> {
  /** Monte Carlo paths of the effective sample process (a power of 2: antithetic pairs, Hadamard mixing). */
  samples: number;
  /** Seed of the effective-sample population (common random numbers across δ and realisations). */
  seed: number;
  /** Steps at which to keep the per-sample law of (z, A^t) for the §1 plug-in. */
  lawAt?: number[];
  /** Return the two-time kernels (tests, diagnostics). */
  keepKernels?: boolean;
}

/** The finite-d θ channel; d = Infinity gives the d → ∞ limit M ≡ 0 (no symmetry breaking). */
export interface ThetaChannel {
  d: number;
  /** Seed of M(0) and of the fluctuation ε (one "realisation", the analogue of one simulation seed). */
  seed: number;
  /** A given M(0) instead of the random one (linear-response checks). */
  m0?: number[];
}

export interface PathLaw {
  t: number;
  z: Float64Array;
  /** A^t per sample, m×m row-major (A = ℓ'' (a∘σ')(a∘σ')ᵀ + ℓ' diag(a∘σ'')). */
  A: Float64Array;
}

export interface DmftPath {
  m: number;
  t: number[];
  /** θ-components M^t (m each). */
  M: number[][];
  /** diag C_w(t, t) = ‖w_j⊥‖². */
  q: number[][];
  /** max_j (M_j)²/((M_j)² + q_jj): the U_H overlap² of the simulator. */
  overlap_h: number[];
  /** max_j ‖w_j‖. */
  w_norm: number[];
  train_risk: number[];
  test_risk: number[];
  /** Monte Carlo standard error of the train risk. */
  train_risk_se: number[];
  /** First step with overlap² ≥ 0.5 (null: not within the horizon). */
  t_learn: number | null;
  laws: PathLaw[];
  /** Step at which the path became non-finite (GD unstable at this η, or the Monte Carlo population blew up); the
   *  arrays stop before it. */
  diverged?: number;
  kernels?: { Cw: CausalKernel; Cr: CausalKernel; R: CausalKernel; G: CausalKernel };
}

export { stratifiedAbsNormal } from './population.js';

/** Resolved model pieces and checks shared by the DMFT entry points. */
export function resolveDmft(spec: DmftSpec) {
  const act = resolveActivation(spec.act, '--act').fn;
  const loss = resolveLoss(spec.loss, '--loss').fn;
  // y ≡ const (e.g. 0*z) is a valid DMFT model: GD on a random least-squares problem.
  const target = resolveTarget(spec.target, '--target', { allowConstant: true });
  if (target.k !== 1) throw new UsageError('--target', `the DMFT is implemented for single-index targets g(z); got ${target.k} latent coordinates`, 'tanh(z^2)');
  if (correlationSplit(target).hard.length !== 1) throw new UsageError('--target', 'the DMFT tracks one hard direction; this target has E[g(z) z] ≠ 0 (an easy direction)', 'tanh(z^2)');
  if (!(spec.delta > 0 && Number.isFinite(spec.delta))) throw new UsageError('--delta', `must be a finite number > 0, got ${spec.delta}`, '16');
  if (!(spec.samples >= 4 && Number.isInteger(Math.log2(spec.samples)))) throw new UsageError('--samples', `must be a power of 2 ≥ 4 (antithetic pairs, Hadamard mixing of half-populations), got ${spec.samples}`, '8192');
  return { act, loss, target };
}


/** The network at one effective sample, with its scratch buffers (one per solver: not shared across calls in flight). */
export interface PointModel {
  act: CompiledFn;
  loss: CompiledFn;
  a: Float64Array;
  xa: Float64Array;
  la: Float64Array;
  ja: Float64Array;
  jl: Float64Array;
  sp: Float64Array;
  sc: Float64Array;
}

export function pointModel(act: CompiledFn, loss: CompiledFn, a: Float64Array): PointModel {
  const m = a.length;
  return { act, loss, a, xa: new Float64Array(1), la: new Float64Array(2), ja: new Float64Array(4), jl: new Float64Array(4), sp: new Float64Array(m), sc: new Float64Array(m) };
}

/** f = Σ_j a_j σ(u_j), r = ℓ'(y, f) a∘σ'(u) and, if A is given, A = ℓ''(y, f)(a∘σ')(a∘σ')ᵀ + ℓ'(y, f) diag(a∘σ''(u))
 *  (docs/theory.md (4.2)); returns ℓ(y, f). */
export function pointTerms(pm: PointModel, u: Float64Array, y: number, r: Float64Array, A: Float64Array | null): number {
  const { act, loss, a, xa, la, ja, jl, sp, sc } = pm;
  const m = a.length;
  let f = 0;
  for (let j = 0; j < m; j++) {
    xa[0] = u[j]!;
    act.jet(xa, 0, ja);
    f += a[j]! * ja[0]!;
    sp[j] = a[j]! * ja[1]!;
    sc[j] = a[j]! * ja[2]!;
  }
  la[0] = y;
  la[1] = f;
  loss.jet(la, 1, jl);
  for (let j = 0; j < m; j++) r[j] = jl[1]! * sp[j]!;
  if (A) for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) A[j * m + k] = jl[2]! * sp[j]! * sp[k]! + (j === k ? jl[1]! * sc[j]! : 0);
  return jl[0]!;
}

/** Solves the DMFT forward in time for t = 0..T and returns the path (see the header for the equations). */
export function dmftPath(spec: DmftSpec, theta: ThetaChannel): DmftPath {
  const { act, loss, target } = resolveDmft(spec);
  const m = spec.readout.length, m2 = m * m;
  const a = Float64Array.from(spec.readout);
  const T = spec.steps, N = spec.samples, P = N / 2, eta = spec.lr, delta = spec.delta;
  const c = eta / delta, hScale = eta / Math.sqrt(delta);
  const decay = 1 - eta * spec.ridge;
  const s2 = spec.initScale ** 2;
  const lawAt = new Set(spec.lawAt ?? []);

  // Feature-side kernels.
  const G = causalKernel(m, T), Cw = causalKernel(m, T), R = causalKernel(m, T), Cr = causalKernel(m, T);
  for (let j = 0; j < m; j++) {
    G.data[blockAt(G, 0, 0) + j * m + j] = 1;
    Cw.data[blockAt(Cw, 0, 0) + j * m + j] = s2;
  }

  // Sample population and θ-channel draws (src/theory/dmft/population.ts).
  const { z, y, g0, signs } = effectivePopulation(N, m, spec.seed, target.fn, spec.noise, spec.initScale);
  const hHist = new Float64Array(Math.max(1, T) * P * m); // h^s of pair p at (s·P + p)·m
  const rNow = new Float64Array(N * m), hNow = new Float64Array(P * m), work = new Float64Array(N);
  const rHist: Float64Array[] = [], J: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    rHist.push(new Float64Array((T + 1) * m));
    J.push(new Float64Array(triRow(T + 1) * m2));
  }

  // θ channel.
  const { finiteD, m0, kappa, epsScale } = thetaDraws(theta, N, m, spec.initScale, delta);
  const M = new Float64Array((T + 2) * m);
  M.set(m0);
  const xa = new Float64Array(1), la = new Float64Array(2), pm = pointModel(act, loss, a);
  const g = new Float64Array(m), mem = new Float64Array(m), u = new Float64Array(m), zrT = new Float64Array(m);
  const r = new Float64Array(m), Ai = new Float64Array(m2);
  const Drow = new Float64Array((T + 1) * m2);
  const path: DmftPath = { m, t: [], M: [], q: [], overlap_h: [], w_norm: [], train_risk: [], test_risk: [], train_risk_se: [], t_learn: null, laws: [] };

  for (let t = 0; t <= T; t++) {
    const Mt = M.subarray(t * m, t * m + m);
    const gRow = blockAt(G, t, 0);
    let risk = 0, risk2 = 0, test = 0;
    zrT.fill(0);
    const law: PathLaw | null = lawAt.has(t) ? { t, z: z.slice(), A: new Float64Array(N * m2) } : null;
    const rowT = triRow(t) * m2;
    for (let i = 0; i < N; i++) {
      const p = i >> 1, rh = rHist[i]!, Ji = J[i]!;
      // g^t = Φ(t) g⁰ − (η/√δ) Σ_{s<t} G(t, s+1) h^s;  memory Σ_{s<t} G(t, s+1) r^s
      for (let j = 0; j < m; j++) {
        let acc = 0;
        for (let k = 0; k < m; k++) acc += G.data[gRow + j * m + k]! * g0[p * m + k]!; // Φ(t) = G(t, 0)
        g[j] = acc;
        mem[j] = 0;
      }
      for (let s = 0; s < t; s++) {
        const gb = gRow + (s + 1) * m2, hb = (s * P + p) * m;
        for (let j = 0; j < m; j++) {
          let ah = 0, ar = 0;
          for (let k = 0; k < m; k++) {
            const gjk = G.data[gb + j * m + k]!;
            ah += gjk * hHist[hb + k]!;
            ar += gjk * rh[s * m + k]!;
          }
          g[j] = g[j]! - hScale * ah;
          mem[j] = mem[j]! + ar;
        }
      }
      let fTest = 0;
      for (let j = 0; j < m; j++) {
        const mz = Mt[j]! * z[i]!;
        u[j] = mz + g[j]! - c * mem[j]!;
        xa[0] = mz + g[j]!;
        fTest += a[j]! * act.value(xa);
      }
      const li = pointTerms(pm, u, y[i]!, r, Ai);
      risk += li;
      risk2 += li * li;
      la[0] = y[i]!;
      la[1] = fTest;
      test += loss.value(la);
      for (let j = 0; j < m; j++) {
        rh[t * m + j] = r[j]!;
        rNow[i * m + j] = r[j]!;
        zrT[j] = zrT[j]! + z[i]! * r[j]!;
      }
      if (law) law.A.set(Ai, i * m2);
      jacobianRow(m, t, c, G.data, gRow, Ji, Ai, Drow);
      // accumulate R(t, s) = E[J(t, s)] and C_r(t, s) = E[r^t r^sᵀ]
      for (let s = 0; s <= t; s++) {
        const rb = blockAt(R, t, s);
        for (let q = 0; q < m2; q++) R.data[rb + q] = R.data[rb + q]! + Ji[rowT + s * m2 + q]!;
        for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) Cr.data[rb + j * m + k] = Cr.data[rb + j * m + k]! + rh[t * m + j]! * rh[s * m + k]!;
      }
    }
    for (let s = 0; s <= t; s++) {
      const rb = blockAt(R, t, s);
      for (let q = 0; q < m2; q++) {
        R.data[rb + q] = R.data[rb + q]! / N;
        Cr.data[rb + q] = Cr.data[rb + q]! / N;
      }
    }
    for (let j = 0; j < m; j++) zrT[j] = zrT[j]! / N;
    if (law) path.laws.push(law);
    record(path, t, Mt, Cw, risk / N, Math.sqrt(Math.max(0, risk2 / N - (risk / N) ** 2) / N), test / N);
    if (t === T) break;

    // θ channel: M^{t+1} = (1 − ηλ) M^t − η (E[z r^t] + ε^t),  ε^t = (nN)^{-1/2} Σ_k κ_k (z_k r_k^t − E[z r^t])
    for (let j = 0; j < m; j++) {
      let eps = 0;
      if (finiteD) for (let k = 0; k < N; k++) eps += kappa[k]! * (z[k]! * rNow[k * m + j]! - zrT[j]!);
      M[(t + 1) * m + j] = decay * Mt[j]! - eta * (zrT[j]! + epsScale * eps);
    }
    // h^t ~ GP(0, C_r): Rademacher mixing of the population's r^t
    // each half of the population is driven by the mixing of the other half's r^t, so no path feels its own past
    // r through h (a self-interaction of order N^{-1/2} that biased the risks by ~4% at N = 2048)
    const H = N / 2, HP = P / 2;
    rademacherMix(rNow.subarray(0, H * m), m, signs.subarray(0, H), HP, hNow.subarray(HP * m), work);
    rademacherMix(rNow.subarray(H * m), m, signs.subarray(H), HP, hNow.subarray(0, HP * m), work);
    hHist.set(hNow, t * P * m);
    featureStep(t, { G, Cw, R, Cr, eta, decay, delta, s2 });
    if (!Number.isFinite(M[(t + 1) * m]!) || !Number.isFinite(Cw.data[blockAt(Cw, t + 1, t + 1)]!) || !Number.isFinite(risk)) {
      path.diverged = t + 1;
      break;
    }
  }
  if (spec.keepKernels) path.kernels = { Cw, Cr, R, G };
  return path;
}

/** Appends the state at step t to the path: overlaps, norms, risks, t_learn. */
function record(path: DmftPath, t: number, Mt: Float64Array, Cw: CausalKernel, risk: number, riskSe: number, test: number): void {
  const m = path.m;
  let ov = 0, wn = 0;
  const qd: number[] = [];
  for (let j = 0; j < m; j++) {
    const qj = Cw.data[blockAt(Cw, t, t) + j * m + j]!;
    qd.push(qj);
    const mj2 = Mt[j]! ** 2;
    ov = Math.max(ov, mj2 / (mj2 + qj));
    wn = Math.max(wn, Math.sqrt(mj2 + qj));
  }
  path.t.push(t);
  path.M.push(Array.from(Mt));
  path.q.push(qd);
  path.overlap_h.push(ov);
  path.w_norm.push(wn);
  path.train_risk.push(risk);
  path.train_risk_se.push(riskSe);
  path.test_risk.push(test);
  if (path.t_learn === null && ov >= 0.5) path.t_learn = t;
}

/** Row t of one path's Jacobian J(t, s) = ∂r^t/∂g^s = A^t D(t, s), with
 *  D(t, s) = δ_ts I − (η/δ) Σ_{s ≤ s' < t} G(t, s'+1) J(s', s)  (written into Ji's triangle row t). */
function jacobianRow(m: number, t: number, c: number, G: Float64Array, gRow: number, Ji: Float64Array, A: Float64Array, D: Float64Array): void {
  const m2 = m * m;
  const rowT = triRow(t) * m2;
  if (m === 1) {
    for (let s = 0; s < t; s++) D[s] = 0;
    for (let sp = 0; sp < t; sp++) {
      const gg = G[gRow + sp + 1]!;
      if (gg === 0) continue;
      const off = triRow(sp);
      for (let s = 0; s <= sp; s++) D[s] = D[s]! + gg * Ji[off + s]!;
    }
    const a0 = A[0]!;
    for (let s = 0; s < t; s++) Ji[rowT + s] = -c * a0 * D[s]!;
    Ji[rowT + t] = a0;
    return;
  }
  D.fill(0, 0, t * m2);
  for (let sp = 0; sp < t; sp++) {
    const off = triRow(sp) * m2;
    for (let s = 0; s <= sp; s++) gemmAdd(m, G, gRow + (sp + 1) * m2, Ji, off + s * m2, D, s * m2);
  }
  for (let s = 0; s < t; s++) {
    Ji.fill(0, rowT + s * m2, rowT + (s + 1) * m2);
    gemmAdd(m, A, 0, D, s * m2, Ji, rowT + s * m2, -c);
  }
  Ji.set(A, rowT + t * m2);
}

interface FeatureKernels {
  G: CausalKernel;
  Cw: CausalKernel;
  R: CausalKernel;
  Cr: CausalKernel;
  eta: number;
  decay: number;
  delta: number;
  s2: number;
}

/** Feature side, t → t+1 (linear in ŵ):
 *   G(t+1, s') = (1 − ηλ) G(t, s') − η Σ_{s'≤s≤t} R(t, s) G(s, s'),  G(t+1, t+1) = I;
 *   ŵ^t = Φ(t) ŵ^0 − (η/√δ) Σ_{s<t} G(t, s+1) ξ^s with Φ(t) = G(t, 0) (the response to the initial condition);
 *   C_w(t+1, t') = s² Φ(t+1) Φ(t')ᵀ + (η²/δ) Σ_{s≤t, s'<t'} G(t+1, s+1) C_r(s, s') G(t', s'+1)ᵀ. */
function featureStep(t: number, k: FeatureKernels): void {
  const { G, Cw, R, Cr, eta, decay, delta, s2 } = k;
  const m = G.m, m2 = m * m, t1 = t + 1;
  for (let sp = 0; sp <= t; sp++) {
    const o = blockAt(G, t1, sp);
    for (let q = 0; q < m2; q++) G.data[o + q] = decay * G.data[blockAt(G, t, sp) + q]!;
    for (let s = sp; s <= t; s++) gemmAdd(m, R.data, blockAt(R, t, s), G.data, blockAt(G, s, sp), G.data, o, -eta);
  }
  for (let j = 0; j < m; j++) G.data[blockAt(G, t1, t1) + j * m + j] = 1;
  // Y(s') = Σ_{s≤t} G(t+1, s+1) C_r(s, s'), s' = 0..t  (C_r(s, s') = C_r(s', s)ᵀ for s < s')
  const Y = new Float64Array((t + 1) * m2);
  for (let s = 0; s <= t; s++) {
    const gb = blockAt(G, t1, s + 1);
    for (let s2i = 0; s2i <= t; s2i++)
      if (s2i <= s) gemmAdd(m, G.data, gb, Cr.data, blockAt(Cr, s, s2i), Y, s2i * m2);
      else gemmAddT(m, G.data, gb, Cr.data, blockAt(Cr, s2i, s), Y, s2i * m2);
  }
  const noise = (eta * eta) / delta;
  for (let tp = 0; tp <= t1; tp++) {
    const o = blockAt(Cw, t1, tp);
    Cw.data.fill(0, o, o + m2);
    gemmAddT(m, G.data, blockAt(G, t1, 0), G.data, blockAt(G, tp, 0), Cw.data, o, s2);
    for (let sp = 0; sp < tp; sp++) gemmAddT(m, Y, sp * m2, G.data, blockAt(G, tp, sp + 1), Cw.data, o, noise);
  }
}
