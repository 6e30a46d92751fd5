// Finite-n spike count after one large step (docs/theory.md (7.10)): which spikes separate from the bulk of the double-centred
// F = σ(X̃W1ᵀ) at given (n, d, N, α, c, σ, target).
//
// Model: F_c ≈ M + P, with
//   M  the bulk: Gaussian equivalent of F0 (bulk.ts), taken unchanged by the step (see "What the step does" below);
//   P  the low-rank mean part: the smoothed-activation kernel of smoothed.ts (singular values √(nN) ς_r, left
//      singular functions u_r(t) = Σ_m h_{r,m} p_m(t), t = ⟨x̃, β⟩, p_m = He_m/√m!) plus the rank-one part of the
//      bulk that lives on X̃β: M = μ1 X̃P⊥W0ᵀ + μ*Z + μ1 (X̃β)(W0β)ᵀ, whose right vector W0β (norm² ≈ N/d) is
//      independent of a and of the rest of M, so it adds μ1²φ/ψ to P Pᵀ/n along p_1.
// In units of √n, P Pᵀ/n has the left Gram matrix S = Σ_r N ς_r² h_r h_rᵀ + (μ1² φ/ψ) e_1 e_1ᵀ on span{p_m};
// its eigenpairs (θ_i², e_i) are the spikes. All u, v are independent of M (functions of t = X̃β, of a, and W0β),
// so the rectangular BBP theorem (Benaych-Georges & Nadakuditi 2012, Thm 2.9 with orthonormal u_i, v_i) gives:
// spike i is an outlier iff θ_i > θ_c = 1/√D(E), at √n·x(1/θ_i²), with left overlap² L_i = −2φ_n/(θ²D′) with u_i,
// so its predicted squared overlap with the normalised He_k(X̃β) is L_i e_{i,k}².
// Critical window (Baik, Ben Arous & Péché 2005): at finite n the transition is smeared over |θ − θ_c| ≲ θ_c n^{−1/3};
// spikes inside the window are flagged `in_window` and counted as uncertain.
// What the step does to the bulk (measured: validation/experiments/onestep_imprints/imprints.md): the exact conditional mean
// H = E[F1 | t, w1] carries the spikes and the rest R = F1 − H matches the Gaussian equivalent of σ(X̃W1ᵀ) given W1
// (top values 66.6 vs 67.6 at n = 1000, α = 0.36, c = 2.5). Rows of W1 made i.i.d. with the same norms give a bulk
// only ~1.4 % above F0's, so the "lift" is not a bulk deformation: R's top values are rank-one imprints of the
// training samples with the largest residuals |r_i| (left vectors aligned with X̃x_i, overlap² 0.24–0.38). They are
// predicted by imprint.ts and reported in `imprints`; they are not counted as spikes here. What remains is a 1–1.5 %
// stretch of the bulk's top (g = z, n = 2000, α = 0.36, c = 2.2: F1 − H top 82.76, Gaussian equivalent with the actual
// W1 83.05, with W1's rows made i.i.d. 81.33, F0 81.08): the correlations between W1's rows (sub-critical imprints
// summed over the batch) — not modelled.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { HermiteData } from './coefficients.js';
import type { SmoothedPair } from './smoothed.js';
import { bulkEdge, finiteEdge, outlierOf, type BulkEdge, type BulkModel } from './bulk.js';
import type { ImprintPrediction } from './imprint.js';

export const FINITE_N_APPROXIMATION =
  'bulk: Gaussian-equivalent model of the initial features F0 (μ1 X̃W0ᵀ + μ* Z; the row-norm growth of W by the step is ' +
  'neglected, the single-sample imprints are predicted separately in `imprints`); spikes: the smoothed-activation kernel (mean part) plus the rank-one μ1 (X̃β)(W0β)ᵀ of the bulk; ' +
  'separation: rectangular BBP (Benaych-Georges & Nadakuditi 2012) with spike vectors independent of the bulk; ' +
  'critical window |θ − θ_c| ≤ θ_c n^{−1/3}';

export interface FiniteNSpike {
  /** Degree k = argmax_m e_{i,m}² of the spike's left direction (He_k(⟨β,x⟩) for k ≥ 1). */
  k: number;
  /** θ_i (units √n): singular value of the mean part P/√n. */
  theta: number;
  /** e_{i,k}²: weight of p_k = He_k/√k! in the spike's left direction. */
  he_weight2: number;
  separated: boolean;
  /** |θ − θ_c| ≤ θ_c n^{−1/3}: separation not decided at this n. */
  in_window: boolean;
  /** Predicted outlier singular value of F_c (√n·x(1/θ²)), null if not separated. */
  outlier: number | null;
  /** Predicted squared overlap of the outlier's left singular vector with the normalised He_k(X̃β) (0 if not separated). */
  left_alignment2: number;
  /** Same with the spike's own left direction (BBP). */
  left_overlap2: number;
  /** Σ_{m=1}^{4} e_{i,m}²: weight of span{p_1..p_4} in the spike's left direction (for SUBSPACE_RULE). */
  span_weight2: number;
  right_overlap2: number;
  /** Range of left_alignment2 and outlier over θ ∈ [θ − θ_c n^{−1/3}, θ + θ_c n^{−1/3}] (finite-n smearing). */
  left_alignment2_range: [number, number];
  outlier_range: [number | null, number | null];
}

