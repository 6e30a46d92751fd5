// Long-horizon DMFT march of full-batch GD (docs/dmft.md "Long horizons"): the equations of src/dmft/march.ts,
//   u^t = M^t z + g^t − (η/δ) Σ_{s<t} Γ(t, s) r^s,   g^t = Φ(t) g⁰ − (η/√δ) Σ_{s<t} Γ(t, s) h^s,
//   J(t, s) = ∂r^t/∂g^s = A^t [δ_ts − (η/δ) Σ_{s≤s'<t} Γ(t, s') J(s', s)],   R(t, s) = E[J(t, s)],
//   Γ(t+1, σ) = (1 − ηλ) Γ(t, σ) − η Σ_{s≤t} R(t, s) Γ(s, σ),  Γ(t+1, t) = I,   Φ likewise with Φ(0) = I,
//   ‖w⊥(t)‖² = s² Φ(t)Φ(t)ᵀ + (η²/δ) Σ_{s,s'<t} Γ(t, s) C_r(s, s') Γ(t, s')ᵀ,
// with Γ(t, σ) = G(t, σ+1) (the response to the noise of step σ), solved on the time cells of cells.ts: every sum
// over past times s runs over cells c, as (cell mean of the kernel) × (cell sum of the path quantity), e.g.
// Σ_{s∈c} Γ(t, s) r^s ≈ Γ̄(t, c) Σ_{s∈c} r^s. Cells of length 1 make this the exact march (same population, same
// equations, summation order aside); with window W the per-path Jacobian holds K×K cell sums instead of T×T
// entries, so a step costs O(N K²) and memory is O(N K²), K = O(E + W log T) cells, instead of O(N T²) and N T²/2.
// The error of the coarse-graining is estimated by solving again with window W/2 (compressionError below).
// Optionally the θ channel linearised at M ≡ 0 is marched alongside (docs/theory.md (5.13)): one more cell sum per path
// for ψ, and one per path for each draw of the finite-n fluctuation ε of (5.8) propagated by the same equations (5.15).
import { pointModel, pointTerms, resolveDmft, type DmftPath, type DmftSpec, type PointModel, type ThetaChannel } from './march.js';
import { makeRng } from '../../numerics/random/rng.js';
import type { CompiledFn } from '../../numerics/expr/compile.js';
import { gemmAdd, gemmAddT, rademacherMix } from './kernels.js';
import { effectivePopulation, thetaDraws, type Population } from './population.js';
import { type CellGrid, type CompressionPolicy, cellMap, maxCells, mergeGroups, regroupMeans, regroupSums, regroupSumTriangle, regroupTriangle, tri } from './cells.js';

export interface LongPathLaw {
  t: number;
  z: Float64Array;
  /** A^t per sample, m×m row-major. */
  A: Float64Array;
  /** u^t per sample (m each). */
  u: Float64Array;
}

export interface LongDmftPath extends Omit<DmftPath, 'laws' | 'kernels'> {
  laws: LongPathLaw[];
  /** θ-channel linear response ψ(t) = ∂M^t/∂M^0 along the direction opts.thetaTangent (docs/theory.md (5.13)); absent without it. */
  psi?: number[];
  /** Variance of the noise-driven θ component (docs/theory.md (5.15)): v(t) = d·Var[M_ε^t], the mean over opts.thetaNoise.count
   *  independent draws of ε of (√d M_ε^t)² (per neuron, averaged over neurons), with its standard error over draws. */
  thetaNoise?: { v: number[]; se: number[]; draws: number };
  /** Integrated response χ(t) = (η/δ) Σ_{s<t} G(t, s+1) (trace/m for m > 1): the memory coefficient that multiplies a
   *  constant r in v^t, i.e. the leave-one-out κ of (6.3) if the path settles (docs/theory.md (5.14)). */
  chi: number[];
  /** Two-time integrated responses χ(t, t_w) = (η/δ) Σ_{t_w ≤ s < t} G(t, s+1) (trace/m) for each t_w of
   *  opts.responseFrom, at t = t_w … T (chi[k] is χ(t_w + k, t_w)); a cell straddling t_w counts with its part after
   *  t_w times its mean kernel. */
  chiFrom: Array<{ from: number; chi: number[] }>;
  /** Laws of the spectator paths at spec.lawAt (empty without spectators). */
  spectatorLaws: LongPathLaw[];
  compression: { window: number; early: number; every: number; max_cells: number; bytes: number };
}

