// Conjugate gradients for A x = b, A symmetric positive definite given as a matrix-free product
// (Hestenes & Stiefel 1952; Golub & Van Loan, Matrix Computations, 4th ed., §11.3). Stops at ‖r‖ ≤ tol·‖b‖.
export function conjugateGradient(
  apply: (v: Float64Array, out: Float64Array) => void,
  b: Float64Array,
  tol: number,
  maxIter: number,
): { x: Float64Array; iterations: number; converged: boolean; relativeResidual: number } {
  const n = b.length;
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  const Ap = new Float64Array(n);
  let rr = 0;
  for (let i = 0; i < n; i++) rr += r[i]! * r[i]!;
  const bb = rr;
  if (bb === 0) return { x, iterations: 0, converged: true, relativeResidual: 0 };
  let it = 0;
  for (; it < maxIter && rr > tol * tol * bb; it++) {
    apply(p, Ap);
    let pAp = 0;
    for (let i = 0; i < n; i++) pAp += p[i]! * Ap[i]!;
    if (!(pAp > 0)) break;
    const alpha = rr / pAp;
    let rrNew = 0;
    for (let i = 0; i < n; i++) {
      x[i] = x[i]! + alpha * p[i]!;
      r[i] = r[i]! - alpha * Ap[i]!;
      rrNew += r[i]! * r[i]!;
    }
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 0; i < n; i++) p[i] = r[i]! + beta * p[i]!;
  }
  const rel = Math.sqrt(rr / bb);
  return { x, iterations: it, converged: rel <= tol, relativeResidual: rel };
}
