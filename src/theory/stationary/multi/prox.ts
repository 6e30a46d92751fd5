// The matrix proximal map of the m-neuron stationary problem (docs/theory.md (6.21)):
//   u = argmin_u { ρ_y(u) + ½(u − v)ᵀK⁻¹(u − v) },  i.e. u = v − K∇ρ_y(u).
// Damped Newton on the objective φ(u) with Hessian A + K⁻¹ (shifted towards K⁻¹ where it is not positive definite),
// backtracking on φ; stops when |u + K∇ρ_y(u) − v| ≤ TOL·(1 + |v|) in every coordinate. From a warm start (the atom's
// u at the previous iterate of the fixed point) it takes one or two steps. Where A + K⁻¹ is not positive definite
// somewhere the minimiser may not be unique and this finds a local one; the caller flags that case (convexity check).
import { isPositiveDefinite } from './dense.js';
import type { MultiSampleLoss } from './loss.js';

const TOL = 1e-13;

function norm2(x: Float64Array): number { let s = 0; for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!; return Math.sqrt(s); }
const MAX_IT = 60;

export interface ProxWork {
  grad: Float64Array;
  hess: Float64Array;
  g: Float64Array;
  H: Float64Array;
  trial: Float64Array;
  chol: Float64Array;
  step: Float64Array;
}

export function proxWork(m: number): ProxWork {
  return { grad: new Float64Array(m), hess: new Float64Array(m * m), g: new Float64Array(m), H: new Float64Array(m * m), trial: new Float64Array(m), chol: new Float64Array(m * m), step: new Float64Array(m) };
}

/** Overwrites u (the warm start on entry) with prox(v); on exit w.grad = ∇ρ_y(u), w.hess = A(u). Returns ρ_y(u), or
 *  NaN when Newton did not reach the tolerance. K and P = K⁻¹ are m×m row-major. */
export function multiProx(rho: MultiSampleLoss, y: number, v: Float64Array, K: Float64Array, P: Float64Array, u: Float64Array, w: ProxWork): number {
  const m = rho.m;
  const phi = (x: Float64Array, withDerivs: boolean): number => {
    const r = rho.jet(y, x, w.grad, w.hess);
    let q = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) q += (x[i]! - v[i]!) * P[i * m + j]! * (x[j]! - v[j]!);
    if (withDerivs) {
      for (let i = 0; i < m; i++) {
        let s = w.grad[i]!;
        for (let j = 0; j < m; j++) s += P[i * m + j]! * (x[j]! - v[j]!);
        w.g[i] = s;
      }
    }
    return r + 0.5 * q;
  };
  const residualOk = (): boolean => {
    // h = u + K∇ρ − v = K g.
    let vmax = 0;
    for (let i = 0; i < m; i++) vmax = Math.max(vmax, Math.abs(v[i]!));
    for (let i = 0; i < m; i++) {
      let h = 0;
      for (let j = 0; j < m; j++) h += K[i * m + j]! * w.g[j]!;
      if (!(Math.abs(h) <= TOL * (1 + vmax))) return false;
    }
    return true;
  };
  let f = phi(u, true);
  for (let it = 0; it < MAX_IT; it++) {
    if (residualOk()) return rho.jet(y, u, w.grad, w.hess);
    // Newton matrix A + K⁻¹; if not positive definite, A + K⁻¹ + τ(diag) with τ doubling.
    let tau = 0;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < m * m; i++) w.H[i] = w.hess[i]! + P[i]!;
      if (tau > 0) for (let i = 0; i < m; i++) w.H[i * m + i] = w.H[i * m + i]! + tau * P[i * m + i]!;
      if (isPositiveDefinite(w.H, m, w.chol)) break;
      tau = tau === 0 ? 1e-3 : 2 * tau;
    }
    // step = H⁻¹g from the Cholesky factor in w.chol.
    const step = w.step;
    for (let i = 0; i < m; i++) { let t = w.g[i]!; for (let k = 0; k < i; k++) t -= w.chol[i * m + k]! * step[k]!; step[i] = t / w.chol[i * m + i]!; }
    for (let i = m - 1; i >= 0; i--) { let t = step[i]!; for (let k = i + 1; k < m; k++) t -= w.chol[k * m + i]! * step[k]!; step[i] = t / w.chol[i * m + i]!; }
    if (!step.every(Number.isFinite)) return NaN;
    let slope = 0;
    for (let i = 0; i < m; i++) slope -= w.g[i]! * step[i]!;
    let t = 1, accepted = false;
    const gNorm0 = norm2(w.g);
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < m; i++) w.trial[i] = u[i]! - t * step[i]!;
      const ft = phi(w.trial, true);
      // Armijo on φ, or (close to the minimiser, where φ is flat to rounding) a smaller gradient.
      if (Number.isFinite(ft) && (ft <= f + 1e-4 * t * slope || (tau === 0 && t === 1 && norm2(w.g) < 0.5 * gNorm0))) {
        u.set(w.trial);
        f = ft;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) { phi(u, true); return residualOk() ? rho.jet(y, u, w.grad, w.hess) : NaN; }
  }
  phi(u, true);
  return residualOk() ? rho.jet(y, u, w.grad, w.hess) : NaN;
}
