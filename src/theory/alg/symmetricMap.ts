// The linearised AMP state evolution at zero overlap (docs/theory.md (3.3); Troiani et al. 2024): M ↦ E_y[G(y) M G(y)] on
// symmetric k×k matrices, G(y) = E[zzᵀ | y] − I. It is self-adjoint and positive for ⟨A, B⟩ = tr(AB);
// 1/δ_alg is its largest eigenvalue and the top eigenvector (an overlap matrix) is PSD. When the top eigenvalue is
// degenerate (e.g. y = z1·z2·z3: G(y) = a(y)·I, every symmetric M is a top eigenvector), the eigenvector is not
// determined by the map; the one reported is the normalised projection of I_k onto the top eigenspace (the
// overlap matrix of a state that weights all coordinates equally; PSD when the eigenspace is all of Sym(k)).
import { symmetricEigen } from '../../numerics/linalg/symmetricEigen.js';
import type { Moments } from './moments.js';

/** Orthonormal basis of Sym(k): E_aa and (E_ab + E_ba)/√2, a < b. */
function symBasis(k: number): Float64Array[] {
  const basis: Float64Array[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const B = new Float64Array(k * k);
      if (a === b) B[a * k + a] = 1;
      else B[a * k + b] = B[b * k + a] = Math.SQRT1_2;
      basis.push(B);
    }
  }
  return basis;
}

/** Largest eigenvalue of M ↦ E[G M G] and its eigenvector as a k×k matrix (sign: positive trace). Eigenvalues within
 *  `degeneracy` of the largest form the top eigenspace (multiplicity); see the file comment. */
export function topOfStateEvolution(mom: Moments, degeneracy = 0): { value: number; matrix: number[][]; multiplicity: number } {
  const k = mom.k;
  const kk = k * k;
  const A = mom.second; // A[(i,a),(b,j)] = E[G_ia G_bj]
  const basis = symBasis(k);
  const n = basis.length;
  const image = basis.map((M) => {
    const L = new Float64Array(kk);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) s += A[(i * k + a) * kk + (b * k + j)]! * M[a * k + b]!;
        L[i * k + j] = s;
      }
    return L;
  });
  const mat = new Float64Array(n * n);
  for (let al = 0; al < n; al++)
    for (let be = 0; be < n; be++) {
      let s = 0;
      for (let u = 0; u < kk; u++) s += basis[al]![u]! * image[be]![u]!;
      mat[al * n + be] = s;
    }
  for (let al = 0; al < n; al++)
    for (let be = 0; be < al; be++) mat[al * n + be] = mat[be * n + al] = 0.5 * (mat[al * n + be]! + mat[be * n + al]!);
  const { values, vectors } = symmetricEigen(mat, n);
  let multiplicity = 1;
  while (multiplicity < n && values[0]! - values[multiplicity]! <= degeneracy) multiplicity++;
  let v = vectors[0]!;
  if (multiplicity > 1) {
    // Coordinates of I_k in the orthonormal basis: ⟨I, B⟩ = tr B; project onto the top eigenvectors.
    const idCoord = basis.map((B) => Array.from({ length: k }, (_, a) => B[a * k + a]!).reduce((s, x) => s + x, 0));
    const proj = new Float64Array(n);
    for (let e = 0; e < multiplicity; e++) {
      const w = vectors[e]!;
      let c = 0;
      for (let al = 0; al < n; al++) c += w[al]! * idCoord[al]!;
      for (let al = 0; al < n; al++) proj[al] += c * w[al]!;
    }
    const norm = Math.hypot(...proj);
    if (norm > 1e-8) v = proj.map((x) => x / norm);
  }
  const M = new Float64Array(kk);
  basis.forEach((B, al) => {
    for (let u = 0; u < kk; u++) M[u] += v[al]! * B[u]!;
  });
  let trace = 0;
  for (let a = 0; a < k; a++) trace += M[a * k + a]!;
  const sgn = trace < 0 ? -1 : 1;
  return { value: values[0]!, multiplicity, matrix: Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => sgn * M[i * k + j]!)) };
}

