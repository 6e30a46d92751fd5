// Atoms for the exact joint law of (z, ξ, g) ~ N(0, I) at a data-independent state (docs/theory.md §0, §4):
//  - in ≤ 2 dimensions, a tensor product of composite Gauss–Legendre rules on [−9, 9] (panels ≤ 1 wide), with
//    panels graded geometrically (widths 2^{-j}) toward a focus point — the location of the weight's minimum, where
//    the lower-edge integrals E[(T/(λ−T))²] concentrate as λ approaches min T — and split at kinks;
//  - in 3–6 dimensions with a kinked activation (relu, abs, …), the kink-aligned nested rule: coordinates in which
//    every kink w_jᵀx = t (correlated neurons, overlap with the latent directions included) and the target's kinks
//    in z (k = 1) are interval ends, Gauss rules for φ between them (src/theory/hessian/kinkAlignedRule.ts,
//    docs/theory.md (10.22)–(10.23)); order n per dimension, ⌈n/intervals⌉ nodes per interval;
//  - with a smooth activation, m ≥ 3 neurons orthogonal to each other and to the one latent direction, no label
//    noise, the mapped Gauss rule (an explicit order is its nodes per neuron): tensor product of the Gauss rules of the laws of σ(u_j) and
//    y = g(z) (src/theory/hessian/mappedRule.ts, docs/theory.md (10.26)–(10.27));
//  - the same with correlated neurons (still orthogonal to the latent direction) whose cosines are λ_min·I plus rank
//    q ≤ 2, m ≥ 3, exchangeable or q = 1: a Gauss–Hermite rule in the common factor h and per h node the mapped rule
//    per neuron (src/theory/hessian/correlatedMappedRule.ts, docs/theory.md (10.28)–(10.30));
//  - in 3 dimensions with a smooth activation and m ≥ 2 (no explicit order), the panel-aligned nested rule: the same
//    nested construction with every neuron direction and latent axis split into ½-wide panels on [−3.5, 3.5]
//    (docs/theory.md §10, before (10.25)); the resolvent's complex poles ~0.3 from the real axis defeat Gauss–Hermite;
//  - in 3–4 dimensions otherwise, a tensor product of Gauss–Hermite rules (z split at the target's kinks, k = 1);
//  - otherwise (≥ 5 dimensions, e.g. m ≥ 4 smooth neurons) randomised quasi-Monte Carlo: scrambled Sobol' points mapped
//    by Φ^{-1}, in antithetic pairs (x, −x) (src/numerics/random/sobol.ts; docs/theory.md (10.24)).
// Every rule has a second, coarser resolution (coarserAtomOptions) from which the callers estimate the quadrature
// error of what they report (docs/theory.md (0.7); quadratureError.ts).
import { gaussHermite, piecewiseGaussianRule, findBreaks } from '../../numerics/quadrature/index.js';
import { normalQuantile } from '../../numerics/special/normal.js';
import { scrambledSobol } from '../../numerics/random/sobol.js';
import { kinkAlignedAtoms, type KinkDirection } from './kinkAlignedRule.js';
import { mappedAtoms } from './mappedRule.js';
import { correlatedMappedAtoms } from './correlatedMappedRule.js';
import type { SpikeCorrection } from '../rmt/matrixLaw.js';
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
  /** Values for the spike coordinates ζ and for ζ² (size × dim, layout of points) where they differ from the points
   *  (mappedRule.ts, docs/theory.md (10.27)). */
  spike?: { first: Float64Array; second: Float64Array; correction?: SpikeCorrection };
  /** The same law on orbit representatives of a neuron permutation group (mappedRule.ts, docs/theory.md (2.12)). */
  orbits?: { points: Float64Array; weights: Float64Array; size: number; spike: { first: Float64Array; second: Float64Array; correction?: SpikeCorrection }; blockPerms: Int32Array[]; coordPerms: Int32Array[] };
}

/** composite (≤ 2-D): nodes per panel and the grading focus used; tensor (3–4-D): nodes per dimension;
 *  rqmc (≥ 5-D): number of atoms and the scramble's seed. */
export type AtomResolution =
  | { kind: 'composite'; nodesPerPanel: number; focus: number[] }
  | { kind: 'tensor'; order: number }
  | { kind: 'panels'; nodesPerPanel: number; complementOrder: number }
  | { kind: 'mapped'; nodes: number; targetNodes: number }
  | { kind: 'mapped-correlated'; nodes: number; targetNodes: number; factorNodes: number }
  | { kind: 'rqmc'; size: number; seed: number };

