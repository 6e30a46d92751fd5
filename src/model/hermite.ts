// Hermite coefficients of a function of one Gaussian variable (docs/theory.md (0.3)):
//   c_k(f) = E[f(G) He_k(G)], G ~ N(0,1), probabilists' He_k;  μ_k = c_k/√k!  (so f = Σ_k c_k He_k/k!).
// Computed as μ_k = E[f(G) p_k(G)] with the orthonormal recurrence p_{k+1} = (x p_k − √k p_{k−1})/√(k+1)
// (no k! growth inside the sum), on a Gaussian rule; the rule is evaluated at two orders and the difference
// is the error estimate.
import type { SolverStatus } from '../core/status.js';
import { gaussHermite } from '../numerics/quadrature/gaussHermite.js';
import { piecewiseGaussianRule } from '../numerics/quadrature/piecewise.js';

/** He_0(x), …, He_kmax(x) by He_{k+1} = x He_k − k He_{k−1} (Abramowitz & Stegun 22.7.14, probabilists'). */
export function hermitePolys(x: number, kmax: number, out?: Float64Array): Float64Array {
  const h = out ?? new Float64Array(kmax + 1);
  if (h.length < kmax + 1) throw new RangeError(`hermitePolys: out has length ${h.length} < kmax + 1 = ${kmax + 1}`);
  h[0] = 1;
  if (kmax >= 1) h[1] = x;
  for (let k = 1; k < kmax; k++) h[k + 1] = x * h[k]! - k * h[k - 1]!;
  return h;
}

export const MAX_HERMITE_K = 100;
/** Convergence tolerance on max_k |Δμ_k| relative to max(1, max_k |μ_k|). */
export const HERMITE_TOL = 1e-10;

export interface HermiteCoefficients {
  /** c_0 … c_kmax. */
  coefficients: number[];
  /** μ_0 … μ_kmax, μ_k = c_k/√k!. */
  normalized: number[];
  /** max_k |μ_k(higher order) − μ_k(lower order)|. */
  errorEstimate: number;
  rule: string;
  /** Nodes (Gauss–Hermite) or nodes per panel (piecewise) of the rule whose values are reported. */
  order: number;
  status: SolverStatus;
}

/** Smallest cutoff L ≥ 10 (step 0.5) with L^k φ(L)/√k! ≤ 1e−20: the dropped tail of E[|f p_k|] for f of at most
 *  linear growth. */
function cutoffFor(kmax: number): number {
  let logRootFact = 0;
  for (let k = 2; k <= kmax; k++) logRootFact += 0.5 * Math.log(k);
  let L = 10;
  while (kmax * Math.log(L) - 0.5 * L * L - 0.5 * Math.log(2 * Math.PI) - logRootFact > Math.log(1e-20)) L += 0.5;
  return L;
}

