// Ridge train/test errors after one large step: finite-n theory (docs/theory.md §8), its n → ∞ limit (8.11) and the
// simulation, at several n. Two sub-commands:
//   run     simulate and record (appends entries to the JSON file; an entry with the same configuration is never
//           replaced unless --force is given)
//   render  write the markdown table, the gap-vs-n exponent fits and the figure from the JSON file
// Usage:
//   node dist/scripts/experiments/onestep/errorsVsN.js run --out validation/experiments/onestep_errors_vs_n/errors_vs_n.json --ns 500,1000,2000 --seeds 4
//        [--seed 1] [--alphas 0.2,0.3,0.36] [--c 1] [--ratios 1,1] [--target "z + z^2/2"] [--act "sin(x)+cos(x)"]
//        [--noise 0.1] [--ridge 0.1] [--force]
//   node dist/scripts/experiments/onestep/errorsVsN.js render --in validation/experiments/onestep_errors_vs_n/errors_vs_n.json --md validation/experiments/onestep_errors_vs_n/errors_vs_n.md
//        [--figure docs/figures/onestep_errors_vs_n.svg]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../../src/core/errors.js';
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { onestepTheory } from '../../../src/theory/onestep/index.js';
import { estimate, simulateOnestepSeed, type Estimate } from '../../../src/simulate/onestep/index.js';
import { provenance } from '../../../src/core/provenance.js';
import { flags, numbers, fx, pm } from './flags.js';
import { writeFigure } from '../../../src/present/plot/write.js';
import type { Series } from '../../../src/present/plot/figure.js';

const USAGE = 'usage: node dist/scripts/experiments/onestep/errorsVsN.js run --out FILE.json --ns 500,1000 --seeds 4 [...] | render --in FILE.json --md FILE.md [--figure FILE.svg]';

interface Pair { train: number; test: number }
export interface Entry {
  key: string;
  act: string; target: string; noise: number; c: number; psi: number; phi: number; ridge: number; alpha: number;
  n: number; d: number; N: number; seeds: number[];
  /** Filled by `render` from the current theory (so a theory change never needs a re-simulation). */
  theory?: { F0: Pair; F1: Pair; F1_isotropic_rows?: Pair; F1_spike_only: Pair; F0_limit: Pair; F1_limit: Pair; status: string };
  simulation: { F0: { train: Estimate; test: Estimate }; F1: { train: Estimate; test: Estimate }; seconds: number };
}
interface Record_ { description: string; entries: Entry[]; provenance: unknown[] }

const pair = (e: { train_error: number; test_error: number }): Pair => ({ train: e.train_error, test: e.test_error });

function run(f: Map<string, string>): void {
  const out = f.get('out');
  if (!out || !out.endsWith('.json')) throw new UsageError('--out', 'a .json file is required', 'validation/experiments/onestep_errors_vs_n/errors_vs_n.json');
  const ns = numbers(f, 'ns', '500,1000', (x) => Number.isInteger(x) && x >= 50 && x <= 4000, '500,1000,2000 (each ≤ 4000)');
  const [nSeeds] = numbers(f, 'seeds', '4', (x) => Number.isInteger(x) && x >= 1 && x <= 64, '4');
  const [seed0] = numbers(f, 'seed', '1', (x) => Number.isInteger(x) && x >= 0, '1');
  const alphas = numbers(f, 'alphas', '0.2,0.3,0.36', (x) => x >= 0 && x < 0.5, '0.2,0.3,0.36');
  const [c] = numbers(f, 'c', '1', (x) => x > 0, '1');
  const ratios = numbers(f, 'ratios', '1,1', (x) => x > 0 && x <= 4, '1,1');
  if (ratios.length !== 2) throw new UsageError('--ratios', 'needs "d/n,N/n"', '1,1');
  const [noise] = numbers(f, 'noise', '0.1', (x) => x >= 0, '0.1');
  const [ridge] = numbers(f, 'ridge', '0.1', (x) => x > 0, '0.1');
  const actName = f.get('act') ?? 'sin(x)+cos(x)';
  const targetName = f.get('target') ?? 'z + z^2/2';
  const act = resolveActivation(actName, '--act');
  const target = resolveTarget(targetName, '--target');
  const replace = f.get('force') === 'true';
  const rec: Record_ = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record_) : {
    description: 'ridge train/test errors of F0 and F1 after one large step: finite-n theory (docs/theory.md §8), n → ∞ limit (8.11), spike-only model at n, and simulation (mean ± se over seeds)',
    entries: [], provenance: [],
  };
  const seeds = Array.from({ length: nSeeds! }, (_, i) => seed0! + i);
  const [psi, phi] = ratios as [number, number];
  for (const n of ns) {
    const keys = alphas.map((alpha) => JSON.stringify({ act: actName, target: targetName, noise, c, psi, phi, ridge, alpha, n }));
    const existing = keys.filter((k) => rec.entries.some((e) => e.key === k));
    if (existing.length > 0 && !replace) throw new UsageError('--force', `${out} already holds ${existing.length} of these configurations (n = ${n}); pass --force to re-record them`, '--force');
    const t0 = Date.now();
    const runs = seeds.map((seed) => simulateOnestepSeed({ act, target, noise: noise!, c: c!, alphas, psi, phi, ridge: ridge!, n, seed, top: 4, kAlign: 1 }));
    const seconds = (Date.now() - t0) / 1000;
    alphas.forEach((alpha, ia) => {
      const entry: Entry = {
        key: keys[ia]!, act: actName, target: targetName, noise: noise!, c: c!, psi, phi, ridge: ridge!, alpha, n, d: runs[0]!.d, N: runs[0]!.N, seeds,
        simulation: {
          F0: { train: estimate(runs.map((r) => r.train_error_F0!)), test: estimate(runs.map((r) => r.test_error_F0!)) },
          F1: { train: estimate(runs.map((r) => r.alphas[ia]!.train_error!)), test: estimate(runs.map((r) => r.alphas[ia]!.test_error!)) },
          seconds,
        },
      };
      rec.entries = rec.entries.filter((e) => e.key !== entry.key);
      rec.entries.push(entry);
    });
    rec.provenance.push({ ...provenance(), n, seeds, recorded: new Date().toISOString() });
    writeFileSync(out, JSON.stringify(rec, null, 1) + '\n');
    console.log(`n = ${n}: ${seeds.length} seeds in ${seconds.toFixed(1)} s → ${out}`);
  }
}

