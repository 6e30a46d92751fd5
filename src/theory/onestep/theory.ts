// The one-step calculator (docs/theory.md §7): gradient direction, spikes, smoothed refinement, ridge errors, learnability.
import { UsageError } from '../../core/errors.js';
import type { CompiledFn } from '../../numerics/expr/index.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { hermiteData, type HermiteData } from './coefficients.js';
import { gradientDirection } from './gradientDirection.js';
import { learnability, type ComponentRow } from './learnability.js';
import { checkParams, stepSize, type OnestepParams, NORMALISATION } from './normalisation.js';
import { ridgeErrors, type RidgeErrors, type RidgeSpike } from './ridge.js';
import { smoothedSpikes, type KernelParams, type SmoothedPair } from './smoothed.js';
import { finiteNPrediction, type FiniteNPrediction } from './finiteN.js';
import { imprintPrediction } from './imprint.js';
import { STEP_RIDGE_APPROXIMATION, stepRidgeErrors, type RowCorrelationParams } from './stepRidge.js';
import { K_LIST, atBoundary, growthExponent, leadingSingularValue, spikeCount, spikeDirections } from './spikes.js';

export interface OnestepInput extends OnestepParams {
  act: { name: string; fn: CompiledFn };
  target: { name: string; k: number; fn: CompiledFn };
  /** Finite n at which singular values and finite-n errors are evaluated (d = ψn, N = φn). */
  n: number;
  /** false: `errors.F1` on isotropic rows (8.1), as `errors_isotropic_rows` (for callers that need only the spikes;
   *  the correlated rows (8.15)–(8.19) cost ≈ 5 s). Default true. */
  rowCorrelations?: boolean;
}

export interface SpikeRow {
  k: number;
  feature: string;
  present: boolean;
  /** Leading-order singular value of the double-centred F at this n (null if absent). */
  singular_value: number | null;
  /** Finite-n refinement: √(nN)·ς from the smoothed-activation kernel (null if absent). */
  singular_value_smoothed: number | null;
  /** s_k/√n (leading order) and its growth exponent kα − (k−1)/2. */
  singular_value_over_sqrt_n: number | null;
  growth_exponent: number;
  left_direction: string;
  /** ⟨û_k, He_k/√k!⟩² of the Gram–Schmidt direction (1: exactly He_k). */
  left_he_alignment2: number | null;
  right_direction: string;
  target_component: string;
  activation_coefficient: number;
  target_coefficient: number;
}

export interface OnestepTheory {
  num_spikes: number;
  boundary: boolean;
  spikes: SpikeRow[];
  overlap_beta: number;
  zeta_norm: number;
  step_size: number;
  kappa: number;
  train_error: number;
  test_error: number;
  /** Finite-n errors at this n: F0 (bulk of F0), F1 (docs/theory.md §8: the step's bulk and its spikes). */
  errors: { F0: RidgeErrors; F1: RidgeErrors };
  /** The n → ∞ limit (docs/theory.md (8.11)): spike-only formula with the bulk of F0. */
  errors_limit: { F0: RidgeErrors; F1: RidgeErrors };
  /** The spike-only model at this n (bulk of F1 taken equal to that of F0), for comparison. */
  errors_spike_only: { F1: RidgeErrors };
  /** (8.8)–(8.9) with the rows of W1 independent and isotropic given g (the row model (8.1) without (8.15)–(8.19)). */
  errors_isotropic_rows: { F1: RidgeErrors };
  learned_components: number[];
  learnability: ComponentRow[];
  smoothed: SmoothedPair[];
  /** √(nN)·⟨p_k, H̃ p_k⟩, k = 0..12: predicted projection ĥ_kᵀ F_c r̂_k (finite-n kernel). */
  projections: number[];
  /** Finite-n spike separation (finiteN.ts): Gaussian-equivalent bulk edge and BBP outliers of the kernel spikes. */
  finite_n: FiniteNPrediction;
  sigma: HermiteData;
  g: HermiteData;
  n: number;
  d: number;
  N: number;
  normalisation: string;
  approximation: string;
  status: SolverStatus;
}

