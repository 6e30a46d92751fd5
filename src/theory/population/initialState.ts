// The fixed-state threshold of GD's initial state (docs/theory.md §4, "fixed data-independent state"): W(0) with
// w_j(0) ~ N(0, s² I_d/d) is, as d → ∞, the state with ‖w_j‖ = s, neurons orthogonal to each other and to the latent
// space; W(0) does not depend on the data, so the Hessian thresholds δ*_j of src/theory/hessian are exact for it.
import { resolveActivation, resolveLoss, resolveTarget } from '../../model/formulas.js';
import { nnThresholds, type NNThresholds } from '../hessian/thresholds.js';
import { makeState } from '../../model/state.js';
import type { GdConfig } from '../../model/problem.js';

/** δ*_j and δNN = min_j δ*_j at the d → ∞ limit of W(0) (the `flcalc nn` computation at the initial state); with
 *  `full` (m > 1), also the threshold of the whole dm×dm Hessian (§2; minutes of CPU at m = 2). */
export function initialStateThresholds(cfg: Pick<GdConfig, 'act' | 'loss' | 'target' | 'noise' | 'readout' | 'initScale'>, full = false): NNThresholds {
  const target = resolveTarget(cfg.target, '--target');
  const problem = { act: resolveActivation(cfg.act, '--act'), loss: resolveLoss(cfg.loss, '--loss'), target, noise: cfg.noise };
  const state = makeState(cfg.readout, cfg.readout.map(() => cfg.initScale), target.k);
  return nnThresholds(problem, state, { full: full && cfg.readout.length > 1 });
}
