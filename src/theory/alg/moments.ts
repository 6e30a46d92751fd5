// Second moments of the conditional means that define δ_alg (docs/theory.md §3), for k latent coordinates:
//   first[p,q]        = E_y[m_p(y) m_q(y)],        m(y) = E[z | y]          (first-order directions),
//   second[p,q,r,s]   = E_y[G_pq(y) G_rs(y)],      G(y) = E[zzᵀ | y] − I.
// Every method below produces, for a set of y-values with weights c, unnormalised conditional sums
// p̃ = ∫ density, m̃ = ∫ z·density, Ñ = ∫ (zzᵀ − I)·density, and adds c·m̃m̃ᵀ/p̃ and c·Ñ⊗Ñ/p̃.

export interface Moments {
  k: number;
  first: Float64Array;
  second: Float64Array;
}

export function emptyMoments(k: number): Moments {
  return { k, first: new Float64Array(k * k), second: new Float64Array(k ** 4) };
}

/** Adds c·m̃m̃ᵀ/p̃ and c·Ñ⊗Ñ/p̃ (m̃ length k, Ñ k×k row-major); ignored when p̃ = 0. */
export function accumulate(mom: Moments, c: number, p: number, m: ArrayLike<number>, N: ArrayLike<number>): void {
  if (!(p > 0) || c === 0) return;
  const k = mom.k;
  const f = c / p;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) mom.first[a * k + b] += f * m[a]! * m[b]!;
  const kk = k * k;
  for (let u = 0; u < kk; u++) {
    const fu = f * N[u]!;
    if (fu === 0) continue;
    for (let v = 0; v < kk; v++) mom.second[u * kk + v] += fu * N[v]!;
  }
}
