// The plug-in diagnostic of docs/theory.md (5.4): the §1 outlier equations fed the *empirical* joint law of
// (z_i, A_i(t)) at a step t of a simulated GD run (m = 1, one hard direction θ), i.e. ψ_δ, φ evaluated with
// E over the n training samples, T_i = A_i(t) = ℓ''_i a²σ'(u_i)² + ℓ'_i a σ''(u_i), z_i = θᵀx_i.
// It agrees with the simulated Hessian to ~1% for t ≤ 20 (GELU case, d = 3000; suite `dynamics`).
import { empiricalLaw, type Law } from '../../model/law.js';
import { spectrum, deltaStar } from '../../theory/spectral/index.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import type { SampleTerms } from '../../model/network.js';
import type { Problem } from '../../model/problem.js';

export interface PluginPrediction {
  /** Predicted lowest bulk edge and outlier of ∇²R̂ + λI (null outlier: none), squared θ-overlap. */
  bulk_edge: number;
  outlier: number | null;
  overlap2: number;
  /** §1 lower-side threshold δ* of the same law (the δNN(t) of the frozen state at step t), null: none. */
  delta_star: number | null;
  status: SolverStatus;
}

/** The empirical law of (T_i, z_i) = (A_i(t), θᵀx_i), i ≤ n, with weights 1/n (m = 1). */
export function pathLaw(terms: SampleTerms, z: Float64Array): Law {
  const n = terms.n;
  if (terms.m !== 1) throw new RangeError('pathLaw: the scalar plug-in law needs m = 1');
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) T[i] = terms.l2[i]! * terms.s[i]! ** 2 + terms.c[i]!;
  return empiricalLaw({ T, z }, 'empirical law of (A_i(t), z_i) along the GD path');
}

/** §1 lower-side spectrum (ψ_δ(λ*) = φ(λ*), overlap ψ'/(ψ' − φ')) of the empirical law at the current state,
 *  shifted by the ridge λ. */
export function pluginSpectrum(p: Problem, terms: SampleTerms, delta: number): PluginPrediction {
  const { n, d, X } = p.train;
  const h = p.hard[0]!;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = X[i * d + h]!;
  const law = pathLaw(terms, z);
  const s = spectrum(law, delta, 'lower');
  const th = p.net.ridge > 0 ? null : deltaStar(law, 'lower');
  const r = p.net.ridge;
  return {
    bulk_edge: s.bulk_edge + r,
    outlier: s.outlier === null ? null : s.outlier + r,
    overlap2: s.overlap2,
    delta_star: th ? th.delta_star : null,
    status: th ? combineStatus('§1 on the empirical path law', [s.status, th.status]) : s.status,
  };
}
