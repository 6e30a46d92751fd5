// The stationary point of phase 1 for m ≥ 1 neurons (docs/theory.md (6.20)–(6.26)): the minimiser Ŵ ⊥ θ of
//   R̂(W) = (1/n) Σ_i ρ_{y_i}(Wᵀx_i) + (λ/2)‖W‖²_F,   ρ_y(u) = ℓ(y, Σ_j a_j σ(u_j)).
// Fitted values u = prox(v) of (6.21), v ~ N(0, Q), Q = ŴᵀŴ, with (Q, K) solving
//   (6.22)  E[(v − u)(v − u)ᵀ] = Q/δ                       (norm equation)
//   (6.24)  sym(λQ + E[u(v − u)ᵀ]K⁻¹) = 0                   (stationarity tested against Ŵ)
// and the trace equation (6.23) E[KD] + λK = I/δ, D = A(I + KA)⁻¹, reported as the quadrature check. Also the stability
// index (6.25) and the θ-block curvature Λ = λI + E[z²D] (6.26). The law is the (z, y) rule of the m = 1 code times
// tensor Gauss–Hermite in g, v = Q^{1/2}g. Newton with a forward-difference Jacobian, either in the exchangeable
// ansatz Q = q₀I + q₁(11ᵀ − I), K = k₀I + k₁(11ᵀ − I) (4 unknowns) or in all m(m + 1) entries.
import type { CompiledFn } from '../../../numerics/expr/compile.js';
import type { Target } from '../../../model/formulas.js';
import type { SolverStatus } from '../../../core/status.js';
import { gaussHermite } from '../../../numerics/quadrature/gaussHermite.js';
import { gaussLegendre } from '../../../numerics/quadrature/gaussLegendre.js';
import { zyRule } from '../fixedPoint.js';
import { cholesky, invert, isPositiveDefinite, matmul, solveLinear, symmetricEigenvalues, symmetricSqrt } from './dense.js';
import { multiSampleLoss, type MultiSampleLoss } from './loss.js';
import { multiProx, proxWork } from './prox.js';

export interface MultiProblem {
  act: CompiledFn;
  loss: CompiledFn;
  target: Target;
  noise: number;
  /** Readout a ∈ R^m (m ≥ 1). */
  readout: Float64Array;
  ridge: number;
}

/** (p, n): nodes per panel of the (z, y) rule, and in v-space Gauss–Hermite nodes per axis in g (v = Q^{1/2}g, the prox
 *  solved at every atom), in u-space Gauss–Legendre nodes per unit panel in t ∈ [−U_CUTOFF, U_CUTOFF]^m, u = Q^{1/2}t
 *  (the change of variables v = u + K∇ρ_y(u), no prox; convex case only). */
export interface MultiResolution { order: number; nodes: number; space?: 'v' | 'u' }
/** Half-width of the u-space box in units of Q^{1/2}; the mass of the law on it is reported (it must be 1). */
export const U_CUTOFF = 8;
/** Default resolutions: the u-space rule (exponentially convergent where the prox is convex); the difference between
 *  the two is the error estimate. */
export const FINE: MultiResolution = { order: 6, nodes: 6, space: 'u' };
export const COARSE: MultiResolution = { order: 4, nodes: 4, space: 'u' };

export type Ansatz = 'exchangeable' | 'full';

export interface MultiStart { Q: Float64Array; K: Float64Array; u?: Float64Array; /** Jacobian of a nearby solve (same ansatz), reused by the chord iteration. */ J?: Float64Array }

export interface MultiPoint {
  delta: number;
  m: number;
  /** Q = ŴᵀŴ and K (m×m row-major). */
  Q: Float64Array;
  K: Float64Array;
  /** E[ρ_y(u)] (without the ridge term). */
  trainRisk: number;
  /** Largest scaled entries of the residuals of (6.22), (6.24) and δ·(6.23). */
  residuals: { norm: number; stationarity: number; trace: number };
  /** λ_max of δE[D̃XD̃] (6.25). */
  stability: number;
  /** Λ = λI + E[z²D] (6.26), its eigenvalues ascending. */
  Lambda: Float64Array;
  lambdaEigenvalues: number[];
  /** Whether A + K⁻¹ ≻ 0 at every atom and on the u-grid (unique, smooth prox). */
  convexProx: boolean;
  /** The two parts of that check: at the fitted atoms, and on the grid of the box [−U, U]^m (U = 6 max √Q_jj + 2). */
  convexity: { atoms: boolean; grid: boolean };
  /** Atoms (count, total weight) where Newton from another start finds a lower value of the prox objective than the
   *  fitted u (the prox used is then not the global minimiser there). Checked only where A + K⁻¹ is not positive
   *  definite on the grid (else the minimiser is unique); 0 otherwise. */
  notGlobal: { atoms: number; weight: number };
  ansatz: Ansatz;
  resolution: MultiResolution;
  /** Fitted values at the atoms (size·m), a warm start for nearby solves at the same resolution. */
  u: Float64Array;
  /** Mass of the law on the rule: 1 in v-space; in u-space 1 up to the rule's error and the box (a check). */
  mass: number;
  /** The last Newton Jacobian (for warm starts of nearby solves with the same ansatz). */
  J?: Float64Array;
  status: SolverStatus;
}

