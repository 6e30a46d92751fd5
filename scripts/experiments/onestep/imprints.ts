// Imprint experiment of the one-step theory (recorded by scripts/experiments/onestep/recordImprints.ts into
// validation/experiments/onestep_imprints/; not part of the onestep suite). Theory: src/theory/onestep/imprint.ts — each training sample i is a rank-one spike of size
// θ_i = κ_imp|r_i| (units √n) with left direction ≈ X̃x_i (modulated by a function of t = X̃β).
// Fixed before the recorded run (only seed 1 at n = 1000 and 2000 of the base configuration had been looked at, by a
// diagnostic script, when the imprint kernel was derived):
//   points: base configuration (σ = sin + cos, g = z + z²/2, noise 0.1, d = N = n) at α = 0.36 with the rule-match c
//   (n = 1000, 2000: c = 2.5; n = 3000: c = 1.9), and the linear target g = z at α = 0.36, c = 2.5, n = 2000; seeds 1–4.
//   Imprint outlier: one of the top-10 singular values of F1c above the predicted bulk top + 3 TW sd whose left vector
//   has overlap² ≥ IMPRINT_MIN with span{X̃x_i: the 10 samples of largest |r_i|} and more than with span{He_1..He_4}
//   (IMPRINT_MIN = 0.1, 10× the chance overlap of a unit vector with a 10-dimensional span at n = 1000).
//   Cases: (1) number of imprint outliers vs the predicted n·P(|y| > r_c) (capped at the 10 computed values);
//   se = max(se over seeds, √(E/S)), the Poisson standard error of a mean of S counts with mean E — amended after the
//   first recorded run, where the linear case (E = 3e-5, 0 on every seed) failed only because se over seeds was 0;
//   (2) conditional location: per seed, the singular value whose vector overlaps most with X̃x_i of the largest-|r| sample
//   vs the BBP location of θ = κ_imp|r_i| with that seed's r_i (pass on the mean difference over seeds ± 3 se).
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { bulkModelOf, onestepTheory, outlierOf } from '../../../src/theory/onestep/index.js';
import { simulateOnestepSeed, type AlphaResult } from '../../../src/simulate/onestep/index.js';
import { meanSe } from '../../../src/numerics/stats.js';
import { verdict, type CaseResult } from '../../../src/compare/suite.js';
import { RULE_CONFIGS } from './ruleMatch.js';

export const IMPRINT_MIN = 0.1;
export const IMPRINT_SEEDS = [1, 2, 3, 4];
/** σ, noise, ratios, ridge of the onestep suite (the rule-match base configuration); the target varies per point. */
const { act: ACT, noise, psi, phi, ridge } = RULE_CONFIGS.base;
const BASE = { noise, psi, phi, ridge };
export const IMPRINT_POINTS = [
  { target: 'z + z^2/2', alpha: 0.36, c: 2.5, n: 1000 },
  { target: 'z + z^2/2', alpha: 0.36, c: 2.5, n: 2000 },
  { target: 'z + z^2/2', alpha: 0.36, c: 1.9, n: 3000 },
  { target: 'z', alpha: 0.36, c: 2.5, n: 2000 },
];

/** Imprint outliers of one run (rule in the header). */
export function imprintOutliers(a: AlphaResult, threshold: number): number {
  return a.singular_values.filter((s, i) => s > threshold && a.imprint.span_overlap2[i]! >= IMPRINT_MIN && a.imprint.span_overlap2[i]! > polynomialOverlap(a, i)).length;
}

function polynomialOverlap(a: AlphaResult, i: number): number {
  return a.spikes.reduce((acc, sp) => acc + (sp.index === i ? sp.left_alignment2 : 0), 0);
}

