// The stationary point of phase 1 for m = 1 (docs/theory.md (6.2)–(6.6)): the minimiser ŵ ⊥ θ of
//   R̂(w) = (1/n) Σ_i ρ_{y_i}(wᵀx_i) + (λ/2)‖w‖²,   ρ_y(u) = ℓ(y, aσ(u)),
// whose labels y_i = g(z_i) (+ noise) are independent of the features x_i⊥ it is fitted on. In the proportional
// limit the fitted values are u = prox_{κρ_y}(v), v = rG, G ~ N(0,1) independent of (z, y), where (r, κ) solve
//   (6.4)  E[(v − u)²] = r²/δ                (norm equation; r = ‖ŵ‖)
//   (6.5)  λκr² + E[(v − u) u] = 0           (stationarity tested against ŵ)
// (6.5) is equivalent (Gaussian integration by parts) to the trace equation E[κA/(1+κA)] + λκ = 1/δ, A = ρ''_y(u),
// which is reported as a residual check. Solved by damped Newton in (log r, log κ) with the exact Jacobian
// ∂u/∂r = G/(1+κA), ∂u/∂κ = −ρ'(u)/(1+κA); the law is a product quadrature rule over (z[, ξ]) × G.
// Where 1 + κA ≤ 0 somewhere the prox is the global minimiser, which jumps (docs/theory.md (6.13)): the trace
// equation gains the jump term J and the law is integrated in u on each selected branch (branchLaw.ts) and in z on a
// rule split at the fold onsets (foldBreaks.ts, (6.14)–(6.15)); that path uses a forward-difference Jacobian and
// flags its answer as replica-symmetric.
import type { CompiledFn } from '../../numerics/expr/compile.js';
import type { Target } from '../../model/formulas.js';
import { findBreaks } from '../../numerics/quadrature/breaks.js';
import { gaussHermite } from '../../numerics/quadrature/gaussHermite.js';
import { piecewiseGaussianRule } from '../../numerics/quadrature/piecewise.js';
import type { SolverStatus } from '../../core/status.js';
import { prox, proxIsConvex, sampleLoss, type SampleLoss } from './prox.js';
import { labelRule, type LabelRule } from './branchLaw.js';
import { foldOnsets, foldSplitRule } from './foldBreaks.js';

export interface StationaryProblem {
  act: CompiledFn;
  loss: CompiledFn;
  target: Target;
  /** Label noise σ: y = g(z) + σξ. */
  noise: number;
  /** Readout a (m = 1). */
  readout: number;
  /** Ridge λ ≥ 0. */
  ridge: number;
}

/** Quadrature resolution: nodes per panel (width ≤ 0.5) of the composite rules in z and in G. */
export interface StationaryOptions {
  order?: number;
  /** Starting point (r, κ), e.g. the solution at a nearby δ; with `u` (the atoms' fitted values of that solution at
   *  the same order) the prox iterations start from them. */
  start?: { r: number; kappa: number; u?: Float64Array };
  /** 'global': skip the smooth path and solve with the global-minimiser prox of (6.13) directly. */
  path?: 'auto' | 'global';
}

/** Atoms of the joint law of (z, y, G, u, A) at the solution. */
export interface StationaryLaw {
  size: number;
  weights: Float64Array;
  z: Float64Array;
  y: Float64Array;
  G: Float64Array;
  u: Float64Array;
  /** ρ'_y(u). */
  d1: Float64Array;
  /** A = ρ''_y(u), the Hessian weight. */
  A: Float64Array;
  /** Weights of E[f · ∂u/∂v] over the absolutely continuous part of u(v): weights/(1 + κA) on a fixed rule in v,
   *  the u-parametrised weights φ_r(H(u)) du on the global-minimiser rule (no 1/(1 + κA) spike there). */
  wPrime: Float64Array;
  /** Σ over labels and jumps of φ_r(v*) (u(v*+) − u(v*−)): the jump term of (6.13) (0 for a continuous prox). */
  jumpTerm: number;
}