export interface FiniteNPrediction {
  n: number;
  /** Top bulk edge of F_c (√n·E, n → ∞ law at these ratios). */
  bulk_edge: number;
  /** Expected top bulk singular value at this n, √n·(E + TW1 mean·(cn)^{−2/3}), and its standard deviation
   *  (Tracy–Widom edge universality assumed). */
  bulk_top_mean: number;
  bulk_top_sd: number;
  /** θ_c: critical spike size in units of √n. */
  theta_critical: number;
  /** Number of spikes (degree ≥ 1) that separate (BBP). */
  predicted_count: number;
  /** Spikes inside the critical window (count uncertain by this many). */
  uncertain: number;
  /** Number of degrees k whose predicted overlap² with He_k(X̃β) exceeds 1/2 (the ALIGNED_RULE observable). */
  predicted_aligned_count: number;
  aligned_uncertain: number;
  spikes: FiniteNSpike[];
  bulk: BulkEdge;
  /** Rank-one imprints of single training samples (imprint.ts); absent when not requested. */
  imprints?: ImprintPrediction;
  approximation: string;
}

/** Builds the imprint prediction from the bulk's θ_c and its BBP map θ ↦ outlier location (units √n). */
export type ImprintModel = (thetaCritical: number, bbp: (theta: number) => number | null) => ImprintPrediction;

/** Gaussian-equivalent bulk model of σ at ratios ψ = d/n, φ = N/n (bulk.ts). */
export function bulkModelOf(sigma: HermiteData, psi: number, phi: number): BulkModel {
  const mu1 = sigma.c[1]!;
  const mustar2 = Math.max(0, sigma.second_moment - sigma.c[0]! ** 2 - mu1 * mu1);
  return { mu1, mustar2, psi, phi };
}

/** The spikes θ_i (units √n) and their left directions in the basis p_0..p_K (see header). */
export function spikeGram(pairs: readonly SmoothedPair[], N: number, mu1: number, psi: number, phi: number): Array<{ theta: number; e: number[] }> {
  const K = pairs.length > 0 ? pairs[0]!.hermite.length : 2;
  const S = Matrix.zeros(K, K);
  for (const p of pairs) {
    const w = N * p.varsigma * p.varsigma;
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) S.set(a, b, S.get(a, b) + w * p.hermite[a]! * p.hermite[b]!);
  }
  S.set(1, 1, S.get(1, 1) + (mu1 * mu1 * phi) / psi);
  const eig = new EigenvalueDecomposition(S, { assumeSymmetric: true });
  const vals = eig.realEigenvalues;
  const V = eig.eigenvectorMatrix;
  const out = vals.map((v, i) => ({ theta: Math.sqrt(Math.max(0, v)), e: Array.from({ length: K }, (_, m) => V.get(m, i)) }));
  return out.sort((x, y) => y.theta - x.theta);
}

/** Finite-n prediction of the separated spikes (see header). `pairs` from smoothedSpikes at this n. */
export function finiteNPrediction(sigma: HermiteData, pairs: readonly SmoothedPair[], n: number, N: number, psi: number, phi: number, imprint?: ImprintModel): FiniteNPrediction {
  const model = bulkModelOf(sigma, psi, phi);
  const bulk = bulkEdge(model);
  const tc = bulk.thetaCritical;
  const w = tc * Math.pow(n, -1 / 3);
  const sqn = Math.sqrt(n);
  const spikes: FiniteNSpike[] = [];
  for (const s of spikeGram(pairs, N, model.mu1, psi, phi)) {
    if (s.theta < 1e-3 * tc) continue;
    let k = 1;
    for (let m = 1; m < s.e.length; m++) if (s.e[m]! ** 2 > s.e[k]! ** 2) k = m;
    const he = s.e[k]! ** 2;
    const at = (theta: number) => {
      const o = theta > 0 ? outlierOf(model, bulk, theta) : null;
      return { loc: o ? sqn * o.location : null, al: o ? o.left2 * he : 0, o };
    };
    const mid = at(s.theta);
    const lo = at(s.theta - w);
    const hi = at(s.theta + w);
    spikes.push({
      k, theta: s.theta, he_weight2: he, span_weight2: s.e.slice(1, 5).reduce((acc, v) => acc + v * v, 0), separated: mid.o !== null, in_window: Math.abs(s.theta - tc) <= w,
      outlier: mid.loc, left_alignment2: mid.al, left_overlap2: mid.o?.left2 ?? 0, right_overlap2: mid.o?.right2 ?? 0,
      left_alignment2_range: [lo.al, hi.al], outlier_range: [lo.loc, hi.loc],
    });
  }
  const predicted_count = spikes.filter((s) => s.separated).length;
  const uncertain = spikes.filter((s) => s.in_window).length;
  const alignedDegrees = new Set(spikes.filter((s) => s.left_alignment2 > 0.5).map((s) => s.k));
  const alignedUnc = spikes.filter((s) => (s.left_alignment2_range[0] > 0.5) !== (s.left_alignment2_range[1] > 0.5)).length;
  const fe = finiteEdge(model, bulk, n);
  return {
    n, bulk_edge: sqn * bulk.edge, bulk_top_mean: sqn * fe.mean, bulk_top_sd: sqn * fe.sd, theta_critical: tc, predicted_count, uncertain,
    predicted_aligned_count: alignedDegrees.size, aligned_uncertain: alignedUnc, spikes, bulk,
    ...(imprint ? { imprints: imprint(tc, (theta) => { const o = outlierOf(model, bulk, theta); return o ? sqn * o.location : null; }) } : {}),
    approximation: FINITE_N_APPROXIMATION,
  };
}
