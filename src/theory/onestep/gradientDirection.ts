// The direction learned by one gradient step (docs/theory.md (7.2); Ba et al. 2022, Thm 3; Moniri et al. 2024, §3).
// With f ≈ 0 at initialisation (NORMALISATION), √N·(−∇_W L) ≈ c_1(σ) a ζᵀ, ζ = Xᵀ(y − f)/n, and
//   ζ = c_1(g) β* + (noise of squared norm (d/n)·E[y²]),   β = ζ/‖ζ‖,
//   ‖ζ‖² → c_1(g)² + (d/n)·E[y²],   ⟨β, β*⟩² → c_1(g)² / (c_1(g)² + (d/n)·E[y²]).

export interface GradientDirection {
  /** ‖ζ‖ (its limit). */
  zeta_norm: number;
  /** ⟨β, β*⟩² (its limit). */
  overlap2: number;
  /** E[y²] = E[g(G)²] + S². */
  second_moment_y: number;
}

/** ‖ζ‖² = c1*² + ψ E[y²] and ⟨β,β*⟩² = c1*²/‖ζ‖², ψ = d/n, E[y²] = E[g²] + noise² (docs/theory.md (7.2)). */
export function gradientDirection(c1Target: number, secondMomentG: number, noise: number, psi: number): GradientDirection {
  const ey2 = secondMomentG + noise * noise;
  const z2 = c1Target * c1Target + psi * ey2;
  return { zeta_norm: Math.sqrt(z2), overlap2: (c1Target * c1Target) / z2, second_moment_y: ey2 };
}