export const TRACE_TOLERANCE = 1e-3;
/** Largest |mass − 1| accepted on the u-space rule. */
export const MASS_TOLERANCE = 1e-6;

interface Rule { m: number; space: 'v' | 'u'; nzy: number; ng: number; y: Float64Array; z: Float64Array; wzy: Float64Array; g: Float64Array; wg: Float64Array }

function multiRule(p: MultiProblem, res: MultiResolution): Rule {
  const m = p.readout.length;
  const space = res.space ?? 'v';
  const zy = zyRule(p, res.order);
  const gh = space === 'v' ? gaussHermite(res.nodes) : unitPanels(res.nodes);
  const per = gh.nodes.length;
  const ng = per ** m;
  const g = new Float64Array(ng * m), wg = new Float64Array(ng);
  for (let j = 0; j < ng; j++) {
    let rest = j, w = 1;
    for (let k = 0; k < m; k++) { const idx = rest % per; rest = Math.floor(rest / per); g[j * m + k] = gh.nodes[idx]!; w *= gh.weights[idx]!; }
    wg[j] = w;
  }
  return { m, space, nzy: zy.w.length, ng, y: zy.y, z: zy.z, wzy: zy.w, g, wg };
}

/** Composite Gauss–Legendre (Lebesgue weights) on [−U_CUTOFF, U_CUTOFF] with unit panels, n nodes each. */
function unitPanels(n: number): { nodes: Float64Array; weights: Float64Array } {
  const panels = 2 * U_CUTOFF;
  const nodes = new Float64Array(panels * n), weights = new Float64Array(panels * n);
  for (let k = 0; k < panels; k++) {
    const r = gaussLegendre(n, -U_CUTOFF + k, -U_CUTOFF + k + 1);
    nodes.set(r.nodes, k * n);
    weights.set(r.weights, k * n);
  }
  return { nodes, weights };
}

/** Expectations over the law at (Q, K). */
interface Moments {
  ok: boolean;
  convexAtoms: boolean;
  risk: number;
  /** E[(v − u)(v − u)ᵀ], E[u(v − u)ᵀ], E[D], E[z²D] (m×m) and E[D_ac D_db] (m⁴, index ((a·m + c)·m + d)·m + b). */
  E1: Float64Array; E2: Float64Array; ED: Float64Array; EzD: Float64Array; EDD: Float64Array;
  P: Float64Array;
  /** Total mass of the law on the rule (1 in v-space by construction). */
  mass: number;
}

function moments(rho: MultiSampleLoss, rule: Rule, Q: Float64Array, K: Float64Array, u: Float64Array): Moments | null {
  if (rule.space === 'u') return momentsU(rho, rule, Q, K);
  const m = rule.m;
  const P = new Float64Array(m * m), work = new Float64Array(2 * m * m);
  if (!cholesky(Q, m, work)) return null;
  // v = Q^{1/2}g with the symmetric root: permuting the neurons permutes the rule, so an exchangeable problem stays
  // exchangeable on the rule (a Cholesky factor would break that symmetry at the level of the quadrature error).
  const L = symmetricSqrt(Q, m);
  if (!isPositiveDefinite(K, m, work) || !invert(K, m, P, work)) return null;
  const w = proxWork(m);
  const v = new Float64Array(m), ua = new Float64Array(m), M = new Float64Array(m * m), PM = new Float64Array(m * m), D = new Float64Array(m * m);
  const S = new Float64Array(m * m), chol = new Float64Array(m * m);
  const E1 = new Float64Array(m * m), E2 = new Float64Array(m * m), ED = new Float64Array(m * m), EzD = new Float64Array(m * m), EDD = new Float64Array(m ** 4);
  let risk = 0, ok = true, convexAtoms = true;
  for (let i = 0; i < rule.nzy; i++) {
    const y = rule.y[i]!, z2 = rule.z[i]! * rule.z[i]!;
    for (let j = 0; j < rule.ng; j++) {
      const q = i * rule.ng + j;
      const wt = rule.wzy[i]! * rule.wg[j]!;
      for (let a = 0; a < m; a++) { let s = 0; for (let b = 0; b < m; b++) s += L[a * m + b]! * rule.g[j * m + b]!; v[a] = s; }
      for (let a = 0; a < m; a++) ua[a] = u[q * m + a]!;
      const r = multiProx(rho, y, v, K, P, ua, w);
      if (!Number.isFinite(r)) { ok = false; continue; }
      for (let a = 0; a < m; a++) u[q * m + a] = ua[a]!;
      risk += wt * r;
      // D = P − P (P + A)⁻¹ P  (= A(I + KA)⁻¹, also for singular A).
      for (let k = 0; k < m * m; k++) S[k] = P[k]! + w.hess[k]!;
      if (!isPositiveDefinite(S, m, chol)) convexAtoms = false;
      if (!invert(S, m, M, work)) { ok = false; continue; }
      matmul(P, M, m, PM);
      matmul(PM, P, m, D);
      for (let k = 0; k < m * m; k++) D[k] = P[k]! - D[k]!;
      addAtom({ E1, E2, ED, EzD, EDD }, m, wt, z2, v, ua, D);
    }
  }
  return { ok, convexAtoms, risk, E1, E2, ED, EzD, EDD, P, mass: 1 };
}

