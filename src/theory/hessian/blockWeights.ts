// Per-sample Hessian block weights of the two-layer network at a fixed state (docs/theory.md (4.2)):
//   ∇²R̂(W) = (1/n) Σ_i (x_i x_iᵀ) ⊗ A_i,   A_i = ℓ''(y_i, f_i)(a∘σ'(u_i))(a∘σ'(u_i))ᵀ + ℓ'(y_i, f_i) diag(a∘σ''(u_i)),
// f = Σ_j a_j σ(u_j), ℓ' = ∂ℓ/∂f. σ'' is the a.e. derivative (0 for piecewise-linear σ: the empirical Hessian
// never sees the Dirac mass, docs/theory.md §0). The result is the law of (A, ζ) over the exact joint law of the state.
import { mergeEqualWeights, type MatrixLaw } from '../rmt/matrixLaw.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import type { NetworkState, StateFactor } from '../../model/state.js';
import { stateFactor, preactivations } from '../../model/state.js';
import { minimizeBounded } from '../../numerics/roots/index.js';
import { unboundedBelow } from './tail.js';
import { jointAtoms, coarserAtomOptions, type AtomOptions, type JointAtoms } from './jointLaw.js';

export type WeightMode = 'exact' | 'mean-field';

/** Names of the spike coordinates ζ = (z_1..z_k, g_1..g_p). */
function coordNames(k: number, p: number): string[] {
  const z = k === 1 ? ['z'] : Array.from({ length: k }, (_, r) => `z${r + 1}`);
  return [...z, ...Array.from({ length: p }, (_, q) => `g${q + 1}`)];
}

/** The law of (A, ζ). mode 'exact': the full A above. mode 'mean-field' (readout a_j = ā_j/m, m → ∞): the
 *  O(1/m)-smaller Gauss–Newton term ℓ''(a∘σ')(a∘σ')ᵀ is dropped and A = diag(ℓ' a_j σ''(u_j)) — the blocks
 *  decouple (docs/theory.md §4). */
export function blockWeightLaw(
  p: HessianProblem,
  s: NetworkState,
  mode: WeightMode = 'exact',
  atomOpts: AtomOptions = {},
): { law: MatrixLaw; atoms: JointAtoms; factor: StateFactor } {
  const factor = stateFactor(s);
  const dim = s.k + (p.noise > 0 ? 1 : 0) + factor.p;
  const merge = atomOpts.mergeEqualWeights !== false;
  if (dim > 2 || atomOpts.focus) return weightsOnAtoms(p, s, mode, factor, jointAtoms(p, s, factor, atomOpts), merge);
  // First pass on a coarse rule (3 nodes per panel) to locate the weight's minimum.
  const first = weightsOnAtoms(p, s, mode, factor, jointAtoms(p, s, factor, { ...atomOpts, nodesPerPanel: 3 }), false);
  // Second pass: grade the rule toward the atom where the smallest diagonal weight is attained (lower side).
  const { law } = first;
  const mm = law.m * law.m;
  let best = 0;
  let bestVal = Infinity;
  for (let i = 0; i < law.size; i++)
    for (let j = 0; j < law.m; j++) {
      const v = law.A[i * mm + j * law.m + j]!;
      if (v < bestVal) {
        bestVal = v;
        best = i;
      }
    }
  const focus = Array.from(first.atoms.points.subarray(best * first.atoms.dim, (best + 1) * first.atoms.dim));
  // Refine each coordinate of the focus by Brent minimisation of the smallest diagonal weight along it.
  const minDiag = (pt: number[]): number => {
    const one: JointAtoms = { ...first.atoms, size: 1, points: Float64Array.from(pt), weights: Float64Array.of(1) };
    const A = weightsOnAtoms(p, s, mode, factor, one, false).law.A;
    let v = Infinity;
    for (let j = 0; j < law.m; j++) v = Math.min(v, A[j * law.m + j]!);
    return v;
  };
  for (let c = 0; c < focus.length; c++) {
    const x0 = focus[c]!;
    if (Math.abs(x0) > 8) continue;
    const r = minimizeBounded((x) => minDiag(focus.map((v, t) => (t === c ? x : v))), x0 - 0.5, x0 + 0.5, { xtol: 1e-8 });
    if (r.fx <= minDiag(focus)) focus[c] = r.x;
  }
  return weightsOnAtoms(p, s, mode, factor, jointAtoms(p, s, factor, { ...atomOpts, focus }), merge);
}

/** The law of (A, ζ) at two resolutions of the same rule (jointLaw.coarserAtomOptions): `law` is the one reported,
 *  `coarse` the one its quadrature error is estimated against (quadratureError.ts). */
export type LawPair = ReturnType<typeof blockWeightLawPair>;

