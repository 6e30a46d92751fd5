// Spikes of the feature matrix after one large step (docs/theory.md (7.3)–(7.5); Moniri, Lee, Hassani & Dobriban 2024, Thm 3.2):
//   F = F0 + Σ_{k=1}^{ℓ} (c_k(σ)/k!) κ^k (X̃β)^{∘k} (a^{∘k})ᵀ + o(√n),   κ = η |c_1(σ)| ‖ζ‖,
//   ℓ(α) = 1 + ⌊α/(1/2 − α)⌋,  spike k exists iff c_k(σ) ≠ 0.
// In the double-centred F (NORMALISATION) the spikes have separated scales (spike k ~ n^{kα + 1 − k/2}), so to
// leading order the SVD is Gram–Schmidt in the order k = 1, 2, …: left direction Π⊥(X̃β)^{∘k} → He_k(X̃β)
// (orthogonalised against 1 and the present lower spikes), right direction Π⊥ a^{∘k} → He_k(√N a)/N^{k/2}, and
//   s_k = (|c_k(σ)|/k!) κ^k √n N^{(1−k)/2} m_k²,   m_k² = E[(Π⊥ G^k)²]  (= k! when Π⊥G^k = He_k(G)),
// i.e. s_k/√n grows like n^{kα − (k−1)/2} at fixed N/n.

/** Spikes are listed up to this degree (beyond it the Gram–Schmidt on monomials loses too many digits). */
export const K_LIST = 16;

/** ℓ(α) = 1 + ⌊α/(1/2 − α)⌋ (Moniri et al. 2024, Thm 3.2), for α ∈ [0, 1/2). */
export function spikeCount(alpha: number): number {
  const r = alpha / (0.5 - alpha);
  return 1 + Math.floor(r + 1e-12);
}

/** True when α/(1/2 − α) is an integer ≥ 1: the last spike has the bulk's order (exponent 0). */
export function atBoundary(alpha: number): boolean {
  const r = alpha / (0.5 - alpha);
  return r >= 1 - 1e-12 && Math.abs(r - Math.round(r)) < 1e-9;
}

/** Growth exponent of spike k relative to the bulk: s_k/√n ∝ n^{kα − (k−1)/2}. */
export function growthExponent(k: number, alpha: number): number {
  return k * alpha - (k - 1) / 2;
}

/** Coefficients of G^k in the orthonormal Hermite basis p_m = He_m/√m!: G^k = Σ_m h_{k,m} √m! p_m,
 *  h_{k,m} = k!/(m! j! 2^j), j = (k − m)/2 (A&S 22.3.11 inverted). */
export function monomialInHermite(k: number): Float64Array {
  const out = new Float64Array(k + 1);
  for (let m = k; m >= 0; m -= 2) {
    const j = (k - m) / 2;
    out[m] = Math.exp(logFactorial(k) - 0.5 * logFactorial(m) - logFactorial(j) - j * Math.LN2);
  }
  return out;
}

/** log n! */
export function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

export interface SpikeDirection {
  k: number;
  /** Orthonormalised left direction in the basis p_0..p_k (p_m = He_m/√m!). */
  coeffs: Float64Array;
  /** m_k² = ‖Π⊥ G^k‖² (k! if the direction is exactly He_k). */
  norm2: number;
  /** ⟨û_k, p_k⟩² (1 when the left direction is He_k). */
  he_alignment2: number;
}

/** Gram–Schmidt of G^k, k ∈ ks (ascending), against 1 and the earlier ones, in L²(N(0,1)) (docs/theory.md (7.3)–(7.5)). */
export function spikeDirections(ks: readonly number[]): SpikeDirection[] {
  const kmax = ks.length > 0 ? Math.max(...ks) : 0;
  const basis: Float64Array[] = [];
  const e0 = new Float64Array(kmax + 1);
  e0[0] = 1;
  basis.push(e0);
  const out: SpikeDirection[] = [];
  for (const k of ks) {
    const v = new Float64Array(kmax + 1);
    v.set(monomialInHermite(k));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let dot = 0;
        for (let m = 0; m <= kmax; m++) dot += q[m]! * v[m]!;
        for (let m = 0; m <= kmax; m++) v[m] = v[m]! - dot * q[m]!;
      }
    }
    let n2 = 0;
    for (let m = 0; m <= kmax; m++) n2 += v[m]! * v[m]!;
    const nv = Math.sqrt(n2);
    const u = v.map((x) => x / nv);
    basis.push(u);
    out.push({ k, coeffs: u.slice(0, k + 1), norm2: n2, he_alignment2: u[k]! * u[k]! });
  }
  return out;
}

/** Leading-order singular value of spike k in the double-centred F:
 *  s_k = (|c_k(σ)|/k!) κ^k √n N^{(1−k)/2} m_k², κ = η|c_1(σ)|‖ζ‖ (Moniri et al. 2024, Thm 3.2; docs/theory.md §7). */
export function leadingSingularValue(ck: number, k: number, kappa: number, n: number, N: number, norm2: number): number {
  return Math.exp(Math.log(Math.abs(ck)) - logFactorial(k) + k * Math.log(kappa) + 0.5 * Math.log(n) + 0.5 * (1 - k) * Math.log(N)) * norm2;
}
