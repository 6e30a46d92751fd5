// Gauss–Legendre rule on [a, b] (Lebesgue measure, weights sum to b − a).
// Nodes: Golub–Welsch (Jacobi matrix with off-diagonal k/√(4k²−1)), Newton-polished on the Legendre recurrence
//   (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1},  P_n'(x) = n (x P_n − P_{n−1})/(x² − 1);
// weights w_i = 2/((1 − x_i²) P_n'(x_i)²) (Abramowitz & Stegun 25.4.29).
import { polishSymmetricNodes, tridiagonalEigenvalues } from './jacobi.js';

function legendrePair(x: number, n: number): { pn: number; dpn: number } {
  let prev = 0;
  let cur = 1;
  for (let k = 0; k < n; k++) {
    const next = ((2 * k + 1) * x * cur - k * prev) / (k + 1);
    prev = cur;
    cur = next;
  }
  return { pn: cur, dpn: (n * (x * cur - prev)) / (x * x - 1) };
}

const MAX_N = 2000;
// Pure memo of the reference rule on [−1, 1]; callers receive mapped copies.
const cache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

function build(n: number): { nodes: Float64Array; weights: Float64Array } {
  const off = new Float64Array(n - 1);
  for (let k = 1; k < n; k++) off[k - 1] = k / Math.sqrt(4 * k * k - 1);
  const { values: x, status } = tridiagonalEigenvalues(new Float64Array(n), off);
  if (!status.converged) throw new Error(`gaussLegendre(${n}): Golub–Welsch eigenvalues did not converge (${status.message})`);
  const w = new Float64Array(n);
  polishSymmetricNodes(x, (xi) => {
    const { pn, dpn } = legendrePair(xi, n);
    return pn / dpn;
  });
  for (let i = 0; i < n; i++) {
    const { dpn } = legendrePair(x[i]!, n);
    w[i] = 2 / ((1 - x[i]! * x[i]!) * dpn * dpn);
  }
  return { nodes: x, weights: w };
}

/** n-point Gauss–Legendre rule on [a, b]: ∫_a^b f ≈ Σ w_i f(x_i), exact for polynomials of degree ≤ 2n − 1. */
export function gaussLegendre(n: number, a: number, b: number): { nodes: Float64Array; weights: Float64Array } {
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_N)) throw new RangeError(`gaussLegendre: n must be an integer in [1, ${MAX_N}], got ${n}`);
  if (!(Number.isFinite(a) && Number.isFinite(b) && a <= b)) throw new RangeError(`gaussLegendre: need finite a ≤ b, got [${a}, ${b}]`);
  let r = cache.get(n);
  if (!r) {
    r = build(n);
    cache.set(n, r);
  }
  const h = 0.5 * (b - a);
  const m = 0.5 * (a + b);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodes[i] = m + h * r.nodes[i]!;
    weights[i] = h * r.weights[i]!;
  }
  return { nodes, weights };
}
