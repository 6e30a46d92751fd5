// Summarises validation/experiments/gd_stationary_multi/data (GD ⊥ θ, m = 2, a = (½, ½)) against the m-neuron fixed
// point (src/theory/stationary/multi, docs/theory.md (6.20)–(6.26)) into results.{json,md} of that folder (refuses to
// overwrite without --force). Per (λ, d, δ): mean ± se over seeds of Q̂'s diagonal mean and off-diagonal, the training
// risk and the eigenvalues of S(0); the theory solved from GD's mean Q̂ (exchangeable ansatz, coarse u-space rule, then
// the fine rule from there; their difference is the error estimate). Verdict per quantity: pass if |GD − theory| ≤ 3 se + the quadrature error.
// Usage (after `npm run build`): node dist/scripts/experiments/gdStationaryMultiResults.js [--force]
import { join } from 'node:path';
import { resolveActivation, resolveLoss, resolveTarget } from '../../src/model/formulas.js';
import { COARSE, FINE, multiStationaryPoint, type MultiPoint } from '../../src/theory/stationary/multi/fixedPoint.js';
import type { PerpGdMultiOptions, PerpGdMultiResult } from '../../src/simulate/stationary/perpGdMulti.js';
import { checkWritable, experimentDir, meanSe, readRecords, write } from './record.js';

type Rec = { version: string; config: PerpGdMultiOptions; result: PerpGdMultiResult };
const args = process.argv.slice(2);
const dir = experimentDir('gd_stationary_multi');
const out = { json: join(dir, 'results.json'), md: join(dir, 'results.md') };
checkWritable([out.json, out.md], args);
const recs = readRecords<Rec>(join(dir, 'data'));
const groups = new Map<string, Rec[]>();
for (const r of recs) {
  const k = `${r.config.ridge}|${r.config.d}|${r.config.delta}`;
  groups.set(k, [...(groups.get(k) ?? []), r]);
}
const quantities = (r: PerpGdMultiResult) => ({
  q_diag: (r.Q[0]! + r.Q[3]!) / 2, q_off: r.Q[1]!, train_risk: r.train_risk,
  s0_min: r.schur0_eigenvalues?.[0] ?? NaN, s0_max: r.schur0_eigenvalues?.[1] ?? NaN,
});
const theoryValues = (p: MultiPoint) => ({ q_diag: (p.Q[0]! + p.Q[3]!) / 2, q_off: p.Q[1]!, train_risk: p.trainRisk, s0_min: p.lambdaEigenvalues[0]!, s0_max: p.lambdaEigenvalues[1]! });
const rows: unknown[] = [];
const md: string[] = [
  '# GD ⊥ θ with m = 2 neurons against the matrix fixed point (docs/theory.md (6.20)–(6.26))',
  '',
  'GELU, square loss, y = tanh(z²), a = (½, ½), full-batch GD (η = 1) from W(0) ~ N(0, I/d) with the θ components removed, ' +
  'Newton–CG polish to ‖∇⊥R̂‖ ≤ 1e-6 (src/simulate/stationary/perpGdMulti.ts; data/ has one record per seed). ' +
  'S(0) is the 2×2 θ-block Schur complement, by conjugate gradients. Theory: exchangeable ansatz, u-space rule ' +
  `(order ${FINE.order}, ${FINE.nodes} nodes per unit panel; error estimate against order ${COARSE.order}, ${COARSE.nodes}). ` +
  'Verdict: pass if |GD − theory| ≤ 3 se + quadrature error.',
  '',
  '| λ | d | δ | seeds | quantity | GD mean ± se | theory | verdict |',
  '|---|---|---|---|---|---|---|---|',
];
const act = resolveActivation('gelu').fn, loss = resolveLoss('square').fn, target = resolveTarget('tanh(z^2)');
for (const [key, rs] of [...groups.entries()].sort()) {
  const [ridge, d, delta] = key.split('|').map(Number) as [number, number, number];
  const qs = rs.map((r) => quantities(r.result));
  const mean = (k: keyof ReturnType<typeof quantities>) => meanSe(qs.map((q) => q[k]));
  const qd = mean('q_diag').mean, qo = mean('q_off').mean;
  const problem = { act, loss, target, noise: 0, readout: Float64Array.of(0.5, 0.5), ridge };
  // Q from GD; K (not observable in GD) from the anti-correlated shape of the split state, K = [[1, −0.6], [−0.6, 1]].
  const start = { Q: Float64Array.of(qd, qo, qo, qd), K: Float64Array.of(1, -0.6, -0.6, 1) };
  // The coarse rule first (15 Newton iterations from GD's Q̂): where the prox is not convex it fails quickly, and the
  // fine rule is solved only from a converged coarse point.
  const coarse = multiStationaryPoint(problem, delta, { ansatz: 'exchangeable', resolution: COARSE, start, maxIterations: 15 });
  const fine = coarse.status.converged ? multiStationaryPoint(problem, delta, { ansatz: 'exchangeable', start: { Q: coarse.Q, K: coarse.K } }) : coarse;
  const th = fine.status.converged ? theoryValues(fine) : null;
  const thc = coarse.status.converged && fine !== coarse ? theoryValues(coarse) : null;
  const entries: Record<string, unknown> = {};
  for (const k of ['q_diag', 'q_off', 'train_risk', 's0_min', 's0_max'] as const) {
    const m = mean(k);
    const t = th ? th[k] : null;
    const qerr = th && thc ? Math.abs(th[k] - thc[k]) : null;
    const verdict = t === null ? 'no converged theory' : m.se === null ? 'one seed' : Math.abs(m.mean - t) <= 3 * m.se + (qerr ?? 0) ? 'pass' : 'FAIL';
    entries[k] = { mean: m.mean, se: m.se, theory: t, quadrature_error: qerr, verdict };
    md.push(`| ${ridge} | ${d} | ${delta} | ${rs.length} | ${k} | ${m.mean.toFixed(4)} ± ${m.se === null ? '—' : m.se.toFixed(4)} | ${t === null ? '—' : t.toFixed(4)} | ${verdict} |`);
  }
  rows.push({ ridge, d, delta, seeds: rs.map((r) => r.result.seed), n: rs[0]!.result.n, version: rs[0]!.version, entries,
    theory_status: { converged: fine.status.converged, message: fine.status.message ?? null, iterations: fine.status.iterations, residuals: fine.residuals, convex_prox: fine.convexProx, stability: fine.stability } });
  if (!fine.status.converged) md.push(`|  |  |  |  | theory at δ = ${delta}, λ = ${ridge}: not converged — ${fine.status.message ?? ''} |  |  |  |`);
}
write(out.json, JSON.stringify({ experiment: 'gd_stationary_multi', groups: rows }, null, 1));
write(out.md, md.join('\n'));
process.stderr.write(`wrote ${out.json} and ${out.md}\n`);
