import { test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../src/formulas.js';
import { makeState } from '../src/hessian/state.js';
import { nnThresholds } from '../src/hessian/thresholds.js';
import { hessianSpectrum } from '../src/hessian/spectrum.js';

test('scratch', () => {
  const p = { act: resolveActivation('gelu'), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 };
  const s = makeState([1], [1], 1);
  let t0 = Date.now();
  const th = nnThresholds(p, s);
  console.log(JSON.stringify(th.blocks), th.law, Date.now() - t0);
  t0 = Date.now();
  console.log(JSON.stringify(hessianSpectrum(p, s, 8)), Date.now() - t0);
  const s2 = makeState([0.5, -0.5], [1, 1], 1);
  t0 = Date.now();
  const th2 = nnThresholds(p, s2, { full: true });
  console.log(JSON.stringify(th2.blocks), JSON.stringify(th2.delta_star_full), th2.law, Date.now() - t0);
  t0 = Date.now();
  console.log(JSON.stringify(hessianSpectrum(p, s2, 8)), Date.now() - t0);
});
