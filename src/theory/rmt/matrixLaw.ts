// The law of (A, ζ) behind D = (1/n) Σ_i (x_i x_iᵀ) ⊗ A_i (docs/theory.md §2): a discrete (quadrature or Monte-Carlo)
// representation of the joint law of the symmetric weight A ∈ R^{m×m} and the spike coordinates ζ ∈ R^k — the
// coordinates of x along the fixed directions A depends on (latent directions, neuron directions).

export interface MatrixLaw {
  /** Block size m (neurons). */
  m: number;
  /** Number of spike coordinates ζ. */
  k: number;
  size: number;
  /** Atom weights, summing to 1. */
  weights: Float64Array;
  /** size × m × m, each block symmetric. */
  A: Float64Array;
  /** size × k. */
  zeta: Float64Array;
  /** Optional size × k values of ζ_r² (docs/theory.md (10.27)); where given, E[ζ_r² ·] uses them and E[ζ_r ζ_s ·]
   *  (r ≠ s) the products of `zeta` (spikeProduct). */
  zeta2?: Float64Array;
  /** Optional correction of the products ζ_r ζ_s (r ≠ s) for spike coordinates that are linear combinations of
   *  projected variables (docs/theory.md (10.30)); the diagonal is then `zeta2`. */
  zetaCorrection?: SpikeCorrection;
  /** Optional size × k × k second moments per atom (an atom that stands for a region of the law on which A is
   *  constant carries E[ζζᵀ | region]; docs/theory.md (2.14)); where given, every ζ_r ζ_s is read from it. */
  zetaSecond?: Float64Array;
  /** Names of the spike coordinates (e.g. "z1", "g1"). */
  coords: readonly string[];
  origin: string;
  /** Optional compressed form for the §2 solvers (docs/theory.md (2.12)): one atom per orbit of a permutation group
   *  that maps the law to itself (weights × orbit size); expectations of equivariant quantities are the group
   *  average of the orbit sums. The atoms above remain the full law for every other use. */
  orbits?: Orbits;
}

/** ζ_r ζ_s = ζ̂_r ζ̂_s + Σ_c coef[r, c] coef[s, c] delta[i, c] (docs/theory.md (10.30)): coef is k × count
 *  (the spike coordinates' coefficients on `count` source variables), delta is size × count (per atom, the projected
 *  square of each source variable minus the square of its projection). */
export interface SpikeCorrection {
  count: number;
  coef: Float64Array;
  delta: Float64Array;
}

/** A permutation group of the blocks acting on the law (A ↦ PAPᵀ, ζ ↦ ζ∘ρ), and the law on orbit representatives. */
export interface Orbits {
  law: MatrixLaw;
  /** For each group element π: the block permutation (a ↦ blockPerms[π][a]) and the induced spike-coordinate
   *  permutation (r ↦ coordPerms[π][r]); the identity included. */
  blockPerms: Int32Array[];
  coordPerms: Int32Array[];
}

/** ζ_r ζ_s at atom i (zetaSecond where the law has it; else zeta2 on the diagonal, zetaCorrection off it). */
export function spikeProduct(law: MatrixLaw, i: number, r: number, s: number): number {
  const k = law.k;
  if (law.zetaSecond) return law.zetaSecond[(i * k + r) * k + s]!;
  if (r === s && law.zeta2) return law.zeta2[i * k + r]!;
  let v = law.zeta[i * k + r]! * law.zeta[i * k + s]!;
  const c = law.zetaCorrection;
  if (c) for (let t = 0; t < c.count; t++) v += c.coef[r * c.count + t]! * c.coef[s * c.count + t]! * c.delta[i * c.count + t]!;
  return v;
}

/** The law of −A (same ζ): the upper side of D is the lower side of −D. */
export function negateLaw(law: MatrixLaw): MatrixLaw {
  const neg: MatrixLaw = { ...law, A: law.A.map((x) => -x), origin: `−(${law.origin})` };
  if (law.orbits) neg.orbits = { ...law.orbits, law: negateLaw(law.orbits.law) };
  return neg;
}

