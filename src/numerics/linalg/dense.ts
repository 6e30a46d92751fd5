// Small dense linear algebra for the m×m (and km×km) matrices of docs/theory.md §2: Cholesky, LU solve, symmetric
// eigendecomposition. Row-major Float64Array, sizes ≤ a few dozen; never used on d-dimensional objects.

/** out = A·B for row-major n×n matrices (out must not alias A or B). */
export function matMul(A: Float64Array, B: Float64Array, n: number, out: Float64Array): void {
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += A[a * n + c]! * B[c * n + b]!;
      out[a * n + b] = s;
    }
}

/** In-place Cholesky S = LLᵀ of a symmetric positive definite n×n matrix (lower triangle of `s` overwritten by
 *  L); returns false if S is not (numerically) positive definite. Golub & Van Loan, Alg. 4.2.1. */
export function cholesky(s: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = s[j * n + j]!;
    for (let k = 0; k < j; k++) d -= s[j * n + k]! * s[j * n + k]!;
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    s[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let v = s[i * n + j]!;
      for (let k = 0; k < j; k++) v -= s[i * n + k]! * s[j * n + k]!;
      s[i * n + j] = v / l;
    }
  }
  return true;
}

/** S⁻¹ from its Cholesky factor L (lower triangle of `l`), written to `out` (full symmetric n×n). */
export function choleskyInverse(l: Float64Array, n: number, out: Float64Array): void {
  // Solve L Lᵀ X = I column by column.
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    col.fill(0);
    col[c] = 1;
    for (let i = 0; i < n; i++) {
      let v = col[i]!;
      for (let k = 0; k < i; k++) v -= l[i * n + k]! * col[k]!;
      col[i] = v / l[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let v = col[i]!;
      for (let k = i + 1; k < n; k++) v -= l[k * n + i]! * col[k]!;
      col[i] = v / l[i * n + i]!;
    }
    for (let i = 0; i < n; i++) out[i * n + c] = col[i]!;
  }
}

/** Solve M x = b (n×n, row-major, general) by LU with partial pivoting; returns null if M is singular.
 *  Also returns sign(det M), used to follow the solution branch of the fixed point. */
export function luSolve(M: Float64Array, n: number, b: Float64Array): { x: Float64Array; detSign: number } | null {
  const a = Float64Array.from(M);
  const x = Float64Array.from(b);
  let sign = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]!) > Math.abs(a[p * n + k]!)) p = i;
    if (!(Math.abs(a[p * n + k]!) > 1e-300 + 1e-15 * scale)) return null;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
      const t = x[k]!;
      x[k] = x[p]!;
      x[p] = t;
    }
    const piv = a[k * n + k]!;
    if (piv < 0) sign = -sign;
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k]! / piv;
      if (f === 0) continue;
      for (let j = k; j < n; j++) a[i * n + j] = a[i * n + j]! - f * a[k * n + j]!;
      x[i] = x[i]! - f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = x[i]!;
    for (let j = i + 1; j < n; j++) v -= a[i * n + j]! * x[j]!;
    x[i] = v / a[i * n + i]!;
  }
  return { x, detSign: sign };
}

/** Inverse of a small dense square matrix (row-major, size k) by Gauss–Jordan with partial pivoting, into `inv`;
 *  `m` is scratch of size k² (a is left unchanged). */
export function invertInto(a: Float64Array, k: number, m: Float64Array, inv: Float64Array): Float64Array {
  m.set(a);
  inv.fill(0);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r * k + c]!) > Math.abs(m[piv * k + c]!)) piv = r;
    if (piv !== c)
      for (let j = 0; j < k; j++) {
        const t = m[c * k + j]!;
        m[c * k + j] = m[piv * k + j]!;
        m[piv * k + j] = t;
        const u = inv[c * k + j]!;
        inv[c * k + j] = inv[piv * k + j]!;
        inv[piv * k + j] = u;
      }
    const p = 1 / m[c * k + c]!;
    for (let j = 0; j < k; j++) { m[c * k + j] = m[c * k + j]! * p; inv[c * k + j] = inv[c * k + j]! * p; }
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r * k + c]!;
      if (f === 0) continue;
      for (let j = 0; j < k; j++) { m[r * k + j] = m[r * k + j]! - f * m[c * k + j]!; inv[r * k + j] = inv[r * k + j]! - f * inv[c * k + j]!; }
    }
  }
  return inv;
}
