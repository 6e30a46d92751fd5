import { it } from 'vitest';
import { compileExpr } from '../src/expr/compile.js';
import { rayMoments, topOfStateEvolution } from '../src/alg/index.js';
const t2 = (s: string) => ({ k: 2, fn: compileExpr(s, ['z1', 'z2'], '--target') });
it('alg rays', () => {
  for (const s of ['z1*z2', 'z1^2+z2^2']) for (const [yn, tol] of [[6, 1e-7], [8, 1e-9]] as const) {
    const t0 = Date.now();
    const r = rayMoments(t2(s), { yNodes: yn, angularTol: tol, sphereNodes: 8 });
    console.log(s, yn, tol, topOfStateEvolution(r.moments).value, Date.now() - t0, 'ms');
  }
}, 300000);
