// Renders validation/experiments/dmft_long/theta_response.md from the records of thetaResponse.ts (data/theta_response_*,
// data/gd_theta_response_*, data/learning_*) and the long-horizon GD records (validation/experiments/gd_long_horizon):
//   1. d = ∞: ψ(t), its local exponent, χ(t) (5.14) against κ_m (6.17) and κ (6.6), and the path's Λ(t) against Λ_m, Λ;
//   2. GD at finite d: ψ(t) = (M⁺ − M⁻)/(2m0) per seed, mean ± se, against the DMFT mean over populations
//      (verdict: pass iff |DMFT − GD| ≤ 3·se_GD, se_GD over seeds; at each t only the seeds whose even part has stayed
//      ≤ 0.3 up to t enter — beyond, M is O(1) and ψ no longer a linear response — which selects the seeds with the
//      slower noise-driven growth, a bias the page states);
//   3. the finite-d DMFT θ channel: learning times per realisation against GD's seeds at the same (d, δ, T); verdict:
//      pass iff the learned fractions are compatible (two-sided Fisher exact test, p ≥ 0.05), and the majority
//      brackets [largest δ not learned by a majority, smallest δ learned by a majority above it] of the two;
//   4. the learning time of the linearised θ channel (5.15)–(5.16) from the d = ∞ records with noise draws
//      (data/theta_response_noise*): V(t) = s²ψ² + v, the predicted quantiles of t_learn and the lower bound of the
//      learned fraction, against GD (gd_long_horizon, GELU reference only) and the finite-d DMFT march at the same d.
//      Verdict on GD: the bound fails iff GD's learned count by the series' end is below it at one-sided binomial
//      level 0.05; GD's count significantly above the bound (same test, other side) is recorded as "above".
//   5. the integrated response χ(t) of finite-d GD ⊥ θ against the DMFT's (chiTable.ts);
//   6. the two-time response χ(t_w + Δ, t_w), d = ∞ DMFT and finite-d GD (twoTimeTable.ts).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/dmftLong/thetaTable.js [--force]
import { join } from 'node:path';
import { bracketText, checkWritable, compareLearned, experimentDir, meanSe, readRecords, write } from '../record.js';
import { stationaryPoint } from '../../../src/theory/stationary/fixedPoint.js';
import { schurAtZero } from '../../../src/theory/stationary/hessian.js';
import { marginalClosure, thetaCurvature } from '../../../src/theory/stationary/marginal.js';
import { binomialCdf } from '../../../src/numerics/stats.js';
import { chiSection } from './chiTable.js';
import { twoTimeSection } from './twoTimeTable.js';
import { LONG_CONFIGS, REFERENCE, stationaryProblemOf } from '../gdLongHorizon.js';
import { learnedProbabilityBound, learningTimeQuantile, thetaVariance } from '../../../src/theory/dmft/linearLearning.js';

const dir = experimentDir('dmft_long'), data = join(dir, 'data');
const out = join(dir, 'theta_response.md');
checkWritable([out], process.argv.slice(2));
const fmt = (x: number | null | undefined, p = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(p));
const pm = (s: { mean: number; se: number | null }, p = 3) => `${fmt(s.mean, p)}${s.se === null ? '' : ` ± ${fmt(s.se, 2)}`}`;
const problem = stationaryProblemOf(REFERENCE);

interface Series { t: number[]; psi: number[]; chi?: number[]; even_part?: number[] }
interface Response { file: string; config: { delta: number; samples: number; steps: number }; seeds: { population: number }; series: Series; exponents: Array<{ t: number; a: number | null }>; theta_curvature: Array<{ t: number; chi: number; Lambda: number | null }> }
interface GdResponse { file: string; config: { delta: number; d: number; steps: number; m0: number }; seeds: { data: number }; series: Series; max_even_part: number }
interface Learning { file: string; config: { delta: number; d: number; steps: number; samples: number }; runs: Array<{ realisation: number; t_learn: number | null }> }
interface GdRun { config: { d: number; delta: number; steps: number }; result: { seed: number; t_learn: number | null } }