export function imprintCases(log?: (line: string) => void, seeds: readonly number[] = IMPRINT_SEEDS, points = IMPRINT_POINTS): CaseResult[] {
  const act = resolveActivation(ACT);
  const cases: CaseResult[] = [];
  for (const p of points) {
    const target = resolveTarget(p.target);
    const th = onestepTheory({ ...BASE, act, target, c: p.c, alpha: p.alpha, n: p.n });
    const f = th.finite_n;
    const imp = f.imprints!;
    const model = bulkModelOf(th.sigma, BASE.psi, BASE.phi);
    const threshold = f.bulk_top_mean + 3 * f.bulk_top_sd;
    const runs = seeds.map((seed) => {
      const r = simulateOnestepSeed({ ...BASE, act, target, c: p.c, alphas: [p.alpha], n: p.n, seed, ridgeErrors: false });
      log?.(`imprints: ${p.target}, n = ${p.n}, seed ${seed}: ${r.seconds.toFixed(1)} s`);
      return r.alphas[0]!;
    });
    const counts = runs.map((a) => imprintOutliers(a, threshold));
    const C = meanSe(counts);
    const predicted = Math.min(imp.expected_count, 10);
    const id = `imprint-${p.target === 'z' ? 'linear' : 'base'}-a${p.alpha}-c${p.c}-n${p.n}`;
    const cfg = {
      ...BASE, target: p.target, alpha: p.alpha, c: p.c, n: p.n, d: p.n, N: p.n, seeds: [...seeds], threshold,
      kappa_imp: imp.kappa, r_critical: imp.r_critical, expected_count: imp.expected_count,
      per_seed_count: counts, per_seed_residuals: runs.map((a) => a.imprint.residuals.slice(0, 5)),
      per_seed_top_singular_values: runs.map((a) => a.singular_values.slice(0, 8)),
      per_seed_imprint_overlap2: runs.map((a) => a.imprint.span_overlap2.slice(0, 8)),
    };
    const se = Math.max(Number.isFinite(C.se) ? C.se : 0, Math.sqrt(predicted / seeds.length));
    cases.push({
      id: `${id}-count`, description: `number of imprint outliers (header rule) vs n·P(|y| > r_c), r_c = θ_c/κ_imp = ${imp.r_critical.toFixed(3)}`,
      quantity: 'number of imprint outliers', theory: predicted, measured: C.mean, se, allowance: 0, allowance_reason: '',
      pass: verdict(predicted, C.mean, se, 0), config: cfg, note: `Per seed ${JSON.stringify(counts)}.`,
    });
    // Conditional location of the largest-|r| sample's imprint.
    const diffs: number[] = [];
    const pairs: Array<{ r: number; predicted: number | null; measured: number | null; overlap2: number }> = [];
    for (const a of runs) {
      const r0 = Math.abs(a.imprint.residuals[0]!);
      const o = outlierOf(model, f.bulk, imp.kappa * r0);
      const predictedLoc = o ? Math.sqrt(p.n) * o.location : null;
      let best = -1;
      a.imprint.sample.forEach((s, i) => { if (s === 0 && (best < 0 || a.imprint.overlap2[i]! > a.imprint.overlap2[best]!)) best = i; });
      const measured = best >= 0 && a.imprint.overlap2[best]! >= IMPRINT_MIN ? a.singular_values[best]! : null;
      pairs.push({ r: r0, predicted: predictedLoc, measured, overlap2: best >= 0 ? a.imprint.overlap2[best]! : 0 });
      if (predictedLoc !== null && measured !== null) diffs.push(measured - predictedLoc);
    }
    if (pairs.some((q) => q.predicted !== null || q.measured !== null)) {
      const D = meanSe(diffs);
      const ok = diffs.length === pairs.length;
      const dse = Number.isFinite(D.se) ? D.se : 0;
      cases.push({
        id: `${id}-largest`, description: 'singular value of the largest-|r| sample\'s imprint minus its BBP location at θ = κ_imp|r_i| (per seed, conditional on r_i)',
        quantity: 'measured − predicted location', theory: 0, measured: ok ? D.mean : null, se: dse, allowance: 0, allowance_reason: '',
        pass: ok && verdict(0, D.mean, dse, 0), config: { ...cfg, per_seed: pairs },
        note: `Per seed (|r|, predicted, measured, overlap²): ${pairs.map((q) => `(${q.r.toFixed(2)}, ${q.predicted?.toFixed(2) ?? 'none'}, ${q.measured?.toFixed(2) ?? 'none'}, ${q.overlap2.toFixed(2)})`).join(' ')}` +
          (ok ? '' : '; not every seed has both a predicted and a measured imprint (fails)'),
      });
    }
  }
  return cases;
}