/** Checks merges every `every` steps (batching keeps the per-path regrouping off the critical path): W/2 by default. */
export function defaultEvery(window: number): number {
  return Number.isFinite(window) ? Math.max(1, Math.floor(window / 2)) : 1;
}

/** Numbers held by a march of horizon T (per-path Jacobian cell sums dominate): the memory check of the CLI. */
export function longMarchCells(spec: Pick<DmftSpec, 'steps' | 'samples' | 'readout'>, policy: CompressionPolicy & { every: number }): number {
  const K = maxCells(spec.steps, policy, policy.every), m2 = spec.readout.length ** 2, N = spec.samples;
  return N * ((K * (K + 1)) / 2) * m2 + 1.5 * N * K * spec.readout.length + K * (K + 1) * m2;
}

export interface LongMarchOptions {
  /** Called after every step. */
  progress?: (t: number) => void;
  /** Extra effective samples for the law of (z, A^t, u^t) at spec.lawAt: they follow the same process with the solved
   *  kernels but do not enter them (a power of 2 ≥ 2; own antithetic pairs, own g⁰, h^t by Rademacher mixing of the
   *  whole population's r^t with signs of their own). */
  spectators?: { count: number; seed: number };
  /** Direction e ∈ R^m of a tangent θ kick δM(0) = e: the march also solves the θ channel linearised in M (docs/dmft.md
   *  "θ-channel linear response"), δu^t = z δM^t − (η/δ) Σ_{s<t} Γ(t, s) A^s δu^s, δM^{t+1} = (1 − ηλ) δM^t − η E[z A^t δu^t],
   *  and records ψ(t) = eᵀδM^t (docs/theory.md (5.13)). At d = ∞ (M ≡ 0) the kernels do not move at first order in M
   *  (antithetic pairs), so this is the exact linear response; at finite d it is the response with the kernels frozen. */
  thetaTangent?: number[];
  /** Propagate `count` independent draws of the finite-n fluctuation ε^t of (5.8) through the linearised θ channel (5.13)
   *  from δM^0 = 0 (docs/theory.md (5.15)); records v(t) in path.thetaNoise. Draw q is the ε of the finite-d realisation
   *  with seed `seed + q` (ThetaChannel.seed), so √d M^t of that realisation tends to it as d → ∞. */
  thetaNoise?: { count: number; seed: number };
  /** Switch-on times t_w of the two-time responses χ(t, t_w) recorded in path.chiFrom. */
  responseFrom?: number[];
  /** Stop at the first step with U_H overlap² ≥ 1/2 (learning-time runs). */
  stopWhenLearned?: boolean;
}

