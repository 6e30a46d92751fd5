// Bulk spectral density of D = (1/n) Σ (x_i x_iᵀ) ⊗ A_i by Stieltjes inversion (docs/theory.md (2.10)): for z = x + iη,
// η > 0, solve the complex fixed point Ḡ(z)⁻¹ = zI − E[(I − AḠ/δ)⁻¹A] (damped iteration, continued from large η
// down to the requested η), then ρ(x) = −Im tr Ḡ(x + iη)/(π m) → the density as η ↓ 0.
import type { SolverStatus } from '../../core/status.js';
import type { MatrixLaw } from './matrixLaw.js';

/** Solve (Mr + i Mi) X = (Br + i Bi) for n×n complex matrices (Gaussian elimination, partial pivoting). */
function complexSolve(Mr: Float64Array, Mi: Float64Array, Br: Float64Array, Bi: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const a = Mr[i * n + k]! ** 2 + Mi[i * n + k]! ** 2;
      if (a > best) {
        best = a;
        p = i;
      }
    }
    if (p !== k)
      for (const arr of [Mr, Mi, Br, Bi])
        for (let j = 0; j < n; j++) {
          const t = arr[k * n + j]!;
          arr[k * n + j] = arr[p * n + j]!;
          arr[p * n + j] = t;
        }
    const pr = Mr[k * n + k]!, pi = Mi[k * n + k]!;
    const den = pr * pr + pi * pi;
    for (let i = k + 1; i < n; i++) {
      const ar = Mr[i * n + k]!, ai = Mi[i * n + k]!;
      const fr = (ar * pr + ai * pi) / den, fi = (ai * pr - ar * pi) / den;
      for (let j = 0; j < n; j++) {
        Mr[i * n + j] = Mr[i * n + j]! - (fr * Mr[k * n + j]! - fi * Mi[k * n + j]!);
        Mi[i * n + j] = Mi[i * n + j]! - (fr * Mi[k * n + j]! + fi * Mr[k * n + j]!);
        Br[i * n + j] = Br[i * n + j]! - (fr * Br[k * n + j]! - fi * Bi[k * n + j]!);
        Bi[i * n + j] = Bi[i * n + j]! - (fr * Bi[k * n + j]! + fi * Br[k * n + j]!);
      }
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const pr = Mr[k * n + k]!, pi = Mi[k * n + k]!;
    const den = pr * pr + pi * pi;
    for (let j = 0; j < n; j++) {
      let sr = Br[k * n + j]!, si = Bi[k * n + j]!;
      for (let t = k + 1; t < n; t++) {
        sr -= Mr[k * n + t]! * Br[t * n + j]! - Mi[k * n + t]! * Bi[t * n + j]!;
        si -= Mr[k * n + t]! * Bi[t * n + j]! + Mi[k * n + t]! * Br[t * n + j]!;
      }
      Br[k * n + j] = (sr * pr + si * pi) / den;
      Bi[k * n + j] = (si * pr - sr * pi) / den;
    }
  }
}

/** One map G ↦ (zI − E[(I − AG/δ)⁻¹A])⁻¹ (complex m×m, real/imaginary parts). */
function step(law: MatrixLaw, delta: number, x: number, eta: number, Gr: Float64Array, Gi: Float64Array): [Float64Array, Float64Array] {
  const m = law.m;
  const mm = m * m;
  const Er = new Float64Array(mm), Ei = new Float64Array(mm);
  const Mr = new Float64Array(mm), Mi = new Float64Array(mm), Xr = new Float64Array(mm), Xi = new Float64Array(mm);
  for (let i = 0; i < law.size; i++) {
    const w = law.weights[i]!;
    if (w === 0) continue;
    const off = i * mm;
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) {
        let sr = 0, si = 0;
        for (let c = 0; c < m; c++) {
          sr += law.A[off + a * m + c]! * Gr[c * m + b]!;
          si += law.A[off + a * m + c]! * Gi[c * m + b]!;
        }
        Mr[a * m + b] = (a === b ? 1 : 0) - sr / delta;
        Mi[a * m + b] = -si / delta;
        Xr[a * m + b] = law.A[off + a * m + b]!;
        Xi[a * m + b] = 0;
      }
    complexSolve(Mr, Mi, Xr, Xi, m);
    for (let t = 0; t < mm; t++) {
      Er[t] = Er[t]! + w * Xr[t]!;
      Ei[t] = Ei[t]! + w * Xi[t]!;
    }
  }
  const Rr = new Float64Array(mm), Ri = new Float64Array(mm), Ir = new Float64Array(mm), Ii = new Float64Array(mm);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) {
      Rr[a * m + b] = (a === b ? x : 0) - Er[a * m + b]!;
      Ri[a * m + b] = (a === b ? eta : 0) - Ei[a * m + b]!;
      Ir[a * m + b] = a === b ? 1 : 0;
    }
  complexSolve(Rr, Ri, Ir, Ii, m);
  return [Ir, Ii];
}

/** ρ(x) ≈ −Im tr Ḡ(x + iη)/(πm) with its status (damped fixed-point iteration, η continued from 1 down). */
export function spectralDensity(law: MatrixLaw, delta: number, x: number, eta = 1e-4): { density: number; status: SolverStatus } {
  const m = law.m;
  let Gr = new Float64Array(m * m);
  let Gi = new Float64Array(m * m);
  for (let a = 0; a < m; a++) Gi[a * m + a] = -1;
  let iterations = 0;
  let change = Infinity;
  const etas: number[] = [];
  for (let e = 1; e > eta; e /= 4) etas.push(e);
  etas.push(eta);
  for (const e of etas) {
    change = Infinity;
    for (let it = 0; it < 5000 && change > 1e-11; it++) {
      const [Nr, Ni] = step(law, delta, x, e, Gr, Gi);
      change = 0;
      for (let t = 0; t < m * m; t++) {
        const nr = 0.5 * Gr[t]! + 0.5 * Nr[t]!, ni = 0.5 * Gi[t]! + 0.5 * Ni[t]!;
        change = Math.max(change, Math.abs(nr - Gr[t]!) + Math.abs(ni - Gi[t]!));
        Gr[t] = nr;
        Gi[t] = ni;
      }
      iterations++;
    }
  }
  let tr = 0;
  for (let a = 0; a < m; a++) tr += Gi[a * m + a]!;
  const converged = change <= 1e-11;
  return {
    density: Math.max(0, -tr / (Math.PI * m)),
    status: { converged, residual: change, iterations, method: 'damped fixed-point (Stieltjes, η-continuation)', ...(converged ? {} : { message: 'fixed-point iteration did not settle' }) },
  };
}