/** The scalar law of the diagonal entry A_jj (the d×d diagonal block j of D). */
export function diagonalBlockLaw(law: MatrixLaw, j: number): MatrixLaw {
  const { m, size } = law;
  const A = new Float64Array(size);
  for (let i = 0; i < size; i++) A[i] = law.A[i * m * m + j * m + j]!;
  const { orbits: _orbits, ...rest } = law;
  void _orbits; // the block's law is not invariant under the block permutations
  return { ...rest, m: 1, A, origin: `block ${j + 1} of ${law.origin}` };
}

/** Extreme eigenvalues of A over the atoms (min of λ_min(A_i), max of λ_max(A_i)); bounds the bulk. */
export function weightRange(law: MatrixLaw): { min: number; max: number } {
  const { m, size } = law;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < size; i++) {
    if (law.weights[i] === 0) continue;
    // Gershgorin discs: cheap and sufficient for scaling the search.
    for (let a = 0; a < m; a++) {
      const c = law.A[i * m * m + a * m + a]!;
      let r = 0;
      for (let b = 0; b < m; b++) if (b !== a) r += Math.abs(law.A[i * m * m + a * m + b]!);
      min = Math.min(min, c - r);
      max = Math.max(max, c + r);
    }
  }
  return { min, max };
}

/** Atoms with the same weight matrix A merged (docs/theory.md (2.14)): where A takes few distinct values (relu or abs
 *  neurons with square loss: A depends only on the sign pattern of u), every quantity of §2 is a sum over the atoms
 *  of a function of A times 1, ζ or ζζᵀ, so the atoms of one value can be replaced by one atom carrying their total
 *  weight and their conditional first and second moments of ζ — the same sums, exactly. Returns null when there are
 *  more than maxValues distinct A (or the merge would not shrink the law fourfold). Orbits are dropped (the merged
 *  law is small). */
export function mergeEqualWeights(law: MatrixLaw, maxValues: number): MatrixLaw | null {
  const { m, k, size } = law;
  const mm = m * m;
  const index = new Map<string, number>();
  const group = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const key = Array.from(law.A.subarray(i * mm, (i + 1) * mm)).join(',');
    let g = index.get(key);
    if (g === undefined) {
      g = index.size;
      if (g >= maxValues) return null;
      index.set(key, g);
    }
    group[i] = g;
  }
  const G = index.size;
  if (4 * G > size) return null;
  const weights = new Float64Array(G);
  const A = new Float64Array(G * mm);
  const zeta = new Float64Array(G * k);
  const zetaSecond = new Float64Array(G * k * k);
  for (let i = 0; i < size; i++) {
    const g = group[i]!;
    const w = law.weights[i]!;
    if (weights[g] === 0) A.set(law.A.subarray(i * mm, (i + 1) * mm), g * mm);
    weights[g] = weights[g]! + w;
    for (let r = 0; r < k; r++) {
      zeta[g * k + r] = zeta[g * k + r]! + w * law.zeta[i * k + r]!;
      for (let s = 0; s < k; s++) zetaSecond[(g * k + r) * k + s] = zetaSecond[(g * k + r) * k + s]! + w * spikeProduct(law, i, r, s);
    }
  }
  for (let g = 0; g < G; g++) {
    const w = weights[g]!;
    if (!(w > 0)) continue;
    for (let r = 0; r < k; r++) zeta[g * k + r] = zeta[g * k + r]! / w;
    for (let t = 0; t < k * k; t++) zetaSecond[g * k * k + t] = zetaSecond[g * k * k + t]! / w;
  }
  const { orbits: _o, zeta2: _z2, zetaCorrection: _zc, ...rest } = law;
  void _o, _z2, _zc;
  return { ...rest, size: G, weights, A, zeta, zetaSecond, origin: `${law.origin}; atoms with equal A merged (${G} values)` };
}
