// The mapped Gauss rule for smooth neurons at orthogonal states and the §2 solvers on orbit representatives
// (src/theory/hessian/mappedRule.ts, src/theory/rmt/symmetry.ts; docs/theory.md (2.12), (10.26)–(10.27)).
import { describe, expect, test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState, stateFactor } from '../../../src/model/state.js';
import { blockWeightLaw } from '../../../src/theory/hessian/blockWeights.js';
import { jointAtoms } from '../../../src/theory/hessian/jointLaw.js';
import { hessianSpectrum } from '../../../src/theory/hessian/spectrum.js';
import { diagonalBlockLaw, type MatrixLaw } from '../../../src/theory/rmt/matrixLaw.js';
import { lowerEdge } from '../../../src/theory/rmt/edge.js';
import { spikeMatrix } from '../../../src/theory/rmt/outliers.js';
import { lowerThreshold } from '../../../src/theory/rmt/threshold.js';
import { nnThresholds } from '../../../src/theory/hessian/thresholds.js';
import { separableBlockLaw } from '../../../src/theory/hessian/separableBlock.js';

const problem = (act = 'tanh') => ({ act: resolveActivation(act), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 });
const withoutOrbits = (law: MatrixLaw): MatrixLaw => {
  const { orbits: _o, ...full } = law;
  void _o;
  return full;
};
const SMALL = { mappedNodes: 6, mappedTargetNodes: 4 };

describe('mapped Gauss rule: where it applies', () => {
  test('smooth m ≥ 3 at the orthogonal state (with orbits when exchangeable); not with overlaps, kinks or m = 2', () => {
    const p = problem();
    const atoms = (act: string, m: number, ov?: string, readout?: number[]) => {
      const s = makeState(readout ?? Array(m).fill(1 / m), Array(m).fill(1), 1, ov);
      return jointAtoms(problem(act), s, stateFactor(s));
    };
    const a3 = atoms('tanh', 3);
    expect(a3.resolution.kind).toBe('mapped');
    expect(a3.orbits).toBeDefined();
    expect(atoms('tanh', 3, undefined, [0.5, 0.3, 0.2]).orbits).toBeUndefined();
    expect(atoms('tanh', 3, 'w1.w2=0.3').resolution.kind).not.toBe('mapped');
    expect(atoms('tanh', 3, 'w1.z=0.3').resolution.kind).not.toBe('mapped');
    expect(atoms('relu', 3).resolution.kind).not.toBe('mapped');
    expect(atoms('sigmoid', 3).resolution.kind).toBe('mapped');
    // GELU: σ' is not a polynomial in σ (square-root branch at the minimum of σ), so A is not rational in σ(u).
    expect(atoms('gelu', 3).resolution.kind).not.toBe('mapped');
    expect(atoms('tanh', 2).resolution.kind).not.toBe('mapped');
    void p;
  });
});

describe('§2 solvers on orbit representatives', () => {
  test('m = 3: lower edge and spike matrix equal those of the full law (to solver tolerance)', () => {
    const s = makeState([1 / 3, 1 / 3, 1 / 3], [1, 1, 1], 1);
    const { law } = blockWeightLaw(problem(), s, 'exact', SMALL);
    expect(law.orbits).toBeDefined();
    expect(law.orbits!.law.size).toBeLessThan(law.size / 3);
    const reduced = lowerEdge(law, 8);
    const full = lowerEdge(withoutOrbits(law), 8);
    expect(reduced.status.converged && full.status.converged).toBe(true);
    expect(Math.abs(reduced.edge - full.edge)).toBeLessThan(1e-10 * Math.abs(full.edge));
    const coords = [0, 1, 2, 3];
    const K1 = spikeMatrix(law, full.point.Lambda, coords);
    const K2 = spikeMatrix(withoutOrbits(law), full.point.Lambda, coords);
    const scale = Math.max(...K2.map(Math.abs));
    K1.forEach((v, i) => expect(Math.abs(v - K2[i]!)).toBeLessThan(1e-12 * scale));
  });

  test('diagonal weights (mean-field mode): the m×m edge is the lowest of the per-block scalar edges', () => {
    // A = diag(T_1, T_2, T_3) makes D = ⊕_j (1/n) Σ T_ij x_i x_iᵀ, so its spectrum is the union of the blocks'.
    const s = makeState([0.5, 0.3, 0.2], [1, 1, 1], 1);
    const { law } = blockWeightLaw(problem(), s, 'mean-field', SMALL);
    const e = lowerEdge(law, 8);
    const blocks = [0, 1, 2].map((j) => lowerEdge(diagonalBlockLaw(law, j), 8).edge);
    expect(e.status.converged).toBe(true);
    expect(Math.abs(e.edge - Math.min(...blocks))).toBeLessThan(1e-9 * Math.abs(e.edge));
  });

  test('m = 3 with readout (1, 0, 0) reduces to the one-neuron network: same lower edge within the quadrature estimates', () => {
    const p = problem();
    const one = hessianSpectrum(p, makeState([1], [1], 1), 8);
    const three = hessianSpectrum(p, makeState([1, 0, 0], [1, 1, 1], 1), 8, { mappedNodes: 12 });
    expect(three.quadrature.rule).toMatch(/mapped Gauss rule/);
    const tol = 2 * (one.quadrature.error_estimate + three.quadrature.error_estimate) * Math.abs(one.edge) + 1e-9;
    expect(Math.abs(three.edge - one.edge)).toBeLessThan(tol);
    expect(tol).toBeLessThan(1e-2 * Math.abs(one.edge));
  });
});

describe('exchangeable blocks at an orthogonal state (separable block rule)', () => {
  test('δ*_j is block 1\'s for every block and equals block 3\'s own separable threshold (sigmoid, readout 1, y = z²)', () => {
    const p = { act: resolveActivation('sigmoid'), loss: resolveLoss('square'), target: resolveTarget('z^2'), noise: 0 };
    const s = makeState([1, 1, 1], [1, 1, 1], 1);
    const th = nnThresholds(p, s);
    const own = lowerThreshold(separableBlockLaw(p, s, stateFactor(s), 2, 4, 32).law, [0]);
    expect(own.delta_star).not.toBeNull();
    expect(th.blocks.map((b) => b.neuron)).toEqual([1, 2, 3]);
    for (const b of th.blocks) expect(Math.abs(b.delta_star! - own.delta_star!)).toBeLessThan(1e-12 * own.delta_star!);
  });
});
