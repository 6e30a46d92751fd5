// Lower outliers of D = (1/n) Σ (x_i x_iᵀ) ⊗ A_i and their eigenvectors (docs/theory.md (2.5)–(2.6)). With ζ the spike
// coordinates and K(μ) = E[(ζζᵀ) ⊗ B(Λ(μ))] (km×km, symmetric), the outlier condition
// det(I_{km} − K(μ)/μ) = 0 says μ is an eigenvalue of K(μ). Far below the bulk μ − κ_r < 0 for every
// eigenvalue κ_r of K; an outlier below the edge is a zero of μ(p) − κ_r(p) on the branch (Brent in p).
// Squared norm of the outlier eigenvector's part along the spike coordinates: with C (k×m, ‖C‖_F = 1) the
// eigenvector of K for κ_r = μ, 1/(1 − ⟨C, K'_μ[C]⟩) = 1/(1 + E[wᵀ Λ'(μ) w]), w = (Λ − A)⁻¹ A Cᵀζ;
// for m = k = 1 this is ψ'/(ψ' − φ') of §1. The part along coordinate r is that times Σ_a C_ra².
import type { SolverStatus } from '../../core/status.js';
import { brent } from '../../numerics/roots/brent.js';
import { spikeProduct, type MatrixLaw } from './matrixLaw.js';
import { forEachAtom, type BranchPoint } from './fixedPoint.js';
import { pointAt, type Branch } from './branch.js';
import type { Edge } from './edge.js';
import { symEigen } from '../../numerics/linalg/symmetricEigen.js';
import { matMul } from '../../numerics/linalg/dense.js';
import { averageSpikeMatrix } from './symmetry.js';

export interface Outlier {
  /** The outlier eigenvalue μ*. */
  mu: number;
  /** Branch parameter p* = tr(Λ)/m at the outlier. */
  p: number;
  /** Eigenvector of K at μ*: C_ra, r over the selected coordinates, a over the m blocks (row-major k'×m). */
  C: Float64Array;
  /** Squared norm of the eigenvector's part along the selected coordinates. */
  overlap2: number;
  /** overlap2 split over the selected coordinates (Σ_a C_ra² · overlap2). */
  overlap2ByCoord: number[];
  /** overlap2 split over the m blocks (Σ_r C_ra² · overlap2). */
  overlap2ByBlock: number[];
  status: SolverStatus;
}

/** E[(ζ_S ζ_Sᵀ) ⊗ X(A, S⁻¹, B)] over the selected coordinates S, index (r, a) ↦ r·m + a, for an m×m per-atom matrix X
 *  that is equivariant under the block permutations (on orbit representatives: the group average (2.12); a selection
 *  of coordinates that the group does not map to itself uses the full law). */
function spikeExpectation(
  law: MatrixLaw,
  Lambda: Float64Array,
  coords: readonly number[],
  X: (A: Float64Array, Sinv: Float64Array, B: Float64Array, out: Float64Array) => void,
): Float64Array {
  if (law.orbits) {
    const K = averageSpikeMatrix(spikeExpectation(law.orbits.law, Lambda, coords, X), law.m, coords, law.orbits);
    if (K) return K;
    const { orbits: _o, ...full } = law;
    void _o;
    return spikeExpectation(full, Lambda, coords, X);
  }
  const m = law.m;
  const q = coords.length;
  const n = q * m;
  const K = new Float64Array(n * n);
  const Xi = new Float64Array(m * m);
  forEachAtom(law, Lambda, (i, w, A, Sinv, B) => {
    X(A, Sinv, B, Xi);
    for (let r = 0; r < q; r++) {
      for (let s = 0; s < q; s++) {
        const c = w * spikeProduct(law, i, coords[r]!, coords[s]!);
        if (c === 0) continue;
        for (let a = 0; a < m; a++)
          for (let b = 0; b < m; b++) K[(r * m + a) * n + s * m + b] = K[(r * m + a) * n + s * m + b]! + c * Xi[a * m + b]!;
      }
    }
  });
  return K;
}

/** K(Λ) = E[(ζ_S ζ_Sᵀ) ⊗ B(Λ)] over the selected coordinates S, index (r, a) ↦ r·m + a. */
export function spikeMatrix(law: MatrixLaw, Lambda: Float64Array, coords: readonly number[]): Float64Array {
  return spikeExpectation(law, Lambda, coords, (_A, _S, B, out) => out.set(B));
}

