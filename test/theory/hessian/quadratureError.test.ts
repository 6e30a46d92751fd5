// docs/theory.md (0.7) (report the quadrature order used and an error estimate) for the Hessian laws of §2/§4: every answer
// computed from the joint-law atoms carries a two-resolution error estimate (src/theory/hessian/quadratureError.ts), in
// 3–4 latent dimensions (tensor rules, order n vs ⌈3n/4⌉ per dimension) as in ≤ 2 (composite rules) and ≥ 5
// (independent randomised-QMC scrambles); a result whose resolutions differ beyond the tolerance is not_converged (CLI exit 3).
import { describe, expect, test } from 'vitest';
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { makeState } from '../../../src/model/state.js';
import { nnThresholds } from '../../../src/theory/hessian/thresholds.js';
import { hessianSpectrum } from '../../../src/theory/hessian/spectrum.js';
import { meanFieldComparison } from '../../../src/theory/hessian/meanField.js';
import { HESSIAN_QUADRATURE_RTOL } from '../../../src/theory/hessian/quadratureError.js';
import { runCli } from '../../helpers.js';

const problem = (act = 'gelu', loss = 'square', target = 'tanh(z^2)', noise = 0) => ({
  act: resolveActivation(act), loss: resolveLoss(loss), target: resolveTarget(target), noise,
});

describe('3–4-D tensor laws report an error estimate from two resolutions', () => {
  test('m = 2 (3-D law): thresholds name both rules; the status is not_converged exactly when the estimate exceeds the tolerance', () => {
    const th = nnThresholds(problem(), makeState([1, 1], [1, 1], 1));
    const q = th.quadrature;
    // Smooth σ: the panel-aligned rule, 18 intervals per direction (3 and 2 nodes each).
    expect(q.resolution).toBe('3 nodes per panel, order 32 across');
    expect(q.compared_with?.resolution).toBe('2 nodes per panel, order 24 across');
    expect(q.atoms).toBe(54 ** 3);
    expect(q.compared_with?.atoms).toBe(36 ** 3);
    expect(q.error_estimate).toBeGreaterThan(0);
    expect(q.tolerance).toBe(HESSIAN_QUADRATURE_RTOL);
    expect(q.status.converged).toBe(q.error_estimate <= q.tolerance);
    if (!q.status.converged) {
      expect(th.status.converged).toBe(false);
      expect(th.status.message).toMatch(/two quadrature resolutions/);
    }
  });

  test('m = 3 orthogonal smooth neurons: the separable block rule, 4 vs 3 nodes per panel (32 vs 24 in F)', () => {
    const th = nnThresholds(problem('tanh'), makeState([0.5, 0.3, -0.4], [1, 1, 1.2], 1));
    expect(th.quadrature.resolution).toBe('4 nodes per panel, order 32 across');
    expect(th.quadrature.compared_with?.resolution).toBe('3 nodes per panel, order 24 across');
    expect(th.quadrature.rule).toMatch(/separable block rule/);
  });

  test('m = 3 correlated neurons (4-D law): order 14 vs 11 per dimension', () => {
    const th = nnThresholds(problem('tanh'), makeState([0.5, 0.3, -0.4], [1, 1, 1.2], 1, 'w1.w2=0.3'));
    expect(th.quadrature.resolution).toBe('order 14 per dimension');
    expect(th.quadrature.compared_with?.resolution).toBe('order 11 per dimension');
  });

  test('the spectrum estimate shrinks as the order grows (relu, logistic loss, y = sign(z² − 1), m = 2, δ = 8: kink-aligned nested rule)', () => {
    const p = problem('relu', 'logistic', 'sign(z^2-1)');
    const s = makeState([1, 1], [1, 1], 1);
    const err = [8, 12, 16, 20].map((order) => {
      const sp = hessianSpectrum(p, s, 8, { order });
      expect(sp.quadrature.resolution).toBe(`order ${order} per dimension`);
      expect(Number.isFinite(sp.quadrature.error_estimate)).toBe(true);
      return sp.quadrature.error_estimate;
    });
    for (let i = 1; i < err.length; i++) expect(err[i]!).toBeLessThan(err[i - 1]!);
  });

  test('a deliberately too-coarse order is flagged not_converged; a fine enough one is not', () => {
    const p = problem('relu');
    const s = makeState([1, 1], [1, 1], 1);
    // tanh: smooth, 3-D Gauss–Hermite tensor rule; relu/square: the kink-aligned rule is exact on each piece.
    const coarse = hessianSpectrum(problem('tanh'), s, 8, { order: 8 });
    expect(coarse.quadrature.error_estimate).toBeGreaterThan(HESSIAN_QUADRATURE_RTOL);
    expect(coarse.quadrature.status.converged).toBe(false);
    expect(coarse.status.converged).toBe(false);
    expect(coarse.status.message).toMatch(/order 8 per dimension and order 6 per dimension/);
    const fine = hessianSpectrum(p, s, 8, { order: 26 });
    expect(fine.quadrature.error_estimate).toBeLessThanOrEqual(HESSIAN_QUADRATURE_RTOL);
    expect(fine.status.converged).toBe(true);
    // Thresholds too: δ*_j of GELU/square at order 8 per dimension.
    const th = nnThresholds(problem(), makeState([1, 1], [1, 1], 1), { atoms: { order: 8 } });
    expect(th.quadrature.compared_with?.resolution).toBe('order 6 per dimension');
    expect(th.quadrature.status.converged).toBe(false);
    expect(th.status.converged).toBe(false);
  });
});

