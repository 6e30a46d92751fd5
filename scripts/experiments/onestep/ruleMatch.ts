// Rule-match experiment of the one-step theory (docs/theory.md §7): do the spike counts ℓ(α) appear at finite n?
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { onestepTheory, type OnestepTheory } from '../../../src/theory/onestep/index.js';
import { simulateOnestepSeed, estimate, VISIBILITY_RULE, ALIGNED_RULE, SUBSPACE_RULE } from '../../../src/simulate/onestep/index.js';
import { verdict, type CaseResult } from '../../../src/compare/suite.js';
import { BASE, byDegree, se0 } from '../../../src/compare/suites/onestep.js';

// Recorded in validation/experiments/onestep_rule_match/ by scripts/experiments/onestep/recordRuleMatch.ts; not part
// of the onestep suite (it takes ≈ 12 min alone).
// Design rule, fixed from the finite-n theory (`onestep … --n N`, finiteN.ts) BEFORE any simulation of these cases:
//   σ, g, noise, d = N = n, ridge as BASE; n ∈ {2000, 3000}; seeds 1, 2, 3; α per interval = the suite's α
//   (0.2 ∈ (0,1/4), 0.3 ∈ (1/4,1/3), 0.36 ∈ (1/3,3/8)) — no search over α; c on the grid 1.0, 1.1, …, 4.0.
//   Margins at (α, c, n), ℓ = ℓ(α): for every degree k ≤ ℓ, θ_k/θ_c ≥ 1.3 (separated) and predicted overlap² of
//   the outlier with He_k(X̃β) ≥ 0.6 (aligned); for every k > ℓ, θ_k/θ_c ≤ 0.7 (not separated).
//   c = the smallest grid value meeting, in this order of preference: (1) all margins at both n (one c per interval);
//   (2) all margins at each n (c per n); (3) the separation margins at both n; (4) the separation margins at each n.
//   c = 1 is therefore used wherever it meets the margins.
// Observables (fixed before simulating): aligned count = ALIGNED_RULE (overlap² > 1/2 with He_k, k ≤ 4); visible
// count = #{top-10 singular values of F1c above the predicted bulk top √n(E + TW1 mean·(cn)^{−2/3}) + 3 TW sd}
// (bulk.ts; the step's change of the bulk is not modelled, see finiteN.ts); VISIBILITY_RULE count also reported.
// Cases: theory = ℓ(α) (the n → ∞ rule) with allowance 0, and theory = the finite-n prediction at the design point.
// Added AFTER the first recorded run (which showed, as predicted, spike 3 separated at α = 0.36 but with overlap² < 1/2
// with He_3 alone): the `-subspace` cases count SUBSPACE_RULE (overlap² > 1/2 with span{He_1..He_4}(X̃β)); its
// finite-n prediction is #{separated spikes with BBP overlap² × weight of span{p_1..p_4} > 1/2}. Same design, seeds.
// Second configuration, added after the first record (RULE_CONFIGS; `--config NAME` of the recorder): the base
// record showed that with g(z) = z + z²/2 the training samples with the largest residuals |r_i| (up to ≈ 10)
// imprint rank-one outliers on F1 after the step, which bury spike 3 at α = 0.36. `linear`
// (g(z) = z, same σ, noise, ψ, φ, ridge) has no heavy-tailed residuals; it is run with the SAME design rule, grid,
// n, seeds and observables, recorded in rule_match_linear.{json,md}; case ids are prefixed `linear-`. Per case the
// config also records the predicted number of residual imprint outliers (finiteN.ts `imprints`) and per seed the
// imprint overlaps (simulate.ts); "unexplained outliers" per seed = visible − subspace count.
// These are recorded only; no verdict is attached to them.

export const RULE_MARGINS = { separatedMin: 1.3, alignedMin: 0.6, notSeparatedMax: 0.7 };
export const RULE_NS = [2000, 3000];
export const RULE_SEEDS = [1, 2, 3];
export const RULE_INTERVALS = [
  { interval: 1, label: '(0, 1/4)', alpha: 0.2 },
  { interval: 2, label: '(1/4, 1/3)', alpha: 0.3 },
  { interval: 3, label: '(1/3, 3/8)', alpha: 0.36 },
];
/** A named configuration of the rule-match experiment: the BASE fields with some replaced, and why it exists. */
export interface RuleConfig {
  name: string;
  why: string;
  act: string;
  target: string;
  noise: number;
  c: number;
  psi: number;
  phi: number;
  ridge: number;
}

