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

/** ζ_r ζ_s at atom i (zeta2 on the diagonal where the law has it, zetaCorrection off it). */
export function spikeProduct(law: MatrixLaw, i: number, r: number, s: number): number {
  const k = law.k;
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
