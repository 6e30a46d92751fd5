import { describe, it, expect } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState, stateFactor } from '../../../src/model/state.js';
import { jointAtoms, coarserAtomOptions } from '../../../src/theory/hessian/jointLaw.js';

const problem = (act: string) => ({ act: resolveActivation(act), loss: resolveLoss('square'), target: resolveTarget('tanh(z^2)'), noise: 0 });

/** Σw, max |E ζ_c| and max |E ζ_c ζ_d − δ_cd| over the atoms. */
function moments(a: { dim: number; size: number; points: Float64Array; weights: Float64Array }) {
  let mass = 0;
  const mean = new Float64Array(a.dim);
  const cov = new Float64Array(a.dim * a.dim);
  for (let i = 0; i < a.size; i++) {
    const w = a.weights[i]!;
    mass += w;
    for (let c = 0; c < a.dim; c++) {
      mean[c] += w * a.points[i * a.dim + c]!;
      for (let e = 0; e < a.dim; e++) cov[c * a.dim + e] += w * a.points[i * a.dim + c]! * a.points[i * a.dim + e]!;
    }
  }
  const covErr = Math.max(...Array.from(cov, (v, u) => Math.abs(v - (Math.floor(u / a.dim) === u % a.dim ? 1 : 0))));
  return { mass, meanErr: Math.max(...Array.from(mean, Math.abs)), covErr };
}

describe('joint-law atoms (src/theory/hessian/jointLaw.ts)', () => {
  it('≥ 5-D smooth correlated neurons: randomised QMC in antithetic pairs — exact mean, second moments to RQMC accuracy, independent scrambles differ', () => {
    // (At the orthogonal state the mapped Gauss rule applies instead: mappedRule.test.ts.)
    const s = makeState([0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1], 1, 'w1.w2=0.3');
    const a = jointAtoms(problem('tanh'), s, stateFactor(s));
    expect(a.resolution.kind).toBe('rqmc');
    const m = moments(a);
    expect(Math.abs(m.mass - 1)).toBeLessThan(1e-12);
    expect(m.meanErr).toBeLessThan(1e-15);
    // Plain Monte Carlo with 16384 points would give second-moment errors ~ √(2/16384) ≈ 1e-2.
    expect(m.covErr).toBeLessThan(2e-3);
    const b = jointAtoms(problem('tanh'), s, stateFactor(s), coarserAtomOptions(a, {}));
    expect(b.resolution).toEqual({ kind: 'rqmc', size: a.size, seed: 2 });
    expect(b.points[0]).not.toBe(a.points[0]);
  });

  it('kinked neurons in 3–6 dimensions (relu, m = 4, correlated): the kink-aligned nested rule integrates second moments exactly', () => {
    const s = makeState([0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1], 1, 'w1.w2=0.5,w3.w4=-0.4');
    const a = jointAtoms(problem('relu'), s, stateFactor(s));
    expect(a.rule).toMatch(/^kink-aligned nested rule\[4 kink direction/);
    const m = moments(a);
    expect(Math.abs(m.mass - 1)).toBeLessThan(1e-13);
    expect(m.meanErr).toBeLessThan(1e-13);
    expect(m.covErr).toBeLessThan(1e-13);
  });
});
