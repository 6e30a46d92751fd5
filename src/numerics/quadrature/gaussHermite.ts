// Gauss–Hermite rule for the standard normal measure (probabilists' weight e^{−x²/2}/√(2π), weights sum to 1).
// Nodes: Golub–Welsch (eigenvalues of the Jacobi matrix with zero diagonal and off-diagonal √k, k = 1..n−1;
// Golub & Welsch, Math. Comp. 23, 1969), then Newton-polished on the orthonormal three-term recurrence
//   x p_k = √(k+1) p_{k+1} + √k p_{k−1},  p_k = He_k/√k!   (docs/theory.md §0),
// as in FastGaussQuadrature.jl. Weights: w_i = 1/(n p_{n−1}(x_i)²) (Christoffel numbers of the normalised
// polynomials; Szegő, "Orthogonal Polynomials", §3.4), evaluated in log space with a rescaled recurrence so
// that n = 400 (|x| up to ≈ 40, p_k up to 1e200) neither overflows nor underflows; weights below ≈ 1e−308
// underflow to 0.
import type { GaussianRule } from './rule.js';
import { polishSymmetricNodes, tridiagonalEigenvalues } from './jacobi.js';

const SCALE_EXP = 500;
const BIG = 2 ** SCALE_EXP;
const SMALL = 2 ** -SCALE_EXP;

/** p_n(x) and p_{n−1}(x) of the orthonormal Hermite recurrence, both multiplied by exp(−logScale). */
function orthonormalHermitePair(x: number, n: number): { pn: number; pn1: number; logScale: number } {
  let prev = 0;
  let cur = 1;
  let logScale = 0;
  for (let k = 0; k < n; k++) {
    const next = (x * cur - Math.sqrt(k) * prev) / Math.sqrt(k + 1);
    prev = cur;
    cur = next;
    if (Math.abs(cur) > BIG) {
      cur *= SMALL;
      prev *= SMALL;
      logScale += SCALE_EXP * Math.LN2;
    }
  }
  return { pn: cur, pn1: prev, logScale };
}

const MAX_N = 2000;
// Pure memo: rules depend only on n; callers receive copies, so the cache is never observable.
const cache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

function build(n: number): { nodes: Float64Array; weights: Float64Array } {
  const off = new Float64Array(n - 1);
  for (let k = 1; k < n; k++) off[k - 1] = Math.sqrt(k);
  const { values, status } = tridiagonalEigenvalues(new Float64Array(n), off);
  if (!status.converged) throw new Error(`gaussHermite(${n}): Golub–Welsch eigenvalues did not converge (${status.message})`);
  const x = values;
  const sqrtN = Math.sqrt(n);
  // Newton on p_n, p_n' = √n p_{n−1}; the ratio is independent of the common scale.
  polishSymmetricNodes(x, (xi) => {
    const { pn, pn1 } = orthonormalHermitePair(xi, n);
    return pn / (sqrtN * pn1);
  });
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { pn1, logScale } = orthonormalHermitePair(x[i]!, n);
    w[i] = Math.exp(-Math.log(n) - 2 * (Math.log(Math.abs(pn1)) + logScale));
  }
  return { nodes: x, weights: w };
}

/** n-point Gauss–Hermite rule for E[f(G)], G ~ N(0,1): exact for polynomials of degree ≤ 2n − 1. */
export function gaussHermite(n: number): GaussianRule {
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_N)) throw new RangeError(`gaussHermite: n must be an integer in [1, ${MAX_N}], got ${n}`);
  let r = cache.get(n);
  if (!r) {
    r = build(n);
    cache.set(n, r);
  }
  return { nodes: r.nodes.slice(), weights: r.weights.slice(), kind: 'gauss-hermite', order: n };
}
