// `flcalc hermite --fn EXPR --kmax K [--json]`: Hermite coefficients c_k = E[f(G)He_k(G)], G ~ N(0,1),
// probabilists' He_k, and μ_k = c_k/√k! (docs/theory.md §0). Kinks/jumps of f (zeros of its switch functions) split the
// quadrature panels, so relu, |x|, sign… are integrated to rounding error rather than O(1/n).
import type { CommandSpec } from '../command.js';
import { optionalString, parseNumber } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { resolveActivation } from '../../../model/formulas.js';
import { findBreaks } from '../../../numerics/quadrature/breaks.js';
import { findPoles } from '../../../numerics/poles.js';
import { hermiteCoefficients, MAX_HERMITE_K } from '../../../model/hermite.js';
import { statusLabel } from '../../../core/status.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';

const CONVENTION = "c_k = E[f(G)He_k(G)], G~N(0,1), probabilists' He; μ_k = c_k/√k!";
/** Breaks are searched on [−20, 20], beyond every cutoff hermiteCoefficients uses for kmax ≤ 100. */
const BREAK_RANGE = 20;

export const hermiteCommand: CommandSpec = {
  command: 'hermite',
  describe: 'Hermite coefficients c_k = E[f(G)He_k(G)] and μ_k = c_k/√k! of an activation or expression in x',
  builder: (y) =>
    y
      .option('fn', { type: 'string', default: 'relu', describe: 'activation name (relu, tanh, …) or expression in x, e.g. "min(x^2,3)"' })
      .option('kmax', { type: 'string', default: '6', describe: `largest k (integer 0..${MAX_HERMITE_K})` }),
  run: (argv) => {
    const spec = optionalString(argv, 'fn', 'relu') ?? 'relu';
    const kmax = parseNumber(argv, 'kmax', { example: '6', default: 6, integer: true, min: 0, max: MAX_HERMITE_K });
    const { name, fn } = resolveActivation(spec, '--fn');
    const f = (x: number) => fn.value([x]);
    // A singularity |f| ~ |x − x*|^(−p): the integrals diverge for p ≥ 1; for p < 1 it becomes a panel end.
    const poles = findPoles(f, { cutoff: BREAK_RANGE });
    const divergent = poles.find((p) => !(p.exponent < 1));
    if (divergent)
      throw new UsageError(
        '--fn',
        `|f(x)| grows like |x − x*|^(−${divergent.exponent === Infinity ? '∞' : divergent.exponent.toFixed(2)}) near x* = ${fmt(divergent.x, 6)}: E[f(G)He_k(G)] diverges`,
        'tanh(x)',
      );
    const kinks = fn.switches.length > 0 ? findBreaks(fn.switches.map((s) => (x: number) => s([x])), { cutoff: BREAK_RANGE, grid: 4000 }) : [];
    const breaks = kinks.length > 0 || poles.length > 0 || fn.switches.length > 0 ? [...kinks, ...poles.map((p) => p.x)].sort((a, b) => a - b) : undefined;
    let h;
    try {
      h = hermiteCoefficients(f, kmax, breaks === undefined ? {} : { breaks });
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError('--fn', e.message, 'relu');
      throw e;
    }
    const status = statusLabel(h.status);
    const json = {
      fn: name,
      expression: fn.source,
      kmax,
      coefficients: h.coefficients,
      normalized: h.normalized,
      convention: CONVENTION,
      rule: h.rule,
      order: h.order,
      breaks: breaks ?? [],
      error_estimate: h.errorEstimate,
      residual: h.status.residual,
      status,
      ...(h.status.message ? { message: h.status.message } : {}),
    };
    const header = kvTable([
      ['fn', name === fn.source ? name : `${name} = ${fn.source}`],
      ['convention', CONVENTION],
      ['rule', h.rule],
      ['error estimate', `${fmt(h.errorEstimate)} (max_k |Δμ_k| between two rule orders)`],
      ['status', status + (h.status.message ? ` — ${h.status.message}` : '')],
    ]);
    const rows = h.coefficients.map((c, k) => [String(k), fmt(c, 12), fmt(h.normalized[k], 12)]);
    return { json, text: `${header}\n\n${gridTable(['k', 'c_k', 'μ_k'], rows)}`, exitCode: h.status.converged ? ExitCode.OK : ExitCode.NONCONVERGENCE };
  },
};
