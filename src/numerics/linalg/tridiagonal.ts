// Eigen-decomposition of a real symmetric tridiagonal matrix by the implicit QL method with Wilkinson-type
// shifts (Bowdler, Martin, Reinsch & Wilkinson, Numer. Math. 11 (1968), "tql2"; Golub & Van Loan §8.3).
import type { SolverStatus } from '../../core/status.js';

export interface TridiagonalEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** rows.length × m, row-major: vectors[r·m + i] = component rows[r] of the unit eigenvector of values[i]. */
  vectors: Float64Array;
  status: SolverStatus;
}

const MAX_SWEEPS_PER_VALUE = 60;

/** T = tridiag(off, diag, off) (diag length m, off length m − 1, off[i] = T[i][i+1]): T = S Λ Sᵀ.
 *  Only the rows of S listed in `rows` are accumulated (the rotations act on columns, so any subset of rows
 *  transforms independently): rows = [m − 1] gives the last components that Lanczos residuals need at O(m²)
 *  cost, rows = 0..m−1 the full eigenvectors at O(m³). */
export function symTridiagEigen(diag: ArrayLike<number>, off: ArrayLike<number>, rows: readonly number[]): TridiagonalEigen {
  const m = diag.length;
  const d = Float64Array.from(diag);
  const e = new Float64Array(m); // e[i] couples d[i] and d[i+1]; e[m−1] = 0
  for (let i = 0; i + 1 < m; i++) e[i] = off[i]!;
  const nr = rows.length;
  const z = new Float64Array(nr * m);
  rows.forEach((row, r) => {
    z[r * m + row] = 1;
  });
  let sweeps = 0;
  let failed = false;
  for (let l = 0; l < m && !failed; l++) {
    let iter = 0;
    for (;;) {
      let k = l;
      for (; k < m - 1; k++) {
        const dd = Math.abs(d[k]!) + Math.abs(d[k + 1]!);
        if (Math.abs(e[k]!) <= Number.EPSILON * dd) break;
      }
      if (k === l) break;
      if (iter++ === MAX_SWEEPS_PER_VALUE) {
        failed = true;
        break;
      }
      sweeps++;
      // Shift from the leading 2×2 block, then chase the bulge from k − 1 up to l with Givens rotations.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[k]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = k - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - p;
          e[k] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (let q = 0; q < nr; q++) {
          const o = q * m;
          const zi1 = z[o + i + 1]!;
          z[o + i + 1] = s * z[o + i]! + c * zi1;
          z[o + i] = c * z[o + i]! - s * zi1;
        }
      }
      if (underflow) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[k] = 0;
    }
  }
  // Sort ascending, permuting the columns of z.
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => d[a]! - d[b]!);
  const values = new Float64Array(m);
  const vectors = new Float64Array(nr * m);
  order.forEach((src, dst) => {
    values[dst] = d[src]!;
    for (let q = 0; q < nr; q++) vectors[q * m + dst] = z[q * m + src]!;
  });
  let offNorm = 0;
  for (let i = 0; i + 1 < m; i++) offNorm = Math.max(offNorm, Math.abs(e[i]!));
  return {
    values,
    vectors,
    status: {
      converged: !failed,
      residual: offNorm,
      iterations: sweeps,
      method: 'implicit-ql',
      ...(failed ? { message: `an eigenvalue needed more than ${MAX_SWEEPS_PER_VALUE} QL sweeps` } : {}),
    },
  };
}