export const RULE_CONFIGS = {
  base: { name: 'base', ...BASE, why: 'the onestep suite configuration: g(z) = z + z²/2' },
  linear: {
    name: 'linear', ...BASE, target: 'z',
    why: 'g(z) = z: no heavy-tailed training residuals, hence no residual imprints (added after the base record showed them)',
  },
} satisfies Record<string, RuleConfig>;

/** The model fields of a rule configuration (without name and why). */
function ruleFields(config: RuleConfig) {
  const { act, target, noise, c, psi, phi, ridge } = config;
  return { act, target, noise, c, psi, phi, ridge };
}

const RULE_C_GRID = Array.from({ length: 31 }, (_, i) => Math.round((1 + 0.1 * i) * 10) / 10);

export interface RuleDesignPoint {
  /** RULE_CONFIGS name and its target g(z). */
  config: string;
  target: string;
  interval: number;
  label: string;
  alpha: number;
  ell: number;
  n: number;
  c: number;
  /** Which preference (1–4 of the design rule) selected c. */
  preference: number;
  /** Per degree k: θ_k/θ_c, predicted He_k alignment², separated, in the critical window. */
  spikes: Array<{ k: number; ratio: number; alignment2: number; separated: boolean; in_window: boolean }>;
  predicted_count: number;
  predicted_aligned_count: number;
  /** #{separated spikes with BBP overlap² × span_weight2 > 1/2} (prediction for SUBSPACE_RULE). */
  predicted_subspace_count: number;
  uncertain: number;
  aligned_uncertain: number;
  bulk_top_mean: number;
  bulk_top_sd: number;
  /** Predicted number of rank-one residual-imprint outliers (finiteN.ts `imprints.expected_count`; null if absent). */
  predicted_imprint_count: number | null;
  margins_met: { separation: boolean; alignment: boolean };
}

function ruleTheory(alpha: number, c: number, n: number, config: RuleConfig): OnestepTheory {
  const f = ruleFields(config);
  return onestepTheory({ ...f, c, act: resolveActivation(f.act), target: resolveTarget(f.target), alpha, n });
}

/** Design point data and the margin checks of the design rule (header above) at (α, c, n) for one configuration. */
export function ruleDesignAt(interval: { interval: number; label: string; alpha: number }, c: number, n: number, preference = 0, config: RuleConfig = RULE_CONFIGS.base): RuleDesignPoint {
  const th = ruleTheory(interval.alpha, c, n, config);
  const fn = th.finite_n;
  const ell = th.num_spikes;
  const byK = byDegree(fn.spikes, 99);
  const spikes = [...byK.values()].sort((x, y) => x.k - y.k).map((sp) => ({
    k: sp.k, ratio: sp.theta / fn.theta_critical, alignment2: sp.left_alignment2, separated: sp.separated, in_window: sp.in_window,
  }));
  const upTo = spikes.filter((s) => s.k <= ell);
  const above = spikes.filter((s) => s.k > ell);
  const separation = upTo.length === ell && upTo.every((s) => s.ratio >= RULE_MARGINS.separatedMin) && above.every((s) => s.ratio <= RULE_MARGINS.notSeparatedMax);
  const alignment = upTo.length === ell && upTo.every((s) => s.alignment2 >= RULE_MARGINS.alignedMin);
  return {
    config: config.name, target: config.target,
    interval: interval.interval, label: interval.label, alpha: interval.alpha, ell, n, c, preference, spikes,
    predicted_count: fn.predicted_count,
    predicted_subspace_count: fn.spikes.filter((sp) => sp.separated && sp.left_overlap2 * sp.span_weight2 > 0.5).length,
    predicted_aligned_count: [...byK.values()].filter((s) => s.k <= 4 && s.left_alignment2 > 0.5).length,
    uncertain: fn.uncertain, aligned_uncertain: fn.aligned_uncertain, bulk_top_mean: fn.bulk_top_mean, bulk_top_sd: fn.bulk_top_sd,
    predicted_imprint_count: fn.imprints?.expected_count ?? null,
    margins_met: { separation, alignment },
  };
}