/** The verdict rule: |theory − sim| ≤ 3 se and ≤ 5 % of sim. */
function verdict(th: number, sim: Estimate): string {
  const diff = Math.abs(th - sim.mean);
  const in3 = sim.se !== null && diff <= 3 * sim.se;
  const in5 = diff <= 0.05 * sim.mean;
  return in3 && in5 ? 'pass' : `**FAIL** (${in3 ? '' : '>3se'}${!in3 && !in5 ? ', ' : ''}${in5 ? '' : '>5%'})`;
}

/** Least-squares slope of log|gap| on log n (null with fewer than two n or a zero gap). */
export function gapExponent(ns: readonly number[], gaps: readonly number[]): { exponent: number; prefactor: number } | null {
  const pts = ns.map((n, i) => [Math.log(n), Math.log(Math.abs(gaps[i]!))] as const).filter(([, y]) => Number.isFinite(y));
  if (pts.length < 2) return null;
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  let sxy = 0, sxx = 0;
  for (const [x, y] of pts) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; }
  const b = sxy / sxx;
  return { exponent: b, prefactor: Math.exp(my - b * mx) };
}


function render(f: Map<string, string>): void {
  const inp = f.get('in');
  const md = f.get('md');
  if (!inp || !existsSync(inp)) throw new UsageError('--in', 'an existing .json file is required', 'validation/experiments/onestep_errors_vs_n/errors_vs_n.json');
  if (!md || !md.endsWith('.md')) throw new UsageError('--md', 'a .md file is required', 'validation/experiments/onestep_errors_vs_n/errors_vs_n.md');
  const fig = f.get('figure');
  if (fig !== undefined && !fig.endsWith('.svg')) throw new UsageError('--figure', 'must end in .svg', 'docs/figures/onestep_errors_vs_n.svg');
  const rec = JSON.parse(readFileSync(inp, 'utf8')) as Record_;
  for (const e of rec.entries) {
    const th = onestepTheory({ act: resolveActivation(e.act), target: resolveTarget(e.target), noise: e.noise, c: e.c, alpha: e.alpha, psi: e.psi, phi: e.phi, ridge: e.ridge, n: e.n });
    e.theory = {
      F0: pair(th.errors.F0), F1: pair(th.errors.F1), F1_isotropic_rows: pair(th.errors_isotropic_rows.F1), F1_spike_only: pair(th.errors_spike_only.F1),
      F0_limit: pair(th.errors_limit.F0), F1_limit: pair(th.errors_limit.F1),
      status: th.status.converged ? 'converged' : `not_converged: ${th.status.message ?? ''}`,
    };
  }
  writeFileSync(inp, JSON.stringify(rec, null, 1) + '\n');
  const T = (e: Entry) => e.theory!;
  const E = [...rec.entries].sort((a, b) => a.target.localeCompare(b.target) || a.psi - b.psi || a.c - b.c || a.alpha - b.alpha || a.n - b.n);
  const lines: string[] = [
    '# Ridge errors after one large step: finite-n theory, n → ∞ limit and simulation',
    '',
    rec.description + '.',
    'σ, noise, ridge as in each row\'s configuration; d = ψn, N = φn; simulation: mean ± standard error over the listed seeds.',
    'Verdict (per F1 row): pass iff the finite-n theory is within 3 se and within 5 % of the simulation.',
    'Finite-n theory (n): (8.8)–(8.9) with the row correlations of W1 (8.15)–(8.19); "isotropic rows": the same with the rows of W1 independent and isotropic (8.1) (verdict in brackets).',
    'Recorded by `node dist/scripts/experiments/onestep/errorsVsN.js run …`, rendered by `… render …`.',
    '',
    '| target | ψ,φ | c | α | n | seeds | F1 train: theory (n) / isotropic rows / spike-only / limit | F1 train sim | verdict (isotropic rows) | F1 test: theory (n) / isotropic rows / spike-only / limit | F1 test sim | verdict (isotropic rows) | F0 train: theory / sim | F0 test: theory / sim |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const iso = (e: Entry) => T(e).F1_isotropic_rows!;
  for (const e of E) {
    lines.push(`| ${e.target} | ${e.psi},${e.phi} | ${e.c} | ${e.alpha} | ${e.n} | ${e.seeds.length} | ${fx(T(e).F1.train)} / ${fx(iso(e).train)} / ${fx(T(e).F1_spike_only.train)} / ${fx(T(e).F1_limit.train)} | ${pm(e.simulation.F1.train)} | ${verdict(T(e).F1.train, e.simulation.F1.train)} (${verdict(iso(e).train, e.simulation.F1.train)}) | ${fx(T(e).F1.test)} / ${fx(iso(e).test)} / ${fx(T(e).F1_spike_only.test)} / ${fx(T(e).F1_limit.test)} | ${pm(e.simulation.F1.test)} | ${verdict(T(e).F1.test, e.simulation.F1.test)} (${verdict(iso(e).test, e.simulation.F1.test)}) | ${fx(T(e).F0.train)} / ${pm(e.simulation.F0.train)} | ${fx(T(e).F0.test)} / ${pm(e.simulation.F0.test)} |`);
  }
  const pass = E.flatMap((e) => [verdict(T(e).F1.train, e.simulation.F1.train), verdict(T(e).F1.test, e.simulation.F1.test)]);
  const passIso = E.flatMap((e) => [verdict(iso(e).train, e.simulation.F1.train), verdict(iso(e).test, e.simulation.F1.test)]);
  lines.push('', `F1 rows within 3 se and 5 %: ${pass.filter((v) => v === 'pass').length} of ${pass.length} (train and test counted separately); with isotropic rows: ${passIso.filter((v) => v === 'pass').length} of ${passIso.length}.`, '');
  // The same count per (ratios, n), and for F0 (F0 does not depend on α or c: one pair per target and seed set).
  lines.push('| ψ,φ | n | seeds | F1 within 3 se and 5 % | F1 within 3 se | F1 within 3 se and 5 %, isotropic rows | F0 within 3 se and 5 % |', '|---|---|---|---|---|---|---|');
  const cells = new Map<string, Entry[]>();
  for (const e of E) cells.set(`${e.psi},${e.phi}|${e.n}`, [...(cells.get(`${e.psi},${e.phi}|${e.n}`) ?? []), e]);
  for (const [k, es] of cells) {
    const [ratios, n] = k.split('|');
    const f1 = es.flatMap((e) => [[T(e).F1.train, e.simulation.F1.train], [T(e).F1.test, e.simulation.F1.test]] as const);
    const f1iso = es.flatMap((e) => [[iso(e).train, e.simulation.F1.train], [iso(e).test, e.simulation.F1.test]] as const);
    const f0 = [...new Map(es.map((e) => [`${e.target}|${e.seeds.join(',')}`, e])).values()].flatMap((e) => [[T(e).F0.train, e.simulation.F0.train], [T(e).F0.test, e.simulation.F0.test]] as const);
    const within3 = ([th, sim]: readonly [number, Estimate]) => sim.se !== null && Math.abs(th - sim.mean) <= 3 * sim.se;
    const seeds = [...new Set(es.map((e) => e.seeds.length))].join(', ');
    lines.push(`| ${ratios} | ${n} | ${seeds} | ${f1.filter(([th, sim]) => verdict(th, sim) === 'pass').length} of ${f1.length} | ${f1.filter(within3).length} of ${f1.length} | ${f1iso.filter(([th, sim]) => verdict(th, sim) === 'pass').length} of ${f1iso.length} | ${f0.filter(([th, sim]) => verdict(th, sim) === 'pass').length} of ${f0.length} |`);
  }
  lines.push('');
  // Convergence: gap between the finite-n theory (and the simulation) and the n → ∞ limit, fitted |gap| ≈ A n^b.
  lines.push('## Convergence to the n → ∞ limit', '', 'Gap = value at n − limit (8.11); exponent b of a least-squares fit |gap| ≈ A·n^b over the recorded n.', '');
  lines.push('Predicted exponent (docs/theory.md (8.11)): max(2α − 1, −2α). The simulated gap carries the simulation\'s se (see the table above), so its fitted exponent is only indicative.', '');
  lines.push('| target | ψ,φ | c | α | n values | F1 test gap, theory (n) | exponent b (theory) | predicted exponent | F1 test gap, simulation | exponent b (simulation) |', '|---|---|---|---|---|---|---|---|---|---|');
  const groups = new Map<string, Entry[]>();
  for (const e of E) {
    const k = JSON.stringify([e.target, e.psi, e.phi, e.c, e.alpha, e.act, e.noise, e.ridge]);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const series: Series[] = [];
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];
  let ci = 0;
  let figTarget = '';
  let figC = 0;
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const ns = g.map((e) => e.n);
    const gt = g.map((e) => T(e).F1.test - T(e).F1_limit.test);
    const gs = g.map((e) => e.simulation.F1.test.mean - T(e).F1_limit.test);
    const ft = gapExponent(ns, gt);
    const fs = gapExponent(ns, gs);
    const e0 = g[0]!;
    lines.push(`| ${e0.target} | ${e0.psi},${e0.phi} | ${e0.c} | ${e0.alpha} | ${ns.join(', ')} | ${gt.map((x) => fx(x, 3)).join(', ')} | ${ft ? ft.exponent.toFixed(2) : '—'} | ${Math.max(2 * e0.alpha - 1, -2 * e0.alpha).toFixed(2)} | ${gs.map((x) => fx(x, 3)).join(', ')} | ${fs ? fs.exponent.toFixed(2) : '—'} |`);
    if (fig && ns.length >= 3 && (e0.alpha === 0.2 || e0.alpha === 0.36)) {
      const color = colors[ci++ % colors.length]!;
      figTarget = e0.target;
      figC = e0.c;
      const lab = `α=${e0.alpha}, ψ=φ=${e0.psi}`;
      const x = ns.map((n) => Math.log10(n));
      series.push({ kind: 'line', label: `theory (n), ${lab}`, x, y: g.map((e) => T(e).F1.test), color });
      series.push({ kind: 'line', label: `limit`, x, y: g.map((e) => T(e).F1_limit.test), color, dash: true });
      series.push({ kind: 'points', label: `simulation ± se`, x, y: g.map((e) => e.simulation.F1.test.mean), err: g.map((e) => e.simulation.F1.test.se ?? 0), color });
    }
  }
  lines.push('', 'Provenance: ' + JSON.stringify(rec.provenance.at(-1)), '');
  writeFileSync(md, lines.join('\n'));
  console.log(`wrote ${md}`);
  if (fig) {
    // Rendering is asynchronous (Vega); the process stays alive until the file is written.
    writeFigure({ title: `One large step, g = ${figTarget}, c = ${figC}: F1 ridge test error vs n (theory at n; limit dashed; simulation ± se)`, xlabel: 'log10 n', ylabel: 'test error', series, width: 760, height: 480 }, fig).then(
      () => console.log(`wrote ${fig}`),
      (e: unknown) => {
        console.error(`errorsVsN: could not write ${fig}: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
      },
    );
  }
}

function main(argv: string[]): number {
  try {
    const [cmd, ...rest] = argv;
    const f = flags(rest, '--ns 500,1000');
    if (cmd === 'run') run(f);
    else if (cmd === 'render') render(f);
    else throw new UsageError('command', `expected "run" or "render", got "${cmd ?? ''}"`, 'run --out validation/experiments/onestep_errors_vs_n/errors_vs_n.json');
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { console.error(`errorsVsN: ${e.message}\n${USAGE}`); return 2; }
    throw e as Error;
  }
}

if (process.argv[1]?.endsWith('errorsVsN.js')) process.exitCode = main(process.argv.slice(2));
