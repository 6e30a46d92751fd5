// Limiting eigenvalue density of D = (1/n) Σ_i T_i x_i x_iᵀ (docs/theory.md (1.11) bulk), for the spectrum figure.
// D's nonzero eigenvalues are those of δD/δ, and δD = (1/d) Xᵀ diag(T) X is a generalised Marchenko–Pastur
// matrix (Silverstein–Bai 1995) whose Stieltjes transform m̲(ζ) solves
//   m̲ = −1 / (ζ − δ E[T / (1 + T m̲)]),   ζ = δμ + iη.
// With λ = −1/m̲ this is μ = ψ_δ(λ) of docs/theory.md §1. Density of D: ρ(μ) = (δ/π) Im m̲(δμ + iη), η → 0⁺ (small η).
// Solved by a damped fixed-point iteration, warm-started along the μ grid.
import type { Law } from '../../model/law.js';

export interface BulkDensity {
  x: number[];
  y: number[];
  /** Points where the iteration stopped above tolerance. */
  unconverged: number;
  eta: number;
}

/** ρ(μ) on `grid`, with broadening η (relative to the scale of T). */
export function bulkDensity(law: Law, delta: number, grid: readonly number[], opts: { eta?: number; maxIter?: number; tol?: number } = {}): BulkDensity {
  const T = law.columns['T'];
  if (!T) throw new Error('bulkDensity: law has no column T');
  const w = law.weights;
  let scale = 0;
  for (let i = 0; i < law.size; i++) scale = Math.max(scale, Math.abs(T[i]!));
  const eta = (opts.eta ?? 1e-3) * (scale || 1);
  const maxIter = opts.maxIter ?? 20000;
  const tol = opts.tol ?? 1e-9;
  let re = 0, im = 1; // m̲, warm start
  const y: number[] = [];
  let unconverged = 0;
  for (const mu of grid) {
    const zr = delta * mu, zi = delta * eta;
    let ok = false;
    if (!(im > 0)) { re = 0; im = 1; }
    for (let it = 0; it < maxIter; it++) {
      // s = E[T / (1 + T m)]
      let sr = 0, si = 0;
      for (let i = 0; i < law.size; i++) {
        const t = T[i]!;
        const ar = 1 + t * re, ai = t * im;
        const den = ar * ar + ai * ai;
        sr += (w[i]! * t * ar) / den;
        si -= (w[i]! * t * ai) / den;
      }
      const br = zr - delta * sr, bi = zi - delta * si;
      const bden = br * br + bi * bi;
      const nr = -br / bden, ni = bi / bden; // −1/b
      const step = Math.hypot(nr - re, ni - im);
      re = 0.5 * re + 0.5 * nr;
      im = 0.5 * im + 0.5 * ni;
      if (step < tol * Math.max(1, Math.hypot(re, im))) {
        ok = true;
        break;
      }
    }
    if (!ok) unconverged++;
    y.push((delta / Math.PI) * im);
  }
  return { x: [...grid], y, unconverged, eta };
}
