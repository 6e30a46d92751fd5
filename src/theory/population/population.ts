// The population model of phase 1 (docs/theory.md (5.5)): GD on the *population* risk, restricted to the span of the
// easy subspace U_E and the directions orthogonal to the latent space, then the fixed-state Hessian threshold
// (docs/theory.md §1, §5) at each step:
//   w_j = V_j + w_j⊥ (V_j ∈ U_E, w_j⊥ ⊥ latent space, U_H component 0),  u_j = V_jᵀz_E + g_j,  g ~ N(0, Γ),
//   Γ = W_⊥ᵀW_⊥.  By Stein's lemma ∇_{W⊥} R = W_⊥ (E[A] + λI), so GD acts on the state (V, Γ) as
//   V_j ← V_j − η(E[ℓ' a_j σ'(u_j) z_E] + λV_j),   Γ ← (I − ηM)Γ(I − ηM),  M = E[A] + λI,
//   A = ℓ'' (a∘σ')(a∘σ')ᵀ + ℓ' diag(a∘σ''),  started from V = 0, Γ = s² I_m (w_j(0) ~ N(0, s² I/d), d → ∞).
// δNN(t) = min_j δ*_j(t), δ*_j the §1 lower-side threshold of the weight T = A_jj with signal coordinate z_h
// (for m > 1 this is the block-diagonal approximation: the O(1/m) cross-neuron blocks are dropped, docs/theory.md (5.5)).
// This model is NOT accurate in the proportional regime (docs/theory.md (5.5)); the dynamics suite measures how far off.
import { resolveActivation, resolveLoss, resolveTarget } from '../../model/formulas.js';
import { gaussianAtoms, type GaussianAtoms } from '../../numerics/quadrature/index.js';
import type { CompiledFn } from '../../numerics/expr/compile.js';
import type { Target } from '../../model/formulas.js';
import { deltaStar, spectrum } from '../spectral/index.js';
import type { Law } from '../../model/law.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { UsageError } from '../../core/errors.js';
import { symmetricEigen } from '../../numerics/linalg/symmetricEigen.js';
import { correlationSplit } from '../../model/latentSplit.js';
import { unboundedBelow } from '../hessian/tail.js';
import { stateFactor, type NetworkState } from '../../model/state.js';

export interface PhaseOneSpec {
  act: string;
  loss: string;
  target: string;
  noise?: number;
  readout: number[];
  initScale: number;
  lr: number;
  steps: number;
  ridge?: number;
  /** Hard latent coordinates (1-based); default as in correlationSplit. */
  hard?: number[];
  /** Evaluate δNN(t) every this many steps (and at t ≤ 10 and t = steps); default ⌈steps/50⌉. */
  every?: number;
  /** Sample ratios at which to report the §1 lower-side spectrum of the final (t = steps) state, neuron 1. */
  deltas?: number[];
}

export interface PopulationDeltaNN {
  /** δNN := δNN(T) at the end of phase 1 (t = steps); null if no outlier at any δ. */
  delta_nn: number | null;
  t: number[];
  delta_nn_t: (number | null)[];
  /** Population risk (without the ridge term) and max_j ‖w_j‖ along the path. */
  risk_t: number[];
  w_norm_t: number[];
  /** The hard coordinate used as the signal direction (1-based) and the approximation used. */
  hard: number;
  approximation: string;
  /** The final state's block weight A_jj is unbounded below (some j): §1 does not apply, status not converged. */
  weight_unbounded_below: boolean;
  /** |δNN(T) with the threshold rule − with a rule of 3/4 its order|. */
  error_estimate: number;
  /** §1 lower-side spectrum of the final state's block 1 at each of spec.deltas: edge, outlier, gap = edge − outlier. */
  spectra: { delta: number; bulk_edge: number; outlier: number | null; gap: number | null; overlap2: number; status: SolverStatus }[];
  status: SolverStatus;
}

/** Symmetric square root L = Γ^{1/2} (Γ PSD, m×m), so g = Lξ, ξ ~ N(0, I_m), has covariance Γ. */
function sqrtm(G: Float64Array, m: number): Float64Array {
  const { values, vectors } = symmetricEigen(G, m);
  const L = new Float64Array(m * m);
  values.forEach((lam, k) => {
    const r = Math.sqrt(Math.max(lam, 0));
    const v = vectors[k]!;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) L[i * m + j] = L[i * m + j]! + r * v[i]! * v[j]!;
  });
  return L;
}

