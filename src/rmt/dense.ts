// Small dense linear algebra for the m×m (and km×km) matrices of THEORY §2: Cholesky, LU solve, symmetric
// eigendecomposition. Row-major Float64Array, sizes ≤ a few dozen; never used on d-dimensional objects.

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

/** Eigen-decomposition S = V diag(λ) Vᵀ of a symmetric n×n matrix by cyclic Jacobi rotations
 *  (Golub & Van Loan, §8.5); eigenvalues descending, eigenvectors as the columns of V (row-major). */
export function symEigen(S: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(S);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let tot = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]! * a[i * n + j]!;
        tot += x;
        if (i !== j) off += x;
      }
    if (off <= 1e-30 * tot || off === 0) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src]!;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}