export const APPROXIMATION =
  'singular values: leading order of Moniri et al. 2024 Thm 3.2 (separated scales) and the smoothed-activation kernel ' +
  '(mean part only; the bulk of F is not included, so spikes near the bulk edge are underestimated); ridge errors at n ' +
  '(`errors`): deterministic equivalent of docs/theory.md §8 — ' + STEP_RIDGE_APPROXIMATION + '; n → ∞ limit ' +
  '(`errors_limit`): bulk of F0 with the spikes that outgrow it fitted exactly — compared with simulation in ' +
  '`flcalc validate --suite onestep` and validation/onestep/errors_vs_n.md';

const KMAX = K_LIST;

/** Throws the UsageErrors of docs/theory.md §7's domain: c_1(σ) = 0 or c_1(g) = 0 (no rank-one gradient signal). */
function checkLinearComponents(sigma: HermiteData, g: HermiteData, input: OnestepInput): void {
  if (!sigma.present[1])
    throw new UsageError('--act', `c_1(σ) = E[σ'(G)] = 0 for "${input.act.name}": the rank-one part η c_1(σ) a ζᵀ of the first gradient vanishes, so the one-step spike theory does not apply`, 'tanh');
  if (!g.present[1])
    throw new UsageError('--target', `c_1(g) = E[g(G)G] = 0 for "${input.target.name}": the target has no linear component, so one step learns a direction β asymptotically orthogonal to β* (⟨β,β*⟩² → 0) and the one-step theory does not apply (see \`flcalc alg\` / \`flcalc spectral\` for such targets)`, '"z + z^2/2"');
}

/** Finite-n kernel of smoothed.ts: κ = η c_1(σ)‖ζ‖ (signed, so projections carry the sign of c_k(σ) c_1(σ)^k), shift = η c_2(σ) E[y]/√N, tau2 = η² ψ E[y²] Var σ'(G)/N. */
export function kernelParams(sigma: HermiteData, g: HermiteData, p: OnestepParams, n: number): KernelParams {
  const N = Math.max(1, Math.round(p.phi * n));
  const grad = gradientDirection(g.c[1]!, g.second_moment, p.noise, p.psi);
  const eta = stepSize(p.c, p.alpha, n);
  const varDeriv = Math.max(0, sigma.derivative_second_moment - sigma.c[1]! ** 2);
  return {
    kappa: eta * sigma.c[1]! * grad.zeta_norm,
    N,
    shift: (eta * sigma.c[2]! * g.c[0]!) / Math.sqrt(N),
    tau2: (eta * eta * p.psi * grad.second_moment_y * varDeriv) / N,
  };
}

/** Row law of W1 beyond (8.1) (docs/theory.md (8.15)): γ(g) = η c_2(σ) g/√N, ω(g) = η² ψ (Var σ′ − c_2(σ)²) g²/N. */
export function rowCorrelationParams(sigma: HermiteData, p: OnestepParams, n: number): RowCorrelationParams {
  const N = Math.max(1, Math.round(p.phi * n));
  const eta = stepSize(p.c, p.alpha, n);
  const eq = Math.max(0, sigma.derivative_second_moment - sigma.c[1]! ** 2 - sigma.c[2]! ** 2);
  return { gammaBar: (eta * sigma.c[2]!) / Math.sqrt(N), omegaBar: (eta * eta * p.psi * eq) / N, noise: p.noise };
}

