// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations
// (Golub & Van Loan, "Matrix Computations", §8.5). Used for m×m blocks (docs/theory.md §2), k×k latent matrices (k ≤ 3)
// and the k(k+1)/2-dimensional δ_alg map (docs/theory.md §3).

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

/** Eigenvalues (descending) and unit eigenvectors (vectors[j] ↔ values[j]) of the symmetric n×n matrix a (row-major). */
export function symmetricEigen(a: ArrayLike<number>, n: number): { values: number[]; vectors: Float64Array[] } {
  const { values, vectors } = symEigen(Float64Array.from(a), n);
  return {
    values: Array.from(values),
    vectors: Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, k) => vectors[k * n + j]!)),
  };
}

/** Largest eigenvalue and its unit eigenvector; closed form for n = 1. */
export function topEigen(a: ArrayLike<number>, n: number): { value: number; vector: Float64Array } {
  if (n === 1) return { value: a[0]!, vector: Float64Array.of(1) };
  const { values, vectors } = symmetricEigen(a, n);
  return { value: values[0]!, vector: vectors[0]! };
}