/** One atom's contribution (weight wt) to E[(v − u)(v − u)ᵀ], E[u(v − u)ᵀ], E[D], E[z²D] and E[D ⊗ D]. */
function addAtom(acc: { E1: Float64Array; E2: Float64Array; ED: Float64Array; EzD: Float64Array; EDD: Float64Array }, m: number, wt: number, z2: number, v: Float64Array, ua: Float64Array, D: Float64Array): void {
  const { E1, E2, ED, EzD, EDD } = acc;
  for (let a = 0; a < m; a++) {
    const ea = v[a]! - ua[a]!;
    for (let b = 0; b < m; b++) {
      const eb = v[b]! - ua[b]!;
      E1[a * m + b] = E1[a * m + b]! + wt * ea * eb;
      E2[a * m + b] = E2[a * m + b]! + wt * ua[a]! * eb;
      ED[a * m + b] = ED[a * m + b]! + wt * D[a * m + b]!;
      EzD[a * m + b] = EzD[a * m + b]! + wt * z2 * D[a * m + b]!;
    }
  }
  for (let a = 0; a < m; a++) for (let c = 0; c < m; c++) for (let d = 0; d < m; d++) for (let b = 0; b < m; b++)
    EDD[((a * m + c) * m + d) * m + b] = EDD[((a * m + c) * m + d) * m + b]! + wt * D[a * m + c]! * D[d * m + b]!;
}

/** The same expectations by the change of variables (6.28) v = H(u) = u + K∇ρ_y(u) (a bijection when A + K⁻¹ ≻ 0
 *  everywhere): E[f(u, v)] = E_y ∫ f(u, H(u)) φ_Q(H(u)) det(I + KA(u)) du, with u = Q^{1/2}t on a fixed rule in t. The
 *  integrand is smooth where the prox is (no 1/(I + KA) spike near a fold: D det(I + KA) = A adj(I + KA)), so the
 *  composite rule converges exponentially. `mass` is the integral of the density (1 up to the rule's error and the
 *  box). A node with A + K⁻¹ not positive definite makes the result invalid (convexAtoms false). */
function momentsU(rho: MultiSampleLoss, rule: Rule, Q: Float64Array, K: Float64Array): Moments | null {
  const m = rule.m;
  const P = new Float64Array(m * m), work = new Float64Array(2 * m * m), Qi = new Float64Array(m * m), chol = new Float64Array(m * m);
  if (!isPositiveDefinite(Q, m, chol)) return null;
  if (!isPositiveDefinite(K, m, work) || !invert(K, m, P, work) || !invert(Q, m, Qi, work)) return null;
  const R = symmetricSqrt(Q, m);
  // det Q^{1/2} (from du = det Q^{1/2} dt) times φ_Q's constant 1/((2π)^{m/2} √det Q).
  const norm = 1 / (2 * Math.PI) ** (m / 2);
  let detK = 1;
  isPositiveDefinite(K, m, work);
  for (let a = 0; a < m; a++) detK *= work[a * m + a]! ** 2;
  const grad = new Float64Array(m), hess = new Float64Array(m * m);
  const v = new Float64Array(m), ua = new Float64Array(m), M = new Float64Array(m * m), PM = new Float64Array(m * m), D = new Float64Array(m * m);
  const S = new Float64Array(m * m), IKA = new Float64Array(m * m), KA = new Float64Array(m * m);
  const E1 = new Float64Array(m * m), E2 = new Float64Array(m * m), ED = new Float64Array(m * m), EzD = new Float64Array(m * m), EDD = new Float64Array(m ** 4);
  let risk = 0, mass = 0, convexAtoms = true;
  for (let j = 0; j < rule.ng; j++) {
    for (let a = 0; a < m; a++) { let s = 0; for (let b = 0; b < m; b++) s += R[a * m + b]! * rule.g[j * m + b]!; ua[a] = s; }
    for (let i = 0; i < rule.nzy; i++) {
      const y = rule.y[i]!, z2 = rule.z[i]! * rule.z[i]!;
      const r = rho.jet(y, ua, grad, hess);
      for (let a = 0; a < m; a++) { let s = ua[a]!; for (let b = 0; b < m; b++) s += K[a * m + b]! * grad[b]!; v[a] = s; }
      let quad = 0;
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) quad += v[a]! * Qi[a * m + b]! * v[b]!;
      matmul(K, hess, m, KA);
      for (let k = 0; k < m * m; k++) IKA[k] = KA[k]! + (k % (m + 1) === 0 ? 1 : 0);
      for (let k = 0; k < m * m; k++) S[k] = P[k]! + hess[k]!;
      if (!isPositiveDefinite(S, m, chol)) { convexAtoms = false; continue; }
      // det(I + KA) = det K · det(P + A) = det K · Π chol_aa².
      let detS = 1;
      for (let a = 0; a < m; a++) detS *= chol[a * m + a]! ** 2;
      const detIKA = detS * detK;
      const wt = rule.wzy[i]! * rule.wg[j]! * norm * Math.exp(-0.5 * quad) * detIKA;
      if (wt === 0) continue;
      mass += wt;
      risk += wt * r;
      if (!invert(S, m, M, work)) { convexAtoms = false; continue; }
      matmul(P, M, m, PM);
      matmul(PM, P, m, D);
      for (let k = 0; k < m * m; k++) D[k] = P[k]! - D[k]!;
      addAtom({ E1, E2, ED, EzD, EDD }, m, wt, z2, v, ua, D);
    }
  }
  return { ok: Number.isFinite(mass), convexAtoms, risk, E1, E2, ED, EzD, EDD, P, mass };
}


