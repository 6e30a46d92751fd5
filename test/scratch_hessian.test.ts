import { test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../src/formulas.js';
import { makeState } from '../src/hessian/state.js';
import { nnThresholds } from '../src/hessian/thresholds.js';
import { hessianSpectrum } from '../src/hessian/spectrum.js';
const log = (...a: unknown[]) => process.stderr.write(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ') + '\n');
test('scratch', () => {
  const p = { act: resolveActivation('gelu'), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 };
  const s = makeState([1], [1], 1);
  let t0 = Date.now();
  const th = nnThresholds(p, s);
  log(th.blocks, th.law, Date.now() - t0);
  t0 = Date.now();
  log(hessianSpectrum(p, s, 8), Date.now() - t0);
});
