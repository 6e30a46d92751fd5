// The n-point Gauss rule of a discrete measure Σ_i w_i δ_{x_i} (docs/theory.md (10.23), (10.25)): the rule exact for
// polynomials of degree ≤ 2n − 1 against the measure. Recurrence coefficients by the Stieltjes procedure on the
// atoms (Gautschi, "Orthogonal Polynomials: Computation and Approximation", 2004, §2.2.3), then Golub–Welsch (nodes =
// eigenvalues of the Jacobi matrix, weights = mass × first eigenvector components squared). With fewer than n
// distinct atoms the recurrence breaks down (β = 0) and the measure itself is returned.
// discreteGaussProjection also returns, for functions h given at the atoms, their L²-projections onto polynomials of
// degree ≤ n − 1 evaluated at the nodes: Π_n[h](x_k) = Σ_{j<n} ⟨h, p_j⟩ p_j(x_k) with the orthonormal p_j of the
// recurrence (docs/theory.md (10.27)).
import { symTridiagEigen } from '../linalg/tridiagonal.js';

export function discreteGaussRule(x: ArrayLike<number>, w: ArrayLike<number>, n: number): { nodes: Float64Array; weights: Float64Array } {
  const { nodes, weights } = discreteGaussProjection(x, w, n, []);
  return { nodes, weights };
}

export function discreteGaussProjection(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  n: number,
  fs: readonly ArrayLike<number>[],
): { nodes: Float64Array; weights: Float64Array; projections: Float64Array[] } {
  const N = x.length;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`discreteGaussRule: n must be a positive integer, got ${n}`);
  if (w.length !== N) throw new RangeError(`discreteGaussRule: ${N} atoms but ${w.length} weights`);
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  const coef = fs.map(() => new Float64Array(n));
  let mass = 0;
  for (let i = 0; i < N; i++) mass += w[i]!;
  let prev = new Float64Array(N);
  let cur = new Float64Array(N).fill(1 / Math.sqrt(mass));
  for (let k = 0; k < n; k++) {
    let al = 0;
    for (let i = 0; i < N; i++) al += w[i]! * x[i]! * cur[i]! * cur[i]!;
    alpha[k] = al;
    fs.forEach((f, t) => {
      let c = 0;
      for (let i = 0; i < N; i++) c += w[i]! * f[i]! * cur[i]!;
      coef[t]![k] = c;
    });
    if (k === n - 1) break;
    const next = new Float64Array(N);
    let nrm = 0;
    for (let i = 0; i < N; i++) {
      next[i] = (x[i]! - al) * cur[i]! - (k > 0 ? beta[k]! : 0) * prev[i]!;
      nrm += w[i]! * next[i]! * next[i]!;
    }
    const bt = Math.sqrt(nrm);
    // Fewer distinct atoms than n (the orthogonal polynomial vanishes on the support): the measure is its own rule.
    if (!(bt > 1e-14 * Math.max(1, Math.abs(al))))
      return { nodes: Float64Array.from(x), weights: Float64Array.from(w), projections: fs.map((f) => Float64Array.from(f)) };
    beta[k + 1] = bt;
    for (let i = 0; i < N; i++) next[i] /= bt;
    prev = cur;
    cur = next;
  }
  const eig = symTridiagEigen(alpha, beta.subarray(1), [0]);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = mass * eig.vectors[i]! ** 2;
  const nodes = Float64Array.from(eig.values);
  const projections = coef.map((c) =>
    nodes.map((t) => {
      let pPrev = 0;
      let p = 1 / Math.sqrt(mass);
      let s = c[0]! * p;
      for (let k = 0; k + 1 < n; k++) {
        const pNext = ((t - alpha[k]!) * p - (k > 0 ? beta[k]! : 0) * pPrev) / beta[k + 1]!;
        pPrev = p;
        p = pNext;
        s += c[k + 1]! * p;
      }
      return s;
    }),
  );
  return { nodes, weights, projections };
}