/** Everything `flcalc onestep` reports (docs/theory.md §7, NORMALISATION). */
export function onestepTheory(input: OnestepInput): OnestepTheory {
  checkParams(input);
  if (input.target.k !== 1)
    throw new UsageError('--target', `the one-step theory is for single-index targets g(z); got ${input.target.k} latent variables`, '"tanh(z) + z^2/4"');
  if (!(Number.isInteger(input.n) && input.n >= 10)) throw new UsageError('--n', `must be an integer ≥ 10, got ${input.n}`, '1000');
  const sigma = hermiteData(input.act.fn, KMAX, '--act', '"sin(x)+cos(x)"');
  const g = hermiteData(input.target.fn, KMAX, '--target', '"tanh(z) + z^2/4"');
  checkLinearComponents(sigma, g, input);

  const n = input.n;
  const d = Math.max(1, Math.round(input.psi * n));
  const N = Math.max(1, Math.round(input.phi * n));
  const grad = gradientDirection(g.c[1]!, g.second_moment, input.noise, input.psi);
  const rho = Math.sign(g.c[1]!) * Math.sqrt(grad.overlap2);
  const eta = stepSize(input.c, input.alpha, n);
  const kappa = eta * Math.abs(sigma.c[1]!) * grad.zeta_norm;
  const ell = spikeCount(input.alpha);
  const kList = Array.from({ length: Math.min(ell, KMAX) }, (_, i) => i + 1);
  const presentKs = kList.filter((k) => sigma.present[k]);
  const dirs = new Map(spikeDirections(presentKs).map((s) => [s.k, s]));

  const kp = kernelParams(sigma, g, input, n);
  const smooth = smoothedSpikes(input.act.fn, sigma.breaks, kp, { keep: Math.min(ell + 4, 20), kmax: 12 });
  const used = new Set<number>();
  const matchPair = (k: number): SmoothedPair | null => {
    if (k > 12) return null;
    let best = -1;
    smooth.pairs.forEach((p, r) => {
      if (!used.has(r) && (best < 0 || p.hermite[k]! ** 2 > smooth.pairs[best]!.hermite[k]! ** 2)) best = r;
    });
    if (best < 0) return null;
    used.add(best);
    return smooth.pairs[best]!;
  };

  const spikes: SpikeRow[] = kList.map((k) => {
    const dir = dirs.get(k);
    const s = dir ? leadingSingularValue(sigma.c[k]!, k, kappa, n, N, dir.norm2) : null;
    const pair = dir ? matchPair(k) : null;
    return {
      k,
      feature: `He_${k}(<β,x>)`,
      present: dir !== undefined,
      singular_value: s,
      singular_value_smoothed: pair ? Math.sqrt(n * N) * pair.varsigma : null,
      singular_value_over_sqrt_n: s === null ? null : s / Math.sqrt(n),
      growth_exponent: growthExponent(k, input.alpha),
      left_direction: k === 1 ? 'X̃β − mean (He_1)' : `(X̃β)^∘${k} orthogonalised against 1 and the lower spikes (→ He_${k}(X̃β))`,
      left_he_alignment2: dir ? dir.he_alignment2 : null,
      right_direction: k === 1 ? 'a − mean' : `a^∘${k} orthogonalised against 1 and the lower spikes (→ He_${k}(√N a)/N^{${k}/2})`,
      target_component: `He_${k}(<β*,x>)`,
      activation_coefficient: sigma.c[k]!,
      target_coefficient: g.c[k]!,
    };
  });

  // Target components along spike features: y's projection on functions of t = ⟨β,x⟩ is Σ_m ρ^m μ_m(g) p_m(t).
  const along = (coeffs: ArrayLike<number>): number => {
    let s = 0;
    for (let m = 1; m < coeffs.length && m <= KMAX; m++) s += rho ** m * g.mu[m]! * coeffs[m]!;
    return s * s;
  };
  const ey2 = grad.second_moment_y;
  const constant: RidgeSpike[] = sigma.present[0] ? [{ theta: N * sigma.c[0]! ** 2, target2: g.mu[0]! ** 2 }] : [];
  const constantLimit: RidgeSpike[] = sigma.present[0] ? [{ theta: Infinity, target2: g.mu[0]! ** 2 }] : [];
  const cstar2 = Math.max(0, sigma.second_moment - sigma.c[0]! ** 2 - sigma.c[1]! ** 2);
  const c1g2 = g.c[1]! ** 2;
  const common = { c1: sigma.c[1]!, cstar2, psi: input.psi, phi: input.phi, lambda: input.ridge };
  const rest = (sp: RidgeSpike[], linear2: number) => Math.max(0, ey2 - linear2 - sp.reduce((s, x) => s + x.target2, 0));

  const F0 = ridgeErrors({ ...common, n, linear2: c1g2, noise2: rest(constant, c1g2), spikes: constant });
  const F0_limit = ridgeErrors({ ...common, n: Infinity, linear2: c1g2, noise2: rest(constantLimit, c1g2), spikes: constantLimit });
  const lin1 = c1g2 * (1 - grad.overlap2);
  const sp1 = [...constant, ...smooth.pairs.map((p) => ({ theta: N * p.varsigma * p.varsigma, target2: along(p.hermite) }))];
  const F1spikeOnly = ridgeErrors({ ...common, n, linear2: lin1, noise2: rest(sp1, lin1), spikes: sp1 });
  const stepInput = {
    act: { fn: input.act.fn, breaks: sigma.breaks }, g, target: input.target.fn, kp, rho, ey2, n, psi: input.psi, phi: input.phi, lambda: input.ridge,
  };
  const F1isotropic = stepRidgeErrors(stepInput);
  const F1 = input.rowCorrelations === false ? F1isotropic : stepRidgeErrors({ ...stepInput, rowCorrelation: rowCorrelationParams(sigma, input, n) });
  const sp1Limit = [
    ...constantLimit,
    ...presentKs.map((k) => {
      const e = growthExponent(k, input.alpha);
      const row = spikes.find((s) => s.k === k)!;
      const theta = e > 1e-12 ? Infinity : (row.singular_value! * row.singular_value!) / n; // θ̃ = s²/n is n-free at e = 0
      return { theta, target2: along(dirs.get(k)!.coeffs) };
    }),
  ];
  const F1_limit = ridgeErrors({ ...common, n: Infinity, linear2: lin1, noise2: rest(sp1Limit, lin1), spikes: sp1Limit });

  const table = learnability(sigma, g, ell, grad.overlap2, Math.max(4, Math.min(ell, KMAX)));
  const finite_n = finiteNPrediction(sigma, smooth.pairs, n, N, input.psi, input.phi, (tc, bbp) =>
    imprintPrediction(
      { fn: input.act.fn, breaks: sigma.breaks, derivativeVariance: sigma.derivative_second_moment - sigma.c[1]! ** 2 },
      input.target.fn, input.noise, kp, eta, input.psi, n, tc, bbp,
    ));
  const status = combineStatus('onestep theory', [sigma.status, g.status, smooth.status, F0.status, F1.status, F1isotropic.status, F1spikeOnly.status, F0_limit.status, F1_limit.status, ...(finite_n.imprints ? [finite_n.imprints.status] : [])]);
  return {
    num_spikes: ell,
    boundary: atBoundary(input.alpha),
    spikes,
    overlap_beta: grad.overlap2,
    zeta_norm: grad.zeta_norm,
    step_size: eta,
    kappa,
    train_error: F1.train_error,
    test_error: F1.test_error,
    errors: { F0, F1 },
    errors_limit: { F0: F0_limit, F1: F1_limit },
    errors_spike_only: { F1: F1spikeOnly },
    errors_isotropic_rows: { F1: F1isotropic },
    learned_components: table.filter((r) => r.learned).map((r) => r.k),
    learnability: table,
    smoothed: smooth.pairs,
    projections: smooth.projections.map((x) => Math.sqrt(n * N) * x),
    finite_n,
    sigma,
    g,
    n,
    d,
    N,
    normalisation: NORMALISATION,
    approximation: APPROXIMATION,
    status,
  };
}