export function longDmftPath(spec: DmftSpec, theta: ThetaChannel, policy: CompressionPolicy, opts: LongMarchOptions = {}): LongDmftPath {
  const progress = opts.progress;
  const { act, loss, target } = resolveDmft(spec);
  const m = spec.readout.length, m2 = m * m;
  const a = Float64Array.from(spec.readout);
  const T = spec.steps, N = spec.samples, P = N / 2, eta = spec.lr, delta = spec.delta;
  const c = eta / delta, hScale = eta / Math.sqrt(delta);
  const decay = 1 - eta * spec.ridge;
  const s2 = spec.initScale ** 2;
  const lawAt = new Set(spec.lawAt ?? []);
  const every = defaultEvery(policy.window);
  const Kcap = maxCells(T, policy, every), triCap = (Kcap * (Kcap + 1)) / 2;

  const { z, y, g0, signs } = effectivePopulation(N, m, spec.seed, target.fn, spec.noise, spec.initScale);
  const { finiteD, m0, kappa, epsScale } = thetaDraws(theta, N, m, spec.initScale, delta);

  // Per path: cell sums of r (rbar) and of the Jacobian J(row cell, column cell) (Jt); per pair: cell sums of h.
  const rbar = new Float64Array(N * Kcap * m), hbar = new Float64Array(P * Kcap * m), Jt = new Float64Array(N * triCap * m2);
  // Kernels on the cells (cell means): Γ̄(row cell, column cell), C̄_r, Φ̄; the current row Γ(t, ·) and Φ(t).
  const gamBar = new Float64Array(triCap * m2), crBar = new Float64Array(triCap * m2), phiBar = new Float64Array(Kcap * m2);
  const gamNow = new Float64Array(Kcap * m2), gamNext = new Float64Array(Kcap * m2);
  const Rrow = new Float64Array(Kcap * m2), Crow = new Float64Array(Kcap * m2), D = new Float64Array(Kcap * m2);
  const Phi = new Float64Array(m2), PhiNext = new Float64Array(m2), acc = new Float64Array(m2), scratch = new Float64Array(triCap * m2);
  for (let j = 0; j < m; j++) Phi[j * m + j] = 1;
  phiBar.set(Phi, 0);
  const cells: CellGrid = { start: [0], len: [1] };

  const M = new Float64Array((T + 2) * m);
  M.set(m0);
  const rNow = new Float64Array(N * m), hNow = new Float64Array(P * m), work = new Float64Array(N);
  const xa = new Float64Array(1), la = new Float64Array(2), pm = pointModel(act, loss, a);
  const g = new Float64Array(m), mem = new Float64Array(m), u = new Float64Array(m), zrT = new Float64Array(m);
  const r = new Float64Array(m), Ai = new Float64Array(m2), Y = new Float64Array(Kcap * m2), q = new Float64Array(m2);
  const bytes = 8 * (Jt.length + rbar.length + hbar.length + 2 * gamBar.length + 8 * Kcap * m2);
  const path: LongDmftPath = {
    m, t: [], M: [], q: [], overlap_h: [], w_norm: [], train_risk: [], test_risk: [], train_risk_se: [], t_learn: null, laws: [], spectatorLaws: [], chi: [],
    chiFrom: (opts.responseFrom ?? []).map((from) => ({ from, chi: [] })),
    compression: { window: policy.window, early: policy.early, every, max_cells: Kcap, bytes },
  };

  // Tangent columns: ψ (if thetaTangent) first, then the noise draws; per path the cell sums of δr, column-interleaved.
  const tan = opts.thetaTangent ? Float64Array.from({ length: m }, (_, j) => opts.thetaTangent![j] ?? 0) : null;
  const Q = opts.thetaNoise?.count ?? 0, B = (tan ? 1 : 0) + Q, Bm = B * m, q0 = tan ? 1 : 0;
  const drbar = B > 0 ? new Float64Array(N * Kcap * Bm) : null, dM = B > 0 ? new Float64Array(Bm) : null;
  if (tan) dM!.set(tan);
  const du = new Float64Array(m), zdr = new Float64Array(Bm), epsQ = new Float64Array(Bm);
  const kappaQ = Q > 0 ? new Float64Array(Q * N) : null;
  // Draw q is the ε of the finite-d realisation with seed `seed + q` (thetaDraws), so it is that realisation's linearisation.
  for (let q = 0; q < Q; q++) kappaQ!.set(thetaDraws({ d: 1, seed: opts.thetaNoise!.seed + q }, N, m, spec.initScale, delta).kappa, q * N);
  const epsNoise = 1 / Math.sqrt(delta * N);
  if (tan) path.psi = [];
  if (Q > 0) path.thetaNoise = { v: [], se: [], draws: Q };

  const spect = opts.spectators ? spectatorPaths(opts.spectators.count, opts.spectators.seed, N, m, Kcap, target.fn, spec) : null;

  for (let t = 0; t <= T; t++) {
    const K = cells.start.length, last = K - 1;
    const Mt = M.subarray(t * m, t * m + m);
    wPerpNorm2(m, last, cells.len, gamNow, crBar, Phi, s2, (eta * eta) / delta, Y, q);
    path.chi.push((c * responseAfter(0, m, last, cells, gamNow)) / m);
    for (const cf of path.chiFrom) if (t >= cf.from) cf.chi.push((c * responseAfter(cf.from, m, last, cells, gamNow)) / m);
    let risk = 0, risk2 = 0, test = 0;
    zrT.fill(0);
    zdr.fill(0);
    Rrow.fill(0, 0, K * m2);
    Crow.fill(0, 0, K * m2);
    const law: LongPathLaw | null = lawAt.has(t) ? { t, z: z.slice(), A: new Float64Array(N * m2), u: new Float64Array(N * m) } : null;
    for (let i = 0; i < N; i++) {
      const p = i >> 1, rb = i * Kcap * m, hb = p * Kcap * m, jb = i * triCap * m2;
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += Phi[j * m + k]! * g0[p * m + k]!;
        g[j] = s;
        mem[j] = 0;
      }
      for (let cc = 0; cc < last; cc++) {
        const gb = cc * m2;
        for (let j = 0; j < m; j++) {
          let ah = 0, ar = 0;
          for (let k = 0; k < m; k++) {
            const gjk = gamNow[gb + j * m + k]!;
            ah += gjk * hbar[hb + cc * m + k]!;
            ar += gjk * rbar[rb + cc * m + k]!;
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
        rbar[rb + last * m + j] = r[j]!;
        rNow[i * m + j] = r[j]!;
        zrT[j] = zrT[j]! + z[i]! * r[j]!;
      }
      if (law) {
        law.A.set(Ai, i * m2);
        law.u.set(u, i * m);
      }
      if (drbar && dM) tangentStep(m, B, last, c, z[i]!, dM, gamNow, drbar, i * Kcap * Bm, Ai, du, zdr);
      jacobianRow(m, last, c, gamNow, Jt, jb, Ai, D);
      const row = jb + tri(last, 0) * m2;
      for (let cc = 0; cc <= last; cc++) {
        const o = cc * m2;
        for (let q2 = 0; q2 < m2; q2++) Rrow[o + q2] = Rrow[o + q2]! + Jt[row + o + q2]!;
        for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) Crow[o + j * m + k] = Crow[o + j * m + k]! + r[j]! * rbar[rb + cc * m + k]!;
      }
    }
    for (let cc = 0; cc <= last; cc++) {
      const o = cc * m2, cr = tri(last, cc) * m2, sc = 1 / (N * cells.len[cc]!);
      for (let q2 = 0; q2 < m2; q2++) {
        Rrow[o + q2] = Rrow[o + q2]! / N;
        crBar[cr + q2] = Crow[o + q2]! * sc;
      }
    }
    for (let j = 0; j < m; j++) zrT[j] = zrT[j]! / N;
    if (law) path.laws.push(law);
    if (dM) {
      if (tan) {
        let e = 0;
        for (let j = 0; j < m; j++) e += tan[j]! * dM[j]!;
        path.psi!.push(e);
      }
      if (kappaQ) {
        // v(t) = mean over draws of (√d M_ε)²; then the draws' sources ε_q^t = (1/√(δN)) Σ_k κ_qk (z_k r_k^t − E[z r^t]).
        let s1 = 0, s2 = 0;
        for (let b = q0; b < B; b++) for (let j = 0; j < m; j++) {
          const x2 = dM[b * m + j]! ** 2;
          s1 += x2;
          s2 += x2 * x2;
        }
        const cnt = Q * m, mean = s1 / cnt;
        path.thetaNoise!.v.push(mean);
        path.thetaNoise!.se.push(cnt > 1 ? Math.sqrt(Math.max(0, s2 / cnt - mean * mean) / (cnt - 1)) : 0);
        for (let q = 0; q < Q; q++) for (let j = 0; j < m; j++) epsQ[(q0 + q) * m + j] = fluctuationSum(kappaQ, q * N, z, rNow, zrT, m, j);
      }
      for (let x = 0; x < Bm; x++) dM[x] = decay * dM[x]! - eta * (zdr[x]! / N + epsNoise * epsQ[x]!);
    }
    if (spect) spectatorStep(spect, t, last, lawAt.has(t) ? path.spectatorLaws : null, { m, Kcap, Mt, Phi, gamNow, c, hScale, pm });
    record(path, t, Mt, q, risk / N, Math.sqrt(Math.max(0, risk2 / N - (risk / N) ** 2) / N), test / N);
    progress?.(t);
    if (t === T || (opts.stopWhenLearned && path.t_learn !== null)) break;

    // θ channel: M^{t+1} = (1 − ηλ) M^t − η (E[z r^t] + ε^t)
    for (let j = 0; j < m; j++) {
      const eps = finiteD ? fluctuationSum(kappa, 0, z, rNow, zrT, m, j) : 0;
      M[(t + 1) * m + j] = decay * Mt[j]! - eta * (zrT[j]! + epsScale * eps);
    }
    // h^t ~ GP(0, C_r): each half of the population mixed from the other half's r^t (as in src/dmft/march.ts)
    const H = N / 2, HP = P / 2;
    rademacherMix(rNow.subarray(0, H * m), m, signs.subarray(0, H), HP, hNow.subarray(HP * m), work);
    rademacherMix(rNow.subarray(H * m), m, signs.subarray(H), HP, hNow.subarray(0, HP * m), work);
    for (let p = 0; p < P; p++) for (let j = 0; j < m; j++) hbar[p * Kcap * m + last * m + j] = hNow[p * m + j]!;
    if (spect) spectatorNoise(spect, rNow, m, Kcap, last, work);

    // Feature side on the cells: Φ(t+1), Γ(t+1, c); then the cell of step t+1 opens.
    PhiNext.fill(0);
    for (let j = 0; j < m2; j++) PhiNext[j] = decay * Phi[j]!;
    for (let cc = 0; cc <= last; cc++) gemmAdd(m, Rrow, cc * m2, phiBar, cc * m2, PhiNext, 0, -eta);
    for (let cc = 0; cc <= last; cc++) {
      const o = cc * m2;
      for (let q2 = 0; q2 < m2; q2++) gamNext[o + q2] = decay * gamNow[o + q2]!;
      for (let rr = cc; rr <= last; rr++) gemmAdd(m, Rrow, rr * m2, gamBar, tri(rr, cc) * m2, gamNext, o, -eta);
    }
    for (let j = 0; j < m; j++) gamNext[last * m2 + j * m + j] = gamNext[last * m2 + j * m + j]! + 1;
    cells.start.push(t + 1);
    cells.len.push(1);
    const nk = K;
    gamNow.set(gamNext.subarray(0, K * m2));
    gamNow.fill(0, nk * m2, (nk + 1) * m2);
    gamBar.set(gamNow.subarray(0, (nk + 1) * m2), tri(nk, 0) * m2);
    crBar.fill(0, tri(nk, 0) * m2, tri(nk + 1, 0) * m2);
    Phi.set(PhiNext);
    phiBar.set(Phi, nk * m2);
    for (let i = 0; i < N; i++) rbar.fill(0, i * Kcap * m + nk * m, i * Kcap * m + (nk + 1) * m);
    if (drbar) for (let i = 0; i < N; i++) drbar.fill(0, i * Kcap * Bm + nk * Bm, i * Kcap * Bm + (nk + 1) * Bm);
    if (spect) for (let i = 0; i < spect.S; i++) spect.rbar.fill(0, i * Kcap * m + nk * m, i * Kcap * m + (nk + 1) * m);
    if ((t + 1) % every === 0) {
      const w = cells.len.slice();
      const ranges = mergeGroups(cells, t + 1, policy);
      if (ranges) {
        const { map, first } = cellMap(ranges);
        for (let i = 0; i < N; i++) {
          regroupSums(rbar, i * Kcap * m, m, ranges);
          if (drbar) regroupSums(drbar, i * Kcap * Bm, Bm, ranges);
          regroupSumTriangle(Jt, i * triCap * m2, m, map, first, scratch);
        }
        for (let p = 0; p < P; p++) regroupSums(hbar, p * Kcap * m, m, ranges);
        if (spect) {
          for (let i = 0; i < spect.S; i++) regroupSums(spect.rbar, i * Kcap * m, m, ranges);
          for (let p = 0; p < spect.S / 2; p++) regroupSums(spect.hbar, p * Kcap * m, m, ranges);
        }
        regroupTriangle(gamBar, 0, m, ranges, w, 'zero', acc);
        regroupTriangle(crBar, 0, m, ranges, w, 'transpose', acc);
        regroupMeans(phiBar, m2, ranges, w);
        regroupMeans(gamNow, m2, ranges, w);
      }
    }
    if (!Number.isFinite(M[(t + 1) * m]!) || !Number.isFinite(q[0]!) || !Number.isFinite(risk)) {
      path.diverged = t + 1;
      break;
    }
  }
  return path;
}