/** Gauss–Hermite order of the threshold rule by dimension (the 2-D rule reproduces the docs/theory.md §4 reference δ* = 5.224). */
const THRESHOLD_ORDER = [400, 200, 48, 16] as const;
/** δNN(T) counts as converged when the fine and the 3/4-order rules agree to this relative accuracy. */
const QUADRATURE_RTOL = 1e-3;

interface Ctx {
  act: CompiledFn;
  loss: CompiledFn;
  target: Target;
  a: number[];
  m: number;
  k: number;
  dim: number;
  zOff: number;
  easy: number[];
  noise: number;
}

/** Over the atoms of (ξ, [noise], z) at the state (V, L = Γ^{1/2}): population risk, M = E[A], the easy-gradient
 *  E[ℓ' a_j σ'(u_j) z_E] and (if wanted) the diagonal blocks T_j = A_jj at every atom. */
function evaluate(c: Ctx, atoms: GaussianAtoms, V: Float64Array, L: Float64Array, wantT: boolean) {
  const { m, k, dim, zOff, easy, a } = c;
  const kE = easy.length;
  const N = atoms.size, P = atoms.points;
  const M = new Float64Array(m * m), gV = new Float64Array(m * kE);
  const T = wantT ? Array.from({ length: m }, () => new Float64Array(N)) : [];
  const sp = new Float64Array(m), s2 = new Float64Array(m);
  const ja = new Float64Array(4), jl = new Float64Array(4), xa = new Float64Array(1), ya = new Float64Array(2), zb = new Float64Array(k);
  let risk = 0;
  for (let p = 0; p < N; p++) {
    const w = atoms.weights[p]!;
    for (let i = 0; i < k; i++) zb[i] = P[p * dim + zOff + i]!;
    let f = 0;
    for (let j = 0; j < m; j++) {
      let uj = 0;
      for (let i = 0; i < m; i++) uj += L[j * m + i]! * P[p * dim + i]!;
      for (let e = 0; e < kE; e++) uj += V[j * kE + e]! * zb[easy[e]!]!;
      xa[0] = uj;
      c.act.jet(xa, 0, ja);
      f += a[j]! * ja[0]!;
      sp[j] = a[j]! * ja[1]!;
      s2[j] = a[j]! * ja[2]!;
    }
    ya[0] = c.target.fn.value(zb) + (c.noise > 0 ? c.noise * P[p * dim + m]! : 0);
    ya[1] = f;
    c.loss.jet(ya, 1, jl);
    risk += w * jl[0]!;
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < m; i++) M[j * m + i] = M[j * m + i]! + w * jl[2]! * sp[j]! * sp[i]!;
      M[j * m + j] = M[j * m + j]! + w * jl[1]! * s2[j]!;
      if (wantT) T[j]![p] = jl[2]! * sp[j]! * sp[j]! + jl[1]! * s2[j]!;
      for (let e = 0; e < kE; e++) gV[j * kE + e] = gV[j * kE + e]! + w * jl[1]! * sp[j]! * zb[easy[e]!]!;
    }
  }
  return { M, gV, risk, T };
}

/** The population state (V, Γ) as a src/theory/hessian NetworkState: w_j = V_j (on U_E) + w_j⊥, ‖w_j‖² = Γ_jj + ‖V_j‖². */
function asNetworkState(a: number[], V: Float64Array, G: Float64Array, easy: number[], k: number): NetworkState {
  const m = a.length, kE = easy.length;
  const norms = new Float64Array(m), neuronCos = new Float64Array(m * m), latentCos = new Float64Array(k * m);
  const vv = (j: number, l: number) => { let s = G[j * m + l]!; for (let e = 0; e < kE; e++) s += V[j * kE + e]! * V[l * kE + e]!; return s; };
  for (let j = 0; j < m; j++) norms[j] = Math.sqrt(vv(j, j));
  for (let j = 0; j < m; j++) {
    for (let l = 0; l < m; l++) neuronCos[j * m + l] = norms[j]! > 0 && norms[l]! > 0 ? vv(j, l) / (norms[j]! * norms[l]!) : j === l ? 1 : 0;
    for (let e = 0; e < kE; e++) latentCos[easy[e]! * m + j] = norms[j]! > 0 ? V[j * kE + e]! / norms[j]! : 0;
  }
  return { m, readout: Float64Array.from(a), norms, neuronCos, latentCos, k };
}

