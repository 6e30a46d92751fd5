// Validation suite `onestep` (docs/theory.md §7): spike counts for α in (0,1/4), (1/4,1/3), (1/3,3/8); spike magnitudes
// (projection of the centred features on He_k(X̃β) ⊗ He_k(√N a)) and singular values at increasing n; fitted
// growth exponents vs kα − (k−1)/2; ⟨β,β*⟩²; ridge train/test errors vs the deterministic-equivalent theory.
// Configuration fixed before any run: σ = sin + cos, c = 1 (the docs/theory.md §7 example), g(z) = z + z²/2, noise 0.1,
// d/n = N/n = 1, λ = 0.1; the visibility rule is VISIBILITY_RULE (src/simulate/onestep/simulate.ts).
// Finite-n cases (added with src/theory/onestep/finiteN.ts, defined before the n = 3000 level and the third n = 2000 seed
// were run): Gaussian-equivalent bulk edge of F0 with its Tracy–Widom shift; per (α, n) the BBP-predicted number of
// separated spikes vs the visible count and the predicted number of He_k-aligned outliers vs the aligned count; per
// spike the predicted outlier location and overlap² with He_k(X̃β). The ℓ(α) rows are the n → ∞ rule.
// Rule-match experiment (recorded in validation/experiments/onestep_rule_match/rule_match.{json,md}, not by this suite): one (α, c)
// per α interval chosen from the finite-n theory alone by the design rule stated above `RULE_MARGINS` below (margins
// θ_k/θ_c ≥ 1.3 and predicted He_k overlap² ≥ 0.6 for k ≤ ℓ, θ_k/θ_c ≤ 0.7 for k > ℓ; smallest c on 1.0, 1.1, …;
// α = the suite's α per interval), fixed before those cases were simulated. A second configuration (`RULE_CONFIGS.linear`,
// g(z) = z, recorded in rule_match_linear.{json,md}) was added AFTER the first record (base target) showed
// rank-one imprints of the large training residuals in F1; same design rule and observables.
// Seeds: 24 at n = 500 and 1000 (the levels with ridge cases), 3 above. The count is set by the measured seed-to-seed
// spread of the simulated ridge errors in this configuration (validation/experiments/onestep_errors_vs_n/errors_vs_n.json,
// 48 seeds at n = 500 and 24 at n = 1000): standard deviation per seed 14 % (train) and 11 % (test) of the mean at
// n = 500, 11 % and 8 % at n = 1000; 24 seeds put the se of every ridge case at ≤ 3 % of its mean (14/√24 = 2.9 %),
// the same count for every ridge case. (Earlier records: 3 seeds, then 8; e.g. F0 train error at n = 500: 3 seeds
// 0.292 ± 0.015, seeds 1–8 0.258 ± 0.014, theory 0.243.)
import { resolveActivation, resolveTarget } from '../../model/formulas.js';
import { onestepTheory, bulkModelOf, outlierOf, FINITE_N_APPROXIMATION, type OnestepTheory, type FiniteNSpike } from '../../theory/onestep/index.js';
import { simulateOnestepSeed, summarise, estimate, VISIBILITY_RULE, ALIGNED_RULE, SUBSPACE_RULE, type AlphaSummary } from '../../simulate/onestep/index.js';
import { verdict, type CaseResult, type Suite, type SuiteOptions } from '../suite.js';

/** The suite's base configuration (also the rule-match and imprint experiments' base, scripts/experiments/onestep). */
export const BASE = { act: 'sin(x)+cos(x)', target: 'z + z^2/2', noise: 0.1, c: 1, psi: 1, phi: 1, ridge: 0.1 };
const ALPHAS = [0.2, 0.3, 0.36];
const FULL = [
  { n: 500, seeds: 24, ridge: true },
  { n: 1000, seeds: 24, ridge: true },
  { n: 2000, seeds: 3, ridge: false },
  { n: 3000, seeds: 3, ridge: false },
];
const QUICK = [
  { n: 200, seeds: 2, ridge: true },
  { n: 300, seeds: 2, ridge: false },
  { n: 400, seeds: 2, ridge: false },
];

export const se0 = (se: number | null) => se ?? 0;

