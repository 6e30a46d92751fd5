// Extreme eigenpairs of a symmetric operator by the Lanczos method with full reorthogonalisation
// (Golub & Van Loan, Matrix Computations, 4th ed., §10.1; Parlett, The Symmetric Eigenvalue Problem, ch. 13).
import type { SolverStatus } from '../../core/status.js';
import type { LinearOperator } from './operators.js';
import type { Rng } from '../random/rng.js';
import { symTridiagEigen } from '../linalg/tridiagonal.js';

export interface Eigenpairs {
  /** Largest first for 'largest', smallest first for 'smallest'. */
  values: number[];
  /** Unit eigenvectors, in the order of `values`. */
  vectors: Float64Array[];
  /** residual: max_i ‖A v_i − θ_i v_i‖ recomputed from the returned vectors; iterations: Lanczos steps. */
  status: SolverStatus;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + alpha * x[i]!;
}

/** w ← (I − QQᵀ)² w: classical Gram–Schmidt against the basis, done twice ("twice is enough":
 *  Giraud, Langou & Rozložník 2005), which keeps the Lanczos basis orthonormal to working precision. */
function reorthogonalise(basis: readonly Float64Array[], w: Float64Array): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) axpy(-dot(q, w), q, w);
  }
}

/** Lanczos: A Q_m = Q_m T_m + β_m q_{m+1} e_mᵀ, T_m = tridiag(β, α, β); the Ritz pairs (θ_i, Q_m s_i) of T_m
 *  approximate the extreme eigenpairs of A, with residual ‖A Q_m s_i − θ_i Q_m s_i‖ = β_m |e_mᵀ s_i|.
 *  Restart-free, with full reorthogonalisation; stops when the k wanted Ritz residuals are
 *  ≤ tol·‖A‖est (‖A‖est = the largest |Ritz value|). After an invariant subspace is found (β_m ≈ 0) it
 *  continues from a fresh random vector orthogonal to the basis. */
export function lanczos(
  op: LinearOperator,
  k: number,
  which: 'largest' | 'smallest',
  rng: Rng,
  opts: { maxIter?: number; tol?: number } = {},
): Eigenpairs {
  const N = op.dim;
  if (!Number.isInteger(k) || k < 1 || k > N) throw new RangeError(`lanczos: k must be an integer in [1, ${N}], got ${k}`);
  const tol = opts.tol ?? 1e-8;
  const maxIter = Math.min(N, opts.maxIter ?? Math.max(500, 50 * k));
  if (!(maxIter >= k)) throw new RangeError(`lanczos: maxIter (${maxIter}) must be ≥ k (${k})`);

  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];

  const freshVector = (): Float64Array | null => {
    const q = new Float64Array(N);
    rng.fillNormal(q);
    reorthogonalise(basis, q);
    const nq = Math.sqrt(dot(q, q));
    if (!(nq > 1e-8)) return null;
    for (let i = 0; i < N; i++) q[i] = q[i]! / nq;
    return q;
  };

  const pick = (m: number): number[] => {
    const idx = Array.from({ length: k }, (_, i) => i);
    return which === 'largest' ? idx.map((i) => m - 1 - i) : idx;
  };

  let q = freshVector()!;
  let w = new Float64Array(N);
  let normEst = 0;
  let estimatedConverged = false;
  for (;;) {
    basis.push(q);
    const m = basis.length;
    op.apply(q, w);
    const a = dot(q, w);
    alpha.push(a);
    axpy(-a, q, w);
    if (m > 1) axpy(-beta[m - 2]!, basis[m - 2]!, w);
    reorthogonalise(basis, w);
    const b = Math.sqrt(dot(w, w));

    if (m >= k) {
      const t = symTridiagEigen(alpha, beta, [m - 1]);
      normEst = Math.max(Math.abs(t.values[0]!), Math.abs(t.values[m - 1]!));
      const worst = Math.max(...pick(m).map((i) => b * Math.abs(t.vectors[i]!)));
      if (t.status.converged && worst <= tol * normEst) {
        estimatedConverged = true;
        break;
      }
    }
    if (m >= maxIter) break;
    if (b <= 1e-12 * Math.max(normEst, Math.abs(a), Number.MIN_VALUE)) {
      const fresh = freshVector();
      if (fresh === null) break; // the basis spans R^N
      beta.push(0);
      q = fresh;
    } else {
      beta.push(b);
      for (let i = 0; i < N; i++) w[i] = w[i]! / b;
      q = w;
      w = new Float64Array(N);
    }
  }

  // Ritz vectors v_i = Q_m s_i, and their true residuals ‖A v_i − θ_i v_i‖.
  const m = basis.length;
  const all = Array.from({ length: m }, (_, i) => i);
  const t = symTridiagEigen(alpha, beta, all);
  normEst = Math.max(Math.abs(t.values[0]!), Math.abs(t.values[m - 1]!));
  const values: number[] = [];
  const vectors: Float64Array[] = [];
  let residual = 0;
  const Av = new Float64Array(N);
  for (const i of pick(m)) {
    const v = new Float64Array(N);
    for (let j = 0; j < m; j++) axpy(t.vectors[j * m + i]!, basis[j]!, v);
    const nv = Math.sqrt(dot(v, v));
    for (let j = 0; j < N; j++) v[j] = v[j]! / nv;
    const theta = t.values[i]!;
    op.apply(v, Av);
    axpy(-theta, v, Av);
    residual = Math.max(residual, Math.sqrt(dot(Av, Av)));
    values.push(theta);
    vectors.push(v);
  }
  const converged = t.status.converged && residual <= tol * normEst;
  let message: string | undefined;
  if (!t.status.converged) message = t.status.message;
  else if (!converged && estimatedConverged) message = `Ritz residual estimate met tol but the recomputed residual is ${residual.toExponential(2)}`;
  else if (!converged) message = `${m} Lanczos steps (maxIter ${maxIter}) did not reach tol ${tol}·‖A‖ ≈ ${(tol * normEst).toExponential(2)}`;
  return {
    values,
    vectors,
    status: { converged, residual, iterations: m, method: 'lanczos-full-reorth', ...(message ? { message } : {}) },
  };
}
