// The network problem (σ, ℓ, g, noise) and the fixed state (readout, norms, overlaps) read from the flags
// --act --loss --target --noise --width --readout --norms --overlaps, shared by `flcalc nn`, `flcalc simulate
// hessian` and the explorer page (which passes its inputs under the same names, so errors name the same flags).
import { optionalString, parseNumber, parseNumberList } from './args.js';
import { resolveActivation, resolveLoss, resolveTarget } from '../../model/formulas.js';
import { UsageError } from '../../core/errors.js';
import { makeState, type NetworkState } from '../../model/state.js';
import { checkProblem, type HessianProblem } from '../../model/hessianProblem.js';

/** Reads the problem and the state from the flags. */
export function problemAndState(argv: Record<string, unknown>): { problem: HessianProblem; state: NetworkState } {
  const act = resolveActivation(optionalString(argv, 'act', 'gelu') ?? 'gelu', '--act');
  const loss = resolveLoss(optionalString(argv, 'loss', 'square') ?? 'square', '--loss');
  const target = resolveTarget(optionalString(argv, 'target', 'tanh(z^2)') ?? 'tanh(z^2)', '--target');
  const noise = parseNumber(argv, 'noise', { example: '0.1', default: 0, min: 0 });
  const widthGiven = argv['width'] !== undefined;
  const readoutGiven = argv['readout'] !== undefined;
  const width = widthGiven ? parseNumber(argv, 'width', { example: '2', integer: true, min: 1, max: 64 }) : undefined;
  const readout = readoutGiven
    ? parseNumberList(argv, 'readout', '1,-1')
    : Array(width ?? 1).fill(1 / (width ?? 1));
  if (width !== undefined && readout.length !== width)
    throw new UsageError('--readout', `has ${readout.length} entries but --width is ${width}`, Array(width).fill('1').join(','));
  if (readout.length > 64) throw new UsageError('--readout', `at most 64 neurons, got ${readout.length}`, '1,-1');
  const norms = parseNumberList(argv, 'norms', '1,1', Array(readout.length).fill(1));
  if (norms.length !== readout.length)
    throw new UsageError('--norms', `has ${norms.length} entries but the width is ${readout.length}`, Array(readout.length).fill('1').join(','));
  const problem: HessianProblem = { act, loss, target, noise };
  checkProblem(problem);
  const state = makeState(readout, norms, target.k, optionalString(argv, 'overlaps', 'w1.z1=0.3'));
  return { problem, state };
}