/** Population GD of phase 1 and the fixed-state threshold δNN(t) along it (see the file comment). */
export function populationStateDeltaNN(spec: PhaseOneSpec): PopulationDeltaNN {
  const activation = resolveActivation(spec.act, '--act');
  const lossSpec = resolveLoss(spec.loss, '--loss');
  const act = activation.fn;
  const loss = lossSpec.fn;
  const target = resolveTarget(spec.target, '--target');
  const m = spec.readout.length;
  const k = target.k;
  const noise = spec.noise ?? 0;
  const ridge = spec.ridge ?? 0;
  const { easy, hard } = correlationSplit(target, spec.hard);
  if (hard.length === 0) throw new UsageError('--target', 'has no hard direction; pass --hard', 'tanh(z^2)');
  const dim = m + k + (noise > 0 ? 1 : 0);
  if (dim > 4)
    throw new UsageError('--width', `the population model integrates over m + k${noise > 0 ? ' + 1' : ''} = ${dim} > 4 Gaussian coordinates`, '1');
  // Atom coordinates: (ξ_1..ξ_m, [noise], z_1..z_k), the latent ones innermost so the target's kinks are exact.
  const zOff = dim - k;
  const switches = target.fn.switches.map((s) => (p: ArrayLike<number>) => s(Array.prototype.slice.call(p, zOff, zOff + k)));
  // The dynamics integrals are smooth: the default rule. The threshold integrals E[(T/(λ−T))²] are sensitive to the
  // Gaussian tails of u (λ sits near the end of the range of T): a finer rule, and a coarser one for an error estimate.
  const dynAtoms = gaussianAtoms(dim, { switches });
  const fine = THRESHOLD_ORDER[dim - 1]!;
  const thrAtoms = gaussianAtoms(dim, { switches, order: fine });
  const coarseAtoms = gaussianAtoms(dim, { switches, order: Math.round(fine * 0.75) });
  const kE = easy.length;
  const V = new Float64Array(m * kE);
  const G = new Float64Array(m * m);
  for (let j = 0; j < m; j++) G[j * m + j] = spec.initScale ** 2;
  const every = spec.every ?? Math.max(1, Math.ceil(spec.steps / 50));
  const h = hard[0]!;
  const ctx = { act, loss, target, a: spec.readout, m, k, dim, zOff, easy, noise };
  const out: PopulationDeltaNN = { delta_nn: null, t: [], delta_nn_t: [], risk_t: [], w_norm_t: [], hard: h + 1, spectra: [], approximation: m === 1 ? 'exact m = 1 block' : 'block-diagonal (cross-neuron blocks dropped)', error_estimate: 0, weight_unbounded_below: false, status: { converged: true, residual: 0, iterations: 0, method: 'population GD + §1' } };
  const statuses: SolverStatus[] = [];
  let unbounded = false;
  const threshold = (atoms: GaussianAtoms, L: Float64Array, t: number): number | null => {
    const e = evaluate(ctx, atoms, V, L, true);
    const zh = new Float64Array(atoms.size);
    for (let p = 0; p < atoms.size; p++) zh[p] = atoms.points[p * dim + zOff + h]!;
    let best: number | null = null;
    for (let j = 0; j < m; j++) {
      const law: Law = { size: atoms.size, weights: atoms.weights, columns: { T: e.T[j]!, z: zh }, origin: `population state at step ${t}, neuron ${j + 1}`, order: atoms.order, rule: atoms.rule };
      const th = deltaStar(law, 'lower');
      statuses.push(th.status);
      if (th.delta_star !== null && (best === null || th.delta_star < best)) best = th.delta_star;
    }
    return best;
  };
  for (let t = 0; ; t++) {
    const L = sqrtm(G, m);
    const { M, gV, risk } = evaluate(ctx, dynAtoms, V, L, false);
    if (t <= 10 || t % every === 0 || t === spec.steps) {
      let wn = 0;
      for (let j = 0; j < m; j++) {
        let s = G[j * m + j]!;
        for (let e = 0; e < kE; e++) s += V[j * kE + e]! ** 2;
        wn = Math.max(wn, Math.sqrt(s));
      }
      out.t.push(t);
      out.delta_nn_t.push(threshold(thrAtoms, L, t));
      out.risk_t.push(risk);
      out.w_norm_t.push(wn);
    }
    if (t === spec.steps) {
      const coarse = threshold(coarseAtoms, L, t);
      const last = out.delta_nn_t[out.delta_nn_t.length - 1]!;
      // A threshold found at one order only is not converged (estimate ∞), not an exact agreement.
      out.error_estimate = (coarse === null) !== (last === null) ? Infinity : coarse !== null && last !== null ? Math.abs(coarse - last) : 0;
      const e = evaluate(ctx, thrAtoms, V, L, true);
      const state = asNetworkState(spec.readout, V, G, easy, k);
      const atomMin = e.T.map((T) => T.reduce((x, y) => Math.min(x, y), Infinity));
      unbounded = unboundedBelow({ act: activation, loss: lossSpec, target, noise }, state, stateFactor(state), atomMin).some((b) => b);
      const zh = new Float64Array(thrAtoms.size);
      for (let p = 0; p < thrAtoms.size; p++) zh[p] = thrAtoms.points[p * dim + zOff + h]!;
      const law: Law = { size: thrAtoms.size, weights: thrAtoms.weights, columns: { T: e.T[0]!, z: zh }, origin: 'population state at the end of phase 1, neuron 1', order: thrAtoms.order };
      for (const delta of spec.deltas ?? []) {
        const sp1 = spectrum(law, delta, 'lower');
        out.spectra.push({ delta, bulk_edge: sp1.bulk_edge + ridge, outlier: sp1.outlier === null ? null : sp1.outlier + ridge, gap: sp1.outlier === null ? null : sp1.bulk_edge - sp1.outlier, overlap2: sp1.overlap2, status: sp1.status });
      }
      break;
    }
    for (let j = 0; j < m; j++) M[j * m + j] = M[j * m + j]! + ridge;
    // Γ ← (I − ηM) Γ (I − ηM)
    const B = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) B[i * m + j] = (i === j ? 1 : 0) - spec.lr * M[i * m + j]!;
    const BG = new Float64Array(m * m), G2 = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let l = 0; l < m; l++) BG[i * m + j] = BG[i * m + j]! + B[i * m + l]! * G[l * m + j]!;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let l = 0; l < m; l++) G2[i * m + j] = G2[i * m + j]! + BG[i * m + l]! * B[l * m + j]!;
    G.set(G2);
    for (let q = 0; q < V.length; q++) V[q] = V[q]! - spec.lr * (gV[q]! + ridge * V[q]!);
    if (!G.every(Number.isFinite) || !V.every(Number.isFinite))
      throw new UsageError('--lr', `population GD diverged at step ${t + 1}`, String(spec.lr / 4));
  }
  out.delta_nn = out.delta_nn_t[out.delta_nn_t.length - 1] ?? null;
  out.status = combineStatus('population GD + §1 lower-side threshold', statuses);
  out.weight_unbounded_below = unbounded;
  if (unbounded)
    out.status = {
      ...out.status,
      converged: false,
      message: 'the Hessian block weight A_jj of the final state is unbounded below (src/theory/hessian/tail.ts): the §1 lower edge does not exist, ' +
        `the lowest eigenvalues come from extreme samples, and δNN(T) = ${out.delta_nn === null ? 'none' : out.delta_nn.toPrecision(4)} is set by the quadrature cut-off`,
    };
  else if (out.error_estimate > QUADRATURE_RTOL * (out.delta_nn ?? 0))
    out.status = {
      ...out.status,
      converged: false,
      residual: Math.max(out.status.residual, out.error_estimate),
      message: `δNN(T) = ${out.delta_nn === null ? 'none' : out.delta_nn.toPrecision(4)} ${Number.isFinite(out.error_estimate) ? `moves by ${out.error_estimate.toPrecision(2)}` : 'is found at one order only'} between the order-${fine} and order-${Math.round(fine * 0.75)} rules: ` +
        'the threshold integrals do not converge (e.g. a weight T unbounded below, whose §1 threshold is set by the tail cut-off of the quadrature)',
    };
  return out;
}
