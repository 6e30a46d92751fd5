// The mapped Gauss rule at a correlated state (docs/theory.md (10.28)–(10.30)): smooth neurons orthogonal to the one
// latent direction but not to each other, cosines C = cos(W, W). With c = λ_min(C) and C − cI = B Bᵀ (rank q < m),
//   u_j / r_j = √c x_j + (B h)_j,   x ~ N(0, I_m), h ~ N(0, I_q) independent,                        (10.28)
// has the law of the state's pre-activations. Given h the neurons are independent and neuron j's variable is
// σ(r_j(√c x_j + (Bh)_j)): the mapped rule (10.26) applies per neuron with a rule that depends on the h node. The
// integral over h of what remains is an entire function of h (a Gaussian convolution of a bounded function), so a
// Gauss–Hermite rule in h converges faster than geometrically. The spike coordinates are the coordinates of x
// along the orthonormal basis C^{-1/2}·(neuron directions) — a permutation of the neurons permutes them, which keeps the
// orbit reduction (2.12) for equicorrelated neurons —
//   ζ_g = M x + N h,  M = √c C^{-1/2},  N = C^{-1/2} B,                                                (10.29)
// and since x enters only through the mapped variables, each atom carries the projections Π[x_j], Π[x_j²] (10.27)
// and products of spike coordinates are
//   E[ζ_r ζ_s F] ≈ Σ_atoms w F (ζ̂_r ζ̂_s + Σ_j M_rj M_sj (Π[x_j²] − Π[x_j]²)),  ζ̂ = M Π[x] + N h.      (10.30)
import { gaussHermite, mappedGaussRule, type MappedGaussRule } from '../../numerics/quadrature/index.js';
import { symEigen } from '../../numerics/linalg/symmetricEigen.js';
import type { HessianProblem } from '../../model/hessianProblem.js';
import type { NetworkState, StateFactor } from '../../model/state.js';
import type { SpikeCorrection } from '../rmt/matrixLaw.js';
import { jetPolynomialInValue, orbitCount, permutations, targetRule } from './mappedRule.js';

/** Default Gauss–Hermite nodes per dimension of h, and Gauss nodes per monotone piece of the target (m = 3,
 *  tanh, y = tanh(z²), δ = 8: 6 vs 8 nodes in h moved the edge by 4e-6, 5 vs 6 by 5e-5; 3 vs 6 per target piece by 8e-6). */
export const CORRELATED_FACTOR_NODES = 6;
export const CORRELATED_TARGET_NODES = 4;
/** Largest dimension q of h (the multiplicity structure of C): beyond it the rule is not used. */
const MAX_FACTOR_DIM = 2;
/** Atom budgets: the orbit atoms the §2 solvers sum over (exchangeable neurons), the full law, and the full law
 *  without orbits. */
const MAX_ORBIT_ATOMS = 52_000;
const MAX_FULL_ATOMS = 750_000;
const MAX_PLAIN_ATOMS = 120_000;
const MAX_EXPLICIT_ATOMS = 2_000_000;
const MAX_NODES = 16;
const MIN_NODES = 4;
const ZERO = 1e-12;

export interface CorrelatedMappedAtoms {
  points: Float64Array;
  weights: Float64Array;
  size: number;
  nodes: number;
  targetNodes: number;
  factorNodes: number;
  rule: string;
  spike: { first: Float64Array; second: Float64Array; correction: SpikeCorrection };
  orbits?: {
    points: Float64Array; weights: Float64Array; size: number;
    spike: { first: Float64Array; second: Float64Array; correction: SpikeCorrection };
    blockPerms: Int32Array[]; coordPerms: Int32Array[];
  };
}

/** The decomposition (10.28)–(10.29) of the neuron cosines, or null where the rule does not apply. */
interface Decomposition {
  c: number;
  q: number;
  /** m×q. */
  B: Float64Array;
  /** M (m×m) and N (m×q) of (10.29); G (m×p) maps t = u/r to the state factor's g (g = Lᵀ C^{-1} t). */
  M: Float64Array;
  N: Float64Array;
  G: Float64Array;
}