const all = readRecords<Record<string, unknown>>(data);
const responses = all.filter((r) => r.file.startsWith('theta_response_') && !r.file.startsWith('theta_response_noise')) as unknown as Response[];
interface NoiseResponse { file: string; config: { delta: number; samples: number; steps: number; initScale: number }; seeds: { population: number; noise_draws: string }; series: Series & { w_norm2: number[]; v: number[]; v_se: number[]; v_compression_error: number[]; psi_compression_error: number[] } }
const noiseResponses = all.filter((r) => r.file.startsWith('theta_response_noise')) as unknown as NoiseResponse[];
const gds = all.filter((r) => r.file.startsWith('gd_theta_response_')) as unknown as GdResponse[];
const learning = all.filter((r) => r.file.startsWith('learning_d')) as unknown as Learning[]; // the GELU reference (others: learning_{config}_d…)
interface GdRunConfig { act?: string; loss?: string; ridge?: number; target?: string }
const gdLong = readRecords<GdRun & { config: GdRunConfig }>(join(experimentDir('gd_long_horizon'), 'data'))
  .filter((r) => r.config.act === 'gelu' && r.config.loss === 'square' && r.config.ridge === 0 && r.config.target === 'tanh(z^2)');
const at = (s: Series, t: number) => s.psi[s.t.indexOf(t)]!;
const deltas = [...new Set([...responses, ...gds].map((r) => r.config.delta))].sort((a, b) => a - b);
const points = new Map(deltas.map((d) => [d, stationaryPoint(problem, d)]));
const T_SHOW = [100, 250, 500, 1000, 2000];

const lines: string[] = [
  '# The θ channel over long horizons: DMFT (d = ∞) and GD',
  '',
  'GELU, square loss, y = tanh(z²), m = 1, a = 1, η = 0.5, ‖w(0)‖ = 1, no ridge. Records in `data/` (`theta_response_*`, `gd_theta_response_*`, `learning_*`), written by',
  '`scripts/experiments/dmftLong/thetaResponse.ts`; this page by `thetaTable.ts`. ψ(t) = ∂M(t)/∂M(0) is the growth of the θ-component',
  '(docs/theory.md (5.11), (5.13)); χ(t) the integrated response and Λ(t) the θ curvature on the path (5.14); κ, Λ the leave-one-out',
  'values (6.6), (6.9); κ_m, Λ_m the marginal closure (6.17)–(6.18). DMFT: coarse-grained march (window 8, first 32 steps exact); its',
  'compression error for ψ is |ψ(W = 8) − ψ(W = 4)| on the same population (column "comp."); each population is an independent Monte',
  'Carlo draw of the effective paths (its spread is the Monte Carlo error).',
  '',
  '## 1. d = ∞: the θ response along GD ⊥ θ',
  '',
  `| δ | N | population | ${T_SHOW.map((t) => `ψ(${t})`).join(' | ')} | comp. at T | a(1000), a(2000) | χ(T) / κ_m / κ | Λ(T) path / Λ_m / Λ |`,
  `|---|---|---|${T_SHOW.map(() => '---|').join('')}---|---|---|---|`,
];
for (const r of [...responses].sort((a, b) => a.config.delta - b.config.delta || a.seeds.population - b.seeds.population)) {
  const p = points.get(r.config.delta)!, T = r.config.steps, last = r.theta_curvature.at(-1), marginal = marginalClosure(p, 0);
  const ex = (t: number) => fmt(r.exponents.find((e) => e.t === t)?.a ?? null, 2);
  const comp = (r.series as Series & { psi_compression_error?: number[] }).psi_compression_error?.at(-1);
  lines.push(`| ${r.config.delta} | ${r.config.samples} | ${r.seeds.population} | ${T_SHOW.map((t) => fmt(at(r.series, t), 3)).join(' | ')} | ${fmt(comp, 2)} | ${ex(1000)}, ${ex(2000)} | ${fmt(last?.chi)} / ${fmt(marginal?.kappa)} / ${fmt(p.kappa)} | ${fmt(last?.Lambda ?? null, 3)} / ${fmt(marginal?.schur, 3)} / ${fmt(schurAtZero(p, 0), 3)} |`);
}
lines.push('', 'a(t) = log₂(ψ(t)/ψ(t/2)), the local exponent of ψ ∝ t^a (— where ψ changes sign).', '');