export interface AtomOptions {
  /** Nodes per dimension of the tensor rule (default: 80 in 1–2 dimensions, fewer above). */
  order?: number;
  /** Above this many tensor atoms, use randomised QMC (default 40000). */
  maxAtoms?: number;
  /** Randomised QMC: number of atoms (default 2^14, rounded up to a power of 2) and the scramble's seed. */
  mcSize?: number;
  mcSeed?: number;
  /** Nodes per panel of the composite rules in ≤ 2 dimensions (default 8). */
  nodesPerPanel?: number;
  /** Per-coordinate point toward which panels are graded (≤ 2 dimensions; NaN: none). */
  focus?: number[];
  /** Split single-neuron coordinates at the activation's kinks in 3–4 dimensions (default true; false only to
   *  measure what the splits buy). */
  activationKinks?: boolean;
  /** Smooth activations, m ≥ 2, 3–4 dimensions (the panel-aligned nested rule): nodes per panel along each
   *  neuron direction (default 3) and Gauss–Hermite nodes in the complement (default 32). */
  panelNodes?: number;
  complementOrder?: number;
  /** Smooth activations, m ≥ 3, orthogonal state (the mapped Gauss rule, mappedRule.ts): Gauss nodes per neuron in
   *  σ(u_j) and per monotone piece in y = g(z). */
  mappedNodes?: number;
  mappedTargetNodes?: number;
  /** The correlated mapped rule (correlatedMappedRule.ts): Gauss–Hermite nodes per dimension of the common factor h,
   *  and where it is used: 'auto' (default) at m ≥ 3, 'always' also at m = 2 (where the panel-aligned rule is the
   *  default; to compare the two), 'never'. */
  mappedFactorNodes?: number;
  correlatedMapped?: 'auto' | 'always' | 'never';
  /** Merge atoms with equal weight matrices (docs/theory.md (2.14); default true; false only to measure what it buys). */
  mergeEqualWeights?: boolean;
  /** Use the mapped Gauss rule where it applies (default true; false only to measure what it buys). */
  mapped?: boolean;
}

const CUTOFF = 9;
const MIN_EXPLICIT_ORDER = 1;
const GRADE_LEVELS = 6;
/** Largest dimension for the kink-aligned nested rule (beyond it randomised QMC): at the default 40000 atoms,
 *  6 dimensions leave 5 nodes per dimension (3 per interval at one kink, 2 at the coarser resolution). */
const KINK_ALIGNED_MAX_DIM = 6;
/** Panel-aligned nested rule (smooth activations, m ≥ 2): panels of width PANEL_WIDTH on [−PANEL_REACH, PANEL_REACH]
 *  along every neuron direction and every latent axis, then [PANEL_REACH, PANEL_TAIL] and [PANEL_TAIL, 9] on each side. */
const PANEL_WIDTH = 0.5;
const PANEL_REACH = 3.5;
const PANEL_TAIL = 5;
export const PANEL_BREAKS = [
  -PANEL_TAIL,
  ...Array.from({ length: Math.round((2 * PANEL_REACH) / PANEL_WIDTH) + 1 }, (_, i) => -PANEL_REACH + i * PANEL_WIDTH),
  PANEL_TAIL,
];
/** Largest panel-aligned rule: 54 nodes per direction at 3 per panel, so 3 dimensions (157464 atoms); 4 would need
 *  8.5e6 atoms (the cost of the §2 edge solve is linear in the atoms). */
