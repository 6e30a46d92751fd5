import { describe, expect, test } from 'vitest';
import { invertInto, matMul } from '../../../src/numerics/linalg/dense.js';

describe('matMul', () => {
  test('2×2 and 3×3 products, row-major, and the identity leaves a matrix unchanged', () => {
    const out2 = new Float64Array(4);
    matMul(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, out2);
    expect([...out2]).toEqual([19, 22, 43, 50]);
    const A = Float64Array.of(1, -2, 0.5, 3, 0, 4, -1, 2, 1);
    const I = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    const out3 = new Float64Array(9);
    matMul(A, I, 3, out3);
    expect([...out3]).toEqual([...A]);
    matMul(I, A, 3, out3);
    expect([...out3]).toEqual([...A]);
  });

  test('invertInto: A·A⁻¹ = I for a matrix that needs pivoting (zero leading entry), A unchanged', () => {
    const A = Float64Array.of(0, 2, 1, 1, 1, 0, 3, 0, 1);
    const copy = Float64Array.from(A);
    const inv = invertInto(A, 3, new Float64Array(9), new Float64Array(9));
    const P = new Float64Array(9);
    matMul(A, inv, 3, P);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(P[i * 3 + j]).toBeCloseTo(i === j ? 1 : 0, 14);
    expect([...A]).toEqual([...copy]);
  });
});
