// Assembles the T = 100 comparison table (docs/results.md) from validation/experiments/dmft_paths/data and
// validation/experiments/gd_horizon100/data. Usage (repo root, after `npm run build`): node dist/scripts/experiments/dmftPaths/makeTable.js
import { readFileSync, existsSync } from 'node:fs';
// Parsed JSON records of the CLI and the scripts here.
type Json = any;
const here = 'validation/experiments/dmft_paths/data', h100 = 'validation/experiments/gd_horizon100/data';
const load = (f: string): Json => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const f = (x: number | null | undefined, p = 3) => (x === null || x === undefined ? '—' : Number(x).toPrecision(p));
const iv = (a: Json) => (a ? `[${f(a[0])}, ${f(a[1])}]` : '—');
const cases = [
  { label: 'GELU, square, y = tanh(z²), m = 1, a = 1, η = 1', alg: '0.500', fixed: '5.224', pop: '1.891', nn: 'nn_gelu_m1', thr: 'gelu_m1', emp: 'threshold_a_gelu_m1_lr1.json', dims: [250, 500, 1000] },
  { label: 'x², square, y = z² (phase retrieval), m = 1, η = 0.05', alg: '0.500', fixed: 'none as n → ∞ (unbounded weight); 39.9 truncated', pop: '372 ± 97, not converged', nn: 'nn_pr', unbounded: true, thr: 'pr', emp: 'threshold_c_quadratic_pr_lr005.json', dims: [250, 500, 1000] },
  { label: 'tanh, logistic, y = sign(\\|z\\| − 0.6745), m = 1, η = 1', alg: '1.360', fixed: 'none', pop: 'none', nn: 'nn_tanh', thr: 'tanh', emp: null, dims: [250] },
  { label: 'GELU, square, tanh(z²), m = 2, a = (½, ½), η = 2', alg: '0.500', fixed: '3.736 per block, 2.896 full (truncated)', pop: '2.441', nn: 'nn_gelu_m2', unbounded: true, thr: 'gelu_m2', emp: 'threshold_b_gelu_m2_lr2.json', dims: [250, 500, 1000] },
];
console.log('| case | δ_alg | fixed-state δ* | population δNN(T) | DMFT δNN(T) (plug-in, d → ∞) | d | DMFT: median of realisation thresholds [90% interval of the 4-seed majority threshold] | empirical bracket (4 seeds) | inside? |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const c of cases) {
  const nn = load(`${here}/${c.nn}.json`);
  const T = nn ? nn.t.length - 1 : -1;
  const dnn = nn ? (nn.delta_nn === null ? 'none on [2, 64]' : `${f(nn.delta_nn)} ± ${f(nn.mc_se_t[T], 2)}${c.unbounded ? ' (weight unbounded below: depends on the law sample size, not a limit)' : ''}`) : '—';
  const suite = load('validation/dynamics/results.json');
  const emp = c.emp ? load(`${h100}/${c.emp}`) : null;
  c.dims.forEach((d, i) => {
    let th = load(`${here}/${c.thr}_d${d}_N4096.json`) ?? load(`${here}/${c.thr}_d${d}.json`); // m = 2: the N = 4096 run supersedes N = 2048
    const sc = suite?.cases.find((x: Json) => x.id === `dmft-vs-empirical-T100-${c.thr === 'tanh' ? 'tanh-logistic' : ''}`);
    if (!th && sc && d === 250) th = { fromSuite: sc };
    const e = emp ? emp.by_d.find((b: Json) => b.d === d) : null;
    const dm = th?.fromSuite ? (th.fromSuite.pass && th.fromSuite.theory === null ? 'no realisation learns up to δ = 128 (suite)' : th.fromSuite.description) : th ? (th.median === null ? `not learned up to δ = 256 (${th.realisations.filter((r: Json) => r.bracket[1] === null).length}/${th.realisations.length})` : `${f(th.median)} ${iv(th.majorityInterval)}`) : 'not run';
    const eb = e ? iv(e.bracket) : c.emp === null ? 'not learned at δ = 64 (0/4)' : 'not run';
    const inside = th?.fromSuite ? (th.fromSuite.pass ? 'yes (both none)' : '**no**') : th && e && th.majorityInterval && e.bracket[0] !== null && e.bracket[1] !== null ? (e.bracket[1] >= th.majorityInterval[0] && e.bracket[0] <= th.majorityInterval[1] ? 'yes' : '**no**') : th && th.median === null && c.emp === null ? 'yes (both none)' : '—';
    console.log(`| ${i === 0 ? c.label : ''} | ${i === 0 ? c.alg : ''} | ${i === 0 ? c.fixed : ''} | ${i === 0 ? c.pop : ''} | ${i === 0 ? dnn : ''} | ${d} | ${dm} | ${eb} | ${inside} |`);
  });
}