const PANEL_MAX_ATOMS = 400_000;

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
  // A default order below 8 means the tensor rule would be too coarse: randomised QMC instead. An explicit order (e.g.
  // the coarser resolution of coarserAtomOptions) is honoured down to MIN_EXPLICIT_ORDER.
  // Kinked activations in 3–6 dimensions: the kink-aligned nested rule (every kink w_jᵀx = t an interval end).
  const tsw = p.target.fn.switches;
  const asw = p.act.fn.switches;
  const kinkOrder = opts.order ?? Math.max(4, Math.floor(maxAtoms ** (1 / dim)));
  if (dim >= 3 && dim <= KINK_ALIGNED_MAX_DIM && asw.length > 0 && opts.activationKinks !== false) {
    const directions: KinkDirection[] = [];
    if (k === 1 && tsw.length > 0) directions.push({ vector: Float64Array.from({ length: dim }, (_, c) => (c === 0 ? 1 : 0)), breaks: findBreaks(tsw.map((sw) => (x: number) => sw([x])), { cutoff: 9 }) });
    for (let j = 0; j < s.m; j++) {
      const v = new Float64Array(dim);
      for (let r = 0; r < k; r++) v[r] = s.latentCos[r * s.m + j]!;
      for (let q = 0; q < f.p; q++) v[gIndex + q] = f.L[j * f.p + q]!;
      const scale = s.norms[j]! * Math.hypot(...v);
      if (scale === 0) continue;
      directions.push({ vector: v, breaks: findBreaks(asw.map((sw) => (x: number) => sw([scale * x])), { cutoff: 9 }) });
    }
    const a = kinkAlignedAtoms(dim, directions, kinkOrder);
    if (a.size <= 4 * maxAtoms)
      return { dim, size: a.size, points: a.points, weights: a.weights, xiIndex, gIndex, rule: a.rule, resolution: { kind: 'tensor', order: kinkOrder } };
  }
  if (opts.mapped !== false && opts.mcSize === undefined) {
    // An explicit order is the nodes per neuron of this rule (`nn --order`).
    const nodes = opts.mappedNodes ?? opts.order;
    const mapped = mappedAtoms(p, s, f, { ...(nodes ? { nodes } : {}), ...(opts.mappedTargetNodes ? { targetNodes: opts.mappedTargetNodes } : {}) });
    if (mapped)
      return {
        dim, size: mapped.size, points: mapped.points, weights: mapped.weights, xiIndex, gIndex, rule: mapped.rule,
        resolution: { kind: 'mapped', nodes: mapped.nodes, targetNodes: mapped.targetNodes },
        spike: mapped.spike,
        ...(mapped.orbits ? { orbits: mapped.orbits } : {}),
      };
    // Correlated smooth neurons, m ≥ 3 (m = 2 keeps the panel-aligned rule below), where the tensor stays small.
    const useCorrelated = opts.correlatedMapped === 'always' || ((opts.correlatedMapped ?? 'auto') === 'auto' && s.m >= 3);
    const corr = useCorrelated
      ? correlatedMappedAtoms(p, s, f, { onlyWhereSmall: opts.correlatedMapped !== 'always', ...(nodes ? { nodes } : {}), ...(opts.mappedTargetNodes ? { targetNodes: opts.mappedTargetNodes } : {}), ...(opts.mappedFactorNodes ? { factorNodes: opts.mappedFactorNodes } : {}) })
      : null;
    if (corr)
      return {
        dim, size: corr.size, points: corr.points, weights: corr.weights, xiIndex, gIndex, rule: corr.rule,
        resolution: { kind: 'mapped-correlated', nodes: corr.nodes, targetNodes: corr.targetNodes, factorNodes: corr.factorNodes },
        spike: corr.spike,
        ...(corr.orbits ? { orbits: corr.orbits } : {}),
      };
  }
  const panelNodes = opts.panelNodes ?? 3;
  if (dim >= 3 && asw.length === 0 && s.m >= 2 && opts.order === undefined && ((PANEL_BREAKS.length + 1) * panelNodes) ** dim <= PANEL_MAX_ATOMS) {
    const directions: KinkDirection[] = [];
    for (let j = 0; j < s.m; j++) {
      const v = new Float64Array(dim);
      for (let r = 0; r < k; r++) v[r] = s.latentCos[r * s.m + j]!;
      for (let q = 0; q < f.p; q++) v[gIndex + q] = f.L[j * f.p + q]!;
      directions.push({ vector: v, breaks: PANEL_BREAKS });
    }
    for (let r = 0; r < k; r++) directions.push({ vector: Float64Array.from({ length: dim }, (_, c) => (c === r ? 1 : 0)), breaks: PANEL_BREAKS });
    const per = panelNodes;
    const complementOrder = opts.complementOrder ?? 32;
    const a = kinkAlignedAtoms(dim, directions, per, { perInterval: per, complementOrder });
    return {
      dim, size: a.size, points: a.points, weights: a.weights, xiIndex, gIndex,
      rule: a.rule.replace('kink-aligned', 'panel-aligned').replace(/kink direction/, 'neuron direction'),
      resolution: { kind: 'panels', nodesPerPanel: per, complementOrder },
    };
  }
  if (dim <= 4 && (order >= 8 || (opts.order !== undefined && order >= MIN_EXPLICIT_ORDER))) {
    const rules: { nodes: Float64Array; weights: Float64Array; kind: string }[] = [];
    const rule1 = (c: number, br: number[]) => (dim <= 2 ? gradedRule(br, opts.focus?.[c] ?? NaN, opts.nodesPerPanel ?? 8) : oneDimRule(order, br));
    for (let r = 0; r < k; r++) {
      const br = k === 1 && tsw.length > 0 ? findBreaks(tsw.map((sw) => (x: number) => sw([x])), { cutoff: 9 }) : [];
      rules.push(rule1(r, br));
    }
    if (hasXi) rules.push(rule1(xiIndex, []));
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
  // Scrambled Sobol' points in antithetic pairs: half = 2^j points u_i and their mirror images 1 − u_i.
  const half = 2 ** Math.ceil(Math.log2(Math.max(2, (opts.mcSize ?? 1 << 14) / 2)));
  const seed = opts.mcSeed ?? 1;
  const u = scrambledSobol(half, dim, seed);
  const size = 2 * half;
  const points = new Float64Array(size * dim);
  for (let i = 0; i < half; i++)
    for (let c = 0; c < dim; c++) {
      const x = normalQuantile(u[i * dim + c]!);
      points[2 * i * dim + c] = x;
      points[(2 * i + 1) * dim + c] = -x;
    }
  return {
    dim, size, points, weights: new Float64Array(size).fill(1 / size), xiIndex, gIndex,
    rule: `randomised QMC(${size} atoms: scrambled Sobol' in antithetic pairs, scramble ${seed})`, resolution: { kind: 'rqmc', size, seed },
  };
}