export interface StationaryPoint {
  delta: number;
  /** r = ‖ŵ‖. */
  r: number;
  /** κ = (1/n) tr (∇²R̂⊥⊥)^{-1} (the prox parameter). */
  kappa: number;
  /** Training risk E[ρ_y(u)] (without the ridge term). */
  trainRisk: number;
  /** Residuals of (6.4), (6.5) and of the trace equation (6.6). */
  residuals: { norm: number; stationarity: number; trace: number };
  /** δ E[(κA/(1+κA))²]: the stability index (6.7); the bulk of ∇²R̂⊥⊥ stays above λ iff it is < 1. */
  stability: number;
  /** Whether 1 + κρ''_y > 0 for every label atom (unique, smooth prox). */
  convexProx: boolean;
  /** 'smooth': the unique prox on a fixed rule in (z, G); 'global-minimiser': the global-minimiser prox with its
   *  jumps, integrated in u on each selected branch (docs/theory.md (6.13)); replica-symmetric when it jumps. */
  proxKind: 'smooth' | 'global-minimiser';
  /** Set when the global-minimiser prox jumps: the answer is replica-symmetric for a non-convex problem. */
  note?: string;
  law: StationaryLaw;
  order: number;
  status: SolverStatus;
}

const DEFAULT_ORDER = 6;
const CUTOFF = 8;
const PANEL = 0.5;
/** The global-minimiser path stops when r = ‖ŵ‖ exceeds this (a minimiser escaping to infinity). */
const R_MAX = 1e3;
/** Largest δ·|residual of the trace equation (6.6)| accepted: (6.6) and (6.5) agree exactly up to quadrature error. */
export const TRACE_TOLERANCE = 1e-3;

/** Product rule in (z[, ξ], G): composite Gauss–Legendre on the Gaussian density over [−CUTOFF, CUTOFF] with panels
 *  of width ≤ PANEL and `order` nodes each, in z split at the target's kinks (tanh(z²) has complex singularities
 *  at distance ~1.25 from the real axis, and the prox Jacobian ∂u/∂v has peaks of width ~0.3 in v: Gauss–Hermite
 *  resolves both poorly); ξ (label noise): Gauss–Hermite with 4·order nodes. An even target is folded onto z ≥ 0. */
export interface ZyRule { y: Float64Array; z: Float64Array; w: Float64Array }

/** The target's kinks in z (findBreaks on its switch functions) and z ↦ g(z). */
function targetShape(p: Pick<StationaryProblem, 'target'>): { g: (z: number) => number; kinks: number[] } {
  if (p.target.k !== 1) throw new RangeError('stationary: single-index targets only (k = 1)');
  const zz = new Float64Array(1);
  const g = (x: number) => { zz[0] = x; return p.target.fn.value(zz); };
  const kinks = findBreaks(p.target.fn.switches.map((s) => (x: number) => { zz[0] = x; return s(zz); }), { cutoff: CUTOFF });
  return { g, kinks };
}

/** Whether the target is even: symmetric kinks and g(−z) = g(z) on the nodes. */
function isEven(g: (z: number) => number, kinks: readonly number[], nodes: Float64Array): boolean {
  return kinks.every((b) => kinks.some((c) => Math.abs(b + c) <= 1e-9 * (1 + Math.abs(b))))
    && Array.from(nodes).every((x) => Math.abs(g(x) - g(-x)) <= 1e-14 * (1 + Math.abs(g(x))));
}

/** The rule in (z[, ξ]) from a rule in z: folded onto z > 0 for an even target; Gauss–Hermite in ξ (label noise). */
function zyRuleOf(p: Pick<StationaryProblem, 'noise'>, order: number, g: (z: number) => number, full: { nodes: Float64Array; weights: Float64Array }, even: boolean): ZyRule {
  const zr = even
    ? { nodes: full.nodes.filter((x) => x > 0), weights: full.weights.filter((_, i) => full.nodes[i]! > 0).map((w) => 2 * w) }
    : full;
  const xr = p.noise > 0 ? gaussHermite(4 * order) : { nodes: Float64Array.of(0), weights: Float64Array.of(1) };
  const nz = zr.nodes.length, nx = xr.nodes.length;
  const y = new Float64Array(nz * nx), z = new Float64Array(nz * nx), w = new Float64Array(nz * nx);
  for (let i = 0, q = 0; i < nz; i++) {
    const gz = g(zr.nodes[i]!);
    for (let k = 0; k < nx; k++, q++) { y[q] = gz + p.noise * xr.nodes[k]!; z[q] = zr.nodes[i]!; w[q] = zr.weights[i]! * xr.weights[k]!; }
  }
  return { y, z, w };
}