lines.push('## 2. GD at finite d against the DMFT', '');
lines.push(`| d | δ | seeds | ${T_SHOW.map((t) => `ψ(${t}) GD mean ± se (seeds still linear) / DMFT`).join(' | ')} | verdict |`);
lines.push(`|---|---|---|${T_SHOW.map(() => '---|').join('')}---|`);
let pass = 0, fail = 0;
for (const key of [...new Set(gds.map((g) => `${g.config.d}:${g.config.delta}`))]) {
  const [d, delta] = key.split(':').map(Number) as [number, number];
  const gs = gds.filter((g) => g.config.d === d && g.config.delta === delta).sort((a, b) => a.seeds.data - b.seeds.data);
  /** Still linear at t: the even part has stayed ≤ 0.3 up to t. */
  const linearAt = (g: GdResponse, t: number) => g.series.t.every((u, k) => u > t || (g.series.even_part?.[k] ?? 0) <= 0.3);
  const dm = responses.filter((r) => r.config.delta === delta);
  let ok = true, judged = 0;
  const cells = T_SHOW.map((t) => {
    const used = gs.filter((x) => linearAt(x, t));
    const g = meanSe(used.map((x) => at(x.series, t))), m = meanSe(dm.map((x) => at(x.series, t)));
    if (g.se !== null && dm.length > 0) {
      judged++;
      if (Math.abs(m.mean - g.mean) > 3 * g.se) ok = false;
    }
    return `${pm(g)} (${used.length}) / ${dm.length ? pm(m) : '—'}`;
  });
  const v = judged === 0 ? 'no verdict' : ok ? 'pass' : 'fail';
  if (v === 'pass') pass++;
  if (v === 'fail') fail++;
  lines.push(`| ${d} | ${delta} | ${gs.map((g) => g.seeds.data).join(', ')} | ${cells.join(' | ')} | ${v} |`);
}
lines.push('', `Verdicts: ${pass} pass, ${fail} fail (pass iff the DMFT mean over populations lies within 3 se of GD's seed mean at every listed t).`,
  'At each t only the seeds whose even part (M⁺ + M⁻)/2 has stayed ≤ 0.3 enter: later, M is O(1) and ψ no longer a linear response. This keeps the seeds whose noise-driven growth is slower, so the later columns are biased low.', '');

lines.push('## 3. Learning times: the finite-d DMFT θ channel against GD', '');
lines.push('| d | δ | T | DMFT realisations: t_learn (N paths) | GD seeds: t_learn (gd_long_horizon) | learned DMFT / GD | Fisher p | verdict |');
lines.push('|---|---|---|---|---|---|---|---|');
const majority: Array<{ d: number; T: number; delta: number; dmft: boolean; gd: boolean | null }> = [];
for (const L of [...learning].sort((a, b) => a.config.d - b.config.d || a.config.delta - b.config.delta)) {
  const g = gdLong.filter((r) => r.config.d === L.config.d && r.config.delta === L.config.delta && r.config.steps === L.config.steps).sort((a, b) => a.result.seed - b.result.seed);
  const show = (t: number | null) => (t === null ? `>${L.config.steps}` : String(t));
  const { ld, lg, p, dmftMajority, gdMajority } = compareLearned(L.runs, g.map((r) => r.result));
  majority.push({ d: L.config.d, T: L.config.steps, delta: L.config.delta, dmft: dmftMajority, gd: gdMajority });
  lines.push(`| ${L.config.d} | ${L.config.delta} | ${L.config.steps} | ${L.runs.map((r) => show(r.t_learn)).join(', ')} (N = ${L.config.samples}) | ${g.length ? g.map((r) => show(r.result.t_learn)).join(', ') : '—'} | ${ld}/${L.runs.length} / ${g.length ? `${lg}/${g.length}` : '—'} | ${fmt(p, 2)} | ${p === null ? 'prediction (no GD run)' : p >= 0.05 ? 'pass' : 'fail'} |`);
}
for (const key of [...new Set(majority.map((m) => `${m.d}:${m.T}`))]) {
  const pts = majority.filter((m) => `${m.d}:${m.T}` === key).sort((a, b) => a.delta - b.delta);
  const [d, T] = key.split(':');
  lines.push('', `Majority brackets at d = ${d}, T = ${T} (δ grid ${pts.map((m) => m.delta).join(', ')}): DMFT ${bracketText(pts.map((m) => ({ delta: m.delta, majority: m.dmft })))}, GD ${pts.every((m) => m.gd !== null) ? bracketText(pts.map((m) => ({ delta: m.delta, majority: m.gd! }))) : '—'}.`);
}