/** Options that rebuild `atoms` at the second, coarser resolution of the quadrature error estimate (the project's
 *  two-order convention, order n vs ≈ 3n/4, as in src/model/hermite.ts and src/theory/population/population.ts): composite rules
 *  min(n − 1, ⌈3n/4⌉) nodes per panel on the same panels (same grading focus); tensor rules min(n − 1, ⌈3n/4⌉)
 *  nodes per dimension; randomised QMC an independent scramble of the same size (next seed), whose difference is
 *  ~√2 standard errors of either. */
export function coarserAtomOptions(atoms: JointAtoms, opts: AtomOptions): AtomOptions {
  const r = atoms.resolution;
  switch (r.kind) {
    case 'composite':
      return { ...opts, nodesPerPanel: Math.max(2, Math.min(r.nodesPerPanel - 1, Math.ceil((3 * r.nodesPerPanel) / 4))), focus: r.focus };
    case 'tensor':
      return { ...opts, order: Math.max(MIN_EXPLICIT_ORDER, Math.min(r.order - 1, Math.ceil((3 * r.order) / 4))) };
    case 'panels':
      return {
        ...opts,
        panelNodes: Math.max(2, Math.min(r.nodesPerPanel - 1, Math.ceil((3 * r.nodesPerPanel) / 4))),
        complementOrder: Math.max(2, Math.min(r.complementOrder - 1, Math.ceil((3 * r.complementOrder) / 4))),
      };
    case 'mapped':
      return { ...opts, mappedNodes: coarser(r.nodes), mappedTargetNodes: coarser(r.targetNodes) };
    case 'mapped-correlated':
      return { ...opts, mappedNodes: coarser(r.nodes), mappedTargetNodes: coarser(r.targetNodes), mappedFactorNodes: coarser(r.factorNodes) };
    case 'rqmc':
      return { ...opts, mcSize: r.size, mcSeed: r.seed + 1 };
  }
}

/** The coarser of the two resolutions: min(n − 1, ⌈3n/4⌉), at least 2. */
const coarser = (n: number): number => Math.max(2, Math.min(n - 1, Math.ceil((3 * n) / 4)));

/** Short name of the resolution, e.g. "order 34 per dimension". */
export function resolutionLabel(r: AtomResolution): string {
  if (r.kind === 'mapped') return `${r.nodes} nodes per neuron, ${r.targetNodes} per target piece`;
  if (r.kind === 'mapped-correlated') return `${r.nodes} nodes per neuron, ${r.targetNodes} per target piece, ${r.factorNodes} per factor dimension`;
  if (r.kind === 'panels') return `${r.nodesPerPanel} nodes per panel, order ${r.complementOrder} across`;
  return r.kind === 'composite' ? `${r.nodesPerPanel} nodes per panel` : r.kind === 'tensor' ? `order ${r.order} per dimension` : `randomised QMC scramble ${r.seed}`;
}
