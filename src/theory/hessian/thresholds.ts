// δ*_j and δNN at a fixed data-independent state (docs/theory.md (4.7), Montanari & Wang 2026): δ*_j is the sample ratio at
// which a negative (lower) outlier aligned with the hard latent subspace U_H leaves the bulk of Hessian block j,
// the d×d diagonal block ∇²_{w_j w_j} R̂ = (1/n) Σ_i (A_i)_jj x_i x_iᵀ; δNN = min_j δ*_j. For m = 1 the block is
// the whole Hessian with the full A_i (Gauss–Newton + curvature). For m > 1 the full dm×dm Hessian's threshold
// (the m×m equations of §2) is reported too, as delta_star_full. Every threshold is computed at two quadrature
// resolutions of the joint law; their difference is the reported error estimate (quadratureError.ts).
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { diagonalBlockLaw, spikeProduct, type MatrixLaw } from '../rmt/matrixLaw.js';
import { lowerThreshold, type MatrixThreshold } from '../rmt/threshold.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import { checkProblem, curvatureNote } from '../../model/hessianProblem.js';
import type { NetworkState } from '../../model/state.js';
import { conditionalMeanSplit, type LatentSplit } from '../../model/latentSplit.js';
import { blockWeightLaw, blockWeightLawPair, blockLowerTails, type LawPair, type WeightMode } from './blockWeights.js';
import type { AtomOptions } from './jointLaw.js';
import { fixedCutoffStatus, quadratureEstimate, relative, type QuadratureEstimate } from './quadratureError.js';
import { separableBlockLaw, separableBlockApplies } from './separableBlock.js';
import type { JointAtoms } from './jointLaw.js';

/** Separable block rule (separableBlock.ts): nodes per panel and Gauss nodes for the other neurons' output, fine
 *  and coarse (the coarse pair is the project's min(n − 1, ⌈3n/4⌉)). */
const SEPARABLE_FINE = { per: 4, nF: 32 } as const;
const SEPARABLE_COARSE = { per: 3, nF: 24 } as const;

export interface BlockThreshold {
  neuron: number;
  delta_star: number | null;
  /** Lower edge (= outlier) of the block at δ*_j. */
  edge_at_threshold: number | null;
  reason?: string;
  status: SolverStatus;
}

export interface NNThresholds {
  blocks: BlockThreshold[];
  delta_nn: number | null;
  /** Threshold of the full Hessian (§2, m×m); equals delta_nn for m = 1; null if not computed. */
  delta_star_full: MatrixThreshold | null;
  split: LatentSplit;
  law: { size: number; origin: string };
  /** Two-resolution quadrature error estimate of the thresholds (its status is part of `status`). */
  quadrature: QuadratureEstimate;
  notes: string[];
  status: SolverStatus;
}

/** |E[ζ_h ζ_o A]| between hard and other spike coordinates, relative to the hard diagonal: the far-field
 *  coupling. Zero (e.g. by symmetry z_H → −z_H) means the hard block of K decouples exactly. */
export function hardCoupling(law: MatrixLaw, hard: readonly number[]): number {
  const { m, k } = law;
  const mm = m * m;
  let cross = 0;
  let diag = 0;
  for (const h of hard)
    for (let o = 0; o < k; o++) {
      let c = 0;
      for (let i = 0; i < law.size; i++) {
        let tr = 0;
        for (let a = 0; a < m; a++) tr += Math.abs(law.A[i * mm + a * m + a]!);
        c += law.weights[i]! * spikeProduct(law, i, h, o) * tr;
      }
      if (o === h) diag = Math.max(diag, Math.abs(c));
      else if (!hard.includes(o)) cross = Math.max(cross, Math.abs(c));
    }
  return diag > 0 ? cross / diag : cross;
}

/** Warning for weights unbounded below (tail.ts). */
export function unboundedWarning(blocks: number[]): string {
  return (
    `A_jj is unbounded below for block(s) ${blocks.join(', ')} (ℓ' grows with |f|, or with |y| under label noise, along Gaussian tails while σ''(u_j) ≠ 0): ` +
    'as n → ∞ the lowest eigenvalues are eventually set by the most extreme samples (≈ min_i A_i/δ); the values shown use the ' +
    'joint law as far as the quadrature atoms reach (9 standard deviations, or the outermost Gauss–Hermite node), move with the quadrature order, ' +
    'and describe finite n only while no sample reaches below the edge — check with `flcalc simulate hessian`'
  );
}

/** Whether the law's orbit group (docs/theory.md (2.12)) maps block 0 to every block while fixing the hard
 *  coordinates: then every block's scalar law is block 0's and δ*_j = δ*_1. */