lines.push('', '## 4. Learning time of the linearised θ channel (docs/theory.md (5.15)–(5.16))', '');
lines.push('d = ∞ march with the θ tangent and independent draws of the finite-n fluctuation ε propagated by the same linear channel.',
  'V(t) = s²ψ(t)² + v(t) is d·E[M(t)²]; "comp." is |V(W = 8) − V(W = 4)|; v ± se over the draws. a_V = log₂(V(T)/V(T/2))/2 (V ∝ t^{2a}).', '');
lines.push('| δ | N | noise draws | T | ψ(T) | v(T) ± se | V(T) (comp.) | s²ψ²/V at T | a_V |');
lines.push('|---|---|---|---|---|---|---|---|---|');
const sortedNoise = [...noiseResponses].sort((a, b) => a.config.delta - b.config.delta || a.seeds.population - b.seeds.population);
const vSeries = (r: NoiseResponse) => ({ t: r.series.t, psi: r.series.psi, v: r.series.v, wPerp2: r.series.w_norm2 });
for (const r of sortedNoise) {
  const S = vSeries(r), V = thetaVariance(S, r.config.initScale), k = S.t.length - 1, T = S.t[k]!, kh = S.t.indexOf(T / 2);
  const comp = Math.abs(2 * r.config.initScale ** 2 * S.psi[k]! * r.series.psi_compression_error[k]!) + r.series.v_compression_error[k]!;
  lines.push(`| ${r.config.delta} | ${r.config.samples} | ${r.seeds.noise_draws} | ${T} | ${fmt(S.psi[k], 3)} | ${fmt(S.v[k], 3)} ± ${fmt(r.series.v_se[k], 2)} | ${fmt(V[k], 3)} (${fmt(comp, 2)}) | ${fmt((r.config.initScale ** 2 * S.psi[k]! ** 2) / V[k]!, 2)} | ${kh >= 0 && V[kh]! > 0 ? fmt(Math.log2(V[k]! / V[kh]!) / 2, 2) : '—'} |`);
}
lines.push('', 'Predictions (5.16) at finite d against GD (GELU reference, gd_long_horizon) and the finite-d DMFT march (section 3). t_p = the time by which a',
  'fraction p has learned (an upper bound; "—": beyond the series). The learned fraction by T_s (the series\' end) is a lower bound; observed counts',
  'are of t_learn ≤ T_s. F(t) = the predicted fraction learned by t (5.16): where every seed learned by T_s, F(t_learn) should be uniform on (0, 1)',
  '(Kolmogorov–Smirnov distance D against its 5% critical value). Verdict: fail iff GD\'s count is below the bound (one-sided binomial, 5%) or D exceeds',
  'the critical value.', '');
lines.push('| d | δ | t_0.25 / t_0.5 / t_0.75 (5.16) | P(learned by T_s) ≥ | GD: t_learn per seed | F(t_learn) per seed | KS D (5% crit.) | GD learned by T_s | verdict | DMFT march: t_learn | DMFT learned by T_s |');
lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
/** Kolmogorov–Smirnov distance of values u (probability integral transforms) from the uniform law, and Stephens'
 *  approximation of its 5% critical value, 1.358/(√n + 0.12 + 0.11/√n). */