interface Spectators {
  S: number;
  pop: Population;
  rbar: Float64Array;
  hbar: Float64Array;
  /** Rademacher signs of each mixing batch (N each). */
  signs: Float64Array;
  h: Float64Array;
  r: Float64Array;
  u: Float64Array;
  A: Float64Array;
}

function spectatorPaths(S: number, seed: number, N: number, m: number, Kcap: number, target: CompiledFn, spec: DmftSpec): Spectators {
  const pop = effectivePopulation(S, m, seed, target, spec.noise, spec.initScale);
  const batches = Math.ceil(S / 2 / N), rng = makeRng(seed + 0x5bd1e995);
  const signs = new Float64Array(batches * N);
  for (let k = 0; k < signs.length; k++) signs[k] = rng.uniform() < 0.5 ? -1 : 1;
  return { S, pop, rbar: new Float64Array(S * Kcap * m), hbar: new Float64Array((S / 2) * Kcap * m), signs, h: new Float64Array(batches * N * m), r: new Float64Array(m), u: new Float64Array(m), A: new Float64Array(m * m) };
}

/** h^t of every spectator pair: batch b mixes the whole population's r^t with its own signs. */
function spectatorNoise(sp: Spectators, rNow: Float64Array, m: number, Kcap: number, last: number, work: Float64Array): void {
  const N = rNow.length / m, pairs = sp.S / 2;
  for (let b = 0; b * N < pairs; b++) rademacherMix(rNow, m, sp.signs.subarray(b * N, (b + 1) * N), Math.min(N, pairs - b * N), sp.h.subarray(b * N * m), work);
  for (let p = 0; p < pairs; p++) for (let j = 0; j < m; j++) sp.hbar[p * Kcap * m + last * m + j] = sp.h[p * m + j]!;
}

