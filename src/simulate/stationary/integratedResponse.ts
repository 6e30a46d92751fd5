// The integrated response χ(t) of finite-d GD kept ⊥ θ, the finite-d counterpart of the DMFT's (docs/theory.md
// (5.14)) χ(t) = (η/δ) Σ_{s<t} G(t, s+1). Two GD runs on the same data and w(0) descend R̂(w) ∓ ε ξᵀw with ξ a
// Rademacher vector ⊥ θ (a constant field from step 0); their half-difference is ε times the path's linear response
// to the field, so
//
//   χ̂(t) = ξᵀ(w⁺(t) − w⁻(t)) / (2εn),   E_ξ[χ̂(t)] = (1/n) tr η Σ_{s<t} J(t, s+1)  (J the GD tangent propagator),
//
// the central difference cancelling the terms even in ε. For a fixed quadratic R̂ with Hessian H this is
// (1/n) ξᵀ η Σ_{s<t}(I − ηH)^s ξ, which tends to ξᵀH⊥⊥⁻¹ξ/n (the Hutchinson estimate of the leave-one-out κ of
// (6.6)) once GD has settled. At the end the same probe gives ξᵀH⊥⊥⁻¹ξ/n at the reached point (conjugate gradients),
// so χ̂(T) minus it separates the history of the path from the curvature of its end point without probe noise.
// With the field switched on at t_w (fieldFrom) the same difference is the two-time response χ̂(t, t_w) of
// docs/theory.md (6.29): its short-lag part (1 ≪ t − t_w ≪ t_w) is the response of the quasi-stationary point GD
// sits at, its growth at lags ~ t_w is aging.
import { makeRng } from '../../numerics/random/rng.js';
import { lanczos } from '../../numerics/linalg/lanczos.js';
import { sampleTerms } from '../../model/network.js';
import { blockedHessianOperator } from '../hessian/blockedHvp.js';
import { inverseForm, perpGradient, perpOperator, perpProblem, rademacherPerp, type PerpGdOptions } from './perpGd.js';

export type IntegratedResponseOptions = Omit<PerpGdOptions, 'gradTol' | 'maxSteps' | 'polishBelow' | 'eigenpairs' | 'traceProbes'> & {
  /** Horizon T (GD steps). */
  steps: number;
  /** Steps at which χ̂ is recorded (each ≤ steps). */
  at: readonly number[];
  /** Field strength ε (the response is linear to O(ε²) relative). */
  field: number;
  /** Step t_w at which the field is switched on (default 0): χ̂(t, t_w) = ξᵀ(w⁺(t) − w⁻(t))/(2εn) is then the
   *  two-time integrated response (1/n) tr η Σ_{t_w ≤ s < t} J(t, s+1), the two runs sharing the path up to t_w. */
  fieldFrom?: number;
};

export interface IntegratedResponseResult {
  seed: number;
  d: number;
  n: number;
  t: number[];
  chi: number[];
  /** ‖w(t)‖ and ‖∇⊥R̂(w(t))‖ at the mean of the two runs (the unperturbed path to O(ε²); the gradient
   *  norm therefore has an O(ε²) floor). */
  w_norm: number[];
  grad_norm: number[];
  /** ξᵀH⊥⊥⁻¹ξ/n at w(T) (null where conjugate gradients fail, e.g. H⊥⊥ not positive definite). */
  trace_at_end: number | null;
  /** The two lowest eigenvalues of H⊥⊥ at w(T) (Lanczos), and whether Lanczos converged. */
  lowest_perp: { values: number[]; converged: boolean };
  seconds: number;
}

/** One seeded pair of runs; the data and w(0) are those of perpGd with the same seed (θ component of w(0) removed).
 *  `progress(t)` is called after every step. */
export function integratedResponse(opts: IntegratedResponseOptions, seed: number, progress?: (t: number) => void): IntegratedResponseResult {
  const t0 = Date.now();
  const { p, h } = perpProblem(opts, [opts.readout], opts.steps, seed, 'integratedResponse');
  const d = opts.d;
  const xi = rademacherPerp(d, h, makeRng(seed * 15485863 + 11));
  const Wp = Float64Array.from(p.W0);
  Wp[h] = 0;
  const Wm = Float64Array.from(Wp);
  const gp = new Float64Array(d);
  const gm = new Float64Array(d);
  const eps = opts.field;
  const at = new Set(opts.at);
  const out: IntegratedResponseResult = { seed, d, n: p.n, t: [], chi: [], w_norm: [], grad_norm: [], trace_at_end: null, lowest_perp: { values: [], converged: false }, seconds: 0 };
  const record = (t: number) => {
    let c = 0;
    let w2 = 0;
    const mid = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      c += xi[k]! * (Wp[k]! - Wm[k]!);
      mid[k] = (Wp[k]! + Wm[k]!) / 2;
      w2 += mid[k]! * mid[k]!;
    }
    out.t.push(t);
    out.chi.push(c / (2 * eps * p.n));
    out.w_norm.push(Math.sqrt(w2));
    out.grad_norm.push(perpGradient(p.net, p.train, p.yTrain, mid, gm, h));
  };
  const tw = opts.fieldFrom ?? 0;
  for (let t = 0; t < opts.steps; t++) {
    if (at.has(t)) record(t);
    perpGradient(p.net, p.train, p.yTrain, Wp, gp, h);
    if (t < tw) {
      for (let k = 0; k < d; k++) Wp[k] = Wp[k]! - opts.lr * gp[k]!;
      Wm.set(Wp);
    } else {
      perpGradient(p.net, p.train, p.yTrain, Wm, gm, h);
      for (let k = 0; k < d; k++) {
        Wp[k] = Wp[k]! - opts.lr * (gp[k]! - eps * xi[k]!);
        Wm[k] = Wm[k]! - opts.lr * (gm[k]! + eps * xi[k]!);
      }
    }
    progress?.(t + 1);
  }
  if (at.has(opts.steps)) record(opts.steps);
  const mid = Wp.map((v, k) => (v + Wm[k]!) / 2);
  const perp = perpOperator(blockedHessianOperator(p.train, sampleTerms(p.net, p.train, p.yTrain, mid), opts.ridge), h);
  // H⊥⊥ on R^{d−1}: the θ coordinate is lifted to eigenvalue 10 so that Lanczos does not return its 0.
  const lifted = { dim: d, apply: (v: Float64Array, o: Float64Array) => { perp(v, o); o[h] = 10 * v[h]!; } };
  const eig = lanczos(lifted, 2, 'smallest', makeRng(seed * 7919 + 5), { tol: 1e-7, maxIter: 600 });
  out.lowest_perp = { values: eig.values, converged: eig.status.converged };
  out.trace_at_end = inverseForm(perp, xi, p.n);
  out.seconds = (Date.now() - t0) / 1000;
  return out;
}