/** u = v = Q^{1/2}g at every atom (the prox's starting point without a warm start). */
function initialU(Q: Float64Array, rule: Rule, u: Float64Array): void {
  const m = rule.m;
  const L = symmetricSqrt(Q, m);
  for (let q = 0; q < u.length / m; q++) {
    const j = q % rule.ng;
    for (let a = 0; a < m; a++) { let s = 0; for (let b = 0; b < m; b++) s += L[a * m + b]! * rule.g[j * m + b]!; u[q * m + a] = s; }
  }
}

/** The residual matrices of (6.22), sym (6.24) and (6.23) (scaled by tr(Q)/m for the first two, by δ for the third). */
function residualMatrices(mo: Moments, Q: Float64Array, K: Float64Array, delta: number, ridge: number, m: number) {
  let scale = 0;
  for (let a = 0; a < m; a++) scale += Q[a * m + a]! / m;
  scale = Math.max(scale, 1e-300);
  const R1 = new Float64Array(m * m), R2 = new Float64Array(m * m), R3 = new Float64Array(m * m), R3s = new Float64Array(m * m);
  const E2P = new Float64Array(m * m), KD = new Float64Array(m * m), KDK = new Float64Array(m * m);
  matmul(mo.E2, mo.P, m, E2P);
  matmul(K, mo.ED, m, KD);
  matmul(KD, K, m, KDK);
  let kScale = 0;
  for (let a = 0; a < m; a++) kScale += K[a * m + a]! / m;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      R1[a * m + b] = (mo.E1[a * m + b]! - Q[a * m + b]! / delta) / scale;
      R2[a * m + b] = (ridge * Q[a * m + b]! + 0.5 * (E2P[a * m + b]! + E2P[b * m + a]!)) / scale;
      R3[a * m + b] = delta * (KD[a * m + b]! + ridge * K[a * m + b]! - (a === b ? 1 / delta : 0));
      // (6.23) in symmetric form: δK(E[D] + λI)K − K, relative to tr(K)/m.
      R3s[a * m + b] = (delta * KDK[a * m + b]! - K[a * m + b]!) / kScale;
    }
  }
  // ridge term of the symmetric form: δλK² (added here to keep the loop above simple).
  const K2 = new Float64Array(m * m);
  matmul(K, K, m, K2);
  for (let k = 0; k < m * m; k++) R3s[k] = R3s[k]! + (delta * ridge * K2[k]!) / kScale;
  return { R1, R2, R3, R3s };
}

/** Parameters ↔ (Q, K) for each ansatz. */
function unpack(x: Float64Array, m: number, ansatz: Ansatz): { Q: Float64Array; K: Float64Array } {
  const Q = new Float64Array(m * m), K = new Float64Array(m * m);
  if (ansatz === 'exchangeable') {
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
      Q[a * m + b] = a === b ? x[0]! : x[1]!;
      K[a * m + b] = a === b ? x[2]! : x[3]!;
    }
    return { Q, K };
  }
  const t = (m * (m + 1)) / 2;
  for (let a = 0, k = 0; a < m; a++) for (let b = a; b < m; b++, k++) {
    Q[a * m + b] = Q[b * m + a] = x[k]!;
    K[a * m + b] = K[b * m + a] = x[t + k]!;
  }
  return { Q, K };
}