/** The (z[, ξ]) rule of the smooth path: split at the target's kinks, each interval divided evenly into panels
 *  (also the (z, y) rule of the m-neuron fixed point, multi/fixedPoint.ts). */
export function zyRule(p: Pick<StationaryProblem, 'target' | 'noise'>, order: number): ZyRule {
  const t = targetShape(p);
  const full = piecewiseGaussianRule(t.kinks, { nodesPerPanel: order, maxPanelWidth: PANEL, cutoff: CUTOFF });
  return zyRuleOf(p, order, t.g, full, isEven(t.g, t.kinks, full.nodes));
}

/** The (z[, ξ]) rule of the global-minimiser path at (r, κ): panels at the fixed grid −CUTOFF + k·PANEL and the
 *  target's kinks and, without label noise, split at the fold onsets z* of (6.14) with the √-substitution of (6.15)
 *  on their folded side, so that the rule (hence (6.4)–(6.5)) varies continuously with κ. With label noise the onset
 *  is a level of y = g(z) + σξ, not of z, and the rule is not split there. */
function globalZyRule(p: StationaryProblem, order: number, rho: SampleLoss): (r: number, kappa: number) => ZyRule {
  const t = targetShape(p);
  const grid: number[] = [];
  for (let k = 0; k * PANEL <= 2 * CUTOFF + 1e-12; k++) grid.push(-CUTOFF + k * PANEL);
  const edges = [...grid, ...t.kinks.filter((k) => k > -CUTOFF && k < CUTOFF)].sort((a, b) => a - b);
  const base = foldSplitRule(edges, [], CUTOFF, order);
  const even = isEven(t.g, t.kinks, base.nodes);
  const scan = even ? base.nodes.filter((z) => z > 0) : base.nodes;
  return (r, kappa) => {
    if (p.noise > 0) return zyRuleOf(p, order, t.g, base, even);
    const U = (y: number) => CUTOFF * r + 4 + 2 * Math.abs(y);
    const found = foldOnsets(rho, t.g, scan, t.kinks, kappa, U);
    const onsets = even ? [...found, ...found.map((o) => ({ z: -o.z, side: -o.side as 1 | -1 }))] : found;
    return zyRuleOf(p, order, t.g, foldSplitRule(edges, onsets, CUTOFF, order), even);
  };
}

/** The (z, y) rule times the composite rule in G (panels of width ≤ PANEL). */
function productRule(p: StationaryProblem, order: number): { y: Float64Array; z: Float64Array; G: Float64Array; w: Float64Array } {
  const zy = zyRule(p, order);
  const g = piecewiseGaussianRule([], { nodesPerPanel: order, maxPanelWidth: PANEL, cutoff: CUTOFF });
  const nzy = zy.w.length, ng = g.nodes.length;
  const size = nzy * ng;
  const y = new Float64Array(size), z = new Float64Array(size), G = new Float64Array(size), w = new Float64Array(size);
  for (let i = 0, q = 0; i < nzy; i++) {
    for (let j = 0; j < ng; j++, q++) { y[q] = zy.y[i]!; z[q] = zy.z[i]!; G[q] = g.nodes[j]!; w[q] = zy.w[i]! * g.weights[j]!; }
  }
  return { y, z, G, w };
}

interface Eval {
  F: [number, number];
  /** Jacobian in (log r, log κ). */
  J: [number, number, number, number];
  trace: number;
  stability: number;
  risk: number;
  ok: boolean;
}