/** One step of the spectator paths (the population loop without Jacobians and kernel sums). */
function spectatorStep(sp: Spectators, t: number, last: number, laws: LongPathLaw[] | null, k: { m: number; Kcap: number; Mt: Float64Array; Phi: Float64Array; gamNow: Float64Array; c: number; hScale: number; pm: PointModel }): void {
  const { m, Kcap, Mt, Phi, gamNow, c, hScale, pm } = k, m2 = m * m, { z, y, g0 } = sp.pop;
  const law: LongPathLaw | null = laws ? { t, z: z.slice(), A: new Float64Array(sp.S * m2), u: new Float64Array(sp.S * m) } : null;
  for (let i = 0; i < sp.S; i++) {
    const p = i >> 1, rb = i * Kcap * m, hb = p * Kcap * m;
    for (let j = 0; j < m; j++) {
      let g = 0, mem = 0;
      for (let q = 0; q < m; q++) g += Phi[j * m + q]! * g0[p * m + q]!;
      for (let cc = 0; cc < last; cc++)
        for (let q = 0; q < m; q++) {
          const gjk = gamNow[cc * m2 + j * m + q]!;
          g -= hScale * gjk * sp.hbar[hb + cc * m + q]!;
          mem += gjk * sp.rbar[rb + cc * m + q]!;
        }
      sp.u[j] = Mt[j]! * z[i]! + g - c * mem;
    }
    pointTerms(pm, sp.u, y[i]!, sp.r, law ? sp.A : null);
    for (let j = 0; j < m; j++) sp.rbar[rb + last * m + j] = sp.r[j]!;
    if (law) {
      law.A.set(sp.A, i * m2);
      law.u.set(sp.u, i * m);
    }
  }
  if (law && laws) laws.push(law);
}