function pack(Q: Float64Array, K: Float64Array, m: number, ansatz: Ansatz): Float64Array {
  if (ansatz === 'exchangeable') {
    let q0 = 0, q1 = 0, k0 = 0, k1 = 0;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
      if (a === b) { q0 += Q[a * m + b]! / m; k0 += K[a * m + b]! / m; } else { q1 += Q[a * m + b]! / (m * (m - 1)); k1 += K[a * m + b]! / (m * (m - 1)); }
    }
    return Float64Array.of(q0, q1, k0, k1);
  }
  const t = (m * (m + 1)) / 2;
  const x = new Float64Array(2 * t);
  for (let a = 0, k = 0; a < m; a++) for (let b = a; b < m; b++, k++) { x[k] = Q[a * m + b]!; x[t + k] = K[a * m + b]!; }
  return x;
}

function residualVector(R1: Float64Array, R2: Float64Array, m: number, ansatz: Ansatz): Float64Array {
  if (ansatz === 'exchangeable') {
    const mean = (R: Float64Array, diag: boolean) => {
      let s = 0, c = 0;
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) if ((a === b) === diag) { s += R[a * m + b]!; c++; }
      return s / c;
    };
    return Float64Array.of(mean(R1, true), mean(R1, false), mean(R2, true), mean(R2, false));
  }
  const out: number[] = [];
  for (const R of [R1, R2]) for (let a = 0; a < m; a++) for (let b = a; b < m; b++) out.push(R[a * m + b]!);
  return Float64Array.from(out);
}

const maxAbs = (x: ArrayLike<number>) => { let s = 0; for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(x[i]!)); return s; };

/** λ_max of 𝓛(X) = δE[D̃XD̃], D̃ = K^{1/2}DK^{1/2}, on symmetric m×m X (6.25), in an orthonormal basis of Sym(m). */
function stabilityIndex(mo: Moments, K: Float64Array, delta: number, m: number): number {
  const R = symmetricSqrt(K, m);
  const basis: Float64Array[] = [];
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) {
    const X = new Float64Array(m * m);
    if (a === b) X[a * m + a] = 1; else { X[a * m + b] = Math.SQRT1_2; X[b * m + a] = Math.SQRT1_2; }
    basis.push(X);
  }
  const nb = basis.length;
  const Lm = new Float64Array(nb * nb), T1 = new Float64Array(m * m), Y = new Float64Array(m * m), Z = new Float64Array(m * m);
  for (let al = 0; al < nb; al++) {
    matmul(R, basis[al]!, m, T1);
    matmul(T1, R, m, Y);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
      let s = 0;
      for (let c = 0; c < m; c++) for (let d = 0; d < m; d++) s += mo.EDD[((a * m + c) * m + d) * m + b]! * Y[c * m + d]!;
      Z[a * m + b] = s;
    }
    matmul(R, Z, m, T1);
    matmul(T1, R, m, Y);
    for (let be = 0; be < nb; be++) {
      let s = 0;
      for (let k = 0; k < m * m; k++) s += basis[be]![k]! * Y[k]!;
      Lm[be * nb + al] = delta * s;
    }
  }
  const ev = symmetricEigenvalues(Lm, nb);
  return ev[ev.length - 1]!;
}

/** Whether the warm-started prox at each atom is the global minimiser of ρ_y(u) + ½(u − v)ᵀK⁻¹(u − v): Newton from
 *  the starts v, 0, −u and u with its coordinates reversed; an atom fails when one of them reaches a lower value.
 *  Returns the failing atoms' count and total weight. */
function proxGlobalCheck(rho: MultiSampleLoss, rule: Rule, Q: Float64Array, K: Float64Array, P: Float64Array, u: Float64Array): { atoms: number; weight: number } {
  const m = rule.m;
  const L = symmetricSqrt(Q, m);
  const w = proxWork(m);
  const v = new Float64Array(m), cand = new Float64Array(m), ua = new Float64Array(m);
  const phi = (y: number, x: Float64Array) => {
    let q = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) q += (x[i]! - v[i]!) * P[i * m + j]! * (x[j]! - v[j]!);
    return rho.jet(y, x, w.grad, w.hess) + 0.5 * q;
  };
  let atoms = 0, weight = 0;
  for (let i = 0; i < rule.nzy; i++) {
    const y = rule.y[i]!;
    for (let j = 0; j < rule.ng; j++) {
      const q = i * rule.ng + j;
      for (let a = 0; a < m; a++) { let s = 0; for (let b = 0; b < m; b++) s += L[a * m + b]! * rule.g[j * m + b]!; v[a] = s; ua[a] = u[q * m + a]!; }
      const f0 = phi(y, ua);
      let lower = false;
      for (let k = 0; k < 4 && !lower; k++) {
        for (let a = 0; a < m; a++) cand[a] = k === 0 ? v[a]! : k === 1 ? 0 : k === 2 ? -ua[a]! : ua[m - 1 - a]!;
        if (!Number.isFinite(multiProx(rho, y, v, K, P, cand, w))) continue;
        let dist = 0;
        for (let a = 0; a < m; a++) dist = Math.max(dist, Math.abs(cand[a]! - ua[a]!));
        if (dist > 1e-6 && phi(y, cand) < f0 - 1e-12 * (1 + Math.abs(f0))) lower = true;
      }
      if (lower) { atoms++; weight += rule.wzy[i]! * rule.wg[j]!; }
    }
  }
  return { atoms, weight };
}