function evaluate(rho: SampleLoss, rule: ReturnType<typeof productRule>, law: StationaryLaw, r: number, kappa: number, delta: number, ridge: number): Eval {
  const out = new Float64Array(3);
  let E1 = 0, E2 = 0, d1r = 0, d1k = 0, d2r = 0, d2k = 0, tr = 0, st = 0, risk = 0;
  let ok = true;
  for (let q = 0; q < rule.w.length; q++) {
    const w = rule.w[q]!;
    const G = rule.G[q]!;
    const v = r * G;
    const pp = prox(rho, rule.y[q]!, v, kappa, law.u[q]!, out);
    ok &&= pp.ok;
    const u = pp.u, A = pp.d2, rp = pp.d1;
    law.u[q] = u; law.d1[q] = rp; law.A[q] = A;
    risk += w * out[0]!;
    const s = 1 / (1 + kappa * A);
    law.wPrime[q] = w * s;
    const e = v - u;
    const ur = G * s, uk = -rp * s;
    E1 += w * e * e;
    E2 += w * e * u;
    d1r += w * 2 * e * (G - ur);
    d1k += w * 2 * e * -uk;
    d2r += w * ((G - ur) * u + e * ur);
    d2k += w * (-uk * u + e * uk);
    const x = 1 - s;
    tr += w * x;
    st += w * x * x;
  }
  // F1 = E[(v−u)²]/r² − 1/δ, F2 = (λκr² + E[(v−u)u])/r²  (scaled by r² so that both are O(1/δ)).
  const r2 = r * r;
  const F1 = E1 / r2 - 1 / delta;
  const F2 = (ridge * kappa * r2 + E2) / r2;
  // ∂/∂log r = r ∂/∂r, ∂/∂log κ = κ ∂/∂κ.
  const J: [number, number, number, number] = [
    (r * d1r) / r2 - 2 * E1 / r2, (kappa * d1k) / r2,
    (r * (2 * ridge * kappa * r + d2r)) / r2 - 2 * (ridge * kappa * r2 + E2) / r2, (kappa * (ridge * r2 + d2k)) / r2,
  ];
  return { F: [F1, F2], J, trace: tr + ridge * kappa - 1 / delta, stability: delta * st, risk, ok };
}

/** Starting points when none is given: r on a log grid around the population minimiser of E[ρ_y(rG)] (at least
 *  1/√δ, the size of a pure noise fit), κ = 1/((δ − 1)·E[A]) as for least squares with weight E[A]. */
function defaultStarts(delta: number, rho: SampleLoss, rule: ReturnType<typeof productRule>): Array<{ r: number; kappa: number }> {
  const out = new Float64Array(3);
  const pop = (r: number) => {
    let e = 0, a = 0;
    for (let q = 0; q < rule.w.length; q++) {
      rho.jet(rule.y[q]!, r * rule.G[q]!, out);
      e += rule.w[q]! * out[0]!;
      a += rule.w[q]! * out[2]!;
    }
    return { e, a };
  };
  let best = { r: 1, e: Infinity, a: 1 };
  for (let r = 0.01; r <= 10; r *= 1.5) {
    const v = pop(r);
    if (v.e < best.e) best = { r, ...v };
  }
  const r0 = Math.max(best.r, 1 / Math.sqrt(delta));
  const k0 = 1 / (Math.max(delta - 1, 0.5) * Math.max(best.a, 0.05));
  return [{ r: r0, kappa: k0 }, { r: 1, kappa: 1 / Math.max(delta - 1, 0.5) }, { r: r0 / 3, kappa: k0 }, { r: 3 * r0, kappa: k0 }, { r: r0, kappa: 5 * k0 }];
}

/** Solves (6.4)–(6.5) at sample ratio δ > 1 (δ > 0 with a ridge): Newton from opts.start, else from the default
 *  starts in turn until one converges (the first solution found is returned; other solutions are not searched).
 *  The smooth path (unique prox on a fixed rule) is tried first; if it fails (a fold of H, i.e. 1 + κρ'' ≤ 0, or a
 *  near-fold spike of ∂u/∂v that the fixed rule cannot resolve) the global-minimiser path of (6.13) is solved from
 *  the same starting points. */