/** OLS slope of y on x with se propagated from independent per-point standard errors. */
function slope(x: number[], y: number[], sey: number[]): { slope: number; se: number } {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  const sxx = x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
  const b = x.reduce((a, xi, i) => a + (xi - mx) * (y[i]! - my), 0) / sxx;
  const v = x.reduce((a, xi, i) => a + (xi - mx) ** 2 * sey[i]! ** 2, 0);
  return { slope: b, se: Math.sqrt(v) / sxx };
}

interface Level {
  n: number;
  seeds: number[];
  theory: Map<number, OnestepTheory>;
  summary: AlphaSummary[];
  overlap: { mean: number; se: number | null };
  edge: number;
  edgeSe: number | null;
  edges: number[];
  trainF0: { mean: number; se: number | null } | null;
  testF0: { mean: number; se: number | null } | null;
}

/** The strongest predicted spike of each degree k ≤ kmax (finiteN.ts). */
export function byDegree(spikes: readonly FiniteNSpike[], kmax: number): Map<number, FiniteNSpike> {
  const out = new Map<number, FiniteNSpike>();
  for (const sp of spikes) if (sp.k <= kmax && !out.has(sp.k)) out.set(sp.k, sp);
  return out;
}

/** Finite-n cases at one (α, n): counts, outlier locations and overlaps vs the BBP prediction (finiteN.ts). */
function finiteCases(L: Level, s: AlphaSummary, th: OnestepTheory): CaseResult[] {
  const fn = th.finite_n;
  const cfg = { ...BASE, alpha: s.alpha, n: L.n, d: L.n, N: L.n, seeds: L.seeds };
  const kAlign = s.spikes.length;
  const pred = byDegree(fn.spikes, kAlign);
  const alignedPred = [...pred.values()].filter((sp) => sp.left_alignment2 > 0.5).length;
  const alignedUnc = [...pred.values()].filter((sp) => (sp.left_alignment2_range[0] > 0.5) !== (sp.left_alignment2_range[1] > 0.5)).length;
  const summary = [...pred.values()].map((sp) => `k=${sp.k}: θ=${sp.theta.toFixed(3)} (θ_c=${fn.theta_critical.toFixed(3)})${sp.separated ? `, outlier ${sp.outlier!.toFixed(2)}` : ', inside the bulk'}${sp.in_window ? ', in the critical window' : ''}`).join('; ');
  const model = bulkModelOf(th.sigma, BASE.psi, BASE.phi);
  const sqn = Math.sqrt(L.n);
  const cases: CaseResult[] = [
    {
      id: `finite-count-a${s.alpha}-n${L.n}`,
      description: `visible spikes (pre-registered rule) vs the finite-n BBP count of separated spikes, α = ${s.alpha}, n = ${L.n}`,
      quantity: 'number of spikes (finite n)', theory: fn.predicted_count, measured: s.visible_count.mean, se: se0(s.visible_count.se),
      allowance: fn.uncertain, allowance_reason: 'spikes inside the BBP critical window |θ − θ_c| ≤ θ_c n^{−1/3} (separation undecided at this n)',
      pass: verdict(fn.predicted_count, s.visible_count.mean, se0(s.visible_count.se), fn.uncertain),
      config: { ...cfg, per_seed: s.visible_counts, bulk_edge: fn.bulk_edge, asymptotic_rule: th.num_spikes },
      note: `Prediction: ${summary}. Measured: ${VISIBILITY_RULE}; per seed ${JSON.stringify(s.visible_counts)}. Approximation: ${FINITE_N_APPROXIMATION}.`,
    },
    {
      id: `finite-aligned-count-a${s.alpha}-n${L.n}`,
      description: `aligned spikes (alignment² > 1/2 with He_k(X̃β), k ≤ ${kAlign}) vs the BBP-predicted overlaps, α = ${s.alpha}, n = ${L.n}`,
      quantity: 'number of aligned spikes (finite n)', theory: alignedPred, measured: s.aligned_count.mean, se: se0(s.aligned_count.se),
      allowance: alignedUnc, allowance_reason: 'spikes whose predicted overlap² crosses 1/2 inside the critical window θ ± θ_c n^{−1/3}',
      pass: verdict(alignedPred, s.aligned_count.mean, se0(s.aligned_count.se), alignedUnc),
      config: { ...cfg, per_seed: s.aligned_counts, predicted_alignment2: [...pred.values()].map((sp) => ({ k: sp.k, value: sp.left_alignment2, range: sp.left_alignment2_range })) },
      note: `Prediction: ${summary}. Measured: ${ALIGNED_RULE}; per seed ${JSON.stringify(s.aligned_counts)}.`,
    },
  ];
  for (const [k, sp] of pred) {
    const m = s.spikes.find((x) => x.k === k);
    if (!m || !th.spikes.find((x) => x.k === k)?.present) continue;
    // O(1/√n) relative error of the kernel's θ (as in the proj- cases) and the critical-window smear.
    const at = (theta: number) => {
      const o = outlierOf(model, fn.bulk, theta);
      return { loc: o ? sqn * o.location : null, al: o ? o.left2 * sp.he_weight2 : 0 };
    };
    const dTheta = (2 * sp.theta) / sqn;
    const alVals = [at(sp.theta - dTheta).al, at(sp.theta + dTheta).al, ...sp.left_alignment2_range];
    const allowAl = Math.max(...alVals.map((v) => Math.abs(v - sp.left_alignment2)));
    // Below the window the BBP limit of the overlap is 0 but its finite-n size is not predicted: no case.
    if (sp.separated || sp.in_window) cases.push({
      id: `finite-align-a${s.alpha}-k${k}-n${L.n}`,
      description: `overlap² of the best-aligned top left singular vector with He_${k}(X̃β) vs BBP, α = ${s.alpha}, n = ${L.n}`,
      quantity: `alignment² k=${k}`, theory: sp.left_alignment2, measured: m.left_alignment2.mean, se: se0(m.left_alignment2.se), allowance: allowAl,
      allowance_reason: 'change of the prediction for θ within ±2θ/√n (O(1/√n) terms neglected by the kernel) and within the critical window θ ± θ_c n^{−1/3}',
      pass: verdict(sp.left_alignment2, m.left_alignment2.mean, se0(m.left_alignment2.se), allowAl),
      config: { ...cfg, theta: sp.theta, theta_critical: fn.theta_critical, he_weight2: sp.he_weight2, separated: sp.separated, in_window: sp.in_window },
      note: sp.separated ? `BBP overlap² with the spike direction ${sp.left_overlap2.toFixed(3)} × weight of He_${k} ${sp.he_weight2.toFixed(3)}` : 'inside the critical window, just below θ_c: the n → ∞ overlap is 0, the allowance spans the window',
    });
    if (sp.separated && !sp.in_window) {
      const locs = [at(sp.theta - dTheta).loc, at(sp.theta + dTheta).loc].filter((v): v is number => v !== null);
      const allowLoc = Math.max(...locs.map((v) => Math.abs(v - sp.outlier!)));
      cases.push({
        id: `finite-outlier-a${s.alpha}-k${k}-n${L.n}`,
        description: `singular value of the centred F best aligned with He_${k}(X̃β) vs the BBP outlier location, α = ${s.alpha}, n = ${L.n}`,
        quantity: `outlier k=${k}`, theory: sp.outlier, measured: m.singular_value.mean, se: se0(m.singular_value.se), allowance: allowLoc,
        allowance_reason: 'change of the location for θ within ±2θ/√n (O(1/√n) terms neglected by the kernel, as in the proj- cases)',
        pass: verdict(sp.outlier, m.singular_value.mean, se0(m.singular_value.se), allowLoc),
        config: { ...cfg, theta: sp.theta, bulk_edge: fn.bulk_edge, matched_index: m.index },
      });
    }
  }
  return cases;
}