function decompose(s: NetworkState, f: StateFactor): Decomposition | null {
  const m = s.m;
  if (f.p !== m) return null;
  const C = Float64Array.from(s.neuronCos);
  const { values, vectors } = symEigen(C, m);
  const lam = Array.from(values);
  const c = Math.min(...lam);
  if (!(c > 1e-6)) return null;
  const scale = Math.max(...lam);
  const extra = lam.map((l, i) => [l - c, i] as const).filter(([d]) => d > 1e-10 * scale);
  const q = extra.length;
  if (q === 0 || q > MAX_FACTOR_DIM) return null;
  const B = new Float64Array(m * q);
  extra.forEach(([d, i], t) => {
    for (let j = 0; j < m; j++) B[j * q + t] = vectors[j * m + i]! * Math.sqrt(d);
  });
  // C^{-1/2} and C^{-1} from the eigenpairs.
  const Cih = new Float64Array(m * m);
  const Ci = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) {
      let x = 0;
      let y = 0;
      for (let i = 0; i < m; i++) {
        const vv = vectors[a * m + i]! * vectors[b * m + i]!;
        x += vv / Math.sqrt(lam[i]!);
        y += vv / lam[i]!;
      }
      Cih[a * m + b] = x;
      Ci[a * m + b] = y;
    }
  const M = Cih.map((x) => Math.sqrt(c) * x);
  const N = new Float64Array(m * q);
  for (let a = 0; a < m; a++) for (let t = 0; t < q; t++) for (let b = 0; b < m; b++) N[a * q + t] = N[a * q + t]! + Cih[a * m + b]! * B[b * q + t]!;
  const p = f.p;
  const G = new Float64Array(p * m);
  for (let r = 0; r < p; r++) for (let b = 0; b < m; b++) for (let a = 0; a < m; a++) G[r * m + b] = G[r * m + b]! + f.L[a * p + r]! * Ci[a * m + b]!;
  return { c, q, B, M, N, G };
}

/** Whether the rule applies: smooth σ with σ', σ'' polynomial in σ, m ≥ 2 neurons orthogonal to the one latent
 *  direction and not all orthogonal to each other, no label noise, λ_min(C) > 0 and C − λ_min I of rank ≤ 2. */
export function correlatedMappedApplies(p: HessianProblem, s: NetworkState, f: StateFactor): boolean {
  return applicable(p, s, f) !== null;
}

function applicable(p: HessianProblem, s: NetworkState, f: StateFactor): Decomposition | null {
  if (s.m < 2 || s.k !== 1 || p.noise > 0 || p.act.fn.switches.length > 0) return null;
  if (Array.from(s.latentCos).some((c) => Math.abs(c) > ZERO)) return null;
  const dec = decompose(s, f);
  if (!dec) return null;
  return Array.from({ length: s.m }, (_, j) => j).every((j) => jetPolynomialInValue(p, s.norms[j]! * Math.sqrt(dec.c))) ? dec : null;
}

/** Tensor Gauss–Hermite rule in q dimensions: nodes (size × q) and weights. */
function factorRule(q: number, n: number): { nodes: Float64Array; weights: Float64Array; size: number } {
  const gh = gaussHermite(n);
  const size = n ** q;
  const nodes = new Float64Array(size * q);
  const weights = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let rem = i;
    let w = 1;
    for (let t = q - 1; t >= 0; t--) {
      const a = rem % n;
      rem = (rem - a) / n;
      nodes[i * q + t] = gh.nodes[a]!;
      w *= gh.weights[a]!;
    }
    weights[i] = w;
  }
  return { nodes, weights, size };
}

/** Atoms of (10.28)–(10.30) in the coordinates (z, g_1..g_p) of the state factor, or null where the rule does not
 *  apply. `nodes`: Gauss nodes per neuron; `targetNodes`: per monotone piece of y = g(z); `factorNodes`:
 *  Gauss–Hermite nodes per dimension of h. */