export function blockWeightLawPair(
  p: HessianProblem,
  s: NetworkState,
  mode: WeightMode = 'exact',
  atomOpts: AtomOptions = {},
): { law: MatrixLaw; atoms: JointAtoms; coarse: MatrixLaw; coarseAtoms: JointAtoms; factor: StateFactor } {
  const fine = blockWeightLaw(p, s, mode, atomOpts);
  const coarse = weightsOnAtoms(p, s, mode, fine.factor, jointAtoms(p, s, fine.factor, coarserAtomOptions(fine.atoms, atomOpts)), atomOpts.mergeEqualWeights !== false);
  return { ...fine, coarse: coarse.law, coarseAtoms: coarse.atoms };
}

/** Largest number of distinct weight matrices for which atoms with equal A are merged (mergeEqualWeights). */
const MERGE_MAX_VALUES = 4096;

/** The law of (A, ζ) on the atoms; with `merge`, atoms with equal A merged where A takes few values (law.A is then
 *  indexed by value, not by atom). */
function weightsOnAtoms(
  p: HessianProblem,
  s: NetworkState,
  mode: WeightMode,
  factor: StateFactor,
  atoms: JointAtoms,
  merge = true,
): { law: MatrixLaw; atoms: JointAtoms; factor: StateFactor } {
  const { m, k } = s;
  const kz = k + factor.p;
  const A = new Float64Array(atoms.size * m * m);
  const zeta = new Float64Array(atoms.size * kz);
  const z = new Float64Array(k);
  const g = new Float64Array(factor.p);
  const u = new Float64Array(m);
  const ja = new Float64Array(4);
  const jl = new Float64Array(4);
  const xa = new Float64Array(1);
  const yf = new Float64Array(2);
  const s1 = new Float64Array(m);
  const s2 = new Float64Array(m);
  const a = s.readout;
  for (let i = 0; i < atoms.size; i++) {
    const pt = i * atoms.dim;
    for (let r = 0; r < k; r++) z[r] = atoms.points[pt + r]!;
    for (let q = 0; q < factor.p; q++) g[q] = atoms.points[pt + atoms.gIndex + q]!;
    const y = p.target.fn.value(z) + (atoms.xiIndex >= 0 ? p.noise * atoms.points[pt + atoms.xiIndex]! : 0);
    preactivations(s, factor, z, g, u);
    let f = 0;
    for (let j = 0; j < m; j++) {
      xa[0] = u[j]!;
      p.act.fn.jet(xa, 0, ja);
      f += a[j]! * ja[0]!;
      s1[j] = a[j]! * ja[1]!;
      s2[j] = a[j]! * ja[2]!;
    }
    yf[0] = y;
    yf[1] = f;
    p.loss.fn.jet(yf, 1, jl);
    const l1 = jl[1]!;
    const l2 = mode === 'exact' ? jl[2]! : 0;
    const off = i * m * m;
    for (let j = 0; j < m; j++) {
      for (let l = 0; l < m; l++) A[off + j * m + l] = l2 * s1[j]! * s1[l]!;
      A[off + j * m + j] = A[off + j * m + j]! + l1 * s2[j]!;
    }
    for (let r = 0; r < k; r++) zeta[i * kz + r] = z[r]!;
    for (let q = 0; q < factor.p; q++) zeta[i * kz + k + q] = g[q]!;
  }
  // Mapped rule (no label noise: the point layout is ζ's): projected values for ζ and ζ² (docs/theory.md (10.27)).
  const spike = atoms.spike && atoms.xiIndex < 0 ? atoms.spike : null;
  const law: MatrixLaw = {
    m, k: kz, size: atoms.size, weights: atoms.weights, A, zeta: spike ? spike.first : zeta, coords: coordNames(k, factor.p),
    origin: `${mode} Hessian block weights at a fixed state; atoms ${atoms.rule}`,
    ...(spike ? { zeta2: spike.second } : {}),
    ...(spike?.correction ? { zetaCorrection: spike.correction } : {}),
  };
  if (atoms.orbits) {
    const { orbits, ...full } = atoms;
    const { points, weights, size, spike: orbitSpike, blockPerms, coordPerms } = orbits;
    const reps = weightsOnAtoms(p, s, mode, factor, { ...full, points, weights, size, spike: orbitSpike, rule: `${atoms.rule} (orbit representatives)` }, false);
    law.orbits = { law: reps.law, blockPerms, coordPerms };
  }
  const merged = merge ? mergeEqualWeights(law, MERGE_MAX_VALUES) : null;
  return { law: merged ?? law, atoms, factor };
}

/** Per block j: min over the atoms of A_jj and whether A_jj is unbounded below (tail.ts). */
export function blockLowerTails(p: HessianProblem, s: NetworkState, law: MatrixLaw, factor: StateFactor): boolean[] {
  const m = law.m;
  const atomMin = Array(m).fill(Infinity) as number[];
  for (let i = 0; i < law.size; i++)
    for (let j = 0; j < m; j++) atomMin[j] = Math.min(atomMin[j]!, law.A[i * m * m + j * m + j]!);
  return unboundedBelow(p, s, factor, atomMin);
}
