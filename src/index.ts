// flcalc's public API. Each function mirrors one CLI command: the same option names (camelCased), the same
// validation, defaults and JSON result (the object `flcalc <command> --json` prints). Bad input rejects with a
// UsageError (the CLI's exit 2); a solver that did not converge resolves with `converged: false` and the result's
// own `status` field (the CLI's exit 3). The typed mathematical library (no command layer, browser-safe) is the
// namespace `library` here and the subpath export `flcalc/library`.
import { main } from './present/cli/main.js';
import { UsageError, ConvergenceError } from './core/errors.js';
import {
  toFlags, type AlgOptions, type HermiteOptions, type LocalOptions, type NnOptions, type OnestepOptions,
  type SimulateGdOptions, type SimulateHessianOptions, type SimulateOnestepOptions, type SimulateSpectralOptions,
  type SpectralOptions, type TableOptions, type ThresholdOptions, type ValidateOptions,
} from './api/options.js';

export * as library from './library.js';
export { UsageError, ConvergenceError } from './core/errors.js';
export type * from './api/options.js';

/** One command's answer: its JSON result and whether every solver in it converged. */
export interface Result<J = Record<string, unknown>> {
  json: J;
  converged: boolean;
  /** The CLI's exit code: 0, or 3 when a solver did not converge (1 for `validate` when a case failed). */
  exitCode: number;
}

/** Runs `flcalc <words…> <flags> --json` in-process and returns its JSON. */
export async function run<J = Record<string, unknown>>(words: readonly string[], options: object = {}): Promise<Result<J>> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...words, ...toFlags(options), '--json'], { out: (s) => out.push(s), err: (s) => err.push(s) });
  const message = err.join('\n').replace(/^flcalc: (error|not converged|internal error): /, '');
  if (code === 2) {
    const m = /^(.*?): (.*) \(example of a valid value: (.*)\)$/s.exec(message);
    throw m ? new UsageError(m[1]!, m[2]!, m[3]!) : new UsageError(words.join(' '), message, `flcalc ${words.join(' ')} --help`);
  }
  if (out.length === 0) {
    if (code === 3) throw new ConvergenceError(message, { converged: false, residual: Infinity, iterations: 0, method: words.join(' ') });
    throw new Error(message || `flcalc ${words.join(' ')} exited with ${code}`);
  }
  return { json: JSON.parse(out.join('\n')) as J, converged: code === 0, exitCode: code };
}

/** Spectral outliers of (1/n)Σ T(y_i) x_i x_iᵀ (docs/theory.md §1–§2): `flcalc spectral`. */
export const spectral = (o: SpectralOptions = {}) => run(['spectral'], o);
/** The algorithmic weak-recovery threshold δ_alg (docs/theory.md §3): `flcalc alg`. */
export const deltaAlg = (o: AlgOptions = {}) => run(['alg'], o);
/** Hermite coefficients c_k, μ_k of a function of one Gaussian (docs/theory.md §0): `flcalc hermite`. */
export const hermite = (o: HermiteOptions = {}) => run(['hermite'], o);
/** δ*_j, δNN and the Hessian's lower spectrum (docs/theory.md §4–§6): `flcalc nn`. */
export const nn = (o: NnOptions = {}) => run(['nn'], o);
/** Alias of nn: the answer's `delta_nn` is δNN. */
export const deltaNN = nn;
/** Spikes, learned components and ridge errors after one large step (docs/theory.md §7–§8): `flcalc onestep`. */
export const onestep = (o: OnestepOptions = {}) => run(['onestep'], o);
/** Local convergence with weight decay (docs/theory.md §9): `flcalc local`. */
export const local = (o: LocalOptions = {}) => run(['local'], o);
/** Prediction tables from a config file (docs/tables.md): `flcalc table`. */
export const table = (o: TableOptions) => run(['table'], o);
/** A validation suite: theory versus simulation with verdicts (docs/validation.md): `flcalc validate`. */
export const validate = (o: ValidateOptions = {}) => run(['validate'], o);
/** Finite-d simulators that measure what the theory predicts: `flcalc simulate <what>`. */
export const simulate = {
  spectral: (o: SimulateSpectralOptions = {}) => run(['simulate', 'spectral'], o),
  hessian: (o: SimulateHessianOptions = {}) => run(['simulate', 'hessian'], o),
  gd: (o: SimulateGdOptions = {}) => run(['simulate', 'gd'], o),
  onestep: (o: SimulateOnestepOptions = {}) => run(['simulate', 'onestep'], o),
};
/** Learning thresholds of GD: measured by simulation (`empirical`) or predicted by the DMFT (`dmft`). */
export const threshold = {
  empirical: (o: ThresholdOptions = {}) => run(['threshold', 'empirical'], o),
  dmft: (o: ThresholdOptions = {}) => run(['threshold', 'dmft'], o),
};