export function correlatedMappedAtoms(
  p: HessianProblem,
  s: NetworkState,
  f: StateFactor,
  opts: { nodes?: number; targetNodes?: number; factorNodes?: number; onlyWhereSmall?: boolean } = {},
): CorrelatedMappedAtoms | null {
  const dec = applicable(p, s, f);
  if (!dec) return null;
  const { c, q, B, M, N, G } = dec;
  const m = s.m;
  const targetNodes = opts.targetNodes ?? CORRELATED_TARGET_NODES;
  const zRule = targetRule(p, targetNodes);
  if (!zRule) return null;
  const nz = zRule.nodes.length;
  const factorNodes = opts.factorNodes ?? CORRELATED_FACTOR_NODES;
  const H = factorRule(q, factorNodes);
  const exchangeable =
    Array.from({ length: m }, (_, j) => j).every((j) => s.readout[j] === s.readout[0] && s.norms[j] === s.norms[0]) &&
    Array.from({ length: m * q }, (_, i) => i).every((i) => Math.abs(B[i]! - B[i % q]!) <= 1e-12);
  // onlyWhereSmall: not for non-exchangeable neurons with q = 2, whose full tensor (no orbits) leaves too few nodes per
  // neuron (m = 3, w1·w2 = 0.3, readouts 0.5, 0.3, −0.4: 6 nodes, estimate 7.7e-3 in 19 s, where the Gauss–Hermite
  // tensor rule of order 14 gives 4.0e-3 in 7 s).
  if (opts.onlyWhereSmall && !exchangeable && q > 1) return null;
  let nodes = opts.nodes ?? 0;
  if (opts.nodes === undefined)
    for (let n = MIN_NODES; n <= MAX_NODES; n++) {
      const full = n ** m * nz * H.size;
      const ok = exchangeable ? orbitCount(n, m) * nz * H.size <= MAX_ORBIT_ATOMS && full <= MAX_FULL_ATOMS : full <= MAX_PLAIN_ATOMS;
      if (ok) nodes = n;
    }
  if (nodes < (opts.nodes === undefined ? MIN_NODES : 1)) return null;
  // An explicit resolution beyond MAX_EXPLICIT_ATOMS (e.g. `nn --order 30` at m = 4): not this rule (the caller's
  // tensor rule of that order applies instead).
  if (nodes ** m * nz * H.size > MAX_EXPLICIT_ATOMS) return null;
  // Per h node and neuron: the mapped rule of σ(r_j(√c x + (Bh)_j)).
  const ja = new Float64Array(4);
  const rules: MappedGaussRule[][] = [];
  for (let b = 0; b < H.size; b++) {
    const row: MappedGaussRule[] = [];
    for (let j = 0; j < m; j++) {
      if (exchangeable && j > 0) {
        row.push(row[0]!);
        continue;
      }
      let mu = 0;
      for (let t = 0; t < q; t++) mu += B[j * q + t]! * H.nodes[b * q + t]!;
      const r = s.norms[j]!;
      const rule = mappedGaussRule((x) => {
        p.act.fn.jet([r * (Math.sqrt(c) * x + mu)], 0, ja);
        return ja[0]!;
      }, nodes);
      if (!rule) return null;
      row.push(rule);
    }
    rules.push(row);
  }
  const dim = 1 + f.p;
  // Correction columns: 0 ↔ z, 1 + j ↔ x_j; coefficient rows: 0 ↔ ζ_z, 1 + a ↔ ζ_{g_a} (M).
  const count = 1 + m;
  const coef = new Float64Array(dim * count);
  coef[0] = 1;
  for (let a = 0; a < m; a++) for (let j = 0; j < m; j++) coef[(1 + a) * count + 1 + j] = M[a * m + j]!;
  const tv = new Float64Array(m);
  const px = new Float64Array(m);
  const sc = Math.sqrt(c);
  // The atoms for the index tuples of each h node (tuplesOf: all tuples, or one per orbit with its multiplicity).
  const build = (tuplesOf: (b: number) => { idx: number[]; mult: number }[]) => {
    const perNode = Array.from({ length: H.size }, (_, b) => tuplesOf(b));
    const size = nz * perNode.reduce((acc, t) => acc + t.length, 0);
    const points = new Float64Array(size * dim);
    const weights = new Float64Array(size);
    const first = new Float64Array(size * dim);
    const second = new Float64Array(size * dim);
    const delta = new Float64Array(size * count);
    let i = 0;
    for (let a = 0; a < nz; a++)
      for (let b = 0; b < H.size; b++)
        for (const { idx, mult } of perNode[b]!) {
          let w = zRule.weights[a]! * H.weights[b]! * mult;
          points[i * dim] = zRule.nodes[a]!;
          first[i * dim] = zRule.x1[a]!;
          delta[i * count] = zRule.x2[a]! - zRule.x1[a]! ** 2;
          for (let j = 0; j < m; j++) {
            const rule = rules[b]![j]!;
            const k = idx[j]!;
            w *= rule.weights[k]!;
            let mu = 0;
            for (let u = 0; u < q; u++) mu += B[j * q + u]! * H.nodes[b * q + u]!;
            tv[j] = sc * rule.nodes[k]! + mu;
            px[j] = rule.x1[k]!;
            delta[i * count + 1 + j] = rule.x2[k]! - rule.x1[k]! ** 2;
          }
          weights[i] = w;
          for (let r = 0; r < f.p; r++) {
            let g = 0;
            for (let j = 0; j < m; j++) g += G[r * m + j]! * tv[j]!;
            points[i * dim + 1 + r] = g;
          }
          for (let a2 = 0; a2 < m; a2++) {
            let v = 0;
            for (let j = 0; j < m; j++) v += M[a2 * m + j]! * px[j]!;
            for (let u = 0; u < q; u++) v += N[a2 * q + u]! * H.nodes[b * q + u]!;
            first[i * dim + 1 + a2] = v;
          }
          for (let r = 0; r < dim; r++) {
            let v = first[i * dim + r]! ** 2;
            for (let cc = 0; cc < count; cc++) v += coef[r * count + cc]! ** 2 * delta[i * count + cc]!;
            second[i * dim + r] = v;
          }
          i++;
        }
    return { points, weights, size, spike: { first, second, correction: { count, coef, delta } } };
  };
  // Tuples depend only on the per-neuron node counts: built once per distinct count vector.
  const tupleCache = new Map<string, { idx: number[]; mult: number }[]>();
  const allTuples = (b: number) => {
    const sizes = rules[b]!.map((r) => r.nodes.length);
    const key = sizes.join(',');
    const hit = tupleCache.get(key);
    if (hit) return hit;
    const total = sizes.reduce((x, y) => x * y, 1);
    const out = Array.from({ length: total }, (_, i) => {
      const idx: number[] = [];
      let rem = i;
      for (let j = m - 1; j >= 0; j--) {
        idx[j] = rem % sizes[j]!;
        rem = (rem - idx[j]!) / sizes[j]!;
      }
      return { idx, mult: 1 };
    });
    tupleCache.set(key, out);
    return out;
  };
  const full = build(allTuples);
  const fact = (x: number): number => (x <= 1 ? 1 : x * fact(x - 1));
  const orbitCache = new Map<number, { idx: number[]; mult: number }[]>();
  const sortedTuples = (b: number) => {
    const n = rules[b]![0]!.nodes.length;
    const hit = orbitCache.get(n);
    if (hit) return hit;
    const out: { idx: number[]; mult: number }[] = [];
    const rec = (prefix: number[]) => {
      if (prefix.length === m) {
        const counts = new Map<number, number>();
        for (const i of prefix) counts.set(i, (counts.get(i) ?? 0) + 1);
        let mult = fact(m);
        for (const k of counts.values()) mult /= fact(k);
        out.push({ idx: prefix, mult });
        return;
      }
      for (let i = prefix.length === 0 ? 0 : prefix[prefix.length - 1]!; i < n; i++) rec([...prefix, i]);
    };
    rec([]);
    orbitCache.set(n, out);
    return out;
  };
  const rule =
    `correlated mapped Gauss rule[law of y = g(z): ${targetNodes} nodes on each of ${zRule.pieces} monotone piece(s)` +
    `${zRule.plateaus > 0 ? ` and 2 in z on each of ${zRule.plateaus} plateau(s)` : ''} × Gauss–Hermite(${factorNodes})^${q} in the common factor h × ` +
    `law of σ(u_j) given h per neuron: ${nodes} nodes${exchangeable ? '; the §2 solvers sum over the orbits of the neuron permutations' : ''}]`;
  const out: CorrelatedMappedAtoms = { ...full, nodes, targetNodes, factorNodes, rule };
  if (exchangeable) {
    const reps = build(sortedTuples);
    const blockPerms = permutations(m);
    const coordPerms = blockPerms.map((P) => {
      const R = Int32Array.from({ length: dim }, (_, cc) => cc);
      for (let j = 0; j < m; j++) R[1 + j] = 1 + P[j]!;
      return R;
    });
    out.orbits = { ...reps, blockPerms, coordPerms };
  }
  return out;
}