/** ‖w⊥(t)‖² blocks: s² Φ Φᵀ + (η²/δ) Σ_{c,c'<last} |c||c'| Γ(t, c) C̄_r(c, c') Γ(t, c')ᵀ (into q). */
function wPerpNorm2(m: number, last: number, len: number[], gam: Float64Array, cr: Float64Array, Phi: Float64Array, s2: number, noise: number, Y: Float64Array, q: Float64Array): void {
  const m2 = m * m;
  q.fill(0);
  gemmAddT(m, Phi, 0, Phi, 0, q, 0, s2);
  // Y(c') = Σ_c |c| Γ(t, c) C̄_r(c, c')   (C̄_r(c, c') = C̄_r(c', c)ᵀ for c < c')
  Y.fill(0, 0, last * m2);
  for (let c2 = 0; c2 < last; c2++)
    for (let c1 = 0; c1 < last; c1++)
      if (c1 >= c2) gemmAdd(m, gam, c1 * m2, cr, tri(c1, c2) * m2, Y, c2 * m2, len[c1]!);
      else gemmAddT(m, gam, c1 * m2, cr, tri(c2, c1) * m2, Y, c2 * m2, len[c1]!);
  for (let c2 = 0; c2 < last; c2++) gemmAddT(m, Y, c2 * m2, gam, c2 * m2, q, 0, noise * len[c2]!);
}

