// Alignment of an estimated direction with the latent subspace.

/** ‖Θ*ᵀv‖² / ‖v‖² with Θ* = (e_1, …, e_k) (gaussianData's convention): the squared overlap of v with the
 *  latent subspace, the quantity docs/theory.md §1 predicts for the outlier eigenvector. */
export function latentOverlap2(v: Float64Array, k: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < v.length; i++) {
    const s = v[i]! * v[i]!;
    den += s;
    if (i < k) num += s;
  }
  return den > 0 ? num / den : 0;
}
