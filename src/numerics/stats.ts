// Summary statistics over independent seeds.

/** Sample mean x̄ = (1/m) Σ x_s and its standard error se = s/√m, s² = Σ (x_s − x̄)²/(m − 1).
 *  With a single value the standard error is undefined and returned as NaN (callers print null). */
export function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const m = xs.length;
  if (m === 0) throw new RangeError('meanSe: no values');
  const mean = xs.reduce((a, x) => a + x, 0) / m;
  if (m === 1) return { mean, se: NaN };
  const ss = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0);
  return { mean, se: Math.sqrt(ss / (m - 1) / m) };
}

/** The binomial coefficient C(n, k) (exact for the small n of seed counts). */
export function binomialCoefficient(n: number, k: number): number {
  let b = 1;
  for (let j = 1; j <= k; j++) b = (b * (n - k + j)) / j;
  return b;
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = 0; i <= k; i++) s += binomialCoefficient(n, i) * p ** i * (1 - p) ** (n - i);
  return Math.min(1, s);
}

/** Two-sided Fisher exact test of a 2×2 table (a successes of n1 against b of n2): the sum of the hypergeometric
 *  probabilities, given the margins, of the tables no more probable than the observed one. */
export function fisherExactTwoSided(a: number, n1: number, b: number, n2: number): number {
  const K = a + b, N = n1 + n2;
  const pr = (x: number) => (binomialCoefficient(n1, x) * binomialCoefficient(n2, K - x)) / binomialCoefficient(N, K);
  const p0 = pr(a);
  let p = 0;
  for (let x = Math.max(0, K - n2); x <= Math.min(K, n1); x++) if (pr(x) <= p0 * (1 + 1e-9)) p += pr(x);
  return Math.min(1, p);
}