/** max_k |f(x) p_k(x)| φ(x), p_k = He_k/√k!. */
function tailIntegrand(f: (x: number) => number, x: number, kmax: number): number {
  const fx = Math.abs(f(x));
  let prev = 0;
  let cur = 1;
  let m = 1;
  for (let k = 0; k < kmax; k++) {
    const next = (x * cur - Math.sqrt(k) * prev) / Math.sqrt(k + 1);
    prev = cur;
    cur = next;
    m = Math.max(m, Math.abs(cur));
  }
  return fx * m * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

function normalizedOn(f: (x: number) => number, nodes: Float64Array, weights: Float64Array, kmax: number): number[] {
  const mu = new Float64Array(kmax + 1);
  const sq = new Float64Array(kmax + 2);
  for (let k = 0; k <= kmax + 1; k++) sq[k] = Math.sqrt(k);
  for (let i = 0; i < nodes.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const x = nodes[i]!;
    const fx = f(x);
    if (!Number.isFinite(fx)) throw new RangeError(`f is not finite at x = ${x} (f(x) = ${fx})`);
    const wf = w * fx;
    let prev = 0;
    let cur = 1;
    mu[0]! += wf;
    for (let k = 0; k < kmax; k++) {
      const next = (x * cur - sq[k]! * prev) / sq[k + 1]!;
      prev = cur;
      cur = next;
      mu[k + 1]! += wf * cur;
    }
  }
  return Array.from(mu);
}

/** c_k = E[f(G) He_k(G)] and μ_k = c_k/√k!, k = 0..kmax ≤ 100. With `breaks` (kinks/jumps of f, e.g. from
 *  findBreaks) the kink-aware piecewise rule is used (nodes per panel 20 + ⌈kmax/2⌉ vs ¾ of that, cutoff L ≥ 10
 *  growing with kmax); otherwise Gauss–Hermite (max(200, 2·kmax + 100) nodes vs ¾ of that). Converged iff the two
 *  orders agree to HERMITE_TOL·max(1, max|μ_k|) (and, piecewise, the integrand is negligible at ±L).
 *  Throws RangeError if f is not finite at a node. */
export function hermiteCoefficients(
  f: (x: number) => number,
  kmax: number,
  opts: { breaks?: number[] } = {},
): HermiteCoefficients {
  if (!(Number.isInteger(kmax) && kmax >= 0 && kmax <= MAX_HERMITE_K))
    throw new RangeError(`hermiteCoefficients: kmax must be an integer in [0, ${MAX_HERMITE_K}], got ${kmax}`);
  let hi: { nodes: Float64Array; weights: Float64Array };
  let lo: { nodes: Float64Array; weights: Float64Array };
  let rule: string;
  let order: number;
  let cutoff: number | undefined;
  if (opts.breaks !== undefined) {
    const L = cutoffFor(kmax);
    cutoff = L;
    order = 20 + Math.ceil(kmax / 2);
    const loOrder = Math.round(0.75 * order);
    hi = piecewiseGaussianRule(opts.breaks, { nodesPerPanel: order, maxPanelWidth: 1, cutoff: L });
    lo = piecewiseGaussianRule(opts.breaks, { nodesPerPanel: loOrder, maxPanelWidth: 1, cutoff: L });
    const shown = opts.breaks.filter((b) => Math.abs(b) < L).map((b) => +b.toPrecision(8));
    rule = `piecewise-gauss-legendre (${order} vs ${loOrder} nodes/panel, panel width ≤ 1, L = ${L}, breaks [${shown.join(', ')}])`;
  } else {
    order = Math.max(200, 2 * kmax + 100);
    const loOrder = Math.round(0.75 * order);
    hi = gaussHermite(order);
    lo = gaussHermite(loOrder);
    rule = `gauss-hermite (${order} vs ${loOrder} nodes)`;
  }
  const normalized = normalizedOn(f, hi.nodes, hi.weights, kmax);
  const normalizedLo = normalizedOn(f, lo.nodes, lo.weights, kmax);
  let errorEstimate = 0;
  let scale = 1;
  for (let k = 0; k <= kmax; k++) {
    errorEstimate = Math.max(errorEstimate, Math.abs(normalized[k]! - normalizedLo[k]!));
    scale = Math.max(scale, Math.abs(normalized[k]!));
  }
  const coefficients = new Array<number>(kmax + 1);
  let rootFact = 1;
  for (let k = 0; k <= kmax; k++) {
    if (k > 0) rootFact *= Math.sqrt(k);
    coefficients[k] = normalized[k]! * rootFact;
  }
  const problems: string[] = [];
  if (errorEstimate > HERMITE_TOL * scale)
    problems.push(`two quadrature orders differ by ${errorEstimate.toExponential(2)} in μ_k (tolerance ${HERMITE_TOL} × ${scale.toPrecision(3)})`);
  if (cutoff !== undefined) {
    // The piecewise rule drops |x| > L: the integrand f p_k φ must be negligible there (f of super-Gaussian
    // growth has no Hermite expansion, and truncation would hide that from the two-order comparison).
    const edge = Math.max(tailIntegrand(f, cutoff, kmax), tailIntegrand(f, -cutoff, kmax));
    if (!(edge <= HERMITE_TOL * scale)) problems.push(`|f(x) p_k(x) φ(x)| = ${edge.toExponential(2)} at the cutoff |x| = ${cutoff} is not negligible`);
  }
  const converged = problems.length === 0;
  const status: SolverStatus = {
    converged,
    residual: errorEstimate,
    iterations: 2,
    method: opts.breaks !== undefined ? 'piecewise-gauss-legendre' : 'gauss-hermite',
    ...(converged ? {} : { message: problems.join('; ') }),
  };
  return { coefficients, normalized, errorEstimate, rule, order, status };
}
