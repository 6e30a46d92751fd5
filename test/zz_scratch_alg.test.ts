import { it } from 'vitest';
import { compileExpr } from '../src/expr/compile.js';
import { deltaAlg } from '../src/alg/index.js';
const t1 = (s: string) => ({ k: 1, fn: compileExpr(s, ['z'], '--target') });
const t2 = (s: string) => ({ k: 2, fn: compileExpr(s, ['z1', 'z2'], '--target') });
it('alg', () => {
  for (const [name, tg, noise] of [['z^2', t1('z^2'), 0], ['tanh', t1('tanh(z^2)'), 0], ['He4', t1('He(4,z)'), 0], ['sign', t1('sign(z)'), 0], ['min', t1('min(z^2,3)'), 0], ['pr noisy', t1('z^2'), Math.sqrt(0.5)], ['signprod', t2('sign(z1*z2)'), 0], ['z1z2 noisy', t2('z1*z2'), 0.3]] as const) {
    const t0 = Date.now();
    const r = deltaAlg(tg, noise);
    console.log(name, r.delta_alg, r.inverse_delta_alg, r.error_estimate, r.first_order_strength, r.status.converged, Date.now() - t0, 'ms');
  }
});
