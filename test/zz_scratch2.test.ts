import { it } from 'vitest';
import { compileExpr } from '../src/expr/compile.js';
import { monotonePieces, preimage } from '../src/alg/index.js';
it('dbg', () => {
  const fn = compileExpr('tanh(z^2)', ['z'], '--target');
  const a = new Float64Array(1), j = new Float64Array(4);
  const g = (z: number) => { a[0] = z; return fn.value(a); };
  const dg = (z: number) => { a[0] = z; fn.jet(a, 0, j); return j[1]!; };
  const { pieces } = monotonePieces(g, dg, [], 10);
  console.log(pieces);
  for (const z of [0.1, 0.5, 1, 2, 3, 4, 5]) console.log(z, pieces.map((P) => preimage(g, P, g(z))), dg(z), dg(-z));
});