describe('the same mechanism in ≤ 2 and ≥ 5 dimensions', () => {
  test('2-D composite rule (docs/theory.md §4 reference, m = 1): the estimate shrinks with the nodes per panel', () => {
    const p = problem();
    const s = makeState([1], [1], 1);
    const err = [4, 6, 8, 10].map((nodesPerPanel) => {
      const th = nnThresholds(p, s, { atoms: { nodesPerPanel } });
      expect(th.quadrature.resolution).toBe(`${nodesPerPanel} nodes per panel`);
      return th.quadrature.error_estimate;
    });
    for (let i = 1; i < err.length; i++) expect(err[i]!).toBeLessThan(err[i - 1]!);
  });

  test('≥ 5-D randomised QMC (m = 4, correlated neurons): compared with an independent scramble', () => {
    const th = nnThresholds(problem(), makeState([0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1], 1, 'w1.w2=0.3'));
    expect(th.quadrature.resolution).toBe('randomised QMC scramble 1');
    expect(th.quadrature.compared_with?.resolution).toBe('randomised QMC scramble 2');
    expect(th.quadrature.error_estimate).toBeGreaterThan(0);
    expect(th.status.converged).toBe(th.quadrature.error_estimate <= HESSIAN_QUADRATURE_RTOL && th.blocks.every((b) => b.status.converged));
  });

  test('mean-field comparison rows carry the estimate of every reported number and of the differences', () => {
    const [r] = meanFieldComparison(problem(), [2], [6], 1, 1, { order: 10 });
    expect(r!.quadrature_error).toBeGreaterThan(0);
    expect(r!.edge_error_quadrature).toBeGreaterThanOrEqual(0);
    expect(r!.status.converged).toBe(false); // order 10 vs 8 per dimension is far too coarse for 10⁻³
  });
});

describe('CLI', () => {
  const run = (args: string[]) => runCli(args, '\n');
  test('nn on a 3-D law (m = 1 with label noise) prints the estimate; exit 3 iff not_converged', async () => {
    const r = await run(['nn', '--noise', '0.1', '--json']);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.quadrature.resolution).toBe('order 34 per dimension');
    expect(j.quadrature.compared_with.resolution).toBe('order 26 per dimension');
    expect(j.quadrature.tolerance).toBe(HESSIAN_QUADRATURE_RTOL);
    expect(j.quadrature).toHaveProperty('error_estimate');
    expect(r.code).toBe(j.status === 'converged' ? 0 : 3);
  });
  test('--order N sets the resolution (N vs ⌈3N/4⌉ per dimension in 3-D, N vs min(N − 1, ⌈3N/4⌉) per panel in 2-D)', async () => {
    const r3 = await run(['nn', '--noise', '0.1', '--order', '20', '--json']);
    const j3 = JSON.parse(r3.out);
    expect(j3.quadrature.resolution).toBe('order 20 per dimension');
    expect(j3.quadrature.compared_with.resolution).toBe('order 15 per dimension');
    expect(j3.quadrature.size).toBe(20 ** 3);
    expect(j3.quadrature.compared_with.atoms).toBe(15 ** 3);
    expect(j3.input.order).toBe(20);
    const r2 = await run(['nn', '--order', '6', '--json']);
    const j2 = JSON.parse(r2.out);
    expect(j2.quadrature.resolution).toBe('6 nodes per panel');
    expect(j2.quadrature.compared_with.resolution).toBe('5 nodes per panel');
    expect(r2.code).toBe(j2.status === 'converged' ? 0 : 3);
  });
  test.each([
    [['nn', '--order', '3'], /--order: must be ≥ 4/],
    [['nn', '--order', '4.5'], /--order: must be an integer/],
    [['nn', '--order', 'x'], /--order: must be a finite number/],
    [['nn', '--width', '4', '--order', '20'], /--order: has no effect here.*randomised QMC/],
    [['nn', '--width', '2', '--order', '400'], /--order: 400 would need/],
    [['nn', '--act', 'tanh', '--width', '4', '--order', '40'], /--order: 40 nodes per neuron would need .* at width 4/],
    [['nn', '--state', 'population', '--order', '20'], /--order: applies to --state fixed only/],
  ])('bad --order %j: UsageError naming --order with an example, exit 2', async (args, msg) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg as RegExp);
    expect(r.err).toMatch(/example of a valid value/);
  });
});
