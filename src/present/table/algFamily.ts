// Table family `alg`: the algorithmic weak-recovery threshold δ_alg (docs/theory.md §3) of the row's target and noise.
import { deltaAlg, type AlgResult } from '../../theory/alg/index.js';
import { resolveTarget } from '../../model/formulas.js';
import { memo, type EvalCache } from './cache.js';
import { num, str, type Evaluator } from './family.js';

export const evaluateAlg: Evaluator = (params, _quantities, cache: EvalCache) => {
  const spec = str(params, 'target');
  const noise = num(params, 'noise');
  const r = memo<AlgResult>(cache, `alg|${spec}|${noise}`, () => deltaAlg(memo(cache, `target|${spec}`, () => resolveTarget(spec)), noise));
  return {
    values: { delta_alg: r.delta_alg },
    status: r.status,
    ...(r.reason ? { notes: { delta_alg: r.reason } } : {}),
    numerics: { delta_alg: { method: r.method, rule: r.rule, error_estimate: r.error_estimate } },
  };
};
