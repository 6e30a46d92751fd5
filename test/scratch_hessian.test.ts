import { test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../src/formulas.js';
import { makeState } from '../src/hessian/state.js';
import { blockWeightLaw } from '../src/hessian/blockWeights.js';
import { lowerEdge } from '../src/rmt/edge.js';
import { weightRange } from '../src/rmt/matrixLaw.js';
import { solveBranch, extrapolate } from '../src/rmt/fixedPoint.js';
const log = (...a: unknown[]) => process.stderr.write(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ') + '\n');
test('scratch', () => {
  const p = { act: resolveActivation('gelu'), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 };
  const s = makeState([1, -0.5], [1, 1.5], 1);
  const { law } = blockWeightLaw(p, s, 'exact', { maxAtoms: 8000 });
  log(weightRange(law), law.size);
  let best = 0; let bv = Infinity;
  for (let i = 0; i < law.size; i++) { const a = law.A[4*i]!, d = law.A[4*i+3]!, b = law.A[4*i+1]!; const lm = (a+d)/2 - Math.sqrt(((a-d)/2)**2 + b*b); if (lm < bv) { bv = lm; best = i; } }
  log('min eig', bv, 'at', Array.from(law.zeta.subarray(best*law.k, best*law.k+law.k)), 'w', law.weights[best], Array.from(law.A.subarray(4*best, 4*best+4)));
  return;
  const e = lowerEdge(law, 12);
  log(e.edge, e.boundary, e.status);
  for (const q of e.branch.points.slice(-6)) log(q.p, q.mu, q.dmu, Array.from(q.Lambda));
  const last = e.branch.points[e.branch.points.length - 1]!;
  for (const h of [1e-3, 1e-2, 3e-2, 0.1]) {
    const g = extrapolate(last, last.p + h);
    const r = solveBranch(law, 12, last.p + h, g.Lambda, g.mu);
    log(h, r.status, r.mu, r.dmu);
  }
}, 300000);