/** Sorted (ascending) eigenvalues κ of K at a branch point, minus μ: e_r = μ − κ_r. */
function gaps(law: MatrixLaw, pt: BranchPoint, coords: readonly number[]): Float64Array {
  const n = coords.length * law.m;
  const { values } = symEigen(spikeMatrix(law, pt.Lambda, coords), n);
  const asc = Float64Array.from(values).reverse();
  return asc.map((kappa) => pt.mu - kappa);
}

/** 1/(1 + E[wᵀΛ'(μ)w]) with w = (A − Λ)⁻¹ A Cᵀζ (sign irrelevant in the quadratic form): E[wᵀΛ'w] = vec(C)ᵀ Q vec(C)
 *  with Q = E[(ζζᵀ) ⊗ (A S⁻¹ Λ' S⁻¹ A)], S = A − Λ. */
function overlapAt(law: MatrixLaw, pt: BranchPoint, coords: readonly number[], C: Float64Array): number {
  const m = law.m;
  const dL = pt.dLambda.map((x) => x / pt.dmu); // Λ'(μ) = (dΛ/dp)/(dμ/dp)
  const T = new Float64Array(m * m);
  const Q = spikeExpectation(law, pt.Lambda, coords, (A, Sinv, _B, out) => {
    // T = S⁻¹A, out = Tᵀ Λ' T (A, S⁻¹ symmetric).
    matMul(Sinv, A, m, T);
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) {
        let s = 0;
        for (let c = 0; c < m; c++) for (let d = 0; d < m; d++) s += T[c * m + a]! * dL[c * m + d]! * T[d * m + b]!;
        out[a * m + b] = s;
      }
  });
  const n = coords.length * m;
  let acc = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) acc += C[i]! * Q[i * n + j]! * C[j]!;
  return 1 / (1 + acc);
}

/** Outlier r (r-th smallest eigenvalue branch of K) between the far end of the branch and the edge. */
function locate(br: Branch, edge: Edge, coords: readonly number[], r: number): Outlier {
  const law = br.law;
  const n = coords.length * law.m;
  const g = (p: number): number => {
    const pt = pointAt(br, p);
    return pt.status.converged ? gaps(law, pt, coords)[r]! : NaN;
  };
  let lo = br.pFar;
  let dist = edge.point.p - lo;
  for (let i = 0; i < 60 && !(g(lo) < 0); i++) {
    dist *= 2;
    lo = edge.point.p - dist;
  }
  const root = brent(g, lo, edge.point.p, { xtol: 1e-14 * br.scale, rtol: 1e-13 });
  const pt = pointAt(br, root.x);
  const { values, vectors } = symEigen(spikeMatrix(law, pt.Lambda, coords), n);
  const col = n - 1 - r; // symEigen is descending
  const C = new Float64Array(n);
  for (let t = 0; t < n; t++) C[t] = vectors[t * n + col]!;
  void values;
  const overlap2 = overlapAt(law, pt, coords, C);
  const m = law.m;
  const byCoord = coords.map((_, s) => overlap2 * Array.from({ length: m }, (_, a) => C[s * m + a]! ** 2).reduce((x, y) => x + y, 0));
  const byBlock = Array.from({ length: m }, (_, a) => overlap2 * coords.reduce((x, _c, s) => x + C[s * m + a]! ** 2, 0));
  return {
    mu: pt.mu, p: pt.p, C, overlap2, overlap2ByCoord: byCoord, overlap2ByBlock: byBlock,
    status: { ...root.status, converged: root.status.converged && pt.status.converged, method: 'brent(μ − κ_r on the branch)' },
  };
}

/** All lower outliers along the selected spike coordinates, lowest first. */
export function lowerOutliers(edge: Edge, coords: readonly number[]): Outlier[] {
  if (coords.length === 0) return [];
  const br = edge.branch;
  const e = gaps(br.law, edge.point, coords);
  const out: Outlier[] = [];
  e.forEach((v, r) => {
    if (v > 0) out.push(locate(br, edge, coords, r));
  });
  return out.sort((a, b) => a.mu - b.mu);
}
