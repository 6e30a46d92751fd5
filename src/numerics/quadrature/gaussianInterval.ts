// Gauss rule for the standard normal density restricted to an interval [a, b] (docs/theory.md (10.23)): the n-point
// rule exact for polynomials of degree 2n − 1 against φ(x)·1[a ≤ x ≤ b]. Recurrence coefficients by the discretised
// Stieltjes procedure (Gautschi, "Orthogonal Polynomials: Computation and Approximation", 2004, §2.2.3) on a
// composite Gauss–Legendre discretisation of the measure (40 panels × 20 nodes, exact far beyond degree 2n − 1 for
// n ≤ 24), then Golub–Welsch (nodes = eigenvalues of the Jacobi matrix, weights = mass × first eigenvector
// components squared). Used between the kinks of an integrand, where it converges exponentially in n, unlike
// Gauss–Legendre on the density, which must also resolve φ.
import { gaussLegendre } from './gaussLegendre.js';
import { symTridiagEigen } from '../linalg/tridiagonal.js';

const PANELS = 40;
const PER_PANEL = 20;
/** Largest n supported (the discretisation is exact far beyond degree 2·24 − 1). */
export const GAUSSIAN_INTERVAL_MAX_N = 24;

export function gaussianIntervalRule(a: number, b: number, n: number): { nodes: Float64Array; weights: Float64Array } {
  if (!(a < b)) throw new RangeError(`gaussianIntervalRule: need a < b, got [${a}, ${b}]`);
  if (!(Number.isInteger(n) && n >= 1 && n <= GAUSSIAN_INTERVAL_MAX_N)) throw new RangeError(`gaussianIntervalRule: n must be in 1..${GAUSSIAN_INTERVAL_MAX_N}, got ${n}`);
  const N = PANELS * PER_PANEL;
  const x = new Float64Array(N);
  const w = new Float64Array(N);
  const h = (b - a) / PANELS;
  const gl = gaussLegendre(PER_PANEL, 0, h);
  for (let p = 0; p < PANELS; p++)
    for (let i = 0; i < PER_PANEL; i++) {
      const t = a + p * h + gl.nodes[i]!;
      x[p * PER_PANEL + i] = t;
      w[p * PER_PANEL + i] = (gl.weights[i]! * Math.exp(-0.5 * t * t)) / Math.sqrt(2 * Math.PI);
    }
  // Stieltjes: orthonormal p_k evaluated at the discretisation nodes.
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  let mass = 0;
  for (let i = 0; i < N; i++) mass += w[i]!;
  let prev = new Float64Array(N);
  let cur = new Float64Array(N).fill(1 / Math.sqrt(mass));
  for (let k = 0; k < n; k++) {
    let al = 0;
    for (let i = 0; i < N; i++) al += w[i]! * x[i]! * cur[i]! * cur[i]!;
    alpha[k] = al;
    if (k === n - 1) break;
    const next = new Float64Array(N);
    let nrm = 0;
    for (let i = 0; i < N; i++) {
      next[i] = (x[i]! - al) * cur[i]! - (k > 0 ? beta[k]! : 0) * prev[i]!;
      nrm += w[i]! * next[i]! * next[i]!;
    }
    const bt = Math.sqrt(nrm);
    beta[k + 1] = bt;
    for (let i = 0; i < N; i++) next[i] /= bt;
    prev = cur;
    cur = next;
  }
  const eig = symTridiagEigen(alpha, beta.subarray(1), [0]);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = mass * eig.vectors[i]! ** 2;
  return { nodes: Float64Array.from(eig.values), weights };
}
