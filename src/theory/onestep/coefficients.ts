// Hermite data of the activation σ and the target g used by the one-step theory (docs/theory.md §0, §7):
// c_k = E[f(G) He_k(G)] (unnormalised), μ_k = c_k/√k!, and which c_k vanish.
import type { CompiledFn } from '../../numerics/expr/index.js';
import { hermiteCoefficients } from '../../model/hermite.js';
import { findBreaks } from '../../numerics/quadrature/index.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { UsageError } from '../../core/errors.js';

export interface HermiteData {
  /** c_0..c_kmax (unnormalised). */
  c: number[];
  /** μ_k = c_k/√k!. */
  mu: number[];
  /** E[f(G)²]. */
  second_moment: number;
  /** E[f'(G)²] (f' a.e., from the expression's jet). */
  derivative_second_moment: number;
  /** present[k]: |μ_k| above the zero tolerance. */
  present: boolean[];
  /** The zero tolerance on |μ_k|. */
  zero_tol: number;
  breaks: number[];
  status: SolverStatus;
  rule: string;
}

/** |μ_k| ≤ max(ZERO_REL·max(1, max|μ|), 10·quadrature error) counts as c_k = 0. */
export const ZERO_REL = 1e-8;

/** Scalar view x ↦ f(x) of a one-variable compiled expression. */
export function scalar(fn: CompiledFn): (x: number) => number {
  const arg = new Float64Array(1);
  return (x) => {
    arg[0] = x;
    return fn.value(arg);
  };
}

/** Kinks/jumps of a one-variable expression (zeros of its switch functions on [−10, 10]). */
export function breaksOf(fn: CompiledFn): number[] {
  if (fn.switches.length === 0) return [];
  const arg = new Float64Array(1);
  return findBreaks(
    fn.switches.map((s) => (x: number) => {
      arg[0] = x;
      return s(arg);
    }),
  );
}

/** `f` with a check at every point where the quadrature evaluates it: a non-finite value is bad input (a
 *  UsageError naming `argument`), since E[f(G) He_k(G)] needs f finite on the rule's nodes. */
function finiteOnNodes(f: (x: number) => number, argument: string, what: string, example: string): (x: number) => number {
  return (x) => {
    const v = f(x);
    if (!Number.isFinite(v))
      throw new UsageError(argument, `${what} is not finite at x = ${x.toPrecision(6)} (value ${v}); it must be finite on the Gaussian quadrature nodes (|x| ≲ 30)`, example);
    return v;
  };
}

/** Hermite coefficients c_k = E[f(G)He_k(G)], k ≤ kmax, with a kink-aware rule, E[f²] and the zero pattern
 *  (docs/theory.md §0). E[f²] is integrated directly on the same rule family (Σ μ_k² converges slowly at kinks).
 *  `argument` (the CLI flag of fn, e.g. --act) is named in the UsageError if f, f² or f' is not finite at a node. */
export function hermiteData(fn: CompiledFn, kmax: number, argument = '--act', example = '"tanh(x)"'): HermiteData {
  const f = finiteOnNodes(scalar(fn), argument, 'the function', example);
  const breaks = breaksOf(fn);
  const h = hermiteCoefficients(f, kmax, breaks.length > 0 ? { breaks } : {});
  const h2 = hermiteCoefficients(finiteOnNodes((x) => f(x) * f(x), argument, 'its square', example), 0, breaks.length > 0 ? { breaks } : {});
  const arg = new Float64Array(1);
  const jet = new Float64Array(4);
  const fp2 = finiteOnNodes(
    (x: number) => {
      arg[0] = x;
      fn.jet(arg, 0, jet);
      return jet[1]! * jet[1]!;
    },
    argument,
    'the square of its derivative',
    example,
  );
  const h3 = hermiteCoefficients(fp2, 0, breaks.length > 0 ? { breaks } : {});
  const scale = Math.max(1, ...h.normalized.map(Math.abs));
  const zero_tol = Math.max(ZERO_REL * scale, 10 * h.errorEstimate);
  return {
    c: h.coefficients,
    mu: h.normalized,
    second_moment: h2.coefficients[0]!,
    derivative_second_moment: h3.coefficients[0]!,
    present: h.normalized.map((m) => Math.abs(m) > zero_tol),
    zero_tol,
    breaks,
    status: combineStatus('hermite-coefficients', [h.status, h2.status, h3.status]),
    rule: h.rule,
  };
}
