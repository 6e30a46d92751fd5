// Everything the calculator reports about the stationary state of phase 1 at one δ (docs/theory.md §6):
// the law (r, κ, training risk, quantiles of u), the stability index (6.7), Λ = lim S(0) (6.9), the i.i.d.-resolvent
// bulk edge / θ-outlier / overlap² (6.10), and with d the leading-order escape time (6.12).
import type { SolverStatus } from '../../core/status.js';
import type { StationaryPoint } from './fixedPoint.js';
import { schurAtZero, iidSpectrum } from './hessian.js';
import type { SampleLoss } from './prox.js';
import { normalCdf } from '../../numerics/special/normal.js';

export interface StationaryAtDelta {
  delta: number;
  w_norm: number;
  kappa: number;
  train_risk: number;
  /** Quantiles of u at probabilities U_PROBS (from the law u = prox_{κρ_y}(rG)). */
  u_quantiles: number[];
  stability_index: number;
  /** Λ = lim S(0): its sign is the sign of the lowest θ-aligned eigenvalue (6.8)–(6.9). */
  schur_at_zero: number;
  /** From the i.i.d. resolvent fed the stationary law (6.10). */
  iid: { bulk_edge: number; outlier: number | null; overlap2: number; status: SolverStatus };
  /** (6.12) with λ_out, q from `iid`: null without -d or without a negative outlier. */
  escape_time: number | null;
  escape_time_constant: number | null;
}

export const U_PROBS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** Quantiles of u from the CDF of (6.3) where the prox is smooth: u = prox_{κρ_y}(rG) is increasing in G with inverse
 *  G = H_y(u)/r, H_y(u) = u + κρ'_y(u), so P(u ≤ x) = E_y[Φ(H_y(x)/r)] (docs/theory.md (6.16)), a smooth function of x
 *  integrated on the law's (z, y) atoms; each quantile by bisection to 1e-12. Exact up to the z-rule's error, where
 *  the atoms' weighted CDF is a step function with steps of the atom spacing. */
export function smoothUQuantiles(p: StationaryPoint, rho: SampleLoss, probs: readonly number[]): number[] {
  const L = p.law;
  const byY = new Map<number, number>();
  for (let q = 0; q < L.size; q++) byY.set(L.y[q]!, (byY.get(L.y[q]!) ?? 0) + L.weights[q]!);
  const ys = [...byY.keys()], ws = ys.map((y) => byY.get(y)!);
  const total = ws.reduce((a, b) => a + b, 0);
  const out = new Float64Array(3);
  const cdf = (x: number) => {
    let s = 0;
    ys.forEach((y, k) => { rho.jet(y, x, out); s += ws[k]! * normalCdf((x + p.kappa * out[1]!) / p.r); });
    return s / total;
  };
  const lo0 = L.u.reduce((m, u) => Math.min(m, u), Infinity), hi0 = L.u.reduce((m, u) => Math.max(m, u), -Infinity);
  return probs.map((pr) => {
    let a = lo0, b = hi0;
    for (let it = 0; it < 200 && b - a > 1e-12 * (1 + Math.abs(a)); it++) {
      const m = 0.5 * (a + b);
      if (cdf(m) < pr) a = m; else b = m;
    }
    return 0.5 * (a + b);
  });
}

/** Quantile of u under the law's atoms (the weighted CDF's step at the probability). */
function weightedQuantiles(p: StationaryPoint, probs: readonly number[]): number[] {
  const L = p.law;
  const idx = Array.from({ length: L.size }, (_, i) => i).sort((a, b) => L.u[a]! - L.u[b]!);
  const out: number[] = [];
  let k = 0, cum = 0;
  for (const pr of probs) {
    while (k < idx.length - 1 && cum + L.weights[idx[k]!]! < pr) cum += L.weights[idx[k++]!]!;
    out.push(L.u[idx[k]!]!);
  }
  return out;
}

/** With `rho` (the problem's per-sample loss) the quantiles of u of a smooth-prox point come from its CDF (6.16);
 *  otherwise, and on the global-minimiser path, from the atoms. */
export function stationaryAtDelta(p: StationaryPoint, ridge: number, lr: number, initScale: number, d: number | null, rho?: SampleLoss): StationaryAtDelta {
  const sp = iidSpectrum(p, ridge);
  let escape: number | null = null, c: number | null = null;
  if (sp.outlier !== null && sp.outlier < 0 && sp.overlap2 > 0) {
    // (6.12): the θ-component m0 ~ s|g|/√d of w(0) (|g| = 1) grows along the outlier eigenvector (overlap² q) as
    // (1 − ηλ_out)^t; the θ-overlap² of w reaches 1/2 when q·m0·e^{η|λ_out|t} = r/√2.
    c = p.r / (Math.SQRT2 * sp.overlap2 * initScale);
    if (d !== null) escape = Math.max(0, Math.log(c * Math.sqrt(d))) / Math.log(1 - lr * sp.outlier);
  }
  return {
    delta: p.delta,
    w_norm: p.r,
    kappa: p.kappa,
    train_risk: p.trainRisk,
    u_quantiles: rho && p.proxKind === 'smooth' ? smoothUQuantiles(p, rho, U_PROBS) : weightedQuantiles(p, U_PROBS),
    stability_index: p.stability,
    schur_at_zero: schurAtZero(p, ridge),
    iid: { bulk_edge: sp.bulk_edge, outlier: sp.outlier, overlap2: sp.overlap2, status: sp.status },
    escape_time: escape,
    escape_time_constant: c,
  };
}
