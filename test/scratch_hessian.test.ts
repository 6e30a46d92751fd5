import { test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../src/formulas.js';
import { makeState } from '../src/hessian/state.js';
import { blockWeightLaw } from '../src/hessian/blockWeights.js';
import { lowerThreshold } from '../src/rmt/threshold.js';

test('scratch', () => {
  const p = { act: resolveActivation('gelu'), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 };
  const s = makeState([1], [1], 1);
  const { law } = blockWeightLaw(p, s, 'exact', { order: 80 });
  let mi = 0;
  for (let i = 0; i < law.size; i++) if (law.A[i]! < law.A[mi]!) mi = i;
  console.log('min A', law.A[mi], 'at zeta', law.zeta[2 * mi], law.zeta[2 * mi + 1]);
  const th = lowerThreshold(law, [0]);
  console.log(th);
});
