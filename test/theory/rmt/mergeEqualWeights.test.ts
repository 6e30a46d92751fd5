// Atoms with equal weight matrices merged into one carrying the conditional moments of ζ
// (src/theory/rmt/matrixLaw.ts mergeEqualWeights; docs/theory.md (2.14)): the §2 sums are the same, exactly.
import { describe, expect, test } from 'vitest';
import { gaussHermite } from '../../../src/numerics/quadrature/index.js';
import { mergeEqualWeights, type MatrixLaw } from '../../../src/theory/rmt/matrixLaw.js';
import { lowerEdge } from '../../../src/theory/rmt/edge.js';
import { spikeMatrix } from '../../../src/theory/rmt/outliers.js';
import { lowerThreshold } from '../../../src/theory/rmt/threshold.js';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState } from '../../../src/model/state.js';
import { hessianSpectrum } from '../../../src/theory/hessian/spectrum.js';

/** ζ = (z, g1, g2) on a Gauss–Hermite tensor; A = a a ᵀ/4 with a_j = 1[g_j + c z > 0] (relu-like sign patterns, 2×2). */
function patternLaw(order = 12, c = 0.4): MatrixLaw {
  const gh = gaussHermite(order);
  const n = order ** 3;
  const A = new Float64Array(4 * n), zeta = new Float64Array(3 * n), weights = new Float64Array(n);
  let i = 0;
  for (let a = 0; a < order; a++)
    for (let b = 0; b < order; b++)
      for (let d = 0; d < order; d++) {
        const z = gh.nodes[a]!, g1 = gh.nodes[b]!, g2 = gh.nodes[d]!;
        const s = [g1 + c * z > 0 ? 1 : 0, g2 - c * z > 0 ? 1 : 0];
        for (let r = 0; r < 2; r++) for (let t = 0; t < 2; t++) A[i * 4 + r * 2 + t] = (s[r]! * s[t]!) / 4 + (r === t ? 0.05 : 0);
        zeta.set([z, g1, g2], 3 * i);
        weights[i] = gh.weights[a]! * gh.weights[b]! * gh.weights[d]!;
        i++;
      }
  return { m: 2, k: 3, size: n, weights, A, zeta, coords: ['z', 'g1', 'g2'], origin: 'test' };
}

describe('mergeEqualWeights', () => {
  test('four sign patterns: edge, spike matrix and threshold equal the unmerged law\'s to rounding', () => {
    const law = patternLaw();
    const merged = mergeEqualWeights(law, 64)!;
    expect(merged.size).toBe(4);
    const e1 = lowerEdge(law, 6);
    const e2 = lowerEdge(merged, 6);
    expect(e1.status.converged && e2.status.converged).toBe(true);
    expect(Math.abs(e1.edge - e2.edge)).toBeLessThan(1e-12 * Math.abs(e1.edge));
    const K1 = spikeMatrix(law, e1.point.Lambda, [0, 1, 2]);
    const K2 = spikeMatrix(merged, e1.point.Lambda, [0, 1, 2]);
    const scale = Math.max(...K1.map(Math.abs));
    K1.forEach((v, i) => expect(Math.abs(v - K2[i]!)).toBeLessThan(1e-12 * scale));
    const t1 = lowerThreshold(law, [0]);
    const t2 = lowerThreshold(merged, [0]);
    expect(t2.delta_star === null).toBe(t1.delta_star === null);
    if (t1.delta_star !== null) expect(Math.abs(t1.delta_star - t2.delta_star!)).toBeLessThan(1e-9 * t1.delta_star);
  });

  test('refuses when A takes more values than allowed or the merge would not shrink the law', () => {
    expect(mergeEqualWeights(patternLaw(), 3)).toBeNull();
    const law = patternLaw(4);
    const distinct: MatrixLaw = { ...law, A: law.A.map((x, i) => x + i * 1e-3) };
    expect(mergeEqualWeights(distinct, 4096)).toBeNull();
  });

  test('abs neurons, m = 2, orthogonal, square loss, δ = 8: A = ssᵀ/4, two independent Wisharts, edge (1/4)(1 − 1/2)² = 1/16', () => {
    const p = { act: resolveActivation('abs'), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 };
    const sp = hessianSpectrum(p, makeState([0.5, 0.5], [1, 1], 1), 8);
    expect(sp.status.converged).toBe(true);
    expect(Math.abs(sp.edge - 1 / 16)).toBeLessThan(1e-9);
  });
});