export function stationaryPoint(p: StationaryProblem, delta: number, opts: StationaryOptions = {}): StationaryPoint {
  const order = opts.order ?? DEFAULT_ORDER;
  const rho = sampleLoss(p.act, p.loss, p.readout);
  const rule = productRule(p, order);
  const starts = opts.start ? [opts.start] : defaultStarts(delta, rho, rule);
  let first: StationaryPoint | null = null;
  for (const s of opts.path === 'global' ? [] : starts) {
    const sol = solveFrom(p, delta, order, rho, rule, s);
    if (sol.status.converged) return sol;
    first ??= sol;
  }
  const zy = globalZyRule(p, order, rho);
  const again = first && Number.isFinite(first.r) && Number.isFinite(first.kappa) && first.r > 0 && first.kappa > 0
    ? [{ r: first.r, kappa: first.kappa }, ...starts] : starts;
  let firstGlobal: StationaryPoint | null = null;
  for (const s of again) {
    const sol = solveGlobal(p, delta, order, rho, zy, s);
    if (sol.status.converged) return sol;
    firstGlobal ??= sol;
  }
  return firstGlobal!;
}

/** One evaluation of (6.4)–(6.5) with the global-minimiser prox: the law on u-parametrised atoms (branchLaw.ts). */
function evaluateGlobal(rho: SampleLoss, zy: ZyRule, r: number, kappa: number, delta: number, ridge: number, order: number):
  { F: [number, number]; trace: number; stability: number; risk: number; law: StationaryLaw; nonConvex: boolean; jumps: number } {
  const byLabel = new Map<number, LabelRule>();
  let size = 0;
  for (let i = 0; i < zy.w.length; i++) {
    let lr = byLabel.get(zy.y[i]!);
    if (!lr) { lr = labelRule(rho, zy.y[i]!, r, kappa, CUTOFF, PANEL, order); byLabel.set(zy.y[i]!, lr); }
    size += lr.u.length;
  }
  const law: StationaryLaw = {
    size, weights: new Float64Array(size), z: new Float64Array(size), y: new Float64Array(size), G: new Float64Array(size),
    u: new Float64Array(size), d1: new Float64Array(size), A: new Float64Array(size), wPrime: new Float64Array(size), jumpTerm: 0,
  };
  const out = new Float64Array(3);
  let E1 = 0, E2 = 0, tr = 0, st = 0, risk = 0, nonConvex = false, jumps = 0;
  for (let i = 0, q = 0; i < zy.w.length; i++) {
    const y = zy.y[i]!, wz = zy.w[i]!;
    const lr = byLabel.get(y)!;
    nonConvex ||= lr.nonConvex;
    jumps = Math.max(jumps, lr.jumps);
    law.jumpTerm += wz * lr.jump;
    for (let k = 0; k < lr.u.length; k++, q++) {
      const u = lr.u[k]!, v = lr.v[k]!;
      rho.jet(y, u, out);
      const wv = wz * lr.wV[k]!, wp = wz * lr.wP[k]!;
      const kA = kappa * out[2]!;
      law.weights[q] = wv; law.wPrime[q] = wp; law.z[q] = zy.z[i]!; law.y[q] = y; law.G[q] = v / r;
      law.u[q] = u; law.d1[q] = out[1]!; law.A[q] = out[2]!;
      const e = v - u;
      E1 += wv * e * e;
      E2 += wv * e * u;
      risk += wv * out[0]!;
      tr += wp * kA;
      if (1 + kA > 0) st += (wp * kA * kA) / (1 + kA);
    }
  }
  const r2 = r * r;
  return {
    F: [E1 / r2 - 1 / delta, (ridge * kappa * r2 + E2) / r2],
    trace: tr - law.jumpTerm + ridge * kappa - 1 / delta,
    stability: delta * st, risk, law, nonConvex, jumps,
  };
}

/** Newton direction −J⁻¹F for the 2×2 system in (log r, log κ), J = [a, b, c, d] row-major (∂F₀/∂log r,
 *  ∂F₀/∂log κ, ∂F₁/∂log r, ∂F₁/∂log κ), scaled down to max-norm 1; null when J is singular or not finite. */
