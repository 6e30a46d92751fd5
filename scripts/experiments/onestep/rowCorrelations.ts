// What the row correlations of W1 contribute (docs/theory.md (8.15)–(8.19)): for every recorded F1 row of the
// given-W experiments (given_w.json, given_w_n1000.json: the equivalent (8.12)–(8.13) on each seed's W1, and on W1
// with its rows decorrelated), the finite-n theory with correlated rows and with isotropic rows (8.1), as rendered into
// errors_vs_n.json by `errorsVsN.js render` (which evaluates the current theory; run it first).
// The predicted effect of the correlations (correlated/isotropic − 1) is set beside the measured one (given W1 against
// its decorrelated copy, paired by seed). No simulation is run; the recorded values are read as they are.
// Usage:
//   node dist/scripts/experiments/onestep/rowCorrelations.js --md validation/experiments/onestep_errors_vs_n/row_correlations.md
//        [--in validation/experiments/onestep_errors_vs_n/given_w.json,validation/experiments/onestep_errors_vs_n/given_w_n1000.json]
//        [--theory validation/experiments/onestep_errors_vs_n/errors_vs_n.json] [--force]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../../src/core/errors.js';
import type { Entry } from './errorsVsN.js';
import type { Estimate } from '../../../src/simulate/onestep/index.js';
import { provenance } from '../../../src/core/provenance.js';
import { flags, fx, pm } from './flags.js';

const USAGE = 'usage: node dist/scripts/experiments/onestep/rowCorrelations.js --md FILE.md [--in A.json,B.json] [--theory errors_vs_n.json] [--force]';
const DEFAULT_THEORY = 'validation/experiments/onestep_errors_vs_n/errors_vs_n.json';
const DEFAULT_IN = 'validation/experiments/onestep_errors_vs_n/given_w.json,validation/experiments/onestep_errors_vs_n/given_w_n1000.json';

interface GivenWRow {
  target: string; c: number; alpha: number | null; n: number; seeds: number[];
  given_w: { train: Estimate; test: Estimate };
  decorrelated: { train: Estimate; test: Estimate; rel_train: Estimate; rel_test: Estimate } | null;
}
interface GivenWRecord { rows: GivenWRow[]; provenance: { act: string; noise: number; ridge: number; psi: number; phi: number } }

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;
const pctSe = (e: Estimate): string => `${pct(e.mean)} ± ${e.se === null ? '—' : (100 * e.se).toFixed(1)}`;

