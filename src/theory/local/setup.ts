// Teacher and student construction for the local-convergence experiments (docs/theory.md §9).
import type { Rng } from '../../numerics/random/rng.js';
import type { TwoLayer } from './populationLoss.js';

/** Teacher f* = Σ_i a*_i σ(w*_iᵀx) with unit w*_i: 'orthonormal' (w*_i = e_i) or 'random' (i.i.d. uniform on
 *  the sphere, hence non-orthogonal, overlaps ≈ 1/√d). */
export function teacherNet(dirs: 'orthonormal' | 'random', aStar: readonly number[], d: number, rng: Rng): TwoLayer {
  const k = aStar.length;
  const W = new Float64Array(k * d);
  if (dirs === 'orthonormal') for (let i = 0; i < k; i++) W[i * d + i] = 1;
  else {
    rng.fillNormal(W);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += W[i * d + t]! ** 2;
      const n = Math.sqrt(s);
      for (let t = 0; t < d; t++) W[i * d + t] = W[i * d + t]! / n;
    }
  }
  return { m: k, d, a: Float64Array.from(aStar), W };
}

/** Small random student: w_j ~ N(0, (s²/d) I_d), a_j ~ N(0, s²), so ‖w_j‖ ≈ |a_j| ≈ s. */
export function initStudent(m: number, d: number, scale: number, rng: Rng): TwoLayer {
  const W = new Float64Array(m * d);
  rng.fillNormal(W);
  const sw = scale / Math.sqrt(d);
  for (let t = 0; t < W.length; t++) W[t] = W[t]! * sw;
  const a = new Float64Array(m);
  rng.fillNormal(a);
  for (let j = 0; j < m; j++) a[j] = a[j]! * scale;
  return { m, d, a, W };
}

export function cloneNet(n: TwoLayer): TwoLayer {
  return { m: n.m, d: n.d, a: n.a.slice(), W: n.W.slice() };
}