function newtonDirection(J: readonly [number, number, number, number], F: readonly [number, number]): [number, number] | null {
  const [a, b, c, d] = J;
  const det = a * d - b * c;
  if (!Number.isFinite(det) || det === 0) return null;
  let sx = -(d * F[0] - b * F[1]) / det;
  let sk = -(-c * F[0] + a * F[1]) / det;
  const big = Math.max(Math.abs(sx), Math.abs(sk));
  if (big > 1) { sx /= big; sk /= big; }
  return [sx, sk];
}

/** Damped Newton in (log r, log κ) on the global-minimiser equations, forward-difference Jacobian. */
function solveGlobal(p: StationaryProblem, delta: number, order: number, rho: SampleLoss, zy: (r: number, kappa: number) => ZyRule, start: { r: number; kappa: number }): StationaryPoint {
  const ev = (lr: number, lk: number) => {
    const r = Math.exp(lr), kappa = Math.exp(lk);
    return evaluateGlobal(rho, zy(r, kappa), r, kappa, delta, p.ridge, order);
  };
  const norm = (e: { F: [number, number] }) => Math.hypot(e.F[0], e.F[1]);
  let x = [Math.log(start.r), Math.log(start.kappa)] as [number, number];
  let cur = ev(x[0], x[1]);
  const H = 1e-7;
  let it = 0;
  let message: string | undefined;
  // Each evaluation integrates every label's law in u, so a failing solve is costly: the line search stops at step
  // 2^-12 and the iteration stops when 8 Newton steps have not halved the residual (stalled, reported as such).
  const history: number[] = [];
  for (; it < 60 && norm(cur) > 1e-12; it++) {
    history.push(norm(cur));
    if (it >= 8 && norm(cur) > 0.5 * history[it - 8]!) { message = `stalled: residual of (6.4)–(6.5) ${norm(cur).toExponential(2)} not halved in 8 Newton steps`; break; }
    const er = ev(x[0] + H, x[1]), ek = ev(x[0], x[1] + H);
    const dir = newtonDirection([(er.F[0] - cur.F[0]) / H, (ek.F[0] - cur.F[0]) / H, (er.F[1] - cur.F[1]) / H, (ek.F[1] - cur.F[1]) / H], cur.F);
    if (dir === null) { message = 'singular Jacobian of (6.4)–(6.5)'; break; }
    const [sx, sk] = dir;
    let step = 1, accepted = false;
    for (let k = 0; k < 12; k++) {
      const xn: [number, number] = [x[0] + step * sx, x[1] + step * sk];
      const e2 = ev(xn[0], xn[1]);
      if (Number.isFinite(norm(e2)) && norm(e2) < (1 - 1e-4 * step) * norm(cur)) { x = xn; cur = e2; accepted = true; break; }
      step /= 2;
    }
    if (!accepted) { message = norm(cur) <= 1e-10 ? undefined : 'line search failed: no decrease of the residual of (6.4)–(6.5)'; break; }
    if (x[0] > Math.log(R_MAX)) { message = `‖ŵ‖ = r > ${R_MAX}: the minimiser of (6.2) may not exist at this δ`; break; }
  }
  const r = Math.exp(x[0]), kappa = Math.exp(x[1]);
  const res = norm(cur);
  const traceRel = Math.abs(cur.trace) * delta;
  const converged = res <= 1e-10 && traceRel <= TRACE_TOLERANCE && cur.law.size > 0;
  const rs = cur.jumps > 0
    ? `replica-symmetric, non-convex prox: u = the global minimiser of κρ_y(u) + (u − v)²/2, which jumps (jump term ${cur.law.jumpTerm.toExponential(3)} in (6.13)); GD may sit at another stationary point`
    : undefined;
  return {
    delta, r, kappa,
    trainRisk: cur.risk,
    residuals: { norm: cur.F[0], stationarity: cur.F[1], trace: cur.trace },
    stability: cur.stability,
    convexProx: !cur.nonConvex,
    proxKind: 'global-minimiser',
    ...(rs ? { note: rs } : {}),
    law: cur.law,
    order,
    status: {
      converged,
      residual: Math.max(res, Math.abs(cur.trace)),
      iterations: it,
      method: 'damped newton on (6.4)–(6.5) with the global-minimiser prox (6.13), in (log r, log κ)',
      ...(converged ? {} : { message: message ?? (traceRel > TRACE_TOLERANCE ? `trace equation (6.13) relative residual ${traceRel.toExponential(2)} > ${TRACE_TOLERANCE}: raise --order` : `residual ${res.toExponential(2)}`) }),
    },
  };
}

