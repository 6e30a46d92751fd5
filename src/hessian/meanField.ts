// The block-diagonal large-m limit (THEORY §4): with mean-field readout a_j = ā_j/m the cross-neuron term
// ℓ''(a∘σ')(a∘σ')ᵀ is O(1/m) smaller than ℓ' diag(a∘σ''), the blocks decouple and block j has the scalar weight
// ℓ'(y, f) ā_j σ''(u_j)/m (its threshold is scale-free, so the 1/m does not matter). Dropped: the Gauss–Newton
// term, O(1/m) relative. meanFieldTable compares the limit with the exact m×m computation as m grows.
import type { HessianProblem } from './problem.js';
import { makeState } from './state.js';
import { nnThresholds } from './thresholds.js';
import type { AtomOptions } from './jointLaw.js';

export interface MeanFieldRow {
  m: number;
  /** δNN of the block-diagonal limit (all blocks equal here: identical neurons). */
  delta_nn_mean_field: number | null;
  /** Threshold of the exact full m×m Hessian (§2). */
  delta_star_exact: number | null;
  /** δ*_1 of the exact diagonal block (A_11 including the Gauss–Newton diagonal). */
  delta_star_block_exact: number | null;
  rel_error: number | null;
}

/** For m in `widths`: identical orthogonal neurons with ‖w_j‖ = norm and a_j = abar/m. */
export function meanFieldTable(p: HessianProblem, widths: number[], abar = 1, norm = 1, k = p.target.k, atoms?: AtomOptions): MeanFieldRow[] {
  return widths.map((m) => {
    const s = makeState(Array(m).fill(abar / m), Array(m).fill(norm), k);
    const mf = nnThresholds(p, s, { mode: 'mean-field', ...(atoms ? { atoms } : {}) });
    const ex = nnThresholds(p, s, { mode: 'exact', full: true, ...(atoms ? { atoms } : {}) });
    const exact = m === 1 ? ex.delta_nn : (ex.delta_star_full?.delta_star ?? null);
    return {
      m,
      delta_nn_mean_field: mf.delta_nn,
      delta_star_exact: exact,
      delta_star_block_exact: ex.blocks[0]!.delta_star,
      rel_error: mf.delta_nn !== null && exact !== null ? Math.abs(mf.delta_nn - exact) / exact : null,
    };
  });
}
