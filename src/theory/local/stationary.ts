// The stationary point of F_λ with one balanced neuron per teacher neuron (docs/theory.md (9.9)): for a positively
// 1-homogeneous σ a balanced neuron (|a| = ‖w‖) is a signed mass b on a unit direction u, and
//   Φ_λ(b, u) = ½E(Σ_i b_i σ(u_iᵀx) − f*)² + λ Σ_i |b_i|,
// stationary iff ∂Φ/∂b_i = λ(sign(b_i) − η(u_i)) = 0 and the sphere gradient b_i ∇η(u_i) = 0 (η: certificate.ts).
// Solved by Riemannian gradient descent from (a*, w*) with step halving on any increase of Φ. For orthonormal
// teachers and σ = |·| the solution is u_i = w*_i, b = a* − λG⁻¹sign(a*) (bias.ts); otherwise u_i moves O(λ).
import type { SolverStatus } from '../../core/status.js';
import type { ActivationKernel } from './kernels.js';
import { populationLoss, type FixedNet, type TwoLayer } from './populationLoss.js';

export interface ReducedStationary {
  b: number[];
  /** ∠(u_i, w*_i) in degrees (up to sign for even σ). */
  angles_deg: number[];
  /** ½E(f − f*)² at the stationary point, and divided by λ². */
  loss: number;
  loss_over_lambda2: number;
  U: Float64Array;
  status: SolverStatus;
}

export function reducedStationary(
  kernel: ActivationKernel,
  teacher: FixedNet,
  lambda: number,
  opts: { gtol?: number; maxIter?: number; lr?: number } = {},
): ReducedStationary {
  const { m: k, d } = teacher.net;
  const gtol = opts.gtol ?? 1e-13;
  const maxIter = opts.maxIter ?? 200000;
  let lr = opts.lr ?? 0.5;
  const net: TwoLayer = { m: k, d, a: teacher.net.a.slice(), W: teacher.U.slice() };
  const ga = new Float64Array(k);
  const gW = new Float64Array(k * d);
  const phi = (n: TwoLayer, grad?: { a: Float64Array; W: Float64Array }): number =>
    populationLoss(kernel, teacher, n, grad).loss + lambda * n.a.reduce((s, x) => s + Math.abs(x), 0);
  let val = phi(net, { a: ga, W: gW });
  let gn = Infinity;
  let it = 0;
  for (; it < maxIter; it++) {
    let g2 = 0;
    for (let i = 0; i < k; i++) {
      ga[i] = ga[i]! + lambda * Math.sign(net.a[i]!);
      let radial = 0;
      for (let t = 0; t < d; t++) radial += gW[i * d + t]! * net.W[i * d + t]!;
      for (let t = 0; t < d; t++) gW[i * d + t] = gW[i * d + t]! - radial * net.W[i * d + t]!;
      g2 += ga[i]! ** 2;
      for (let t = 0; t < d; t++) g2 += gW[i * d + t]! ** 2;
    }
    gn = Math.sqrt(g2);
    if (gn <= gtol) break;
    const trial: TwoLayer = { m: k, d, a: net.a.slice(), W: net.W.slice() };
    for (let i = 0; i < k; i++) {
      trial.a[i] = net.a[i]! - lr * ga[i]!;
      let n2 = 0;
      for (let t = 0; t < d; t++) n2 += (trial.W[i * d + t] = net.W[i * d + t]! - lr * gW[i * d + t]!) ** 2;
      const n = Math.sqrt(n2);
      for (let t = 0; t < d; t++) trial.W[i * d + t] = trial.W[i * d + t]! / n;
    }
    const tg = { a: new Float64Array(k), W: new Float64Array(k * d) };
    const tv = phi(trial, tg);
    if (tv > val + 1e-12 * (Math.abs(val) + teacher.selfEnergy)) {
      lr /= 2;
      val = phi(net, { a: ga, W: gW });
      if (lr < 1e-12) break;
      continue;
    }
    net.a.set(trial.a);
    net.W.set(trial.W);
    ga.set(tg.a);
    gW.set(tg.W);
    val = tv;
  }
  const even = kernel.even;
  const angles = Array.from({ length: k }, (_, i) => {
    let c = 0;
    for (let t = 0; t < d; t++) c += net.W[i * d + t]! * teacher.U[i * d + t]!;
    return (Math.acos(Math.min(1, even ? Math.abs(c) : c)) * 180) / Math.PI;
  });
  const loss = populationLoss(kernel, teacher, net).loss;
  return {
    b: Array.from(net.a),
    angles_deg: angles,
    loss,
    loss_over_lambda2: loss / (lambda * lambda),
    U: net.W,
    status: {
      converged: gn <= gtol,
      residual: gn,
      iterations: it,
      method: 'riemannian-gd (one neuron per teacher)',
      ...(gn <= gtol ? {} : { message: 'stationarity residual above tolerance' }),
    },
  };
}

/** The stationary point as a balanced network: a_i = sign(b_i)√|b_i|, w_i = √|b_i| u_i (so a_i‖w_i‖ = b_i). */
export function stationaryNetwork(st: ReducedStationary, d: number): TwoLayer {
  const k = st.b.length;
  const a = new Float64Array(k);
  const W = new Float64Array(k * d);
  for (let i = 0; i < k; i++) {
    const r = Math.sqrt(Math.abs(st.b[i]!));
    a[i] = Math.sign(st.b[i]!) * r;
    for (let t = 0; t < d; t++) W[i * d + t] = r * st.U[i * d + t]!;
  }
  return { m: k, d, a, W };
}
