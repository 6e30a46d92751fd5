// Table family `nn`: Hessian thresholds δ*_j, δNN = min_j δ*_j and, at δ, the lower bulk edge, the hard outlier
// and its overlap² with U_H, for a two-layer network at a fixed data-independent state (docs/theory.md §2, §4): width m,
// mean-field readout a_j = readout_scale/m, unit norms, neurons orthogonal to each other and to the latents.
import { resolveActivation, resolveLoss, resolveTarget } from '../../model/formulas.js';
import { checkProblem, makeState, type HessianProblem } from '../../theory/hessian/index.js';
import { solveFixedState, type FixedStateAnswer } from '../../theory/hessian/solve.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { memo } from './cache.js';
import { num, str, type Cell, type Evaluator } from './family.js';

export const evaluateNN: Evaluator = (params, quantities, cache) => {
  const [a, l, t] = [str(params, 'act'), str(params, 'loss'), str(params, 'target')];
  const noise = num(params, 'noise');
  const m = num(params, 'width');
  const scale = num(params, 'readout_scale');
  const key = `${a}|${l}|${t}|${noise}|${m}|${scale}`;
  const { problem, state } = memo(cache, `nnProblem|${key}`, () => {
    const problem: HessianProblem = {
      act: memo(cache, `act|${a}`, () => resolveActivation(a)),
      loss: memo(cache, `loss|${l}`, () => resolveLoss(l)),
      target: memo(cache, `target|${t}`, () => resolveTarget(t)),
      noise,
    };
    checkProblem(problem);
    return { problem, state: makeState(Array<number>(m).fill(scale / m), Array<number>(m).fill(1), problem.target.k) };
  });
  const values: Record<string, Cell> = {};
  const notes: Record<string, string> = {};
  const statuses: SolverStatus[] = [];
  const numerics: Record<string, unknown> = { state: `width ${m}, readout ${scale}/m each, unit norms, orthogonal neurons` };
  if (quantities.includes('delta_nn')) {
    const th = memo<FixedStateAnswer>(cache, `nnThresholds|${key}`, () => solveFixedState(problem, state, { deltaAlg: false })).thresholds!;
    values['delta_nn'] = th.delta_nn;
    if (th.delta_nn === null) notes['delta_nn'] = th.blocks[0]?.reason ?? 'no hard outlier at any δ';
    statuses.push(th.status);
    numerics['quadrature'] = th.law;
  }
  if (quantities.some((q) => q === 'nn_edge' || q === 'nn_outlier' || q === 'overlap2_hard')) {
    const sp = solveFixedState(problem, state, { thresholds: false, delta: num(params, 'delta') }).spectrum!;
    if (quantities.includes('nn_edge')) values['nn_edge'] = sp.edge;
    if (quantities.includes('nn_outlier')) {
      values['nn_outlier'] = sp.outlier;
      if (sp.outlier === null) notes['nn_outlier'] = 'no eigenvalue leaves the lower bulk along U_H';
    }
    if (quantities.includes('overlap2_hard')) values['overlap2_hard'] = sp.overlap2_hard;
    statuses.push(sp.status);
  }
  return { values, status: combineStatus('nn (docs/theory.md §2, §4)', statuses), ...(Object.keys(notes).length ? { notes } : {}), numerics };
};
