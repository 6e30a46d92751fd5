// The long-horizon DMFT (d → ∞, w ⊥ θ) at late t against the stationary law of docs/theory.md §6 ((6.3)–(6.6),
// quantiles of u by (6.16)): ‖w‖² vs r², train risk vs E[ρ_y(u)], E[u²] and the quantiles of u, with the DMFT's
// Monte Carlo se (train risk recorded; E[u²] and quantiles from the theory law's variance and density at N paths),
// its compression error, the quadrature error of the theory (|order 8 − order 6|) and, where two N share a δ, the
// N → ∞ extrapolation of ‖w‖² under a 1/N and a 1/√N bias.
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/dmftLong/stationaryComparison.js
import { resolveActivation, resolveLoss, resolveTarget } from '../../../src/model/formulas.js';
import { stationaryPoint, type StationaryPoint } from '../../../src/theory/stationary/fixedPoint.js';
import { sampleLoss } from '../../../src/theory/stationary/prox.js';
import { smoothUQuantiles } from '../../../src/theory/stationary/report.js';
import { g, readStationarityRecords, type StationarityRecord as Rec } from './records.js';

/** N, horizon, population seed and the commit that drew it (the normal generator changed between recordings). */
const label = (r: Rec) => `N = ${r.config.samples}, T = ${r.config.steps}, seed ${r.config.seed} (${r.provenance.git_commit.slice(0, 7)})`;
const recs = readStationarityRecords();
const c0 = recs[0]!.config;
if (!recs.every((r) => r.config.act === c0.act && r.config.loss === c0.loss && r.config.target === c0.target && r.config.ridge === 0 && r.config.noise === 0 && r.config.readout.length === 1))
  throw new Error('stationaryComparison: the records must share one m = 1 problem without ridge or noise');
const problem = { act: resolveActivation(c0.act).fn, loss: resolveLoss(c0.loss).fn, target: resolveTarget(c0.target), noise: 0, readout: c0.readout[0]!, ridge: 0 };
const rho = sampleLoss(problem.act, problem.loss, problem.readout);
const PROBS = recs[0]!.law_of_u.quantiles;

interface Theory { p: StationaryPoint; w2: number; risk: number; u2: number; u4: number; q: number[]; density: number[] }
function theory(delta: number, order: number): Theory {
  const p = stationaryPoint(problem, delta, { order });
  if (!p.status.converged || p.proxKind !== 'smooth') throw new Error(`stationary point at δ = ${delta} (order ${order}): ${p.status.message ?? p.proxKind}`);
  let u2 = 0, u4 = 0;
  for (let i = 0; i < p.law.size; i++) { const u = p.law.u[i]!; u2 += p.law.weights[i]! * u * u; u4 += p.law.weights[i]! * u ** 4; }
  const q = smoothUQuantiles(p, rho, PROBS);
  // Density of u at each quantile from the quantile function's slope: f = Δp / Δq (central, Δp = 1e-4).
  const density = PROBS.map((pr) => { const [a, b] = smoothUQuantiles(p, rho, [pr - 1e-4, pr + 1e-4]); return 2e-4 / (b! - a!); });
  return { p, w2: p.r ** 2, risk: p.trainRisk, u2, u4, q, density };
}

const deltas = [...new Set(recs.map((r) => r.config.delta))];
const th = new Map(deltas.map((d) => [d, { six: theory(d, 6), eight: theory(d, 8) }]));

console.log('#### Theory (stationary law, order 6; quadrature error = |order 8 − order 6|)\n');
console.log('| δ | r² = ‖ŵ‖² | train risk | E[u²] | quantiles of u (5, 25, 50, 75, 95%) by (6.16) | stability index (6.7) | max quadrature error |');
console.log('|---|---|---|---|---|---|---|');
for (const d of deltas) {
  const { six: a, eight: b } = th.get(d)!;
  const err = Math.max(Math.abs(a.w2 - b.w2), Math.abs(a.risk - b.risk), Math.abs(a.u2 - b.u2), ...a.q.map((x, k) => Math.abs(x - b.q[k]!)));
  console.log(`| ${d} | ${g(a.w2, 5)} | ${g(a.risk, 5)} | ${g(a.u2, 5)} | ${a.q.map((x) => g(x, 4)).join(', ')} | ${g(a.p.stability, 4)} | ${g(err, 2)} |`);
}

console.log('\n#### DMFT at late t − theory (in units of the DMFT\'s Monte Carlo se where one is known)\n');
console.log('| δ | record | t | ‖w‖² (± compression) | − r² | train risk ± MC se | − theory (se units) | E[u²] ± se | − theory (se units) | quantiles of u | − theory (se units: √(p(1−p)/N)/f(q)) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of recs) {
  const T = th.get(r.config.delta)!.six;
  const N = r.config.samples;
  for (const L of r.law_of_u.at.filter((l) => l.t >= 1000)) {
    const s = r.series.find((x) => x.t === L.t)!;
    const seU2 = Math.sqrt((T.u4 - T.u2 ** 2) / N);
    const seQ = PROBS.map((p, k) => Math.sqrt((p * (1 - p)) / N) / T.density[k]!);
    const dq = L.u_quantiles.map((x, k) => (x - T.q[k]!) / seQ[k]!);
    console.log(`| ${r.config.delta} | ${label(r)} | ${L.t} | ${g(s.w_norm2, 4)} (± ${g(s.w_norm2_compression_error, 1)}) | ${s.w_norm2 - T.w2 >= 0 ? '+' : ''}${g(s.w_norm2 - T.w2, 2)} | ${g(s.train_risk, 5)} ± ${g(s.train_risk_mc_se, 2)} | ${g((s.train_risk - T.risk) / s.train_risk_mc_se, 2)} | ${g(L.u_mean_square, 4)} ± ${g(seU2, 2)} | ${g((L.u_mean_square - T.u2) / seU2, 2)} | ${L.u_quantiles.map((x) => g(x, 3)).join(', ')} | ${dq.map((x) => g(x, 2)).join(', ')} |`);
  }
}

console.log('\n#### ‖w‖² of every record at common t (each record is its own population of N paths)\n');
for (const d of deltas) {
  const rs = recs.filter((r) => r.config.delta === d);
  console.log(`δ = ${d}; theory r² = ${g(th.get(d)!.six.w2, 4)}\n`);
  console.log(`| t | ${rs.map(label).join(' | ')} |`);
  console.log(`|---|${rs.map(() => '---').join('|')}|`);
  const ts = [...new Set(rs.flatMap((r) => r.series.map((x) => x.t)))].filter((t) => t >= 250).sort((a, b) => a - b);
  for (const t of ts) console.log(`| ${t} | ${rs.map((r) => { const x = r.series.find((y) => y.t === t); return x ? g(x.w_norm2, 4) : '—'; }).join(' | ')} |`);
  console.log('');
}