function main(argv: string[]): number {
  try {
    const f = flags(argv, '--md validation/experiments/onestep_errors_vs_n/row_correlations.md');
    const md = f.get('md');
    if (!md?.endsWith('.md')) throw new UsageError('--md', 'a .md file is required', 'validation/experiments/onestep_errors_vs_n/row_correlations.md');
    const inputs = (f.get('in') ?? DEFAULT_IN).split(',');
    for (const p of inputs) if (!p.endsWith('.json') || !existsSync(p)) throw new UsageError('--in', `needs existing .json files, got "${p}"`, DEFAULT_IN);
    const theoryPath = f.get('theory') ?? DEFAULT_THEORY;
    if (!theoryPath.endsWith('.json') || !existsSync(theoryPath)) throw new UsageError('--theory', `needs an existing .json file, got "${theoryPath}"`, DEFAULT_THEORY);
    const entries = (JSON.parse(readFileSync(theoryPath, 'utf8')) as { entries: Entry[] }).entries;
    if (existsSync(md) && f.get('force') !== 'true') throw new UsageError('--force', `${md} exists; pass --force to replace it`, '--force');
    const t0 = Date.now();
    const lines = [
      '# Row correlations of W1: theory against the equivalent given W',
      '',
      'Per configuration (σ = sin + cos, noise 0.1, λ = 0.1, d = N = n): the mean over seeds of the ridge equivalent given each seed\'s W1 (docs/theory.md (8.12)–(8.13)) and given W1 with its rows\' β⊥ parts replaced by independent isotropic vectors of the same norms (decorrelated), as recorded in the input files;',
      'the finite-n theory (8.8)–(8.9) with the rows of W1 correlated through the training batch ((8.15)–(8.19), `errors`) and with independent isotropic rows ((8.1), `errors_isotropic_rows`), as rendered into errors_vs_n.json.',
      '"correlation effect": predicted = correlated/isotropic − 1 (theory); measured = given W1/decorrelated − 1 (paired by seed, mean ± se).',
      '',
      '| target | c | α | n | seeds | error | given W1 | correlated − given W | isotropic − given W | correlation effect: predicted | measured |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    ];
    const notes: string[] = [];
    const sum = { train: [] as number[], test: [] as number[], trainIso: [] as number[], testIso: [] as number[] };
    for (const path of inputs) {
      const rec = JSON.parse(readFileSync(path, 'utf8')) as GivenWRecord;
      const pv = rec.provenance;
      for (const r of rec.rows) {
        if (r.alpha === null || r.decorrelated === null) continue;
        const e = entries.find((x) => x.act === pv.act && x.target === r.target && x.noise === pv.noise && x.ridge === pv.ridge && x.psi === pv.psi && x.phi === pv.phi && x.c === r.c && x.alpha === r.alpha && x.n === r.n);
        const th = e?.theory;
        if (!th?.F1_isotropic_rows) throw new UsageError('--theory', `${theoryPath} has no rendered theory for ${r.target}, c = ${r.c}, α = ${r.alpha}, n = ${r.n}`, DEFAULT_THEORY);
        if (th.status !== 'converged') notes.push(`${r.target}, c = ${r.c}, α = ${r.alpha}, n = ${r.n}: theory status "${th.status}" (the whole onestep theory; the ridge errors themselves are checked by their own status).`);
        for (const kind of ['train', 'test'] as const) {
          const corr = th.F1[kind], iso = th.F1_isotropic_rows[kind];
          const gw = r.given_w[kind].mean;
          // measured effect: given W1 / decorrelated − 1 = 1/(1 + rel) − 1, rel = decorrelated/given W1 − 1 (paired).
          const rel = kind === 'train' ? r.decorrelated.rel_train : r.decorrelated.rel_test;
          const measured: Estimate = { mean: 1 / (1 + rel.mean) - 1, se: rel.se === null ? null : rel.se / (1 + rel.mean) ** 2 };
          sum[kind].push(corr / gw - 1);
          sum[kind === 'train' ? 'trainIso' : 'testIso'].push(iso / gw - 1);
          lines.push(`| ${r.target} | ${r.c} | ${r.alpha} | ${r.n} | ${r.seeds.length} | ${kind} | ${pm(r.given_w[kind])} | ${fx(corr)} (${pct(corr / gw - 1)}) | ${fx(iso)} (${pct(iso / gw - 1)}) | ${pct(corr / iso - 1)} | ${pctSe(measured)} |`);
        }
      }
    }
    const range = (xs: number[]) => `${pct(Math.min(...xs))} to ${pct(Math.max(...xs))} (mean ${pct(xs.reduce((a, b) => a + b, 0) / xs.length)})`;
    lines.push('', `Theory − given W, train: correlated rows ${range(sum.train)}; isotropic rows ${range(sum.trainIso)}.`);
    lines.push(`Theory − given W, test: correlated rows ${range(sum.test)}; isotropic rows ${range(sum.testIso)}.`, '');
    if (notes.length) lines.push('Status notes:', '', ...notes.map((x) => `- ${x}`), '');
    lines.push('Provenance: ' + JSON.stringify({ ...provenance(), inputs, theory: theoryPath, seconds: (Date.now() - t0) / 1000 }), '');
    writeFileSync(md, lines.join('\n'));
    console.log(`wrote ${md}`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { console.error(`rowCorrelations: ${e.message}\n${USAGE}`); return 2; }
    throw e as Error;
  }
}

if (process.argv[1]?.endsWith('rowCorrelations.js')) process.exitCode = main(process.argv.slice(2));
