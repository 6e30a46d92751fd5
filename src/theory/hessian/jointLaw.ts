// Atoms for the exact joint law of (z, ξ, g) ~ N(0, I) at a data-independent state (docs/theory.md §0, §4):
//  - in ≤ 2 dimensions, a tensor product of composite Gauss–Legendre rules on [−9, 9] (panels ≤ 1 wide), with
//    panels graded geometrically (widths 2^{-j}) toward a focus point — the location of the weight's minimum, where
//    the lower-edge integrals E[(T/(λ−T))²] concentrate as λ approaches min T — and split at kinks;
//  - in 3–4 dimensions, a tensor product of one-dimensional rules: each latent-orthogonal
//    coordinate g_q that is the pre-activation direction of a single neuron gets a kink-aware piecewise
//    Gauss–Legendre rule split at the activation's kinks (relu: u = 0), z gets one split at the target's kinks
//    (k = 1), the others Gauss–Hermite;
//  - otherwise (≥ 5 dimensions, e.g. m ≥ 4 neurons) Monte-Carlo with antithetic pairs, error O(N^{-1/2}).
// Every rule has a second, coarser resolution (coarserAtomOptions) from which the callers estimate the quadrature
// error of what they report (docs/theory.md (0.7); quadratureError.ts).
import { gaussHermite, piecewiseGaussianRule, findBreaks } from '../../numerics/quadrature/index.js';
import { makeRng } from '../../numerics/random/rng.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import type { NetworkState, StateFactor } from '../../model/state.js';

export interface JointAtoms {
  /** Coordinates per atom: z_1..z_k, [ξ], g_1..g_p. */
  dim: number;
  size: number;
  points: Float64Array;
  weights: Float64Array;
  /** Index of ξ in a point (−1 without noise) and of g_1. */
  xiIndex: number;
  gIndex: number;
  rule: string;
  /** What sets the resolution of the rule (for coarserAtomOptions). */
  resolution: AtomResolution;
}

/** composite (≤ 2-D): nodes per panel and the grading focus used; tensor (3–4-D): nodes per dimension;
 *  monte-carlo (≥ 5-D): sample size and seed. */
export type AtomResolution =
  | { kind: 'composite'; nodesPerPanel: number; focus: number[] }
  | { kind: 'tensor'; order: number }
  | { kind: 'monte-carlo'; size: number; seed: number };

export interface AtomOptions {
  /** Nodes per dimension of the tensor rule (default: 80 in 1–2 dimensions, fewer above). */
  order?: number;
  /** Above this many tensor atoms, use Monte-Carlo (default 40000). */
  maxAtoms?: number;
  /** Monte-Carlo sample size (default 2^14) and seed. */
  mcSize?: number;
  mcSeed?: number;
  /** Nodes per panel of the composite rules in ≤ 2 dimensions (default 8). */
  nodesPerPanel?: number;
  /** Per-coordinate point toward which panels are graded (≤ 2 dimensions; NaN: none). */
  focus?: number[];
  /** Split single-neuron coordinates at the activation's kinks in 3–4 dimensions (default true; false only to
   *  measure what the splits buy). */
  activationKinks?: boolean;
}

const CUTOFF = 9;
const MIN_EXPLICIT_ORDER = 1;
const GRADE_LEVELS = 6;

/** Composite Gauss–Legendre rule for N(0,1) on [−9, 9], panels ≤ 1, graded toward `focus`, split at `breaks`. */
function gradedRule(breaks: number[], focus: number, per: number): { nodes: Float64Array; weights: Float64Array; kind: string } {
  const all = [...breaks];
  if (Number.isFinite(focus) && Math.abs(focus) < CUTOFF - 1) {
    all.push(focus);
    for (let j = 0; j < GRADE_LEVELS; j++) all.push(focus + 2 ** -j, focus - 2 ** -j);
  }
  const r = piecewiseGaussianRule(all, { nodesPerPanel: per, maxPanelWidth: 1, cutoff: CUTOFF });
  return { nodes: r.nodes, weights: r.weights, kind: `composite-gauss-legendre(${per}/panel${Number.isFinite(focus) ? `, graded toward ${focus.toPrecision(4)}` : ''})` };
}

function oneDimRule(n: number, breaks: number[]): { nodes: Float64Array; weights: Float64Array; kind: string } {
  if (breaks.length === 0) {
    const gh = gaussHermite(n);
    return { nodes: gh.nodes, weights: gh.weights, kind: `gauss-hermite(${n})` };
  }
  const panels = breaks.length + 1;
  const per = Math.max(2, Math.ceil(n / panels));
  const r = piecewiseGaussianRule(breaks, { nodesPerPanel: per, maxPanelWidth: 20, cutoff: 9 });
  return { nodes: r.nodes, weights: r.weights, kind: `piecewise-gauss-legendre(${per}/panel, breaks ${breaks.map((b) => b.toPrecision(4)).join(' ')})` };
}