/** Newton from one starting point (see stationaryPoint). */
function solveFrom(p: StationaryProblem, delta: number, order: number, rho: SampleLoss, rule: ReturnType<typeof productRule>, start: { r: number; kappa: number; u?: Float64Array }): StationaryPoint {
  const size = rule.w.length;
  const law: StationaryLaw = {
    size, weights: rule.w, z: rule.z, y: rule.y, G: rule.G,
    u: new Float64Array(size), d1: new Float64Array(size), A: new Float64Array(size), wPrime: new Float64Array(size), jumpTerm: 0,
  };
  let r = start.r;
  let kappa = start.kappa;
  if (start.u && start.u.length === size) law.u.set(start.u);
  else for (let q = 0; q < size; q++) law.u[q] = r * rule.G[q]!;
  let ev = evaluate(rho, rule, law, r, kappa, delta, p.ridge);
  const norm = (e: Eval) => Math.hypot(e.F[0], e.F[1]);
  const TOL = 1e-12;
  let it = 0;
  let message: string | undefined;
  for (; it < 80 && norm(ev) > TOL; it++) {
    const dir = newtonDirection(ev.J, ev.F);
    if (dir === null) { message = 'singular Jacobian of (6.4)–(6.5)'; break; }
    const [sx, sk] = dir;
    let step = 1;
    let accepted = false;
    const savedU = Float64Array.from(law.u);
    for (let k = 0; k < 30; k++) {
      const rn = r * Math.exp(step * sx), kn = kappa * Math.exp(step * sk);
      const e2 = evaluate(rho, rule, law, rn, kn, delta, p.ridge);
      if (Number.isFinite(norm(e2)) && norm(e2) < (1 - 1e-4 * step) * norm(ev)) {
        r = rn; kappa = kn; ev = e2; accepted = true; break;
      }
      law.u.set(savedU);
      step /= 2;
    }
    if (!accepted) {
      message = 'line search failed: no decrease of the residual of (6.4)–(6.5)';
      // The rejected trials left their derivatives in the law: evaluate again at the accepted (r, κ).
      ev = evaluate(rho, rule, law, r, kappa, delta, p.ridge);
      break;
    }
  }
  const yMax = rule.y.reduce((m, y) => Math.max(m, Math.abs(y)), 0);
  let convexProx = true;
  const U = CUTOFF * r + 2 + yMax;
  const seen = new Set<number>();
  for (let q = 0; q < size && convexProx; q++) {
    const y = rule.y[q]!;
    if (seen.has(y)) continue;
    seen.add(y);
    convexProx = proxIsConvex(rho, y, kappa, U);
  }
  const res = norm(ev);
  const traceRel = Math.abs(ev.trace) * delta;
  const converged = res <= 1e-10 && ev.ok && traceRel <= TRACE_TOLERANCE && convexProx;
  return {
    delta, r, kappa,
    trainRisk: ev.risk,
    residuals: { norm: ev.F[0], stationarity: ev.F[1], trace: ev.trace },
    stability: ev.stability,
    convexProx,
    proxKind: 'smooth',
    law,
    order,
    status: {
      converged,
      residual: Math.max(res, Math.abs(ev.trace)),
      iterations: it,
      method: 'damped newton on (6.4)–(6.5) in (log r, log κ)',
      ...(converged ? {} : { message: message ?? (!convexProx ? '1 + κρ\'\' ≤ 0 somewhere: the prox is not unique (non-convex proximal problem), the global-minimiser branch is not implemented' : !ev.ok ? 'prox did not converge on some atom' : traceRel > TRACE_TOLERANCE ? `trace equation (6.6) relative residual ${traceRel.toExponential(2)} > ${TRACE_TOLERANCE}: the quadrature is too coarse, raise --order` : `residual ${res.toExponential(2)}`) }),
    },
  };
}