/** Σ_k κ_k (z_k r_kj − E[z r_j]) over the N paths, κ = weights[off, off + N): the finite-n fluctuation of E[z r^t] in
 *  (5.8) up to its scale 1/√(δ d N). */
function fluctuationSum(weights: Float64Array, off: number, z: Float64Array, r: Float64Array, zr: Float64Array, m: number, j: number): number {
  let s = 0;
  for (let k = 0; k < z.length; k++) s += weights[off + k]! * (z[k]! * r[k * m + j]! - zr[j]!);
  return s;
}

/** One path's step of the linearised θ channel for each of the B tangent columns b: δu_b^t = z δM_b^t − c Σ_{cells < last}
 *  Γ̄(t, c) δr̄_{b,c}, δr_b^t = A^t δu_b^t (stored as the open cell's sum; cells hold B·m numbers), and E[z δr_b^t]·N
 *  accumulated into zdr. */
function tangentStep(m: number, B: number, last: number, c: number, z: number, dM: Float64Array, gam: Float64Array, drbar: Float64Array, rb: number, A: Float64Array, du: Float64Array, zdr: Float64Array): void {
  const m2 = m * m, Bm = B * m;
  for (let b = 0; b < B; b++) {
    const o = b * m;
    for (let j = 0; j < m; j++) {
      let mem = 0;
      for (let cc = 0; cc < last; cc++) for (let k = 0; k < m; k++) mem += gam[cc * m2 + j * m + k]! * drbar[rb + cc * Bm + o + k]!;
      du[j] = z * dM[o + j]! - c * mem;
    }
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += A[j * m + k]! * du[k]!;
      drbar[rb + last * Bm + o + j] = s;
      zdr[o + j] = zdr[o + j]! + z * s;
    }
  }
}

/** Row `last` (the current step) of one path's Jacobian cell sums: J(t, c) = A^t D(t, c),
 *  D(t, c) = [c = last] I − (η/δ) Σ_{c ≤ c' < last} Γ(t, c') Jsum(c', c). */
