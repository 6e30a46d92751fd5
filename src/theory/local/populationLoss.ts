// Population square loss of a two-layer student against a two-layer teacher for x ~ N(0, I_d) (docs/theory.md (9.4)):
//   ½E(f − f*)² = ½[Σ_jl a_j a_l K(w_j, w_l) − 2 Σ_ji a_j a*_i K(w_j, w*_i) + Σ_ik a*_i a*_k K(w*_i, w*_k)],
// f = Σ_j a_j σ(w_jᵀx), f* = Σ_i a*_i σ(w*_iᵀx), with its exact gradients
//   ∂/∂a_j = Σ_l a_l K(w_j, w_l) − Σ_i a*_i K(w_j, w*_i),
//   ∇_{w_j} = a_j [Σ_l a_l ∇_1K(w_j, w_l) − Σ_i a*_i ∇_1K(w_j, w*_i)],  ∇_1K(w, v) = ∂_rK ŵ + (∂_ρK/r)(v̂ − ρŵ)
// (the l = j term is a_j ∂_1K(w_j, w_j) = a_j ½ d/dr E[σ(rG)²] ŵ_j).
import type { ActivationKernel, KernelFeatures } from './kernels.js';

/** Two-layer network f(x) = Σ_j a_j σ(w_jᵀx); W row-major, w_j = W[j·d .. j·d + d). */
export interface TwoLayer {
  m: number;
  d: number;
  a: Float64Array;
  W: Float64Array;
}

/** Norms and unit directions of the rows of W (a zero row keeps a zero direction). */
export function rowGeometry(net: TwoLayer): { r: Float64Array; U: Float64Array } {
  const { m, d, W } = net;
  const r = new Float64Array(m);
  const U = new Float64Array(m * d);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += W[j * d + t]! ** 2;
    const n = Math.sqrt(s);
    r[j] = n;
    if (n > 0) for (let t = 0; t < d; t++) U[j * d + t] = W[j * d + t]! / n;
  }
  return { r, U };
}

function dot(A: Float64Array, i: number, B: Float64Array, j: number, d: number): number {
  let s = 0;
  const oi = i * d, oj = j * d;
  for (let t = 0; t < d; t++) s += A[oi + t]! * B[oj + t]!;
  return s;
}

export interface PopulationLoss {
  /** ½E(f − f*)². */
  loss: number;
  /** Bound on the kernel-series truncation error of `loss` (0 for closed-form kernels). */
  truncation: number;
}

/** Geometry of a network that stays fixed while a student moves (the teacher): features, directions. */
export interface FixedNet {
  net: TwoLayer;
  U: Float64Array;
  feat: KernelFeatures;
  /** Σ_ik a*_i a*_k K(w*_i, w*_k) and its truncation bound. */
  selfEnergy: number;
  selfTruncation: number;
}

/** Precompute the teacher's features and E[f*²]. */
export function fixedNet(kernel: ActivationKernel, net: TwoLayer): FixedNet {
  const { r, U } = rowGeometry(net);
  const feat = kernel.features(r);
  const out = new Float64Array(4);
  let e = 0, tr = 0;
  for (let i = 0; i < net.m; i++)
    for (let k = 0; k < net.m; k++) {
      if (i === k) kernel.self(feat, i, out);
      else kernel.pair(feat, i, feat, k, dot(U, i, U, k, net.d), out);
      e += net.a[i]! * net.a[k]! * out[0]!;
      tr += Math.abs(net.a[i]! * net.a[k]!) * out[3]!;
    }
  return { net, U, feat, selfEnergy: e, selfTruncation: tr };
}

/** ½E(f − f*)² and, when `grad` is given, its gradients written into grad.a (m) and grad.W (m×d). */
export function populationLoss(
  kernel: ActivationKernel,
  teacher: FixedNet,
  student: TwoLayer,
  grad?: { a: Float64Array; W: Float64Array },
): PopulationLoss {
  const { m, d, a } = student;
  const T = teacher.net;
  const { r, U } = rowGeometry(student);
  const fs = kernel.features(r);
  const out = new Float64Array(4);
  let quad = 0, cross = 0, tr = teacher.selfTruncation;
  if (grad) {
    grad.a.fill(0);
    grad.W.fill(0);
  }
  for (let j = 0; j < m; j++) {
    let ga = 0; // ∂/∂a_j
    let radial = 0; // coefficient of ŵ_j in ∇_{w_j}/a_j
    const gw = grad ? grad.W.subarray(j * d, j * d + d) : null;
    for (let l = 0; l < m; l++) {
      let rho = 1;
      if (l === j) kernel.self(fs, j, out);
      else {
        rho = dot(U, j, U, l, d);
        kernel.pair(fs, j, fs, l, rho, out);
      }
      quad += a[j]! * a[l]! * out[0]!;
      tr += 0.5 * Math.abs(a[j]! * a[l]!) * out[3]!;
      ga += a[l]! * out[0]!;
      if (gw && l !== j) {
        radial += a[l]! * (out[1]! - out[2]! * rho);
        const c = a[l]! * out[2]!;
        for (let t = 0; t < d; t++) gw[t] += c * U[l * d + t]!;
      } else if (gw) radial += a[l]! * out[1]!;
    }
    for (let i = 0; i < T.m; i++) {
      const rho = dot(U, j, teacher.U, i, d);
      kernel.pair(fs, j, teacher.feat, i, rho, out);
      cross += a[j]! * T.a[i]! * out[0]!;
      tr += Math.abs(a[j]! * T.a[i]!) * out[3]!;
      ga -= T.a[i]! * out[0]!;
      if (gw) {
        radial -= T.a[i]! * (out[1]! - out[2]! * rho);
        const c = -T.a[i]! * out[2]!;
        for (let t = 0; t < d; t++) gw[t] += c * teacher.U[i * d + t]!;
      }
    }
    if (grad && gw) {
      grad.a[j] = ga;
      for (let t = 0; t < d; t++) gw[t] = a[j]! * (gw[t]! + radial * U[j * d + t]!);
    }
  }
  return { loss: 0.5 * (quad - 2 * cross + teacher.selfEnergy), truncation: tr };
}