const ks = (u: number[]): { D: number; crit: number } => {
  const x = [...u].sort((a, b) => a - b), n = x.length;
  let D = 0;
  x.forEach((v, i) => { D = Math.max(D, (i + 1) / n - v, v - i / n); });
  return { D, crit: 1.358 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) };
};
let lpass = 0, lfail = 0, labove = 0;
const ds = [...new Set([1000, 2000, ...gdLong.map((g) => g.config.d), ...learning.map((l) => l.config.d)])].sort((a, b) => a - b);
for (const d of ds) for (const r of sortedNoise) {
  const delta = r.config.delta, S = vSeries(r), V = thetaVariance(S, r.config.initScale), Ts = S.t.at(-1)!;
  const g = gdLong.filter((x) => x.config.d === d && x.config.delta === delta).sort((a, b) => a.result.seed - b.result.seed);
  const L = learning.find((l) => l.config.d === d && l.config.delta === delta);
  if (g.length === 0 && !L) continue;
  const q = [0.25, 0.5, 0.75].map((p) => learningTimeQuantile(S, V, d, p)).map((t) => (t === null ? '—' : String(t))).join(' / ');
  const pb = learnedProbabilityBound(S, V, d, Ts);
  const show = (t: number | null, T: number) => (t === null ? `>${T}` : String(t));
  let verdict = '—', gdCell = '—', gdBy = '—', pit = '—', ksCell = '—';
  if (g.length) {
    const k = g.filter((x) => x.result.t_learn !== null && x.result.t_learn <= Ts).length, n = g.length;
    gdCell = g.map((x) => show(x.result.t_learn, x.config.steps)).join(', ');
    gdBy = `${k}/${n}`;
    let ksFail = false;
    if (k === n) {
      const u = g.map((x) => learnedProbabilityBound(S, V, d, x.result.t_learn!));
      pit = u.map((x) => fmt(x, 2)).join(', ');
      const t = ks(u);
      ksFail = t.D > t.crit;
      ksCell = `${fmt(t.D, 2)} (${fmt(t.crit, 2)})`;
    }
    if (binomialCdf(k, n, pb) < 0.05 || ksFail) { verdict = 'fail'; lfail++; }
    else if (1 - (k > 0 ? binomialCdf(k - 1, n, pb) : 0) < 0.05) { verdict = 'pass (GD above the bound)'; labove++; lpass++; }
    else { verdict = 'pass'; lpass++; }
  }
  const dCell = L ? L.runs.map((x) => show(x.t_learn, L.config.steps)).join(', ') : '—';
  const dBy = L ? `${L.runs.filter((x) => x.t_learn !== null && x.t_learn <= Ts).length}/${L.runs.length}` : '—';
  lines.push(`| ${d} | ${delta} | ${q} | ${fmt(pb, 2)} | ${gdCell} | ${pit} | ${ksCell} | ${gdBy} | ${verdict} | ${dCell} | ${dBy} |`);
}
lines.push('', `Verdicts: ${lpass} pass (${labove} of them with GD significantly above the bound, i.e. learning earlier than the linearisation), ${lfail} fail.`);

const kappas = (delta: number): [number, number] => {
  const p = points.get(delta) ?? stationaryPoint(problem, delta);
  return [marginalClosure(p, 0)?.kappa ?? NaN, p.kappa];
};
lines.push('', ...chiSection(all, kappas, { fmt, pm }));
lines.push(...twoTimeSection(all, (name, delta) => {
  const c = LONG_CONFIGS[name]!;
  const p = name === 'gelu' ? points.get(delta) ?? stationaryPoint(problem, delta) : stationaryPoint(stationaryProblemOf(c), delta);
  return { kappaM: marginalClosure(p, c.ridge)?.kappa ?? NaN, kappa: p.kappa, lambda: (chi) => thetaCurvature(p, c.ridge, chi) };
}, { fmt, pm }));

write(out, lines.join('\n'));
process.stderr.write(`written ${out}\n`);
