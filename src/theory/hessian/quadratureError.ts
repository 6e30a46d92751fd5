// Quadrature error estimate of an answer computed from the joint-law atoms (docs/theory.md (0.7): report the quadrature order
// used and an error estimate). The answer is computed on the atoms at two resolutions of the same rule
// (jointLaw.coarserAtomOptions: n and ⌈3n/4⌉ nodes per panel or per dimension, or an independent scramble of
// the randomised QMC rule) and
//   error_estimate = max over the reported numbers x of |x_fine − x_coarse| / scale(x),
// scale = |x_fine| for thresholds δ* (relative), the spectrum's scale max(|edge|, |outliers|) for eigenvalues, 1 for
// squared overlaps (absolute). A number that exists at one resolution and not at the other (null: no outlier, no
// threshold) is an infinite difference. The answer is converged iff error_estimate ≤ the tolerance.
import type { SolverStatus } from '../../core/status.js';
import { resolutionLabel, type JointAtoms } from './jointLaw.js';

/** Relative tolerance on the two-resolution difference: the tolerance of the population-state δNN
 *  (src/theory/population/population.ts), i.e. the last of the 4 significant digits in which the docs/theory.md §4 reference values are quoted. */
export const HESSIAN_QUADRATURE_RTOL = 1e-3;

/** One reported number at the two resolutions; |fine − coarse| is divided by scale (> 0). */
export interface ComparedValue {
  name: string;
  fine: number | null;
  coarse: number | null;
  scale: number;
}

export interface RuleSummary {
  rule: string;
  atoms: number;
  resolution: string;
}

export interface QuadratureEstimate extends RuleSummary {
  /** The coarser resolution (null: nothing was integrated that needs a comparison). */
  compared_with: RuleSummary | null;
  /** max |fine − coarse| / scale over the compared numbers (Infinity: one resolution finds a number the other does not). */
  error_estimate: number;
  /** The number attaining error_estimate. */
  worst: string | null;
  /** Every compared number at both resolutions (what error_estimate is the maximum over). */
  values: ComparedValue[];
  tolerance: number;
  status: SolverStatus;
}

const summary = (a: JointAtoms): RuleSummary => ({ rule: a.rule, atoms: a.size, resolution: resolutionLabel(a.resolution) });

/** A threshold-like number compared relative to itself. */
export function relative(name: string, fine: number | null, coarse: number | null): ComparedValue {
  const ref = fine ?? coarse;
  return { name, fine, coarse, scale: ref === null || ref === 0 ? 1 : Math.abs(ref) };
}

/** A number compared in absolute terms (squared overlaps ∈ [0, 1]). */
export function absolute(name: string, fine: number | null, coarse: number | null): ComparedValue {
  return { name, fine, coarse, scale: 1 };
}

/** Eigenvalues compared relative to the spectrum's scale (the largest |value| among them at the finer resolution). */
export function eigenvalues(pairs: ReadonlyArray<readonly [string, number | null, number | null]>): ComparedValue[] {
  const s = pairs.reduce((m, [, f]) => (f === null ? m : Math.max(m, Math.abs(f))), 0);
  return pairs.map(([name, fine, coarse]) => ({ name, fine, coarse, scale: s > 0 ? s : 1 }));
}

/** max over the values of |fine − coarse|/scale (0 for an empty list; a pair with both null counts 0, one null ∞;
 *  NaN propagates, so a NaN answer can never look converged), and the name attaining it. Shared by the Hessian
 *  answers here and by `flcalc spectral` (src/present/cli/commands/spectral.ts). */
export function maxScaledDifference(values: readonly ComparedValue[]): { error: number; worst: string | null } {
  let error = 0;
  let worst: string | null = null;
  for (const v of values) {
    const e = v.fine === null && v.coarse === null ? 0 : v.fine === null || v.coarse === null ? Infinity : Math.abs(v.fine - v.coarse) / v.scale;
    if (Number.isNaN(error)) break; // NaN is sticky, as in Math.max
    if (!(e <= error)) {
      error = e;
      worst = v.name;
    }
  }
  return { error, worst };
}

/** The two-resolution error estimate and its status for `what` (see the file comment). */
export function quadratureEstimate(
  what: string,
  values: readonly ComparedValue[],
  fine: JointAtoms,
  coarse: JointAtoms | null,
  tolerance = HESSIAN_QUADRATURE_RTOL,
): QuadratureEstimate {
  const { error: err, worst } = maxScaledDifference(values);
  const method = `two quadrature resolutions (${resolutionLabel(fine.resolution)} vs ${coarse ? resolutionLabel(coarse.resolution) : '—'})`;
  const base = { ...summary(fine), compared_with: coarse ? summary(coarse) : null, values: [...values], tolerance };
  if (coarse === null || values.length === 0)
    return { ...base, error_estimate: 0, worst: null, status: { converged: true, residual: 0, iterations: 1, method } };
  // The comparison is void if the coarser rule is the same rule (possible only for tiny explicit orders).
  if (coarse.rule === fine.rule && coarse.size === fine.size)
    return {
      ...base, error_estimate: Infinity, worst: null,
      status: { converged: false, residual: Infinity, iterations: 2, method, message: `${what}: the coarser resolution is the same rule (order too small); no error estimate` },
    };
  const converged = err <= tolerance;
  const mc = fine.resolution.kind === 'rqmc';
  const diff = !Number.isFinite(err)
    ? `${worst} exists at one resolution and not at the other`
    : `${worst} differs by ${err.toExponential(2)} (relative)`;
  return {
    ...base, error_estimate: err, worst,
    status: {
      converged, residual: err, iterations: 2, method,
      ...(converged ? {} : { message: `${what}: ${diff} between ${mc ? 'two independent randomised-QMC scrambles' : `${resolutionLabel(fine.resolution)} and ${resolutionLabel(coarse.resolution)}`} (tolerance ${tolerance})` }),
    },
  };
}

/** The larger of two estimates of one answer (e.g. thresholds and spectrum reported together). */
export function worseEstimate(a: QuadratureEstimate, b: QuadratureEstimate): QuadratureEstimate {
  return b.error_estimate > a.error_estimate || (!b.status.converged && a.status.converged) ? b : a;
}

/** Not converged: some A_jj is unbounded below (tail.ts) while both resolutions share one cut-off (the panel and mapped rules
 *  stop at ±9 standard deviations at every resolution), so the answer depends on the cut-off and the two-resolution
 *  difference cannot see it. null when the weights are bounded or the rule's reach grows with its resolution. */
export function fixedCutoffStatus(what: string, unboundedBlocks: number[], fine: JointAtoms, residual: number): SolverStatus | null {
  if (unboundedBlocks.length === 0 || (fine.resolution.kind !== 'panels' && fine.resolution.kind !== 'mapped' && fine.resolution.kind !== 'mapped-correlated')) return null;
  return {
    converged: false, residual, iterations: 2, method: 'tail check (A_jj unbounded below) with a fixed quadrature cut-off',
    message: `${what}: A_jj is unbounded below for block(s) ${unboundedBlocks.join(', ')} and both resolutions stop at ±9 standard deviations: the values depend on that cut-off`,
  };
}
