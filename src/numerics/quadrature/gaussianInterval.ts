// Gauss rule for the standard normal density restricted to an interval [a, b] (docs/theory.md (10.23)): the n-point
// rule exact for polynomials of degree 2n − 1 against φ(x)·1[a ≤ x ≤ b]. Recurrence coefficients by the discretised
// Stieltjes procedure (Gautschi, "Orthogonal Polynomials: Computation and Approximation", 2004, §2.2.3) on a
// composite Gauss–Legendre discretisation of the measure (40 panels × 20 nodes, exact far beyond degree 2n − 1 for
// n ≤ 24), then Golub–Welsch (discreteGauss.ts). Used between the kinks of an integrand, where it converges exponentially in n, unlike
// Gauss–Legendre on the density, which must also resolve φ.
import { gaussLegendre } from './gaussLegendre.js';
import { discreteGaussRule } from './discreteGauss.js';

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
  return discreteGaussRule(x, w, n);
}