function blocksEquivalent(law: MatrixLaw, hard: number[]): boolean {
  const g = law.orbits;
  if (!g) return false;
  const fixesHard = (t: number) => hard.every((r) => g.coordPerms[t]![r] === r);
  return Array.from({ length: law.m }, (_, j) => j).every((j) => g.blockPerms.some((P, t) => P[0] === j && fixesHard(t)));
}

/** Block 1's scalar law on the hard coordinates, from the orbit representatives of an exchangeable law (see
 *  blocksEquivalent): E[F(A_11, ζ_H)] = Σ_o w_o (1/m) Σ_l F(A_ll(x_o), ζ_H(x_o)) — the group maps block l to block 1
 *  uniformly and fixes ζ_H — so m atoms per representative instead of the full law's |orbit| each. */
function exchangeableBlockLaw(law: MatrixLaw, hard: number[]): MatrixLaw {
  const reps = law.orbits!.law;
  const { m } = law;
  const q = hard.length;
  const size = reps.size * m;
  const weights = new Float64Array(size);
  const A = new Float64Array(size);
  const zeta = new Float64Array(size * q);
  const zetaSecond = new Float64Array(size * q * q);
  for (let o = 0; o < reps.size; o++)
    for (let l = 0; l < m; l++) {
      const i = o * m + l;
      weights[i] = reps.weights[o]! / m;
      A[i] = reps.A[o * m * m + l * m + l]!;
      hard.forEach((h, a) => {
        zeta[i * q + a] = reps.zeta[o * reps.k + h]!;
        hard.forEach((h2, b) => (zetaSecond[(i * q + a) * q + b] = spikeProduct(reps, o, h, h2)));
      });
    }
  return { m: 1, k: q, size, weights, A, zeta, zetaSecond, coords: hard.map((h) => law.coords[h]!), origin: `block 1 of ${law.origin} (from the orbit representatives)` };
}

function blockThresholds(law: MatrixLaw, hard: number[]): BlockThreshold[] {
  const same = blocksEquivalent(law, hard);
  let first: MatrixThreshold | null = null;
  return Array.from({ length: law.m }, (_, j) => {
    const t = same ? (first ?? lowerThreshold(exchangeableBlockLaw(law, hard), hard.map((_, a) => a))) : lowerThreshold(diagonalBlockLaw(law, j), hard);
    first ??= t;
    return { neuron: j + 1, delta_star: t.delta_star, edge_at_threshold: t.edge, ...(t.reason ? { reason: t.reason } : {}), status: t.status };
  });
}

/** Threshold of one block's scalar law (ζ = z, the hard coordinate 0). */
function scalarThreshold(l: MatrixLaw, j: number, hard: number[]): BlockThreshold {
  const t = lowerThreshold(l, hard);
  return { neuron: j + 1, delta_star: t.delta_star, edge_at_threshold: t.edge, ...(t.reason ? { reason: t.reason } : {}), status: t.status };
}

/** The rule summary when some blocks use the separable block rule and the others the joint law. */
function mixedAtoms(separable: boolean[], sep: ({ atoms: JointAtoms } | null)[], joint: JointAtoms): JointAtoms {
  const used = sep.flatMap((b, j) => (b ? [{ j, atoms: b.atoms }] : []));
  if (used.length === 0) return joint;
  const first = used[0]!.atoms;
  if (separable.every((ok) => ok)) return first;
  const blocks = used.map((u) => u.j + 1).join(', ');
  return { ...joint, rule: `${first.rule.replace(/u_\d+/, 'u_j')} for block(s) ${blocks}; ${joint.rule} for the others` };
}

