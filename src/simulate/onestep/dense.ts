// Dense kernels for the one-step simulator (row-major Float64Array): C = A Bᵀ, transposes, double centring,
// top singular triplets by Lanczos on FᵀF (or FFᵀ), and ridge by conjugate gradients.
import { lanczos } from '../../numerics/linalg/lanczos.js';
import { type LinearOperator } from '../../numerics/linalg/operators.js';
import { type Rng } from '../../numerics/random/rng.js';
import type { SolverStatus } from '../../core/status.js';

/** C = A Bᵀ, A m×k, B p×k, C m×p; blocked over rows of B, 2×2 register tile. */
export function multiplyABt(A: Float64Array, B: Float64Array, m: number, k: number, p: number): Float64Array {
  const C = new Float64Array(m * p);
  const BLOCK = 64;
  for (let j0 = 0; j0 < p; j0 += BLOCK) {
    const j1 = Math.min(p, j0 + BLOCK);
    for (let i = 0; i < m; i += 2) {
      const i2 = i + 1 < m;
      const a0 = i * k;
      const a1 = (i2 ? i + 1 : i) * k;
      for (let j = j0; j < j1; j += 2) {
        const j2 = j + 1 < j1;
        const b0 = j * k;
        const b1 = (j2 ? j + 1 : j) * k;
        let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
        for (let l = 0; l < k; l++) {
          const x0 = A[a0 + l]!, x1 = A[a1 + l]!, y0 = B[b0 + l]!, y1 = B[b1 + l]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
        }
        C[i * p + j] = s00;
        if (j2) C[i * p + j + 1] = s01;
        if (i2) {
          C[(i + 1) * p + j] = s10;
          if (j2) C[(i + 1) * p + j + 1] = s11;
        }
      }
    }
  }
  return C;
}

/** Aᵀ for A m×k. */
export function transpose(A: Float64Array, m: number, k: number): Float64Array {
  const T = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) T[l * m + i] = A[i * k + l]!;
  return T;
}

/** P_m F P_p, P = I − 11ᵀ/size: subtract row and column means, add back the grand mean. */
export function doubleCentre(F: Float64Array, m: number, p: number): Float64Array {
  const row = new Float64Array(m);
  const col = new Float64Array(p);
  let grand = 0;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) {
      const v = F[i * p + j]!;
      s += v;
      col[j] = col[j]! + v;
    }
    row[i] = s / p;
    grand += s;
  }
  grand /= m * p;
  for (let j = 0; j < p; j++) col[j] = col[j]! / m;
  const out = new Float64Array(m * p);
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) out[i * p + j] = F[i * p + j]! - row[i]! - col[j]! + grand;
  return out;
}

/** y = F v (F m×p). */
export function matVec(F: Float64Array, m: number, p: number, v: Float64Array, y: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    const o = i * p;
    for (let j = 0; j < p; j++) s += F[o + j]! * v[j]!;
    y[i] = s;
  }
}

/** y = Fᵀ u (F m×p). */
export function matTVec(F: Float64Array, m: number, p: number, u: Float64Array, y: Float64Array): void {
  y.fill(0);
  for (let i = 0; i < m; i++) {
    const ui = u[i]!;
    if (ui === 0) continue;
    const o = i * p;
    for (let j = 0; j < p; j++) y[j] = y[j]! + ui * F[o + j]!;
  }
}

export interface SvdTop {
  values: number[];
  left: Float64Array[];
  right: Float64Array[];
  status: SolverStatus;
}

/** Top-k singular triplets of F (m×p) from Lanczos on FᵀF (p ≤ m) or FFᵀ (m < p), matrix-free. */
export function topSingular(F: Float64Array, m: number, p: number, k: number, rng: Rng): SvdTop {
  const small = Math.min(m, p);
  const tmp = new Float64Array(Math.max(m, p));
  const op: LinearOperator =
    p <= m
      ? { dim: p, apply: (v, out) => { const t = tmp.subarray(0, m); matVec(F, m, p, v, t); matTVec(F, m, p, t, out); } }
      : { dim: m, apply: (v, out) => { const t = tmp.subarray(0, p); matTVec(F, m, p, v, t); matVec(F, m, p, t, out); } };
  const eig = lanczos(op, Math.min(k, small), 'largest', rng, { tol: 1e-7, maxIter: Math.min(small, 600) });
  const values = eig.values.map((x) => Math.sqrt(Math.max(0, x)));
  const left: Float64Array[] = [];
  const right: Float64Array[] = [];
  eig.vectors.forEach((v, i) => {
    const s = values[i]! > 0 ? values[i]! : 1;
    if (p <= m) {
      const u = new Float64Array(m);
      matVec(F, m, p, v, u);
      for (let r = 0; r < m; r++) u[r] = u[r]! / s;
      left.push(u);
      right.push(v);
    } else {
      const w = new Float64Array(p);
      matTVec(F, m, p, v, w);
      for (let r = 0; r < p; r++) w[r] = w[r]! / s;
      left.push(v);
      right.push(w);
    }
  });
  return { values, left, right, status: eig.status };
}

/** Ridge â = argmin ‖y − F a/√p‖² + λ‖a‖², i.e. (FᵀF/p + λ) a = Fᵀy/√p, by conjugate gradients
 *  (Hestenes & Stiefel 1952), stopping at relative residual ≤ tol. */
export function ridgeSolve(F: Float64Array, m: number, p: number, y: Float64Array, lambda: number, tol = 1e-9, maxIter = 3000): { a: Float64Array; status: SolverStatus } {
  const sp = Math.sqrt(p);
  const tmp = new Float64Array(m);
  const A = (v: Float64Array, out: Float64Array) => {
    matVec(F, m, p, v, tmp);
    matTVec(F, m, p, tmp, out);
    for (let j = 0; j < p; j++) out[j] = out[j]! / p + lambda * v[j]!;
  };
  const b = new Float64Array(p);
  matTVec(F, m, p, y, b);
  for (let j = 0; j < p; j++) b[j] = b[j]! / sp;
  const a = new Float64Array(p);
  const r = b.slice();
  const d = r.slice();
  const Ad = new Float64Array(p);
  const dot = (u: Float64Array, v: Float64Array) => { let s = 0; for (let j = 0; j < p; j++) s += u[j]! * v[j]!; return s; };
  const bnorm = Math.sqrt(dot(b, b)) || 1;
  let rr = dot(r, r);
  let it = 0;
  for (; it < maxIter && Math.sqrt(rr) > tol * bnorm; it++) {
    A(d, Ad);
    const step = rr / dot(d, Ad);
    for (let j = 0; j < p; j++) { a[j] = a[j]! + step * d[j]!; r[j] = r[j]! - step * Ad[j]!; }
    const rr1 = dot(r, r);
    const beta = rr1 / rr;
    rr = rr1;
    for (let j = 0; j < p; j++) d[j] = r[j]! + beta * d[j]!;
  }
  const residual = Math.sqrt(rr) / bnorm;
  return { a, status: { converged: residual <= tol, residual, iterations: it, method: 'conjugate-gradient' } };
}

/** (1/m) ‖y − F a/√p‖². */
export function meanSquaredError(F: Float64Array, m: number, p: number, a: Float64Array, y: Float64Array): number {
  const pred = new Float64Array(m);
  matVec(F, m, p, a, pred);
  const sp = Math.sqrt(p);
  let s = 0;
  for (let i = 0; i < m; i++) s += (y[i]! - pred[i]! / sp) ** 2;
  return s / m;
}