/** The design rule (header above): for each interval, c from the finite-n theory only, for one configuration. */
export function ruleDesign(log?: (line: string) => void, config: RuleConfig = RULE_CONFIGS.base): RuleDesignPoint[] {
  const tag = config.name === 'base' ? '' : ` [${config.name}]`;
  const out: RuleDesignPoint[] = [];
  for (const iv of RULE_INTERVALS) {
    const cache = new Map<string, RuleDesignPoint>();
    const at = (c: number, n: number) => {
      const key = `${c}:${n}`;
      if (!cache.has(key)) cache.set(key, ruleDesignAt(iv, c, n, 0, config));
      return cache.get(key)!;
    };
    const full = (p: RuleDesignPoint) => p.margins_met.separation && p.margins_met.alignment;
    const sep = (p: RuleDesignPoint) => p.margins_met.separation;
    const joint = (ok: (p: RuleDesignPoint) => boolean) => RULE_C_GRID.find((c) => RULE_NS.every((n) => ok(at(c, n))));
    const perN = (ok: (p: RuleDesignPoint) => boolean) => RULE_NS.map((n) => RULE_C_GRID.find((c) => ok(at(c, n))));
    let chosen: Array<{ c: number; pref: number }> | null = null;
    const j1 = joint(full);
    if (j1 !== undefined) chosen = RULE_NS.map(() => ({ c: j1, pref: 1 }));
    const p2 = chosen ? [] : perN(full);
    if (!chosen && p2.every((c) => c !== undefined)) chosen = p2.map((c) => ({ c: c!, pref: 2 }));
    const j3 = chosen ? undefined : joint(sep);
    if (!chosen && j3 !== undefined) chosen = RULE_NS.map(() => ({ c: j3, pref: 3 }));
    const p4 = chosen ? [] : perN(sep);
    if (!chosen && p4.every((c) => c !== undefined)) chosen = p4.map((c) => ({ c: c!, pref: 4 }));
    if (!chosen) throw new Error(`ruleDesign${tag}: no c on the grid meets the separation margins for interval ${iv.label}`);
    RULE_NS.forEach((n, i) => {
      const p = { ...at(chosen![i]!.c, n), preference: chosen![i]!.pref };
      log?.(`rule design${tag}: interval ${iv.label}, α = ${iv.alpha}, n = ${n}: c = ${p.c} (preference ${p.preference}), θ_k/θ_c = ${p.spikes.map((s) => s.ratio.toFixed(2)).join(', ')}`);
      out.push(p);
    });
  }
  return out;
}

/** Count of the top singular values above the predicted bulk top + 3 Tracy–Widom sd (header above). */
export function countAbovePredictedTop(values: readonly number[], p: Pick<RuleDesignPoint, 'bulk_top_mean' | 'bulk_top_sd'>): number {
  const thr = p.bulk_top_mean + 3 * p.bulk_top_sd;
  return values.filter((v) => v > thr).length;
}

