// Quadrature for E[F(ζ)], ζ ~ N(0, I_D), when F has kinks on hyperplanes bᵀζ = t that are not coordinate planes
// (docs/theory.md (10.22)–(10.23)): e.g. relu neurons whose pre-activations u_j = r_j B_jᵀζ are correlated or
// overlap the latent directions. Coordinates: η_S = (b_iᵀζ) for the kink directions b_i (unit, linearly
// independent; Gram matrix G = C Cᵀ, C lower triangular) and η_rest = Pᵀζ for an orthonormal basis P of their
// orthogonal complement; η_S = C w with w ~ N(0, I_s) independent of η_rest ~ N(0, I), and
//   ζ = B_Sᵀ G⁻¹ C w + P η_rest.
// Kink i sits at (Cw)_i = t, i.e. at w_i = (t − Σ_{l<i} C_il w_l)/C_ii: a point on the w_i-axis once w_1..w_{i−1}
// are fixed. So the rule is nested: w_1 by Gauss rules for φ between its breaks (gaussianInterval.ts, cut off at
// ±9), then for each node w_i by such rules split at the breaks that the earlier nodes imply; the complement by
// Gauss–Hermite. Every kink is a panel end and the weights are exact Gaussian weights.
import { gaussHermite } from '../../numerics/quadrature/index.js';
import { gaussianIntervalRule, GAUSSIAN_INTERVAL_MAX_N } from '../../numerics/quadrature/gaussianInterval.js';

export interface KinkDirection {
  /** Direction in ζ-space (any length; normalised here). */
  vector: Float64Array;
  /** Break points of the integrand along the unit direction (η_i values). */
  breaks: number[];
}

export interface KinkAlignedAtoms {
  points: Float64Array;
  weights: Float64Array;
  size: number;
  /** The kink directions used (indices into the input), after dropping linearly dependent ones. */
  used: number[];
  rule: string;
}

/** Smallest eigenvalue of G allowed (directions closer to dependence are dropped). */
const MIN_GRAM_EIGENVALUE = 1e-6;
/** The split rules cover [−9, 9] (mass outside 2.3e-19). */
const CUTOFF = 9;

type IntervalCache = Map<string, { nodes: Float64Array; weights: Float64Array }>;

/** gaussianIntervalRule(a, b, per), memoised: the nested recursion asks for the same intervals at many nodes. */
function intervalRule(cache: IntervalCache, a: number, b: number, per: number): { nodes: Float64Array; weights: Float64Array } {
  const key = `${a} ${b} ${per}`;
  let r = cache.get(key);
  if (!r) {
    r = gaussianIntervalRule(a, b, per);
    cache.set(key, r);
  }
  return r;
}

function oneDim(n: number, breaks: number[], perInterval?: number, cache: IntervalCache = new Map()): { nodes: Float64Array; weights: Float64Array; kind: string } {
  if (breaks.length === 0) {
    const gh = gaussHermite(n);
    return { ...gh, kind: `gauss-hermite(${n})` };
  }
  const cuts = [-CUTOFF, ...breaks.filter((b) => b > -CUTOFF + 1e-9 && b < CUTOFF - 1e-9).sort((p, q) => p - q), CUTOFF];
  const per = Math.min(GAUSSIAN_INTERVAL_MAX_N, perInterval ?? Math.max(2, Math.ceil(n / (cuts.length - 1))));
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    if (cuts[i + 1]! - cuts[i]! < 1e-12) continue;
    const r = intervalRule(cache, cuts[i]!, cuts[i + 1]!, per);
    nodes.push(...r.nodes);
    weights.push(...r.weights);
  }
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights), kind: `gaussian-interval(${per}/interval, breaks ${breaks.map((b) => b.toPrecision(4)).join(' ')})` };
}

/** The nested atoms above with n nodes per dimension (split rules: ⌈n/intervals⌉ per interval, or
 *  `perInterval` nodes in every interval; the complement's Gauss–Hermite rule has `complementOrder` nodes, default n). */
