// The expression layer's minimal mathjs instance (parser and node classes only) reads every expression exactly
// as the full mathjs does: same tree, same printed form and LaTeX, same parse errors.
import { describe, expect, it } from 'vitest';
import * as full from 'mathjs';
import { parse } from '../../../src/numerics/expr/mathjs.js';

const CORPUS = [
  'tanh(z^2)',
  'max(x, 0)^2 - 2 x + 3e-2',
  'He(3, x) / sqrt(6)',
  'clip(y - f, -1, 1)^2 / 2',
  'log(1 + exp(-y * f))',
  'Phi(x) + phi(x) * abs(x)',
  '-x^-2 + (+x) * 2.5E3',
  'z1 * z2 + sign(z3) * heaviside(z1 - 0.5)',
  'relu(x) - gelu(x) + sigmoid(x) + softplus(x) + erf(x) + erfc(x)',
  'min(y, 3) - 1',
  '2pi x',
];
// Syntax outside the grammar (rejected later by toIr): only the tree must agree (LaTeX of symbols that name
// mathjs units differs, e.g. b, cm, and is never produced for an accepted expression).
const OUTSIDE = [
  'x!',
  'a ? b : c',
  '[1, 2]',
  'x = 3',
  'x cm',
  'f(x) = x^2',
];
const BAD = ['x +', '(x', 'tanh(x', '1 ** 2', 'x $ 2'];

describe('minimal mathjs instance', () => {
  it('parses the corpus to the same tree and LaTeX as the full mathjs', () => {
    for (const src of CORPUS) {
      const a = parse(src);
      const b = full.parse(src);
      expect(a.toString(), src).toBe(b.toString());
      expect(a.toTex(), src).toBe(b.toTex());
      expect(JSON.stringify(a), src).toBe(JSON.stringify(b));
    }
    for (const src of OUTSIDE) expect(JSON.stringify(parse(src)), src).toBe(JSON.stringify(full.parse(src)));
  });

  it('rejects malformed input with the same message', () => {
    const message = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    for (const src of BAD) expect(message(() => parse(src)), src).toBe(message(() => full.parse(src)));
  });
});