/** Runs the rule-match simulations for a design of one configuration (one process, sequential) and returns its cases. */
export function ruleMatchCases(design: readonly RuleDesignPoint[], log?: (line: string) => void, seeds: readonly number[] = RULE_SEEDS, config: RuleConfig = RULE_CONFIGS.base): CaseResult[] {
  const f = ruleFields(config);
  const isBase = config.name === 'base';
  const tag = isBase ? '' : ` [${config.name}]`;
  for (const p of design) if (p.config !== config.name) throw new Error(`ruleMatchCases: design point of configuration '${p.config}' run with configuration '${config.name}'`);
  const act = resolveActivation(f.act);
  const target = resolveTarget(f.target);
  const cases: CaseResult[] = [];
  for (const n of [...new Set(design.map((p) => p.n))]) {
    const pts = design.filter((p) => p.n === n);
    const runs = seeds.map((seed) => {
      const r = simulateOnestepSeed({ ...f, act, target, alphas: pts.map((p) => p.alpha), cs: pts.map((p) => p.c), n, seed, ridgeErrors: false });
      log?.(`rule-match${tag}: n = ${n}, seed ${seed}: ${r.seconds.toFixed(1)} s`);
      return r;
    });
    pts.forEach((p, ia) => {
      const per = runs.map((r) => r.alphas[ia]!);
      const aligned = per.map((a) => a.aligned_count);
      const visible = per.map((a) => countAbovePredictedTop(a.singular_values, p));
      const visRule = per.map((a) => a.visible_count);
      const subspace = per.map((a) => a.subspace_count);
      const S = estimate(subspace);
      const A = estimate(aligned);
      const V = estimate(visible);
      const unexplained = visible.map((v, i) => v - subspace[i]!);
      const cfg = {
        rule_config: config.name, ...f, c: p.c, alpha: p.alpha, n, d: n, N: n, seeds: [...seeds], design_preference: p.preference, ell: p.ell,
        theta_over_theta_c: p.spikes.map((s) => ({ k: s.k, ratio: s.ratio, predicted_alignment2: s.alignment2 })),
        predicted_count: p.predicted_count, predicted_aligned_count: p.predicted_aligned_count,
        predicted_subspace_count: p.predicted_subspace_count, per_seed_subspace: subspace,
        per_seed_aligned: aligned, per_seed_visible: visible, per_seed_visibility_rule: visRule,
        per_seed_alignment2: per.map((a) => a.spikes.map((s) => s.left_alignment2)),
        per_seed_top_singular_values: per.map((a) => a.singular_values.slice(0, 6)),
        predicted_bulk_top: p.bulk_top_mean, predicted_bulk_top_sd: p.bulk_top_sd, eta: per[0]!.eta,
        predicted_imprint_count: p.predicted_imprint_count,
        per_seed_unexplained_outliers: unexplained,
        per_seed_imprint_span_overlap2: per.map((a) => a.imprint.span_overlap2),
      };
      const pred = `finite-n prediction at c = ${p.c}: θ_k/θ_c = ${p.spikes.map((s) => `${s.k}: ${s.ratio.toFixed(2)}`).join(', ')}; predicted He_k overlap² ${p.spikes.filter((s) => s.separated).map((s) => `${s.k}: ${s.alignment2.toFixed(2)}`).join(', ')}; separated ${p.predicted_count}, aligned ${p.predicted_aligned_count}`;
      const base = `${isBase ? '' : `${config.name}-`}rule-interval${p.interval}-a${p.alpha}-c${p.c}-n${n}`;
      const mk = (suffix: string, what: string, theory: number, est: { mean: number; se: number | null }, perSeed: number[], extra: string): CaseResult => ({
        id: `${base}-${suffix}`,
        description: `${what} at α = ${p.alpha} ∈ ${p.label}, c = ${p.c} (design preference ${p.preference}), n = d = N = ${n}${isBase ? '' : `; configuration ${config.name}, g(z) = ${config.target}`}`,
        quantity: suffix.startsWith('aligned') ? 'number of aligned spikes' : suffix.startsWith('subspace') ? 'number of polynomial outliers' : 'number of visible spikes',
        theory, measured: est.mean, se: se0(est.se), allowance: 0, allowance_reason: '',
        pass: verdict(theory, est.mean, se0(est.se), 0), config: cfg,
        note: `${pred}. Per seed ${JSON.stringify(perSeed)}. ${extra}`,
      });
      cases.push(
        mk('aligned', `aligned count (${ALIGNED_RULE}) vs the n → ∞ rule ℓ(α) = ${p.ell}`, p.ell, A, aligned, ''),
        mk('visible', `count of singular values of F1c above the predicted bulk top + 3 TW sd vs ℓ(α) = ${p.ell}`, p.ell, V, visible, `Threshold ${(p.bulk_top_mean + 3 * p.bulk_top_sd).toFixed(2)}; ${VISIBILITY_RULE}: per seed ${JSON.stringify(visRule)}.`),
        mk('aligned-finite', `aligned count vs the finite-n predicted aligned count ${p.predicted_aligned_count}`, p.predicted_aligned_count, A, aligned, ''),
        mk('visible-finite', `visible count (above predicted bulk top + 3 TW sd) vs the finite-n predicted separated count ${p.predicted_count}`, p.predicted_count, V, visible, ''),
        mk('subspace', `polynomial-outlier count (${SUBSPACE_RULE}) vs ℓ(α) = ${p.ell}`, p.ell, S, subspace, isBase ? 'Observable added after the first recorded run (see header of src/compare/suites/onestep.ts).' : ''),
        mk('subspace-finite', `polynomial-outlier count vs the finite-n predicted count ${p.predicted_subspace_count}`, p.predicted_subspace_count, S, subspace, isBase ? 'Observable added after the first recorded run.' : ''),
      );
    });
  }
  return cases;
}