/** Whether A(u) + K⁻¹ ≻ 0 on a grid of the box [−U, U]^m for every label (m ≤ 3; 41, 21, 11 points per axis). */
function convexOnGrid(rho: MultiSampleLoss, rule: Rule, P: Float64Array, U: number): boolean {
  const m = rule.m;
  if (m > 3) return true;
  const per = m === 1 ? 401 : m === 2 ? 41 : 11;
  const grad = new Float64Array(m), hess = new Float64Array(m * m), S = new Float64Array(m * m), chol = new Float64Array(m * m), u = new Float64Array(m);
  const seen = new Set<number>();
  for (let i = 0; i < rule.nzy; i++) {
    const y = rule.y[i]!;
    if (seen.has(y)) continue;
    seen.add(y);
    for (let j = 0; j < per ** m; j++) {
      let rest = j;
      for (let k = 0; k < m; k++) { u[k] = -U + (2 * U * (rest % per)) / (per - 1); rest = Math.floor(rest / per); }
      rho.jet(y, u, grad, hess);
      for (let k = 0; k < m * m; k++) S[k] = P[k]! + hess[k]!;
      if (!isPositiveDefinite(S, m, chol)) return false;
    }
  }
  return true;
}

/** Default starting points: Q = r²I, K = kI around the population minimiser of E[ρ_y(rg)] and least squares' κ. */
function defaultStarts(delta: number, rho: MultiSampleLoss, rule: Rule): MultiStart[] {
  const m = rule.m;
  const grad = new Float64Array(m), hess = new Float64Array(m * m), v = new Float64Array(m);
  const pop = (r: number) => {
    let e = 0, a = 0;
    for (let i = 0; i < rule.nzy; i++) for (let j = 0; j < rule.ng; j++) {
      for (let k = 0; k < m; k++) v[k] = r * rule.g[j * m + k]!;
      const wt = rule.wzy[i]! * rule.wg[j]!;
      e += wt * rho.jet(rule.y[i]!, v, grad, hess);
      for (let k = 0; k < m; k++) a += (wt * hess[k * m + k]!) / m;
    }
    return { e, a };
  };
  let best = { r: 1, e: Infinity, a: 1 };
  for (let r = 0.01; r <= 10; r *= 1.5) { const q = pop(r); if (q.e < best.e) best = { r, ...q }; }
  const r0 = Math.max(best.r, 1 / Math.sqrt(delta));
  const k0 = 1 / (Math.max(delta - m, 0.5) * Math.max(best.a, 0.05));
  // Q = r²((1 − c)I + c11ᵀ)-type starts with c = 0 and, for m ≥ 2, anti-correlated columns (c = −0.8, K likewise with
  // −0.6): the split state that GD ⊥ θ reaches with an even target (validation/experiments/gd_stationary_multi).
  const mat = (s: number, c: number) => { const X = new Float64Array(m * m); for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) X[a * m + b] = s * (a === b ? 1 : c); return X; };
  const base: Array<[number, number]> = [[r0, k0], [1, 1 / Math.max(delta - m, 0.5)], [r0 / 3, k0], [3 * r0, k0], [r0, 5 * k0]];
  const split = m >= 2 ? base.slice(0, 2).map(([r, k]) => ({ Q: mat(2 * r * r, -0.8), K: mat(2 * k, -0.6) })) : [];
  return [...split, ...base.map(([r, k]) => ({ Q: mat(r * r, 0), K: mat(k, 0) }))];
}

/** Which second equation is solved beside (6.22): the symmetric part of (6.24) (no derivative of u; needs Q ≻ 0), or
 *  (6.23) in the symmetric form δK(E[D] + λI)K = K (also where Q is singular: a dead or duplicated neuron). The other
 *  one is the quadrature check. */
export type Equations = 'stationarity' | 'trace';

export interface MultiOptions {
  /** Newton iterations per start (default 60). */
  maxIterations?: number;
  equations?: Equations;
  resolution?: MultiResolution;
  ansatz?: Ansatz;
  start?: MultiStart;
}

/** Solves (6.22)–(6.24) at δ: Newton from opts.start, else from the default starts in turn until one converges. */
export function multiStationaryPoint(p: MultiProblem, delta: number, opts: MultiOptions = {}): MultiPoint {
  const res = opts.resolution ?? FINE;
  const m = p.readout.length;
  const ansatz: Ansatz = m === 1 ? 'full' : opts.ansatz ?? 'full';
  const rho = multiSampleLoss(p.act, p.loss, p.readout);
  const rule = multiRule(p, res);
  const starts = opts.start ? [opts.start] : defaultStarts(delta, rho, rule);
  let first: MultiPoint | null = null;
  for (const s of starts) {
    const sol = solveFrom(p, delta, res, ansatz, opts.equations ?? 'stationarity', rho, rule, s, opts.maxIterations ?? 60);
    if (sol.status.converged) return sol;
    first ??= sol;
  }
  return first!;
}

