// Dual certificate of the weight-decay problem (docs/theory.md (9.6); Zhou & Ge 2024):
//   η(u) = −(1/λ) E[(f − f*) σ(uᵀx)] = −(1/λ)[Σ_l a_l K(u, w_l) − Σ_i a*_i K(u, w*_i)],  ‖u‖ = 1.
// At a stationary point of F_λ with a positively 1-homogeneous σ, every neuron with a_j ≠ 0 has
// |a_j| = ‖w_j‖ and η(ŵ_j) = sign(a_j); at a global minimum also sup_u |η(u)| ≤ 1.
import type { SolverStatus } from '../../core/status.js';
import type { Rng } from '../../numerics/random/rng.js';
import type { ActivationKernel, KernelFeatures } from './kernels.js';
import { rowGeometry, type FixedNet, type TwoLayer } from './populationLoss.js';

/** The atoms (coefficient c_p, unit direction v̂_p, features) of f − f*: student with +a_j, teacher with −a*_i. */
export interface Residual {
  kernel: ActivationKernel;
  lambda: number;
  d: number;
  coef: Float64Array;
  U: Float64Array;
  feat: KernelFeatures;
  unit: KernelFeatures;
}

export function residualAtoms(kernel: ActivationKernel, teacher: FixedNet, student: TwoLayer, lambda: number): Residual {
  const { m, d } = student;
  const k = teacher.net.m;
  const { r, U: Us } = rowGeometry(student);
  const rt = rowGeometry(teacher.net).r;
  const coef = new Float64Array(m + k);
  const U = new Float64Array((m + k) * d);
  const norms = new Float64Array(m + k);
  coef.set(student.a, 0);
  for (let i = 0; i < k; i++) coef[m + i] = -teacher.net.a[i]!;
  U.set(Us, 0);
  U.set(teacher.U, m * d);
  norms.set(r, 0);
  norms.set(rt, m);
  return { kernel, lambda, d, coef, U, feat: kernel.features(norms), unit: kernel.features(new Float64Array([1])) };
}

/** η(u) for a unit vector u (u at offset `off` of `u`); with `grad`, also the sphere gradient of η. */
export function eta(res: Residual, u: Float64Array, off = 0, grad?: Float64Array): number {
  const { d, coef, U, kernel } = res;
  const out = new Float64Array(4);
  let e = 0;
  if (grad) grad.fill(0);
  let radial = 0;
  for (let p = 0; p < coef.length; p++) {
    let rho = 0;
    for (let t = 0; t < d; t++) rho += u[off + t]! * U[p * d + t]!;
    kernel.pair(res.unit, 0, res.feat, p, rho, out);
    e += coef[p]! * out[0]!;
    if (grad) {
      const c = coef[p]! * out[2]!;
      radial += c * rho;
      for (let t = 0; t < d; t++) grad[t] += c * U[p * d + t]!;
    }
  }
  const s = -1 / res.lambda;
  if (grad) for (let t = 0; t < d; t++) grad[t] = s * (grad[t]! - radial * u[off + t]!);
  return s * e;
}

export interface EtaSup {
  /** sup_u |η(u)| over the unit sphere (best of the ascents). */
  value: number;
  /** The maximising direction and its angle (degrees) to the nearest teacher direction or its negative. */
  argmax: Float64Array;
  angle_to_teacher_deg: number;
  starts: number;
  status: SolverStatus;
}

/** sup_{‖u‖=1} |η(u)| by Riemannian gradient ascent of ±η with Armijo backtracking, started from ± every
 *  student and teacher direction and `randomStarts` random directions. A multi-start local method: the value
 *  is a lower bound on the true supremum (exact if the best ascent found the global maximiser). */
export function etaSup(
  res: Residual,
  teacherU: Float64Array,
  k: number,
  rng: Rng,
  opts: { randomStarts?: number; maxIter?: number; gtol?: number } = {},
): EtaSup {
  const { d } = res;
  const P = res.coef.length;
  const nr = opts.randomStarts ?? 20;
  const maxIter = opts.maxIter ?? 500;
  const gtol = opts.gtol ?? 1e-9;
  const starts: Float64Array[] = [];
  for (let p = 0; p < P; p++) {
    const v = res.U.slice(p * d, p * d + d);
    if (v.some((x) => x !== 0)) starts.push(v);
  }
  for (let q = 0; q < nr; q++) {
    const v = new Float64Array(d);
    rng.fillNormal(v);
    starts.push(normalize(v));
  }
  const g = new Float64Array(d);
  const trial = new Float64Array(d);
  let best = -Infinity, bestU = new Float64Array(d), bestG = Infinity, iters = 0;
  for (const sign of [1, -1]) {
    for (const s0 of starts) {
      const u = s0.slice();
      let val = sign * eta(res, u, 0, g);
      let gn = norm(g);
      let step = 1;
      for (let it = 0; it < maxIter && gn > gtol; it++, iters++) {
        let accepted = false;
        for (let bt = 0; bt < 60; bt++) {
          for (let t = 0; t < d; t++) trial[t] = u[t]! + step * sign * g[t]!;
          normalize(trial);
          const v = sign * eta(res, trial);
          if (v >= val + 1e-4 * step * gn * gn) {
            u.set(trial);
            val = sign * eta(res, u, 0, g);
            gn = norm(g);
            step *= 2;
            accepted = true;
            break;
          }
          step /= 2;
        }
        if (!accepted) break;
      }
      if (val > best) {
        best = val;
        bestU = u;
        bestG = gn;
      }
    }
  }
  let bestCos = 0;
  for (let i = 0; i < k; i++) {
    let c = 0;
    for (let t = 0; t < d; t++) c += bestU[t]! * teacherU[i * d + t]!;
    bestCos = Math.max(bestCos, Math.abs(c));
  }
  return {
    value: best,
    argmax: bestU,
    angle_to_teacher_deg: (Math.acos(Math.min(1, bestCos)) * 180) / Math.PI,
    starts: starts.length,
    status: {
      converged: bestG <= Math.max(gtol, 1e-6 * Math.abs(best)),
      residual: bestG,
      iterations: iters,
      method: 'multistart-riemannian-ascent',
    },
  };
}

function norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function normalize(v: Float64Array): Float64Array {
  const n = norm(v);
  for (let t = 0; t < v.length; t++) v[t] = v[t]! / n;
  return v;
}