export const onestepSuite: Suite = {
  name: 'onestep',
  describe: 'One large step (docs/theory.md §7): spike counts per α interval, spike magnitudes and growth exponents vs n, overlap, ridge errors',
  run: async (opts: SuiteOptions): Promise<CaseResult[]> => {
    const act = resolveActivation(BASE.act);
    const target = resolveTarget(BASE.target);
    const plan = opts.quick ? QUICK : FULL;
    const cases: CaseResult[] = [];
    const levels: Level[] = [];
    for (const lv of plan) {
      const seeds = Array.from({ length: lv.seeds }, (_, i) => 1 + i);
      const runs = seeds.map((seed) => {
        const r = simulateOnestepSeed({ ...BASE, act, target, alphas: ALPHAS, n: lv.n, seed, ridgeErrors: lv.ridge });
        opts.log?.(`onestep: n = ${lv.n}, seed ${seed}: ${r.seconds.toFixed(1)} s`);
        return r;
      });
      // F1's ridge errors are compared only at the levels that simulate them: elsewhere the isotropic-row errors suffice
      // (the row-correlation solve (8.15)–(8.19) costs seconds per α).
      const theory = new Map(ALPHAS.map((alpha) => [alpha, onestepTheory({ ...BASE, act, target, alpha, n: lv.n, rowCorrelations: lv.ridge })]));
      levels.push({
        n: lv.n, seeds, theory, summary: summarise(runs),
        overlap: estimate(runs.map((r) => r.overlap_beta)),
        edge: estimate(runs.map((r) => r.singular_values_F0[0]!)).mean,
        edgeSe: estimate(runs.map((r) => r.singular_values_F0[0]!)).se,
        edges: runs.map((r) => r.singular_values_F0[0]!),
        trainF0: lv.ridge ? estimate(runs.map((r) => r.train_error_F0!)) : null,
        testF0: lv.ridge ? estimate(runs.map((r) => r.test_error_F0!)) : null,
      });
    }

    for (const L of levels) {
      const cfg = { ...BASE, n: L.n, d: L.n, N: L.n, seeds: L.seeds };
      const th0 = L.theory.get(ALPHAS[0]!)!;
      cases.push({
        id: `overlap-n${L.n}`, description: `⟨β,β*⟩² of the one-step gradient direction, n = d = N = ${L.n}`, quantity: '⟨β,β*⟩²',
        theory: th0.overlap_beta, measured: L.overlap.mean, se: se0(L.overlap.se), allowance: 0, allowance_reason: '',
        pass: verdict(th0.overlap_beta, L.overlap.mean, se0(L.overlap.se), 0), config: cfg,
      });
      const fn0 = th0.finite_n;
      cases.push({
        id: `bulk-edge-n${L.n}`,
        description: `top singular value of the centred initial features F0 vs the Gaussian-equivalent bulk edge with its Tracy–Widom shift, n = d = N = ${L.n}`,
        quantity: 's_1(P F0 P)', theory: fn0.bulk_top_mean, measured: L.edge, se: se0(L.edgeSe), allowance: 0, allowance_reason: '',
        pass: verdict(fn0.bulk_top_mean, L.edge, se0(L.edgeSe), 0),
        config: { ...cfg, per_seed: L.edges, asymptotic_edge: fn0.bulk_edge, predicted_sd_per_seed: fn0.bulk_top_sd, theta_critical: fn0.theta_critical },
        note: `√n·E = ${fn0.bulk_edge.toFixed(3)} (n → ∞ edge of μ1 X̃W0ᵀ + μ*Z); √n·(E + TW1 mean·(cn)^{−2/3}) = ${fn0.bulk_top_mean.toFixed(3)}, predicted per-seed sd ${fn0.bulk_top_sd.toFixed(3)} (Tracy–Widom edge universality assumed)`,
      });
      for (const s of L.summary) {
        const th = L.theory.get(s.alpha)!;
        const present = th.spikes.filter((sp) => sp.present);
        cases.push({
          id: `count-a${s.alpha}-n${L.n}`,
          description: `visible spikes of the centred F at α = ${s.alpha} vs the n → ∞ rule ℓ(α) = ${th.num_spikes}, n = ${L.n}`,
          quantity: 'number of spikes', theory: th.num_spikes, measured: s.visible_count.mean, se: se0(s.visible_count.se), allowance: 0,
          allowance_reason: '', pass: verdict(th.num_spikes, s.visible_count.mean, se0(s.visible_count.se), 0),
          config: { ...cfg, alpha: s.alpha, per_seed: s.visible_counts, top_singular_values: s.singular_values.slice(0, 5).map((e) => e.mean), F0_edge: L.edge },
          note: `n → ∞ rule (Moniri et al. 2024), not expected at finite n — see finite-count-a${s.alpha}-n${L.n} for the finite-n prediction. Rule (pre-registered): ${VISIBILITY_RULE}. Per-seed counts ${JSON.stringify(s.visible_counts)}. The asymptotic count is a limit statement; spike k outgrows the bulk only like n^{kα−(k−1)/2}.`,
        });
        cases.push({
          id: `aligned-count-a${s.alpha}-n${L.n}`,
          description: `spikes identified by their singular vector (alignment² > 1/2 with He_k(X̃β)) at α = ${s.alpha} vs the n → ∞ rule ℓ(α) = ${th.num_spikes}, n = ${L.n}`,
          quantity: 'number of aligned spikes', theory: th.num_spikes, measured: s.aligned_count.mean, se: se0(s.aligned_count.se), allowance: 0,
          allowance_reason: '', pass: verdict(th.num_spikes, s.aligned_count.mean, se0(s.aligned_count.se), 0),
          config: { ...cfg, alpha: s.alpha, per_seed: s.aligned_counts, left_alignment2: s.spikes.map((x) => x.left_alignment2.mean) },
          note: `n → ∞ rule, not expected at finite n — see finite-aligned-count-a${s.alpha}-n${L.n}. Rule (added after the first recorded run, because the pre-registered rule also counted stretched bulk values): ${ALIGNED_RULE}. Per-seed counts ${JSON.stringify(s.aligned_counts)}.`,
        });
        cases.push(...finiteCases(L, s, th));
        for (const sp of present) {
          const m = s.spikes.find((x) => x.k === sp.k);
          if (!m) continue;
          const tp = th.projections[sp.k]!;
          const allow = (2 * Math.abs(tp)) / Math.sqrt(L.n) + 1;
          cases.push({
            id: `proj-a${s.alpha}-k${sp.k}-n${L.n}`,
            description: `spike ${sp.k} magnitude ĥ_kᵀF_c r̂_k (centred features on normalised He_${sp.k}(X̃β), He_${sp.k}(√N a)) at α = ${s.alpha}, n = ${L.n}`,
            quantity: `projection k=${sp.k}`, theory: tp, measured: m.projection.mean, se: se0(m.projection.se), allowance: allow,
            allowance_reason: 'O(1/√n) relative terms neglected by the finite-n kernel (2|theory|/√n) plus the O(1) projection of the bulk (1)',
            pass: verdict(tp, m.projection.mean, se0(m.projection.se), allow),
            config: { ...cfg, alpha: s.alpha, leading_order_singular_value: sp.singular_value, left_alignment2: m.left_alignment2.mean, right_alignment2: m.right_alignment2.mean, matched_index: m.index },
            note: `leading order (Moniri et al. Thm 3.2) s_k = ${sp.singular_value?.toPrecision(5)}; alignment² of the best singular pair with He_${sp.k}: left ${m.left_alignment2.mean.toFixed(3)}, right ${m.right_alignment2.mean.toFixed(3)}`,
          });
          const ks = sp.singular_value_smoothed!;
          if (ks > L.edge / 2) {
            const inflation = (L.edge * L.edge) / (4 * ks);
            const allowSv = inflation + (2 * ks) / Math.sqrt(L.n);
            cases.push({
              id: `sv-a${s.alpha}-k${sp.k}-n${L.n}`,
              description: `singular value of the centred F best aligned with He_${sp.k}(X̃β) at α = ${s.alpha}, n = ${L.n}`,
              quantity: `singular value k=${sp.k}`, theory: ks, measured: m.singular_value.mean, se: se0(m.singular_value.se), allowance: allowSv,
              allowance_reason: `BBP inflation by the bulk, E0²/(4s) for a square i.i.d.-like bulk with the measured F0 edge E0 = ${L.edge.toFixed(2)} (the kernel theory has no bulk), plus 2s/√n`,
              pass: verdict(ks, m.singular_value.mean, se0(m.singular_value.se), allowSv),
              config: { ...cfg, alpha: s.alpha, leading_order: sp.singular_value, F0_edge: L.edge },
            });
          }
        }
        if (L.trainF0 && s.train_error && s.test_error && L.testF0) {
          cases.push(
            { id: `ridge-test-a${s.alpha}-n${L.n}`, description: `ridge test error on the updated features F1, α = ${s.alpha}, n = ${L.n}`, quantity: 'test error F1',
              theory: th.test_error, measured: s.test_error.mean, se: se0(s.test_error.se), allowance: 0, allowance_reason: '',
              pass: verdict(th.test_error, s.test_error.mean, se0(s.test_error.se), 0), config: { ...cfg, alpha: s.alpha },
              note: `approximation: ${th.approximation}` },
            { id: `ridge-train-a${s.alpha}-n${L.n}`, description: `ridge train error on F1, α = ${s.alpha}, n = ${L.n}`, quantity: 'train error F1',
              theory: th.train_error, measured: s.train_error.mean, se: se0(s.train_error.se), allowance: 0, allowance_reason: '',
              pass: verdict(th.train_error, s.train_error.mean, se0(s.train_error.se), 0), config: { ...cfg, alpha: s.alpha } },
          );
        }
      }
      if (L.trainF0 && L.testF0) {
        cases.push(
          { id: `ridge-test-F0-n${L.n}`, description: `ridge test error on the initial features F0, n = ${L.n}`, quantity: 'test error F0',
            theory: th0.errors.F0.test_error, measured: L.testF0.mean, se: se0(L.testF0.se), allowance: 0, allowance_reason: '',
            pass: verdict(th0.errors.F0.test_error, L.testF0.mean, se0(L.testF0.se), 0), config: cfg },
          { id: `ridge-train-F0-n${L.n}`, description: `ridge train error on F0, n = ${L.n}`, quantity: 'train error F0',
            theory: th0.errors.F0.train_error, measured: L.trainF0.mean, se: se0(L.trainF0.se), allowance: 0, allowance_reason: '',
            pass: verdict(th0.errors.F0.train_error, L.trainF0.mean, se0(L.trainF0.se), 0), config: cfg },
        );
      }
    }

    // Growth exponents: slope of log(|ĥ_kᵀF_c r̂_k|/√n) against log n, measured and finite-n kernel.
    for (const alpha of ALPHAS) {
      const th = levels[0]!.theory.get(alpha)!;
      for (const sp of th.spikes.filter((x) => x.present)) {
        const x = levels.map((L) => Math.log(L.n));
        const meas = levels.map((L) => L.summary.find((s) => s.alpha === alpha)!.spikes.find((m) => m.k === sp.k));
        if (meas.some((m) => !m || Math.abs(m.projection.mean) <= 3 * se0(m.projection.se))) continue;
        const y = meas.map((m, i) => Math.log(Math.abs(m!.projection.mean)) - 0.5 * x[i]!);
        const sey = meas.map((m) => se0(m!.projection.se) / Math.abs(m!.projection.mean));
        const fit = slope(x, y, sey);
        const ky = levels.map((L, i) => Math.log(Math.abs(L.theory.get(alpha)!.projections[sp.k]!)) - 0.5 * x[i]!);
        const kfit = slope(x, ky, ky.map(() => 0));
        const expo = sp.growth_exponent;
        cases.push({
          id: `exponent-a${alpha}-k${sp.k}`,
          description: `effective growth exponent of spike ${sp.k} relative to the bulk (slope of log(|ĥ_kᵀF_c r̂_k|/√n) on log n), α = ${alpha}, n = ${levels.map((L) => L.n).join(', ')}; theory: the same slope of the finite-n kernel`,
          quantity: `d log(s_${sp.k}/√n)/d log n`, theory: kfit.slope, measured: fit.slope, se: fit.se, allowance: 0, allowance_reason: '',
          pass: verdict(kfit.slope, fit.slope, fit.se, 0),
          config: { ...BASE, alpha, n: levels.map((L) => L.n), asymptotic_exponent: expo },
          note: `finite-n prediction: the same slope of the kernel; the n → ∞ exponent kα − (k−1)/2 = ${expo.toFixed(3)} (measured − asymptotic = ${(fit.slope - expo).toFixed(3)} ± ${fit.se.toFixed(3)}) is NOT reached at these n (finite-n corrections of relative order n^{α−1/2}); the kernel reduces to it as n → ∞ (unit test)`,
        });
      }
    }
    return cases;
  },
};