function solveFrom(p: MultiProblem, delta: number, res: MultiResolution, ansatz: Ansatz, equations: Equations, rho: MultiSampleLoss, rule: Rule, start: MultiStart, maxIterations: number): MultiPoint {
  const m = rule.m;
  const size = rule.nzy * rule.ng;
  let u = new Float64Array(size * m);
  if (start.u && start.u.length === size * m) u.set(start.u);
  else initialU(start.Q, rule, u);
  let x = pack(start.Q, start.K, m, ansatz);
  const n = x.length;
  const evalAt = (xx: Float64Array, uu: Float64Array) => {
    const { Q, K } = unpack(xx, m, ansatz);
    const mo = moments(rho, rule, Q, K, uu);
    if (mo === null) return null;
    const R = residualMatrices(mo, Q, K, delta, p.ridge, m);
    const F = residualVector(R.R1, equations === 'trace' ? R.R3s : R.R2, m, ansatz);
    return { Q, K, mo, R, F, norm: mo.ok ? maxAbs(F) : Infinity };
  };
  let cur = evalAt(x, u);
  let it = 0;
  let jacobian: Float64Array | null = null;
  let message: string | undefined;
  const TOL = 1e-11;
  // Chord Newton: the forward-difference Jacobian (n + 1 evaluations) is kept while each step at least halves the
  // residual, and recomputed otherwise (or when a line search with a reused Jacobian fails).
  let J: Float64Array | null = start.J && start.J.length === n * n ? Float64Array.from(start.J) : null;
  let fresh = false;
  for (; cur !== null && it < maxIterations && !(cur.norm <= TOL); it++) {
    // Typical magnitudes of the Q and K entries, for the difference steps and the step cap.
    const { Q, K } = unpack(x, m, ansatz);
    let sQ = 0, sK = 0;
    for (let a = 0; a < m; a++) { sQ += Q[a * m + a]! / m; sK += K[a * m + a]! / m; }
    const typ = (k: number) => (ansatz === 'exchangeable' ? k < 2 : k < n / 2) ? sQ : sK;
    if (J === null) {
      J = new Float64Array(n * n);
      fresh = true;
      for (let k = 0; k < n && J !== null; k++) {
        const h = 1e-7 * (Math.abs(x[k]!) + typ(k));
        const xh = Float64Array.from(x);
        xh[k] = xh[k]! + h;
        const e = evalAt(xh, Float64Array.from(u));
        if (e === null || !Number.isFinite(e.norm)) { J = null; break; }
        for (let i = 0; i < n; i++) J[i * n + k] = (e.F[i]! - cur.F[i]!) / h;
      }
    }
    const dir = J !== null ? solveLinear(J, cur.F, n) : null;
    if (dir === null) {
      if (!fresh) { J = null; it--; continue; }
      message = 'singular or non-finite Jacobian of (6.22)–(6.24)'; break;
    }
    // Cap the step at half the typical magnitude per entry.
    let big = 0;
    for (let k = 0; k < n; k++) big = Math.max(big, Math.abs(dir[k]!) / (0.5 * typ(k)));
    const cap = big > 1 ? 1 / big : 1;
    let t = cap, accepted = false;
    for (let k = 0; k < (fresh ? 30 : 4); k++) {
      const xn = Float64Array.from(x);
      for (let i = 0; i < n; i++) xn[i] = xn[i]! - t * dir[i]!;
      const un = Float64Array.from(u);
      const e = evalAt(xn, un);
      if (e !== null && e.norm < (1 - 1e-4 * t) * cur.norm) {
        const ratio = e.norm / cur.norm;
        x = xn; u = un; cur = e; accepted = true;
        if (ratio > 0.5) J = null;
        fresh = false;
        break;
      }
      t /= 2;
    }
    if (!accepted) {
      if (!fresh) { J = null; continue; }
      message = 'line search failed: no decrease of the residual of (6.22)–(6.24)'; break;
    }
  }
  jacobian = J;
  const { Q, K } = unpack(x, m, ansatz);
  if (cur === null) {
    return failedPoint(delta, m, Q, K, ansatz, res, u, it, 'Q not positive semidefinite or K not positive definite at the start');
  }
  const mo = cur.mo;
  let U = 0;
  for (let a = 0; a < m; a++) U = Math.max(U, Math.sqrt(Math.max(Q[a * m + a]!, 0)));
  const convexGrid = convexOnGrid(rho, rule, mo.P, 6 * U + 2);
  const convexProx = mo.convexAtoms && convexGrid;
  const notGlobal = convexProx ? { atoms: 0, weight: 0 } : proxGlobalCheck(rho, rule, Q, K, mo.P, Float64Array.from(u));
  const Lambda = new Float64Array(m * m);
  for (let k = 0; k < m * m; k++) Lambda[k] = mo.EzD[k]! + (k % (m + 1) === 0 ? p.ridge : 0);
  const lambdaEigenvalues = symmetricEigenvalues(Lambda, m);
  const fullR = { norm: maxAbs(cur.R.R1), stationarity: maxAbs(cur.R.R2), trace: maxAbs(cur.R.R3) };
  // The equation not solved is the quadrature check: δ·|(6.23)| or δ·|(6.24)| (both O(1) relative).
  const check = equations === 'trace' ? delta * fullR.stationarity : fullR.trace;
  const solved = equations === 'trace' ? maxAbs(cur.R.R3s) : fullR.stationarity;
  const massOk = Math.abs(mo.mass - 1) <= MASS_TOLERANCE;
  const converged = cur.norm <= 1e-10 && mo.ok && massOk && check <= TRACE_TOLERANCE && convexProx && (ansatz === 'full' || Math.max(fullR.norm, solved) <= 1e-10);
  return {
    delta, m, Q, K,
    trainRisk: mo.risk,
    residuals: fullR,
    stability: stabilityIndex(mo, K, delta, m),
    Lambda, lambdaEigenvalues,
    convexProx, convexity: { atoms: mo.convexAtoms, grid: convexGrid }, notGlobal, mass: mo.mass, ansatz, resolution: res, u,
    ...(jacobian ? { J: jacobian } : {}),
    status: {
      converged,
      residual: Math.max(fullR.norm, solved, check / delta),
      iterations: it,
      method: `newton (forward-difference Jacobian) on (6.22), ${equations === 'trace' ? '(6.23)' : '(6.24)'}, ${ansatz === 'exchangeable' ? 'exchangeable ansatz' : 'all entries of (Q, K)'}; (z, y) order ${res.order} × ${res.space === 'u' ? `u-space Gauss–Legendre ${res.nodes} per unit panel` : `Gauss–Hermite ${res.nodes}^${m}`}`,
      ...(converged ? {} : {
        message: message ?? (!mo.ok ? 'the prox (6.21) did not converge on some atom'
          : !massOk ? `the law's mass on the u-space rule is ${mo.mass.toPrecision(8)} (≠ 1): the box or the rule is too small`
          : !convexProx ? 'A + K⁻¹ is not positive definite somewhere: the prox is not unique (non-convex), not implemented for m ≥ 2'
            : check > TRACE_TOLERANCE ? `${equations === 'trace' ? 'stationarity (6.24)' : 'trace equation (6.23)'} relative residual ${check.toExponential(2)} > ${TRACE_TOLERANCE}: the quadrature is too coarse, or Q is singular (then solve with the trace equation)`
              : `residual ${Math.max(fullR.norm, solved).toExponential(2)}`),
      }),
    },
  };
}

