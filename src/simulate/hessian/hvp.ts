// Hessian–vector products of the empirical risk R̂(W) = (1/n) Σ_i ℓ(y_i, Σ_j a_j σ(w_jᵀx_i)) at a given W
// (docs/theory.md §4): ∇²R̂ V = (1/n) Σ_i x_i (A_i (X_iᵀ V))ᵀ, never forming the dm×dm matrix. The sweep over the data
// is src/model/network.ts's hessianOperator (shared with the GD simulator); this file places the state's
// neurons in R^d and builds the operator for a given problem.
import type { GaussianData } from '../../numerics/random/gaussianData.js';
import type { LinearOperator } from '../../numerics/linalg/operators.js';
import { sampleTerms, type Network } from '../../model/network.js';
import { blockedHessianOperator } from './blockedHvp.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import type { NetworkState, StateFactor } from '../../model/state.js';

/** W (neuron-major, w_j = W[j·d ..]) realising the state: w_j = r_j(Σ_r c_rj e_r + Σ_q L_jq e_{k+q}); the latent
 *  directions are e_1..e_k (gaussianData's convention) and the neurons' own directions e_{k+1}..e_{k+p}. */
export function stateWeights(s: NetworkState, f: StateFactor, d: number): Float64Array {
  const { m, k } = s;
  if (d < k + f.p) throw new RangeError(`stateWeights: d = ${d} < k + p = ${k + f.p}`);
  const W = new Float64Array(m * d);
  for (let j = 0; j < m; j++) {
    for (let r = 0; r < k; r++) W[j * d + r] = s.norms[j]! * s.latentCos[r * m + j]!;
    for (let q = 0; q < f.p; q++) W[j * d + k + q] = s.norms[j]! * f.L[j * f.p + q]!;
  }
  return W;
}

/** The Hessian ∇²R̂(W) as a matrix-free operator on R^{md} (neuron-major), and the risk at W. */
export function empiricalHessian(p: HessianProblem, readout: Float64Array, data: GaussianData, y: Float64Array, W: Float64Array): { op: LinearOperator; risk: number } {
  const net: Network = { act: p.act.fn, loss: p.loss.fn, readout, ridge: 0 };
  const terms = sampleTerms(net, data, y, W);
  return { op: blockedHessianOperator(data, terms), risk: terms.risk };
}