/** Atoms for E over (z, ξ, g) at the state. */
export function jointAtoms(p: HessianProblem, s: NetworkState, f: StateFactor, opts: AtomOptions = {}): JointAtoms {
  const k = s.k;
  const hasXi = p.noise > 0;
  const dim = k + (hasXi ? 1 : 0) + f.p;
  const xiIndex = hasXi ? k : -1;
  const gIndex = k + (hasXi ? 1 : 0);
  const maxAtoms = opts.maxAtoms ?? 40000;
  const order = opts.order ?? Math.min(80, Math.floor(maxAtoms ** (1 / dim)));
  // A default order below 8 means the tensor rule would be too coarse: Monte Carlo instead. An explicit order (e.g.
  // the coarser resolution of coarserAtomOptions) is honoured down to MIN_EXPLICIT_ORDER.
  if (dim <= 4 && (order >= 8 || (opts.order !== undefined && order >= MIN_EXPLICIT_ORDER))) {
    const rules: { nodes: Float64Array; weights: Float64Array; kind: string }[] = [];
    const rule1 = (c: number, br: number[]) => (dim <= 2 ? gradedRule(br, opts.focus?.[c] ?? NaN, opts.nodesPerPanel ?? 8) : oneDimRule(order, br));
    const tsw = p.target.fn.switches;
    for (let r = 0; r < k; r++) {
      const br = k === 1 && tsw.length > 0 ? findBreaks(tsw.map((sw) => (x: number) => sw([x])), { cutoff: 9 }) : [];
      rules.push(rule1(r, br));
    }
    if (hasXi) rules.push(rule1(xiIndex, []));
    const asw = p.act.fn.switches;
    for (let q = 0; q < f.p; q++) {
      // g_q is neuron j's own direction iff only L_jq ≠ 0 in column q and w_j has no latent part.
      const owners = Array.from({ length: s.m }, (_, j) => j).filter((j) => Math.abs(f.L[j * f.p + q]!) > 1e-12);
      const j = owners[0];
      const aligned =
        owners.length === 1 &&
        j !== undefined &&
        Array.from({ length: f.p }, (_, t) => t).every((t) => t === q || Math.abs(f.L[j * f.p + t]!) <= 1e-12) &&
        Array.from({ length: k }, (_, r) => r).every((r) => s.latentCos[r * s.m + j]! === 0);
      const scale = j === undefined ? 0 : s.norms[j]! * f.L[j * f.p + q]!;
      const br = aligned && asw.length > 0 && scale !== 0 && opts.activationKinks !== false ? findBreaks(asw.map((sw) => (x: number) => sw([scale * x])), { cutoff: 9 }) : [];
      rules.push(rule1(gIndex + q, br));
    }
    let size = 1;
    for (const r of rules) size *= r.nodes.length;
    if (size <= 4 * maxAtoms) {
      const points = new Float64Array(size * dim);
      const weights = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        let rem = i;
        let w = 1;
        for (let c = dim - 1; c >= 0; c--) {
          const n = rules[c]!.nodes.length;
          const t = rem % n;
          rem = (rem - t) / n;
          points[i * dim + c] = rules[c]!.nodes[t]!;
          w *= rules[c]!.weights[t]!;
        }
        weights[i] = w;
      }
      const resolution: AtomResolution =
        dim <= 2
          ? { kind: 'composite', nodesPerPanel: opts.nodesPerPanel ?? 8, focus: Array.from({ length: dim }, (_, c) => opts.focus?.[c] ?? NaN) }
          : { kind: 'tensor', order };
      return { dim, size, points, weights, xiIndex, gIndex, rule: `tensor[${rules.map((r) => r.kind).join(' × ')}]`, resolution };
    }
  }
  const half = Math.ceil((opts.mcSize ?? 1 << 14) / 2);
  const seed = opts.mcSeed ?? 1;
  const rng = makeRng(seed);
  const size = 2 * half;
  const points = new Float64Array(size * dim);
  const x = new Float64Array(dim);
  for (let i = 0; i < half; i++) {
    rng.fillNormal(x);
    for (let c = 0; c < dim; c++) {
      points[2 * i * dim + c] = x[c]!;
      points[(2 * i + 1) * dim + c] = -x[c]!;
    }
  }
  return {
    dim, size, points, weights: new Float64Array(size).fill(1 / size), xiIndex, gIndex,
    rule: `monte-carlo(${size} antithetic atoms, seed ${seed})`, resolution: { kind: 'monte-carlo', size, seed },
  };
}

/** Options that rebuild `atoms` at the second, coarser resolution of the quadrature error estimate (the project's
 *  two-order convention, order n vs ≈ 3n/4, as in src/model/hermite.ts and src/theory/population/population.ts): composite rules
 *  min(n − 1, ⌈3n/4⌉) nodes per panel on the same panels (same grading focus); tensor rules min(n − 1, ⌈3n/4⌉)
 *  nodes per dimension; Monte Carlo an independent replicate of the same size (next seed), whose difference is
 *  ~√2 standard errors. */
export function coarserAtomOptions(atoms: JointAtoms, opts: AtomOptions): AtomOptions {
  const r = atoms.resolution;
  switch (r.kind) {
    case 'composite':
      return { ...opts, nodesPerPanel: Math.max(2, Math.min(r.nodesPerPanel - 1, Math.ceil((3 * r.nodesPerPanel) / 4))), focus: r.focus };
    case 'tensor':
      return { ...opts, order: Math.max(MIN_EXPLICIT_ORDER, Math.min(r.order - 1, Math.ceil((3 * r.order) / 4))) };
    case 'monte-carlo':
      return { ...opts, mcSize: r.size, mcSeed: r.seed + 1 };
  }
}

/** Short name of the resolution, e.g. "order 34 per dimension". */
export function resolutionLabel(r: AtomResolution): string {
  return r.kind === 'composite' ? `${r.nodesPerPanel} nodes per panel` : r.kind === 'tensor' ? `order ${r.order} per dimension` : `Monte Carlo seed ${r.seed}`;
}
