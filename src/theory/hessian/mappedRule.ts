// The mapped Gauss rule for smooth neurons at an orthogonal state (docs/theory.md (10.26)–(10.27)): when every
// neuron owns one latent-orthogonal coordinate (u_j = r_j L_jq(j) g_q(j), neurons orthogonal to each other and to the
// one latent direction z, no label noise), A depends on g_q(j) only through σ(u_j), σ'(u_j), σ''(u_j) and on z only
// through y = g(z). For tanh (σ' = 1 − σ², σ'' = −2σ(1 − σ²)) A is a polynomial in (σ(u_1), …, σ(u_m), y), so the
// resolvent (Λ − A)⁻¹ is a rational function of these variables, analytic on their ranges: a tensor product of the
// Gauss rules of the laws of σ(u_j) and of y (mappedGauss.ts) converges geometrically in the nodes per variable,
// where a rule in the Gaussian coordinates themselves sees the poles of tanh and of (Λ − A(g))⁻¹ near the real
// axis (the m ≥ 3 Gauss–Hermite tensor rule differed by 5e-2 between orders 14 and 11 at δ = 8). Atoms carry the
// Gaussian coordinates (z, g) of the mapped nodes (for A) and, for the spike coordinates ζ, the projections of x and
// x² onto polynomials in the mapped variable (mappedGauss.ts): E[ζ_r ζ_s F] then converges geometrically too.
import { mappedGaussRule, type MappedGaussRule } from '../../numerics/quadrature/index.js';
import { luSolve } from '../../numerics/linalg/dense.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import type { NetworkState, StateFactor } from '../../model/state.js';

/** Default atom budget of the fine rule; nodes per neuron = ⌊(budget / target nodes)^{1/m}⌋, at most MAX_NODES. */
export const MAPPED_MAX_ATOMS = 60_000;
/** Exchangeable neurons: the largest nodes per neuron (≤ MAX_NODES) with at most this many orbit atoms (what the §2
 *  solvers sum over) and MAPPED_MAX_FULL_ATOMS atoms in the full law (built once for the other uses). */
export const MAPPED_MAX_ORBIT_ATOMS = 24_000;
export const MAPPED_MAX_FULL_ATOMS = 400_000;
const MAX_NODES = 16;
/** Below this many nodes per neuron the rule is not used (the caller falls back to randomised QMC). */
const MIN_NODES = 4;
/** Default Gauss nodes per monotone piece of the target. */
export const MAPPED_TARGET_NODES = 6;
const ZERO = 1e-12;

export interface MappedAtoms {
  points: Float64Array;
  weights: Float64Array;
  size: number;
  nodes: number;
  targetNodes: number;
  rule: string;
  /** Spike-coordinate values per atom (size × dim, layout of points): x-projections for ζ and for ζ²
   *  (mappedGauss.ts, docs/theory.md (10.27)). */
  spike: { first: Float64Array; second: Float64Array };
  /** Exchangeable neurons (equal readouts, equal scales r_j L_jq(j)): one atom per orbit of the neuron permutations
   *  (weights × orbit size), with the permutations of the blocks and of the coordinates (z, g) they induce. */
  orbits?: { points: Float64Array; weights: Float64Array; size: number; spike: { first: Float64Array; second: Float64Array }; blockPerms: Int32Array[]; coordPerms: Int32Array[] };
}

/** Number of non-decreasing m-tuples from n nodes: C(n + m − 1, m). */
export function orbitCount(n: number, m: number): number {
  let c = 1;
  for (let i = 1; i <= m; i++) c = (c * (n + i - 1)) / i;
  return Math.round(c);
}

/** All permutations of 0..m−1. */
export function permutations(m: number): Int32Array[] {
  if (m === 1) return [Int32Array.of(0)];
  const out: Int32Array[] = [];
  for (const p of permutations(m - 1))
    for (let pos = 0; pos < m; pos++) {
      const q = Array.from(p);
      q.splice(pos, 0, m - 1);
      out.push(Int32Array.from(q));
    }
  return out;
}

/** Column q(j) owned by neuron j (the only non-zero of row j of L, distinct over j), or null if the state is not
 *  orthogonal in this sense or some neuron touches the latent direction. */
function ownedColumns(s: NetworkState, f: StateFactor): number[] | null {
  if (f.p !== s.m) return null;
  const owner: number[] = [];
  for (let j = 0; j < s.m; j++) {
    if (Math.abs(s.latentCos[j]!) > ZERO) return null;
    const nz = Array.from({ length: f.p }, (_, q) => q).filter((q) => Math.abs(f.L[j * f.p + q]!) > ZERO);
    if (nz.length !== 1 || owner.includes(nz[0]!)) return null;
    owner.push(nz[0]!);
  }
  return owner;
}

