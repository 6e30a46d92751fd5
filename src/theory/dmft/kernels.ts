// Two-time kernels of the discrete-time DMFT (src/theory/dmft/march.ts): causal m×m blocks K(t, s), 0 ≤ s ≤ t ≤ T, stored
// as a block lower triangle; small m×m block products; the Rademacher mixing that samples a Gaussian process with
// the empirical covariance of a population without factorising it.

/** Block lower-triangular two-time kernel: block (t, s), s ≤ t, is an m×m row-major matrix. */
export interface CausalKernel {
  m: number;
  /** Largest time T (times 0..T). */
  T: number;
  data: Float64Array;
}

/** Offset of the triangle row t (blocks (t, 0..t)) in units of blocks: t(t+1)/2. */
export const triRow = (t: number): number => (t * (t + 1)) / 2;

export function causalKernel(m: number, T: number): CausalKernel {
  return { m, T, data: new Float64Array(triRow(T + 1) * m * m) };
}

/** Offset of block (t, s) in `data` (s ≤ t). */
export const blockAt = (k: CausalKernel, t: number, s: number): number => (triRow(t) + s) * k.m * k.m;

/** out += A·B for m×m row-major blocks (A at a[ia], B at b[ib], out at o[io]). */
export function gemmAdd(m: number, a: Float64Array, ia: number, b: Float64Array, ib: number, o: Float64Array, io: number, scale = 1): void {
  for (let i = 0; i < m; i++)
    for (let k = 0; k < m; k++) {
      const aik = scale * a[ia + i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) o[io + i * m + j] = o[io + i * m + j]! + aik * b[ib + k * m + j]!;
    }
}

/** out += A·Bᵀ for m×m row-major blocks. */
export function gemmAddT(m: number, a: Float64Array, ia: number, b: Float64Array, ib: number, o: Float64Array, io: number, scale = 1): void {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += a[ia + i * m + k]! * b[ib + j * m + k]!;
      o[io + i * m + j] = o[io + i * m + j]! + scale * s;
    }
}

/** Block K(t, s) for either order of t, s (K(s, t) = K(t, s)ᵀ for symmetric kernels), as a fresh array. */
export function blockOf(K: CausalKernel, t: number, s: number): Float64Array {
  const m = K.m;
  const out = new Float64Array(m * m);
  if (s <= t) out.set(K.data.subarray(blockAt(K, t, s), blockAt(K, t, s) + m * m));
  else {
    const b = blockAt(K, s, t);
    for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) out[j * m + k] = K.data[b + k * m + j]!;
  }
  return out;
}

/** In-place fast Walsh–Hadamard transform (unnormalised) of x[off .. off + len), len a power of 2. */
export function fwht(x: Float64Array, off: number, len: number): void {
  for (let h = 1; h < len; h *= 2)
    for (let i = 0; i < len; i += 2 * h)
      for (let j = i; j < i + h; j++) {
        const a = x[off + j]!, b = x[off + j + h]!;
        x[off + j] = a + b;
        x[off + j + h] = a - b;
      }
}

/**
 * Rademacher mixing: h_p = N^{-1/2} Σ_k H_pk D_k x_k for p < rows (H the N×N Hadamard matrix, D fixed random signs).
 * For every p, E_D[h_p h_pᵀ] over paths equals the empirical second moment (1/N) Σ_k x_k x_kᵀ exactly, distinct p are
 * uncorrelated, and by the CLT each h_p is Gaussian up to O(1/N) cumulants. Used instead of a Cholesky factor of
 * the (numerically rank-deficient: smooth paths) covariance C_r(t, s). `x` is N×m row-major; writes rows×m to out.
 */
export function rademacherMix(x: Float64Array, m: number, signs: Float64Array, rows: number, out: Float64Array, work: Float64Array): void {
  const N = signs.length;
  const sc = 1 / Math.sqrt(N);
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < N; k++) work[k] = signs[k]! * x[k * m + j]!;
    fwht(work, 0, N);
    for (let p = 0; p < rows; p++) out[p * m + j] = sc * work[p]!;
  }
}
