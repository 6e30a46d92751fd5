// The joint threshold solve (docs/theory.md (2.15)–(2.19), src/theory/rmt/jointThreshold.ts) against the nested search
// (Brent in log δ on the edge gap) and, at m = 1, the closed system (2.9). Tolerance: the nested search stops on a
// bracket of 1e-10 in log δ and the joint solve on a last Newton step ≤ 1e-10 in log δ, so the two δ* agree to 2e-10
// relative (measured: ≤ 1.4e-12).
import { describe, expect, test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState } from '../../../src/model/state.js';
import { conditionalMeanSplit } from '../../../src/model/latentSplit.js';
import { blockWeightLawPair } from '../../../src/theory/hessian/blockWeights.js';
import { diagonalBlockLaw, weightRange, type MatrixLaw } from '../../../src/theory/rmt/matrixLaw.js';
import { lowerThreshold, nestedLowerThreshold } from '../../../src/theory/rmt/threshold.js';
import { jointThreshold } from '../../../src/theory/rmt/jointThreshold.js';
import { lowerEdge } from '../../../src/theory/rmt/edge.js';

const TOL = 2e-10;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** relu neurons, Huber loss, y = z²: ℓ'' depends on y − f, so A depends on z; atoms of equal A merged (2.14). */
function reluHuber(readout: number[]) {
  const p = { act: resolveActivation('relu'), loss: resolveLoss('huber'), target: resolveTarget('z^2'), noise: 0 };
  const s = makeState(readout, readout.map(() => 1), 1);
  return { pair: blockWeightLawPair(p, s, 'exact'), hard: conditionalMeanSplit(p).hard };
}

/** The law with blocks permuted by P (A ↦ PAPᵀ per atom) and the neuron coordinates g_j moved with them. */
function permuteBlocks(law: MatrixLaw, P: number[]): MatrixLaw {
  const { m, k, size } = law;
  const mm = m * m;
  const A = new Float64Array(law.A.length);
  for (let i = 0; i < size; i++)
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) A[i * mm + P[a]! * m + P[b]!] = law.A[i * mm + a * m + b]!;
  // Coordinates: z first (k − m latent ones), then g_1..g_m.
  const latent = k - m;
  const R = Array.from({ length: k }, (_, r) => (r < latent ? r : latent + P[r - latent]!));
  const zeta = new Float64Array(law.zeta.length);
  for (let i = 0; i < size; i++) for (let r = 0; r < k; r++) zeta[i * k + R[r]!] = law.zeta[i * k + r]!;
  const out: MatrixLaw = { ...law, A, zeta, origin: `${law.origin}, blocks permuted` };
  if (law.zetaSecond) {
    const z2 = new Float64Array(law.zetaSecond.length);
    for (let i = 0; i < size; i++) for (let r = 0; r < k; r++) for (let s = 0; s < k; s++) z2[(i * k + R[r]!) * k + R[s]!] = law.zetaSecond[(i * k + r) * k + s]!;
    out.zetaSecond = z2;
  }
  return out;
}

describe('joint threshold (2.15)–(2.19) equals the nested search', () => {
  test('relu, Huber loss, y = z², m = 2, equal readouts: both resolutions', () => {
    const { pair, hard } = reluHuber([0.5, 0.5]);
    for (const law of [pair.law, pair.coarse]) {
      const j = lowerThreshold(law, hard);
      const n = nestedLowerThreshold(law, hard);
      expect(j.status.converged).toBe(true);
      expect(j.status.method).toContain('joint newton');
      expect(n.delta_star).not.toBeNull();
      expect(rel(j.delta_star!, n.delta_star!)).toBeLessThan(TOL);
    }
  });

  test('tanh, square loss, y = |z|, m = 3 orthogonal (mapped rule, orbits (2.12)): coarser resolution', () => {
    const p = { act: resolveActivation('tanh'), loss: resolveLoss('square'), target: resolveTarget('abs(z)'), noise: 0 };
    const { coarse } = blockWeightLawPair(p, makeState([1 / 3, 1 / 3, 1 / 3], [1, 1, 1], 1), 'exact');
    expect(coarse.orbits).toBeDefined();
    const hard = conditionalMeanSplit(p).hard;
    const j = lowerThreshold(coarse, hard);
    const n = nestedLowerThreshold(coarse, hard);
    expect(j.status.converged).toBe(true);
    expect(j.status.method).toContain('joint newton');
    expect(rel(j.delta_star!, n.delta_star!)).toBeLessThan(TOL);
  });

  test('permuting the blocks leaves δ* unchanged (relu, Huber, readouts 0.7 / 0.3)', () => {
    const { pair, hard } = reluHuber([0.7, 0.3]);
    const j = lowerThreshold(pair.law, hard);
    const jp = lowerThreshold(permuteBlocks(pair.law, [1, 0]), hard);
    expect(j.status.method).toContain('joint newton');
    expect(jp.status.method).toContain('joint newton');
    expect(rel(jp.delta_star!, j.delta_star!)).toBeLessThan(TOL);
    expect(rel(j.delta_star!, nestedLowerThreshold(pair.law, hard).delta_star!)).toBeLessThan(TOL);
  });
});

describe('joint threshold at m = 1 equals the closed system (2.9)', () => {
  test('block 1 of the relu / Huber law, started from the fold at 1.3 δ*', () => {
    const { pair, hard } = reluHuber([0.5, 0.5]);
    const block = diagonalBlockLaw(pair.law, 0);
    const closed = lowerThreshold(block, hard);
    expect(closed.delta_star).not.toBeNull();
    const d0 = 1.3 * closed.delta_star!;
    const fold = lowerEdge(block, d0);
    const { min, max } = weightRange(block);
    const j = jointThreshold(block, hard, { Lambda: fold.point.Lambda, mu: fold.edge, delta: d0 }, Math.max(Math.abs(min), Math.abs(max)));
    expect(j.status.converged).toBe(true);
    expect(j.gapSlope).toBeGreaterThan(0);
    expect(rel(j.point.delta, closed.delta_star!)).toBeLessThan(TOL);
    expect(Math.abs(j.point.mu - closed.edge!)).toBeLessThan(TOL * Math.max(Math.abs(min), Math.abs(max)));
  });
});