/** δ*_j per block and δNN = min_j δ*_j (docs/theory.md (4.7)); with `full`, also the full-Hessian threshold (§2). */
export function nnThresholds(
  p: HessianProblem,
  s: NetworkState,
  opts: { mode?: WeightMode; full?: boolean; atoms?: AtomOptions; pair?: LawPair } = {},
): NNThresholds {
  checkProblem(p);
  const split = conditionalMeanSplit(p);
  const notes: string[] = [];
  const cn = curvatureNote(p);
  if (cn) notes.push(cn);
  const hard = split.hard;
  if (hard.length === 0) {
    const { law, atoms } = blockWeightLaw(p, s, opts.mode ?? 'exact', opts.atoms);
    const ok: SolverStatus = { converged: true, residual: 0, iterations: 0, method: 'latent split' };
    const reason = 'no hard latent direction: every latent coordinate has E[z_r|y] ≠ 0 (learned in O(1) steps)';
    return {
      blocks: Array.from({ length: s.m }, (_, j) => ({ neuron: j + 1, delta_star: null, edge_at_threshold: null, reason, status: ok })),
      delta_nn: null, delta_star_full: null, split, law: { size: law.size, origin: law.origin },
      quadrature: quadratureEstimate('δ*_j', [], atoms, null), notes: [...notes, reason], status: ok,
    };
  }
  // `pair`: the laws already built for the same mode and atoms (solve.ts shares them with the spectrum).
  const { law, factor, atoms, coarse, coarseAtoms } = opts.pair ?? blockWeightLawPair(p, s, opts.mode ?? 'exact', opts.atoms);
  const unbounded = blockLowerTails(p, s, law, factor);
  const coupling = hardCoupling(law, hard);
  if (coupling > 1e-8)
    notes.push(`the hard coordinates couple to the other spike coordinates (relative size ${coupling.toExponential(2)}); thresholds use the hard block of the outlier equation`);
  if (unbounded.some((u) => u)) notes.push(unboundedWarning(unbounded.flatMap((u, j) => (u ? [j + 1] : []))));
  // m ≥ 3 smooth neurons: a block whose other neurons are independent of (z, u_j) gets its scalar law in 3 variables
  // (separableBlock.ts); the others use the joint law.
  const separable = Array.from({ length: s.m }, (_, j) => separableBlockApplies(p, s, factor, j));
  // Exchangeable blocks (every block's law is block 1's): block 1's separable law and threshold serve every block.
  const same = separable.every((ok) => ok) && blocksEquivalent(law, hard);
  const sepLaws = (res: { per: number; nF: number }) => {
    const first = separable[0] ? separableBlockLaw(p, s, factor, 0, res.per, res.nF) : null;
    return separable.map((ok, j) => (!ok ? null : same || j === 0 ? first : separableBlockLaw(p, s, factor, j, res.per, res.nF)));
  };
  const sepFine = sepLaws(SEPARABLE_FINE);
  const sepCoarse = sepLaws(SEPARABLE_COARSE);
  const jointFine = separable.every((ok) => ok) ? [] : blockThresholds(law, hard);
  const jointCoarse = separable.every((ok) => ok) ? [] : blockThresholds(coarse, hard);
  const separableThresholds = (laws: typeof sepFine, joint: BlockThreshold[]) => {
    const first = same ? scalarThreshold(laws[0]!.law, 0, hard) : null;
    return separable.map((ok, j) => (!ok ? joint[j]! : first ? { ...first, neuron: j + 1 } : scalarThreshold(laws[j]!.law, j, hard)));
  };
  const blocks = separableThresholds(sepFine, jointFine);
  const blocksCoarse = separableThresholds(sepCoarse, jointCoarse);
  const finite = blocks.map((b) => b.delta_star).filter((x): x is number => x !== null);
  const delta_nn = finite.length > 0 ? Math.min(...finite) : null;
  const full = s.m > 1 && opts.full === true;
  const delta_star_full = full ? lowerThreshold(law, hard) : null;
  const fullCoarse = full ? lowerThreshold(coarse, hard) : null;
  const quadrature = quadratureEstimate(
    'δ*_j per Hessian block',
    [
      ...blocks.map((b, j) => relative(`δ*_${b.neuron}`, b.delta_star, blocksCoarse[j]!.delta_star)),
      ...(delta_star_full && fullCoarse ? [relative('δ* of the full Hessian', delta_star_full.delta_star, fullCoarse.delta_star)] : []),
    ],
    mixedAtoms(separable, sepFine, atoms),
    mixedAtoms(separable, sepCoarse, coarseAtoms),
  );
  const coarser = (st: SolverStatus): SolverStatus => ({ ...st, method: `${st.method} (coarser resolution)` });
  const parts = [...blocks.map((b) => b.status), ...blocksCoarse.map((b) => coarser(b.status)), quadrature.status];
  const cutoff = fixedCutoffStatus('δ*_j per Hessian block', unbounded.flatMap((u, j) => (u ? [j + 1] : [])), sepFine.find((b) => b !== null)?.atoms ?? atoms, quadrature.error_estimate);
  if (cutoff) parts.push(cutoff);
  if (delta_star_full) parts.push(delta_star_full.status);
  if (fullCoarse) parts.push(coarser(fullCoarse.status));
  return {
    blocks, delta_nn, delta_star_full, split, law: { size: law.size, origin: law.origin }, quadrature, notes,
    status: combineStatus('δ*_j per Hessian block (docs/theory.md §1–§4)', parts),
  };
}
