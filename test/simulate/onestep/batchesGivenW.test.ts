import { describe, expect, it } from 'vitest';
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { decorrelateRows, featureMoments, populationTestError, ridgeBatchesGivenW } from '../../../src/simulate/onestep/index.js';
import { multiplyABt } from '../../../src/simulate/onestep/dense.js';
import { makeRng } from '../../../src/numerics/random/rng.js';

const act = resolveActivation('sin(x)+cos(x)');
const target = resolveTarget('z + z^2/2');

describe('fixed-W ridge batches and decorrelated rows', () => {
  it('the exact test error given a fit matches the mean squared error on 20000 fresh samples within 3 se', () => {
    const N = 6, d = 8, n = 60, m = 20000;
    const rng = makeRng(11);
    const draw = (k: number, scale: number) => { const a = new Float64Array(k); rng.fillNormal(a); return a.map((v) => v * scale); };
    const W = draw(N * d, 1 / Math.sqrt(d)).map((v, k) => v + (k % d === 0 ? 0.8 : 0)); // every row aligned with β* = e_1
    const inp = { W, N, d, act: act.fn, target: target.fn, targetCoordinate: 0, noise: 0.1, n, lambda: 0.1 };
    const a = draw(N, 1);
    const mom = featureMoments(inp);
    const exact = populationTestError(a, mom, N);
    const X = draw(m * d, 1);
    const F = multiplyABt(X, W, m, d, N).map((u) => Math.sin(u) + Math.cos(u));
    const sq: number[] = [];
    for (let i = 0; i < m; i++) {
      const z = X[i * d]!;
      let pred = 0;
      for (let j = 0; j < N; j++) pred += F[i * N + j]! * a[j]!;
      sq.push((z + (z * z) / 2 + 0.1 * rng.normal() - pred / Math.sqrt(N)) ** 2);
    }
    const mean = sq.reduce((s, x) => s + x, 0) / m;
    const sd = Math.sqrt(sq.reduce((s, x) => s + (x - mean) ** 2, 0) / (m - 1));
    expect(Math.abs(exact - mean)).toBeLessThan((3 * sd) / Math.sqrt(m));
    const mc = ridgeBatchesGivenW(inp, 4, 5);
    expect(mc.converged && mc.batches === 4 && mc.train.mean < mc.test.mean).toBe(true);
  });
  it('decorrelateRows keeps ⟨w_j, β⟩ and ‖v_j‖ and makes the β⊥ parts of different rows nearly orthogonal', () => {
    const N = 12, d = 400;
    const rng = makeRng(4);
    const beta = new Float64Array(d);
    beta[3] = 1;
    const common = new Float64Array(d);
    rng.fillNormal(common);
    common[3] = 0;
    const W = new Float64Array(N * d);
    rng.fillNormal(W);
    // Rows share the component `common` (pairwise cosines of the β⊥ parts ≈ 0.8) and have a β-part j/N.
    for (let j = 0; j < N; j++) for (let l = 0; l < d; l++) W[j * d + l] = (0.5 * W[j * d + l]! + common[l]!) / Math.sqrt(d) + (l === 3 ? j / N : 0);
    const out = decorrelateRows(W, N, d, beta, makeRng(9));
    const perp = (A: Float64Array, j: number) => Array.from({ length: d }, (_, l) => (l === 3 ? 0 : A[j * d + l]!));
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    for (let j = 0; j < N; j++) {
      expect(Math.abs(out[j * d + 3]! - W[j * d + 3]!)).toBeLessThan(1e-12);
      expect(Math.abs(norm(perp(out, j)) - norm(perp(W, j)))).toBeLessThan(1e-12);
      for (let i = 0; i < j; i++) {
        const a = perp(out, i), b = perp(out, j);
        // independent isotropic directions in d − 1 dimensions: |cos| ≈ N(0, 1/d); 5/√d bounds all 66 pairs.
        expect(Math.abs(a.reduce((s, x, l) => s + x * b[l]!, 0)) / (norm(a) * norm(b))).toBeLessThan(5 / Math.sqrt(d));
      }
    }
  });
});
