// The block-diagonal large-m limit (docs/theory.md (4.8)): with mean-field readout a_j = ā_j/m the cross-neuron term
// ℓ''(a∘σ')(a∘σ')ᵀ is O(1/m) smaller than ℓ' diag(a∘σ''), the blocks decouple and block j has the scalar weight
// ℓ'(y, f) ā_j σ''(u_j)/m. meanFieldComparison measures the error of that limit at fixed sample ratios δ: the
// lower bulk edge and the lowest hard (U_H-aligned) outlier of the exact m×m equations of §2 against those of the
// decoupled block, both rescaled by m (the eigenvalues are O(1/m)). The error is expected to be O(1/m). Both are
// computed at two quadrature resolutions of the joint law; their difference is the row's quadrature error estimate.
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { lowerEdge } from '../rmt/edge.js';
import { lowerOutliers } from '../rmt/outliers.js';
import { diagonalBlockLaw, type MatrixLaw } from '../rmt/matrixLaw.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import { checkProblem } from '../../model/hessianProblem.js';
import { makeState } from '../../model/state.js';
import { conditionalMeanSplit } from '../../model/latentSplit.js';
import { blockWeightLawPair } from './blockWeights.js';
import type { AtomOptions } from './jointLaw.js';
import { eigenvalues, quadratureEstimate } from './quadratureError.js';

export interface MeanFieldRow {
  m: number;
  delta: number;
  /** m × lower bulk edge: exact m×m law and block-diagonal limit. */
  edge_exact: number;
  edge_mean_field: number;
  /** m × lowest hard outlier (null: none at this δ). */
  outlier_exact: number | null;
  outlier_mean_field: number | null;
  /** |exact − mean-field| of the rescaled values. */
  edge_error: number;
  outlier_error: number | null;
  /** Two-resolution quadrature error estimate of the edges and outliers of both laws, relative to their scale
   *  (quadratureError.ts); its status is part of `status`. */
  quadrature_error: number;
  /** |difference between the two resolutions| of edge_error and outlier_error themselves (same units; null: an
   *  outlier is missing at one resolution). The mean-field error is resolved only where it exceeds these. */
  edge_error_quadrature: number;
  outlier_error_quadrature: number | null;
  status: SolverStatus;
}

/** Lower edge and lowest outlier along the hard coordinates of D = (1/n) Σ (x_i x_iᵀ) ⊗ A_i (docs/theory.md §2). */
function lowerSpectrum(law: MatrixLaw, delta: number, hard: number[]): { edge: number; outlier: number | null; status: SolverStatus } {
  const e = lowerEdge(law, delta);
  const outs = lowerOutliers(e, hard);
  return { edge: e.edge, outlier: outs.length > 0 ? outs[0]!.mu : null, status: combineStatus('§2 lower edge and outliers', [e.status, ...outs.map((o) => o.status)]) };
}

/** For m in `widths` and δ in `deltas`: identical orthogonal neurons with ‖w_j‖ = norm, w_j ⊥ latent space,
 *  a_j = abar/m; exact m×m lower edge and hard outlier vs the decoupled block's (both × m). Both laws are built
 *  on the same atoms, so their quadrature / Monte-Carlo errors largely cancel in the difference. */
export function meanFieldComparison(p: HessianProblem, widths: number[], deltas: number[], abar = 1, norm = 1, atoms?: AtomOptions): MeanFieldRow[] {
  checkProblem(p);
  const hard = conditionalMeanSplit(p).hard;
  const k = p.target.k;
  const rows: MeanFieldRow[] = [];
  for (const m of widths) {
    const s = makeState(Array(m).fill(abar / m), Array(m).fill(norm), k);
    const exact = blockWeightLawPair(p, s, 'exact', atoms);
    const meanField = blockWeightLawPair(p, s, 'mean-field', atoms);
    const mfBlock = diagonalBlockLaw(meanField.law, 0);
    const mfBlockCoarse = diagonalBlockLaw(meanField.coarse, 0);
    for (const delta of deltas) {
      const ex = lowerSpectrum(exact.law, delta, hard);
      const mf = lowerSpectrum(mfBlock, delta, hard);
      const exC = lowerSpectrum(exact.coarse, delta, hard);
      const mfC = lowerSpectrum(mfBlockCoarse, delta, hard);
      const what = `mean-field comparison, m = ${m}, δ = ${delta}`;
      const qe = quadratureEstimate(what + ', exact law', eigenvalues([['edge (exact)', ex.edge, exC.edge], ['hard outlier (exact)', ex.outlier, exC.outlier]]), exact.atoms, exact.coarseAtoms);
      const qm = quadratureEstimate(what + ', mean-field law', eigenvalues([['edge (mean field)', mf.edge, mfC.edge], ['hard outlier (mean field)', mf.outlier, mfC.outlier]]), meanField.atoms, meanField.coarseAtoms);
      const oe = ex.outlier === null ? null : m * ex.outlier;
      const om = mf.outlier === null ? null : m * mf.outlier;
      rows.push({
        m, delta,
        edge_exact: m * ex.edge, edge_mean_field: m * mf.edge,
        outlier_exact: oe, outlier_mean_field: om,
        edge_error: Math.abs(m * (ex.edge - mf.edge)),
        outlier_error: oe !== null && om !== null ? Math.abs(oe - om) : null,
        quadrature_error: Math.max(qe.error_estimate, qm.error_estimate),
        edge_error_quadrature: Math.abs(m * (ex.edge - mf.edge) - m * (exC.edge - mfC.edge)),
        outlier_error_quadrature:
          oe !== null && om !== null && exC.outlier !== null && mfC.outlier !== null ? Math.abs(Math.abs(oe - om) - m * Math.abs(exC.outlier - mfC.outlier)) : null,
        status: combineStatus(what, [ex.status, mf.status, exC.status, mfC.status, qe.status, qm.status]),
      });
    }
  }
  return rows;
}
