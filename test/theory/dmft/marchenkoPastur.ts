// Moments of the Marchenko–Pastur law for the exact linear-σ, square-loss DMFT case (test helper, not a test file).
export const binom = (n: number, k: number): number => {
  let b = 1;
  for (let j = 1; j <= k; j++) b = (b * (n - k + j)) / j;
  return b;
};

/** k-th moment of the Marchenko–Pastur law of XᵀX/n, X n×p, γ = p/n (Narayana polynomials). */
export const mpMoment = (k: number, g: number): number => {
  if (k === 0) return 1;
  let s = 0;
  for (let j = 0; j < k; j++) s += (g ** j / (j + 1)) * binom(k, j) * binom(k - 1, j);
  return s;
};