function jacobianRow(m: number, last: number, c: number, gam: Float64Array, Jt: Float64Array, jb: number, A: Float64Array, D: Float64Array): void {
  const m2 = m * m, row = jb + tri(last, 0) * m2;
  if (m === 1) {
    D.fill(0, 0, last);
    for (let rr = 0; rr < last; rr++) {
      const gg = gam[rr]!;
      if (gg === 0) continue;
      const off = jb + tri(rr, 0);
      for (let s = 0; s <= rr; s++) D[s] = D[s]! + gg * Jt[off + s]!;
    }
    const a0 = A[0]!;
    for (let s = 0; s < last; s++) Jt[row + s] = -c * a0 * D[s]!;
    Jt[row + last] = a0;
    return;
  }
  if (m === 2) {
    jacobianRow2(last, c, gam, Jt, jb, A, D);
    return;
  }
  D.fill(0, 0, last * m2);
  for (let rr = 0; rr < last; rr++) {
    const off = jb + tri(rr, 0) * m2;
    for (let s = 0; s <= rr; s++) gemmAdd(m, gam, rr * m2, Jt, off + s * m2, D, s * m2);
  }
  for (let s = 0; s < last; s++) {
    Jt.fill(0, row + s * m2, row + (s + 1) * m2);
    gemmAdd(m, A, 0, D, s * m2, Jt, row + s * m2, -c);
  }
  Jt.set(A, row + last * m2);
}

/** Appends the state at step t: overlaps, norms, risks, t_learn (as src/dmft/march.ts records it). */
function record(path: LongDmftPath, t: number, Mt: Float64Array, q: Float64Array, risk: number, riskSe: number, test: number): void {
  const m = path.m;
  let ov = 0, wn = 0;
  const qd: number[] = [];
  for (let j = 0; j < m; j++) {
    const qj = q[j * m + j]!;
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

/** jacobianRow for m = 2 with the 2×2 products written out (the same sums in the same order as gemmAdd). */
function jacobianRow2(last: number, c: number, gam: Float64Array, Jt: Float64Array, jb: number, A: Float64Array, D: Float64Array): void {
  const row = jb + tri(last, 0) * 4;
  D.fill(0, 0, last * 4);
  for (let rr = 0; rr < last; rr++) {
    const gb = rr * 4, g00 = gam[gb]!, g01 = gam[gb + 1]!, g10 = gam[gb + 2]!, g11 = gam[gb + 3]!;
    for (let s = 0, o = jb + tri(rr, 0) * 4, ds = 0; s <= rr; s++, o += 4, ds += 4) {
      const j00 = Jt[o]!, j01 = Jt[o + 1]!, j10 = Jt[o + 2]!, j11 = Jt[o + 3]!;
      D[ds] = D[ds]! + g00 * j00 + g01 * j10;
      D[ds + 1] = D[ds + 1]! + g00 * j01 + g01 * j11;
      D[ds + 2] = D[ds + 2]! + g10 * j00 + g11 * j10;
      D[ds + 3] = D[ds + 3]! + g10 * j01 + g11 * j11;
    }
  }
  const a00 = -c * A[0]!, a01 = -c * A[1]!, a10 = -c * A[2]!, a11 = -c * A[3]!;
  for (let s = 0, o = row, ds = 0; s < last; s++, o += 4, ds += 4) {
    const d00 = D[ds]!, d01 = D[ds + 1]!, d10 = D[ds + 2]!, d11 = D[ds + 3]!;
    Jt[o] = a00 * d00 + a01 * d10;
    Jt[o + 1] = a00 * d01 + a01 * d11;
    Jt[o + 2] = a10 * d00 + a11 * d10;
    Jt[o + 3] = a10 * d01 + a11 * d11;
  }
  Jt.set(A, row + last * 4);
}

/** Σ_{cells c < last} tr Γ̄(t, c) · |c ∩ [from, ∞)|: the part of the integrated response from fields applied at s ≥ from
 *  (from = 0: all of it, χ(t) of (5.14)). */
function responseAfter(from: number, m: number, last: number, cells: CellGrid, gam: Float64Array): number {
  const m2 = m * m;
  let s = 0;
  for (let cc = 0; cc < last; cc++) {
    const start = cells.start[cc]!, len = cells.len[cc]!, w = Math.min(len, Math.max(0, start + len - from));
    if (w === 0) continue;
    for (let j = 0; j < m; j++) s += gam[cc * m2 + j * m + j]! * w;
  }
  return s;
}
