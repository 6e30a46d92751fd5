// Finite-n counterpart of the population dynamics (docs/theory.md (9.10)): the same GD with weight decay on the empirical risk
//   F̂_λ(a, W) = (1/2n) Σ_i (f(x_i) − y_i)² + (λ/2)(‖a‖² + ‖W‖_F²),  y_i = f*(x_i),  x_i ~ N(0, I_d),
// with ∂/∂a_j = (1/n) Σ_i r_i σ(w_jᵀx_i) + λa_j and ∇_{w_j} = (1/n) Σ_i r_i a_j σ'(w_jᵀx_i) x_i + λw_j.
import type { SolverStatus } from '../../core/status.js';
import { assertFiniteLoss } from '../../theory/local/finiteLoss.js';
import type { GaussianData } from '../../numerics/random/gaussianData.js';
import type { ScalarActivation } from '../../theory/local/kernels.js';
import type { TwoLayer } from '../../theory/local/populationLoss.js';
import { lambdaAt, type Schedule } from '../../theory/local/dynamics.js';
import { cloneNet } from '../../theory/local/setup.js';

/** f(x_i) for every row of X. */
export function networkOutputs(act: ScalarActivation, net: TwoLayer, data: GaussianData, out = new Float64Array(data.n)): Float64Array {
  const { n, d, X } = data;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < net.m; j++) {
      let u = 0;
      for (let t = 0; t < d; t++) u += net.W[j * d + t]! * X[i * d + t]!;
      f += net.a[j]! * act.f(u);
    }
    out[i] = f;
  }
  return out;
}

export interface EmpiricalResult {
  student: TwoLayer;
  /** (1/2n) Σ (f − y)² at the end. */
  trainLoss: number;
  lambda: number;
  status: SolverStatus;
}

export function trainEmpirical(
  act: ScalarActivation,
  teacher: TwoLayer,
  init: TwoLayer,
  data: GaussianData,
  opts: { lr: number; steps: number; lambda0: number; schedule: Schedule; gtol: number; progress?: (t: number, steps: number) => void },
): EmpiricalResult {
  const { n, d, X } = data;
  const s = cloneNet(init);
  const m = s.m;
  const y = networkOutputs(act, teacher, data);
  const pre = new Float64Array(m);
  const sig = new Float64Array(m);
  const dsig = new Float64Array(m);
  const ga = new Float64Array(m);
  const gW = new Float64Array(m * d);
  let trainLoss = NaN, gradNorm = NaN, lambda = opts.lambda0;
  for (let step = 0; step <= opts.steps; step++) {
    if (step > 0) opts.progress?.(step - 1, opts.steps);
    lambda = lambdaAt(opts.lambda0, opts.schedule, Math.min(step, opts.steps - 1));
    ga.fill(0);
    gW.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let f = 0;
      for (let j = 0; j < m; j++) {
        let u = 0;
        for (let t = 0; t < d; t++) u += s.W[j * d + t]! * X[xo + t]!;
        pre[j] = u;
        sig[j] = act.f(u);
        dsig[j] = act.df(u);
        f += s.a[j]! * sig[j]!;
      }
      const r = f - y[i]!;
      loss += r * r;
      for (let j = 0; j < m; j++) {
        ga[j] += r * sig[j]!;
        const c = r * s.a[j]! * dsig[j]!;
        for (let t = 0; t < d; t++) gW[j * d + t] += c * X[xo + t]!;
      }
    }
    trainLoss = loss / (2 * n);
    assertFiniteLoss(trainLoss, 'empirical gradient descent', 'empirical-gd', step, opts.lr);
    let g2 = 0;
    for (let j = 0; j < m; j++) g2 += (ga[j] = ga[j]! / n + lambda * s.a[j]!) ** 2;
    for (let p = 0; p < gW.length; p++) g2 += (gW[p] = gW[p]! / n + lambda * s.W[p]!) ** 2;
    gradNorm = Math.sqrt(g2);
    if (step === opts.steps) break;
    for (let j = 0; j < m; j++) s.a[j] = s.a[j]! - opts.lr * ga[j]!;
    for (let p = 0; p < gW.length; p++) s.W[p] = s.W[p]! - opts.lr * gW[p]!;
  }
  return {
    student: s,
    trainLoss,
    lambda,
    status: {
      converged: gradNorm <= opts.gtol,
      residual: gradNorm,
      iterations: opts.steps,
      method: 'empirical-gd',
      ...(gradNorm <= opts.gtol ? {} : { message: `‖∇F̂_λ‖ = ${gradNorm.toExponential(2)} > gtol ${opts.gtol}; run more --steps` }),
    },
  };
}