/** Largest degree tried for σ' and σ'' as polynomials in σ, the sample of u, and the relative fit tolerance. */
const JET_DEGREE = 4;
const JET_SAMPLES = 41;
const JET_RTOL = 1e-9;

/** Are σ'(u) and σ''(u) polynomials of degree ≤ JET_DEGREE in σ(u) (u = scale·x, x ∈ [−4, 4])? Then A is a polynomial
 *  in the mapped variables and the resolvent rational in them (tanh, sigmoid and their affine rescalings); for other
 *  activations (GELU: a square-root branch at its minimum) the rule would converge only algebraically. Least squares
 *  on JET_SAMPLES points, accepted if the largest residual is ≤ JET_RTOL × max|σ'|, |σ''|. */
export function jetPolynomialInValue(p: HessianProblem, scale: number): boolean {
  const ja = new Float64Array(4);
  const v: number[] = [];
  const d1: number[] = [];
  const d2: number[] = [];
  for (let i = 0; i < JET_SAMPLES; i++) {
    p.act.fn.jet([scale * (-4 + (8 * i) / (JET_SAMPLES - 1))], 0, ja);
    v.push(ja[0]!);
    d1.push(ja[1]!);
    d2.push(ja[2]!);
  }
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  if (!(hi > lo)) return false;
  const t = v.map((x) => (2 * (x - lo)) / (hi - lo) - 1);
  const n = JET_DEGREE + 1;
  const G = new Float64Array(n * n);
  for (const x of t) for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) G[a * n + b] = G[a * n + b]! + x ** (a + b);
  return [d1, d2].every((d) => {
    const rhs = new Float64Array(n);
    t.forEach((x, i) => {
      for (let a = 0; a < n; a++) rhs[a] = rhs[a]! + x ** a * d[i]!;
    });
    const sol = luSolve(G, n, rhs);
    if (!sol) return false;
    const size = Math.max(...d1.map(Math.abs), ...d2.map(Math.abs));
    return t.every((x, i) => Math.abs(sol.x.reduce((s, c, a) => s + c * x ** a, 0) - d[i]!) <= JET_RTOL * size);
  });
}

/** The column of the state factor each neuron owns where the mapped rule applies (m ≥ 3 smooth neurons at an
 *  orthogonal state, one latent, no label noise, σ', σ'' polynomial in σ), else null. */
function mappedOwners(p: HessianProblem, s: NetworkState, f: StateFactor): number[] | null {
  if (s.m < 3 || s.k !== 1 || p.noise > 0 || p.act.fn.switches.length > 0) return null;
  const owner = ownedColumns(s, f);
  if (!owner) return null;
  return owner.every((q, j) => jetPolynomialInValue(p, s.norms[j]! * f.L[j * f.p + q]!)) ? owner : null;
}

/** Whether jointAtoms integrates this state with the mapped rule (an explicit order is then its nodes per neuron). */
export function mappedRuleApplies(p: HessianProblem, s: NetworkState, f: StateFactor): boolean {
  return mappedOwners(p, s, f) !== null;
}

/** Gauss rule of z mapped through the target y = g(z): `nodes` per monotone piece (null for a many-piece target). */
export function targetRule(p: HessianProblem, nodes: number): ReturnType<typeof mappedGaussRule> {
  const zv = new Float64Array(1);
  return mappedGaussRule((x) => {
    zv[0] = x;
    return p.target.fn.value(zv);
  }, nodes);
}

/** The mapped rule's atoms in the coordinates (z, g_1..g_p), or null where it does not apply (see the file comment;
 *  also m < 3, kinked activations, σ', σ'' not polynomial in σ, a many-piece target). */
