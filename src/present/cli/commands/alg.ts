// `flcalc alg --target EXPR [--noise S] [--json]`: algorithmic weak-recovery threshold δ_alg (docs/theory.md §3):
// 1/δ_alg = top eigenvalue of M ↦ E_y[G M G], G(y) = E[zzᵀ|y] − I (k = 1: E_y[(E[z²−1|y])²]); 0 if E[z|y] ≠ 0.
import type { CommandSpec } from '../command.js';
import { optionalString, parseNumber } from '../args.js';
import { resolveTarget } from '../../../model/formulas.js';
import { deltaAlg } from '../../../theory/alg/deltaAlg.js';
import { statusLabel } from '../../../core/status.js';
import { fmt, kvTable } from '../../../core/format.js';
import { ExitCode } from '../../../core/errors.js';

const CONVENTIONS =
  'x ~ N(0, I_d), δ = n/d; latent z = Θᵀx ~ N(0, I_k); y = g(z) [+ σξ]; δ_alg = weak-recovery threshold of AMP (Bayes-optimal first-order methods)';

export const algCommand: CommandSpec = {
  command: 'alg',
  describe: 'Algorithmic weak-recovery threshold δ_alg (docs/theory.md §3)',
  builder: (y) =>
    y
      .option('target', { type: 'string', default: 'z^2', describe: 'y = g(z): catalogue name or expression in z (or z1..z3)' })
      .option('noise', { type: 'string', default: '0', describe: 'label noise σ ≥ 0: y = g(z) + σξ' }),
  run: (argv) => {
    const spec = optionalString(argv, 'target', 'z^2') ?? 'z^2';
    const noise = parseNumber(argv, 'noise', { example: '0.5', default: 0, min: 0, max: 1e3 });
    const target = resolveTarget(spec, '--target');
    const r = deltaAlg(target, noise);
    const label = statusLabel(r.status);
    const json = {
      delta_alg: r.delta_alg,
      status: label,
      inverse_delta_alg: r.inverse_delta_alg,
      first_order: r.first_order,
      first_order_strength: r.first_order_strength,
      ...(r.reason ? { reason: r.reason } : {}),
      overlap_matrix: r.overlap_matrix,
      top_multiplicity: r.top_multiplicity,
      target: target.fn.source,
      k: r.k,
      noise,
      method: r.method,
      rule: r.rule,
      error_estimate: r.error_estimate,
      residual: r.status.residual,
      ...(r.status.message ? { message: r.status.message } : {}),
      conventions: CONVENTIONS,
    };
    const text = [
      'flcalc alg — algorithmic weak-recovery threshold δ_alg (docs/theory.md §3)',
      `Conventions: ${CONVENTIONS}.`,
      '',
      kvTable([
        ['target', target.fn.source + (noise > 0 ? ` + ${noise}·ξ` : '') + ` (k = ${r.k})`],
        ['δ_alg', r.delta_alg === null ? `none — ${r.reason}` : fmt(r.delta_alg) + (r.first_order ? ` — ${r.reason}` : '')],
        ['1/δ_alg', fmt(r.inverse_delta_alg)],
        ['E_y|E[z|y]|² (first order)', fmt(r.first_order_strength)],
        ...(r.k > 1 ? ([['overlap matrix M', r.overlap_matrix.map((row) => `[${row.map((v) => fmt(v, 4)).join(', ')}]`).join(' ') + (r.top_multiplicity > 1 ? ` (top eigenvalue ${r.top_multiplicity}-fold: projection of I onto its eigenspace)` : '')]] as Array<[string, string]>) : []),
        ['method', r.method],
        ['rule', r.rule],
        ['error estimate', fmt(r.error_estimate, 2)],
        ['status', label + (r.status.message ? ` — ${r.status.message}` : '')],
      ]),
    ].join('\n');
    return { json, text, exitCode: r.status.converged ? ExitCode.OK : ExitCode.NONCONVERGENCE };
  },
};
