// The Hessian's lower spectrum at a fixed state and sample ratio δ (docs/theory.md §2, §4): lower bulk edge, lower
// outliers over all spike coordinates ζ = (z, g), and each outlier eigenvector's squared overlap with the hard
// latent subspace U_H, the easy subspace U_E and the neurons' own directions. Everything is computed at two
// quadrature resolutions of the joint law; their difference is the reported error estimate (quadratureError.ts).
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { lowerEdge } from '../rmt/edge.js';
import { lowerOutliers } from '../rmt/outliers.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import { checkProblem } from '../../model/hessianProblem.js';
import type { NetworkState } from '../../model/state.js';
import { conditionalMeanSplit } from '../../model/latentSplit.js';
import type { MatrixLaw } from '../rmt/matrixLaw.js';
import { blockWeightLawPair, blockLowerTails, type LawPair } from './blockWeights.js';
import { unboundedWarning } from './thresholds.js';
import type { AtomOptions } from './jointLaw.js';
import type { LatentSplit } from '../../model/latentSplit.js';
import { absolute, eigenvalues, fixedCutoffStatus, quadratureEstimate, type QuadratureEstimate } from './quadratureError.js';

export interface HessianOutlier {
  eigenvalue: number;
  overlap2_hard: number;
  overlap2_easy: number;
  /** Along the neurons' latent-orthogonal directions g. */
  overlap2_neurons: number;
  /** Total overlap split over the m blocks. */
  overlap2_by_block: number[];
}

export interface HessianSpectrum {
  delta: number;
  edge: number;
  /** Set when some A_jj is unbounded below (see thresholds.unboundedWarning). */
  warning?: string;
  /** Lowest outlier with a non-zero U_H overlap (null: none). */
  outlier: number | null;
  overlap2_hard: number;
  outliers: HessianOutlier[];
  /** Two-resolution quadrature error estimate of edge, outliers and overlap² (its status is part of `status`). */
  quadrature: QuadratureEstimate;
  status: SolverStatus;
}

/** Edge, outliers and overlaps on one law. */
function spectrumOn(law: MatrixLaw, delta: number, split: LatentSplit, k: number) {
  const e = lowerEdge(law, delta);
  const all = Array.from({ length: law.k }, (_, r) => r);
  const outs = lowerOutliers(e, all);
  const rows: HessianOutlier[] = outs.map((o) => {
    const byc = o.overlap2ByCoord;
    const sum = (idx: number[]) => idx.reduce((a, r) => a + byc[r]!, 0);
    return {
      eigenvalue: o.mu,
      overlap2_hard: sum(split.hard),
      overlap2_easy: sum(split.easy),
      overlap2_neurons: sum(Array.from({ length: law.k - k }, (_, q) => k + q)),
      overlap2_by_block: o.overlap2ByBlock,
    };
  });
  const hardOut = rows.find((r) => r.overlap2_hard > 1e-9);
  return {
    edge: e.edge,
    outlier: hardOut ? hardOut.eigenvalue : null,
    overlap2_hard: hardOut ? hardOut.overlap2_hard : 0,
    outliers: rows,
    status: combineStatus('§2 lower edge and outliers', [e.status, ...outs.map((o) => o.status)]),
  };
}

/** Lower edge, outliers and their U_H overlaps of the Hessian at the state (docs/theory.md §2). */
export function hessianSpectrum(p: HessianProblem, s: NetworkState, delta: number, atoms?: AtomOptions, pair?: LawPair): HessianSpectrum {
  checkProblem(p);
  const split = conditionalMeanSplit(p);
  // `pair`: the exact-mode laws already built for the same atoms (solve.ts shares them with the thresholds).
  const { law, factor, atoms: fineAtoms, coarse, coarseAtoms } = pair ?? blockWeightLawPair(p, s, 'exact', atoms);
  const unbounded = blockLowerTails(p, s, law, factor);
  const hi = spectrumOn(law, delta, split, s.k);
  const lo = spectrumOn(coarse, delta, split, s.k);
  const n = Math.max(hi.outliers.length, lo.outliers.length);
  const quadrature = quadratureEstimate(
    `§2 lower spectrum at δ = ${delta}`,
    [
      ...eigenvalues([
        ['lower edge', hi.edge, lo.edge],
        ['hard outlier', hi.outlier, lo.outlier],
        ...Array.from({ length: n }, (_, i) => [`outlier ${i + 1}`, hi.outliers[i]?.eigenvalue ?? null, lo.outliers[i]?.eigenvalue ?? null] as const),
      ]),
      absolute('overlap² with U_H', hi.overlap2_hard, lo.overlap2_hard),
    ],
    fineAtoms,
    coarseAtoms,
  );
  return {
    delta,
    edge: hi.edge,
    outlier: hi.outlier,
    overlap2_hard: hi.overlap2_hard,
    outliers: hi.outliers,
    ...(unbounded.some((u) => u) ? { warning: unboundedWarning(unbounded.flatMap((u, j) => (u ? [j + 1] : []))) } : {}),
    quadrature,
    status: combineStatus('§2 lower edge and outliers', [
      hi.status, { ...lo.status, method: `${lo.status.method} (coarser resolution)` }, quadrature.status,
      ...[fixedCutoffStatus(`§2 lower spectrum at δ = ${delta}`, unbounded.flatMap((u, j) => (u ? [j + 1] : [])), fineAtoms, quadrature.error_estimate)].filter((x) => x !== null),
    ]),
  };
}