export function mappedAtoms(p: HessianProblem, s: NetworkState, f: StateFactor, opts: { nodes?: number; targetNodes?: number } = {}): MappedAtoms | null {
  const owner = mappedOwners(p, s, f);
  if (!owner) return null;
  const targetNodes = opts.targetNodes ?? MAPPED_TARGET_NODES;
  const zRule = targetRule(p, targetNodes);
  if (!zRule) return null;
  const nz = zRule.nodes.length;
  const scaleOf = (j: number) => s.norms[j]! * f.L[j * f.p + owner[j]!]!;
  const exchangeable = Array.from({ length: s.m }, (_, j) => j).every((j) => s.readout[j] === s.readout[0] && scaleOf(j) === scaleOf(0));
  let nodes = opts.nodes ?? Math.min(MAX_NODES, Math.floor((MAPPED_MAX_ATOMS / nz) ** (1 / s.m)));
  if (exchangeable && opts.nodes === undefined)
    for (let n = nodes + 1; n <= MAX_NODES && orbitCount(n, s.m) * nz <= MAPPED_MAX_ORBIT_ATOMS && n ** s.m * nz <= MAPPED_MAX_FULL_ATOMS; n++) nodes = n;
  if (nodes < MIN_NODES && opts.nodes === undefined) return null;
  const ja = new Float64Array(4);
  const gRules: MappedGaussRule[] = [];
  for (let q = 0; q < f.p; q++) {
    const j = owner.indexOf(q);
    const scale = s.norms[j]! * f.L[j * f.p + q]!;
    const r = mappedGaussRule((x) => {
      p.act.fn.jet([scale * x], 0, ja);
      return ja[0]!;
    }, nodes);
    if (!r) return null;
    gRules.push(r);
  }
  const rules = [zRule, ...gRules];
  const dim = rules.length;
  let size = 1;
  for (const r of rules) size *= r.nodes.length;
  const points = new Float64Array(size * dim);
  const weights = new Float64Array(size);
  const first = new Float64Array(size * dim);
  const second = new Float64Array(size * dim);
  for (let i = 0; i < size; i++) {
    let rem = i;
    let w = 1;
    for (let c = dim - 1; c >= 0; c--) {
      const r = rules[c]!;
      const n = r.nodes.length;
      const t = rem % n;
      rem = (rem - t) / n;
      points[i * dim + c] = r.nodes[t]!;
      first[i * dim + c] = r.x1[t]!;
      second[i * dim + c] = r.x2[t]!;
      w *= r.weights[t]!;
    }
    weights[i] = w;
  }
  const rule =
    `mapped Gauss rule[law of y = g(z): ${targetNodes} nodes on each of ${zRule.pieces} monotone piece(s)` +
    `${zRule.plateaus > 0 ? ` and 2 in z on each of ${zRule.plateaus} plateau(s)` : ''} × ` +
    `law of σ(u_j) per neuron: ${nodes} nodes${gRules.some((r) => r.pieces > 1) ? ' per monotone piece' : ''}` +
    `${exchangeable ? '; the §2 solvers sum over the orbits of the neuron permutations' : ''}]`;
  return { points, weights, size, nodes, targetNodes, rule, spike: { first, second }, ...(exchangeable ? { orbits: orbitAtoms(zRule, gRules[0]!, owner, dim) } : {}) };
}

/** One atom per orbit: z-node × non-decreasing index tuple (i_1 ≤ … ≤ i_m) of the common per-neuron rule, neuron j's
 *  node on its own coordinate g_q(j); weight w_z Π w_{i_j} × (number of distinct permutations of the tuple). */
function orbitAtoms(zRule: MappedGaussRule, g: MappedGaussRule, owner: number[], dim: number): NonNullable<MappedAtoms['orbits']> {
  const m = owner.length;
  const n = g.nodes.length;
  const tuples: number[][] = [];
  const rec = (prefix: number[]) => {
    if (prefix.length === m) return void tuples.push(prefix);
    for (let i = prefix.length === 0 ? 0 : prefix[prefix.length - 1]!; i < n; i++) rec([...prefix, i]);
  };
  rec([]);
  const fact = (x: number): number => (x <= 1 ? 1 : x * fact(x - 1));
  const size = zRule.nodes.length * tuples.length;
  const points = new Float64Array(size * dim);
  const weights = new Float64Array(size);
  const first = new Float64Array(size * dim);
  const second = new Float64Array(size * dim);
  let idx = 0;
  for (let a = 0; a < zRule.nodes.length; a++)
    for (const t of tuples) {
      let w = zRule.weights[a]!;
      const counts = new Map<number, number>();
      t.forEach((i, j) => {
        const c = idx * dim + 1 + owner[j]!;
        points[c] = g.nodes[i]!;
        first[c] = g.x1[i]!;
        second[c] = g.x2[i]!;
        w *= g.weights[i]!;
        counts.set(i, (counts.get(i) ?? 0) + 1);
      });
      let mult = fact(m);
      for (const c of counts.values()) mult /= fact(c);
      points[idx * dim] = zRule.nodes[a]!;
      first[idx * dim] = zRule.x1[a]!;
      second[idx * dim] = zRule.x2[a]!;
      weights[idx++] = w * mult;
    }
  // Neuron j ↦ π(j) moves coordinate g_q(j) to g_q(π(j)); z (coordinate 0) stays.
  const blockPerms = permutations(m);
  const coordPerms = blockPerms.map((P) => {
    const R = Int32Array.from({ length: dim }, (_, c) => c);
    for (let j = 0; j < m; j++) R[1 + owner[j]!] = 1 + owner[P[j]!]!;
    return R;
  });
  return { points, weights, size, spike: { first, second }, blockPerms, coordPerms };
}
