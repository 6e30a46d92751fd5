// The λ-bias of neurons sitting on the teacher directions (docs/theory.md (9.7)–(9.8); Zhou & Ge 2024). With one balanced
// neuron of signed mass b_i on each w*_i, F_λ = ½(b − a*)ᵀG(b − a*) + λ Σ|b_i|, G_ik = k(w*_iᵀw*_k), so
//   b = a* − λ G⁻¹ sign(a*),   ½E(f − f*)² = (λ²/2) sign(a*)ᵀ G⁻¹ sign(a*),
// valid while sign(b) = sign(a*). The directions are stationary only if the sphere gradient of η vanishes at
// every w*_i: g_i = Σ_l (G⁻¹s)_l k'(ρ_il)(w*_l − ρ_il w*_i) = 0 — true for orthonormal teachers when
// k'(0) = 0 (σ = |·|), false for ReLU (k'(0) = 1/4, its linear part) or non-orthogonal teachers, where the
// optimum moves O(λ) off the teacher directions (see stationary.ts).
import type { ActivationKernel } from './kernels.js';
import type { FixedNet } from './populationLoss.js';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { UsageError } from '../../core/errors.js';

export interface LambdaBias {
  /** G_ik = k(w*_iᵀw*_k), row-major k×k. */
  G: number[];
  /** b = a* − λ G⁻¹ sign(a*). */
  b: number[];
  /** ½ sign(a*)ᵀ G⁻¹ sign(a*) = ½E(f − f*)²/λ². */
  loss_over_lambda2: number;
  /** sign(b) = sign(a*) (the formula applies). */
  signs_preserved: boolean;
  /** max_i ‖g_i‖: 0 iff the teacher directions are themselves stationary. */
  direction_residual: number;
}

export function lambdaBias(kernel: ActivationKernel, teacher: FixedNet, lambda: number): LambdaBias {
  const { m: k, d, a } = teacher.net;
  const U = teacher.U;
  const unit = kernel.features(new Float64Array([1]));
  const out = new Float64Array(4);
  const G = new Array<number>(k * k);
  const Gp = new Array<number>(k * k); // k'(ρ_il)
  for (let i = 0; i < k; i++)
    for (let l = 0; l < k; l++) {
      if (i === l) {
        kernel.self(unit, 0, out);
        out[2] = 0;
      } else {
        let rho = 0;
        for (let t = 0; t < d; t++) rho += U[i * d + t]! * U[l * d + t]!;
        kernel.pair(unit, 0, unit, 0, rho, out);
      }
      G[i * k + l] = out[0]!;
      Gp[i * k + l] = out[2]!;
    }
  const s = Array.from(a, (x) => Math.sign(x));
  const chol = new CholeskyDecomposition(new Matrix(Array.from({ length: k }, (_, i) => G.slice(i * k, i * k + k))));
  if (!chol.isPositiveDefinite())
    throw new UsageError('--teacher-dirs', 'the teacher Gram matrix G is singular (repeated teacher directions?)', 'orthonormal');
  const Ginv_s = chol.solve(Matrix.columnVector(s)).getColumn(0);
  const b = Array.from(a, (x, i) => x - lambda * Ginv_s[i]!);
  let dirRes = 0;
  for (let i = 0; i < k; i++) {
    let rhoSum = 0;
    const g = new Float64Array(d);
    for (let l = 0; l < k; l++) {
      if (l === i) continue;
      let rho = 0;
      for (let t = 0; t < d; t++) rho += U[i * d + t]! * U[l * d + t]!;
      const c = Ginv_s[l]! * Gp[i * k + l]!;
      rhoSum += c * rho;
      for (let t = 0; t < d; t++) g[t] += c * U[l * d + t]!;
    }
    let n2 = 0;
    for (let t = 0; t < d; t++) n2 += (g[t]! - rhoSum * U[i * d + t]!) ** 2;
    dirRes = Math.max(dirRes, Math.sqrt(n2));
  }
  return {
    G,
    b,
    loss_over_lambda2: 0.5 * s.reduce((acc, si, i) => acc + si * Ginv_s[i]!, 0),
    signs_preserved: b.every((bi, i) => Math.sign(bi) === s[i]),
    direction_residual: dirRes,
  };
}