export function kinkAlignedAtoms(
  dim: number,
  directions: readonly KinkDirection[],
  n: number,
  opts: { perInterval?: number; complementOrder?: number } = {},
): KinkAlignedAtoms {
  // Greedy choice of independent unit directions (Gram–Schmidt residual² ≥ MIN_GRAM_EIGENVALUE).
  const unit: Float64Array[] = [];
  const ortho: Float64Array[] = [];
  const used: number[] = [];
  const project = (r: Float64Array, basis: readonly Float64Array[]) => {
    for (const q of basis) {
      let c = 0;
      for (let t = 0; t < dim; t++) c += q[t]! * r[t]!;
      for (let t = 0; t < dim; t++) r[t] -= c * q[t]!;
    }
  };
  directions.forEach((d, i) => {
    const nrm = Math.hypot(...d.vector);
    if (!(nrm > 0) || unit.length >= dim) return;
    const b = d.vector.map((x) => x / nrm);
    const r = Float64Array.from(b);
    project(r, ortho);
    const rn = Math.hypot(...r);
    if (rn * rn < MIN_GRAM_EIGENVALUE) return;
    unit.push(b);
    ortho.push(r.map((x) => x / rn));
    used.push(i);
  });
  const s = unit.length;
  const comp: Float64Array[] = [];
  for (let e = 0; e < dim && s + comp.length < dim; e++) {
    const r = new Float64Array(dim);
    r[e] = 1;
    project(r, [...ortho, ...comp]);
    const rn = Math.hypot(...r);
    if (rn > 1e-8) comp.push(r.map((x) => x / rn));
  }
  // With Gram–Schmidt q_i: b_i = Σ_{l≤i} C_il q_l, C_il = b_iᵀq_l, and ζ's component in span(S) is Σ_l w_l q_l
  // (then b_iᵀζ = (Cw)_i and the q_l-coordinates w are i.i.d. N(0, 1)).
  const C = new Float64Array(s * s);
  for (let i = 0; i < s; i++)
    for (let l = 0; l <= i; l++) {
      let c = 0;
      for (let t = 0; t < dim; t++) c += unit[i]![t]! * ortho[l]![t]!;
      C[i * s + l] = c;
    }
  const brk = used.map((i) => directions[i]!.breaks);
  const cache: IntervalCache = new Map();
  const rest = comp.map(() => oneDim(opts.complementOrder ?? n, []));
  const pts: number[] = [];
  const wts: number[] = [];
  const w = new Float64Array(s);
  const ruleKinds = new Set<string>();
  const emit = (weight: number) => {
    // Tensor over the complement coordinates.
    const sizes = rest.map((r) => r.nodes.length);
    const total = sizes.reduce((a, b) => a * b, 1);
    for (let a = 0; a < total; a++) {
      let rem = a;
      let wt = weight;
      const zeta = new Float64Array(dim);
      for (let l = 0; l < s; l++) for (let t = 0; t < dim; t++) zeta[t] += w[l]! * ortho[l]![t]!;
      for (let q = comp.length - 1; q >= 0; q--) {
        const t = rem % sizes[q]!;
        rem = (rem - t) / sizes[q]!;
        wt *= rest[q]!.weights[t]!;
        for (let c = 0; c < dim; c++) zeta[c] += rest[q]!.nodes[t]! * comp[q]![c]!;
      }
      for (let c = 0; c < dim; c++) pts.push(zeta[c]!);
      wts.push(wt);
    }
  };
  const recurse = (i: number, weight: number) => {
    if (i === s) return emit(weight);
    let offset = 0;
    for (let l = 0; l < i; l++) offset += C[i * s + l]! * w[l]!;
    const cii = C[i * s + i]!;
    const r = oneDim(n, brk[i]!.map((t) => (t - offset) / cii), opts.perInterval, cache);
    ruleKinds.add(r.kind.replace(/, breaks.*$/, ')').replace(/\)\)$/, ')'));
    for (let a = 0; a < r.nodes.length; a++) {
      w[i] = r.nodes[a]!;
      recurse(i + 1, weight * r.weights[a]!);
    }
  };
  recurse(0, 1);
  return {
    points: Float64Array.from(pts), weights: Float64Array.from(wts), size: wts.length, used,
    rule: `kink-aligned nested rule[${s} kink direction(s): ${[...ruleKinds].join(', ')}; ${rest.length} × gauss-hermite(${opts.complementOrder ?? n})]`,
  };
}
