// Isotropic Gaussian design for the simulators (docs/theory.md §0): rows x_i ~ N(0, I_d), i = 1..n.
import type { Rng } from './rng.js';

/** x_i ~ N(0, I_d), i ≤ n, stored row-major n×d (x_i = X[i·d .. i·d + d)); the latent coordinates are the
 *  first k columns, z_i = (X[i·d], …, X[i·d + k − 1]), i.e. Θ* = (e_1, …, e_k). */
export interface GaussianData {
  n: number;
  d: number;
  X: Float64Array;
}

/** Draws X ∈ R^{n×d} with i.i.d. N(0, 1) entries from `rng` (row by row, so the stream fixes X). */
export function gaussianData(n: number, d: number, rng: Rng): GaussianData {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1)
    throw new RangeError(`gaussianData: n and d must be positive integers, got n = ${n}, d = ${d}`);
  const X = new Float64Array(n * d);
  rng.fillNormal(X);
  return { n, d, X };
}

/** The k latent coordinates of row i: z_i = Θ*ᵀx_i = (x_i1, …, x_ik). */
export function latent(data: GaussianData, i: number, k: number, out: Float64Array): Float64Array {
  const off = i * data.d;
  for (let j = 0; j < k; j++) out[j] = data.X[off + j]!;
  return out;
}
