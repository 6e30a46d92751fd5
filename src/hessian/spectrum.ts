// The Hessian's lower spectrum at a fixed state and sample ratio δ (THEORY §2, §4): lower bulk edge, lower
// outliers over all spike coordinates ζ = (z, g), and each outlier eigenvector's squared overlap with the hard
// latent subspace U_H, the easy subspace U_E and the neurons' own directions.
import { combineStatus, type SolverStatus } from '../status.js';
import { lowerEdge } from '../rmt/edge.js';
import { lowerOutliers } from '../rmt/outliers.js';
import type { HessianProblem } from './problem.js';
import { checkProblem } from './problem.js';
import type { NetworkState } from './state.js';
import { latentSplit } from './split.js';
import { blockWeightLaw, blockLowerTails } from './blockWeights.js';
import { unboundedWarning } from './thresholds.js';
import type { AtomOptions } from './jointLaw.js';

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
  status: SolverStatus;
}

/** Lower edge, outliers and their U_H overlaps of the Hessian at the state (THEORY §2). */
export function hessianSpectrum(p: HessianProblem, s: NetworkState, delta: number, atoms?: AtomOptions): HessianSpectrum {
  checkProblem(p);
  const split = latentSplit(p);
  const { law, factor } = blockWeightLaw(p, s, 'exact', atoms);
  const unbounded = blockLowerTails(p, s, law, factor);
  const e = lowerEdge(law, delta);
  const all = Array.from({ length: law.k }, (_, r) => r);
  const outs = lowerOutliers(e, all);
  const k = s.k;
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
    delta,
    edge: e.edge,
    outlier: hardOut ? hardOut.eigenvalue : null,
    overlap2_hard: hardOut ? hardOut.overlap2_hard : 0,
    outliers: rows,
    ...(unbounded.some((u) => u) ? { warning: unboundedWarning(unbounded.flatMap((u, j) => (u ? [j + 1] : []))) } : {}),
    status: combineStatus('§2 lower edge and outliers', [e.status, ...outs.map((o) => o.status)]),
  };
}