function failedPoint(delta: number, m: number, Q: Float64Array, K: Float64Array, ansatz: Ansatz, res: MultiResolution, u: Float64Array, it: number, message: string): MultiPoint {
  return {
    delta, m, Q, K, trainRisk: NaN, residuals: { norm: NaN, stationarity: NaN, trace: NaN }, stability: NaN,
    Lambda: new Float64Array(m * m).fill(NaN), lambdaEigenvalues: new Array<number>(m).fill(NaN), convexProx: false, convexity: { atoms: false, grid: false }, notGlobal: { atoms: 0, weight: 0 }, mass: NaN, ansatz, resolution: res, u,
    status: { converged: false, residual: Infinity, iterations: it, method: 'newton on (6.22), (6.24)', message },
  };
}

/** Residual matrices of (6.22), sym (6.24), δ·(6.23) at a given (Q, K), with Λ (6.26): for checks (e.g. the dead-neuron
 *  reduction, where Q is singular). */
export function multiResidualsAt(p: MultiProblem, delta: number, Q: Float64Array, K: Float64Array, res: MultiResolution = FINE) {
  const m = p.readout.length;
  const rho = multiSampleLoss(p.act, p.loss, p.readout);
  const rule = multiRule(p, res);
  const u = new Float64Array(rule.nzy * rule.ng * m);
  initialU(Q, rule, u);
  const mo = moments(rho, rule, Q, K, u);
  if (mo === null) throw new RangeError('multiResidualsAt: Q must be positive semidefinite and K positive definite');
  const R = residualMatrices(mo, Q, K, delta, p.ridge, m);
  const Lambda = new Float64Array(m * m);
  for (let k = 0; k < m * m; k++) Lambda[k] = mo.EzD[k]! + (k % (m + 1) === 0 ? p.ridge : 0);
  return { ...R, Lambda, ok: mo.ok, risk: mo.risk };
}
