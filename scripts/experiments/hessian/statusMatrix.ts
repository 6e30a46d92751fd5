// Records the fixed-state Hessian status matrix (matrix.ts: m = 2, 3, 4 × orthogonal/correlated neurons × tanh,
// GELU, relu, abs; lower edge, hard outlier, δ*_j, δNN with their two-resolution estimates) and `alg` for
// y = z1·z2·z3, through the library, into validation/experiments/hessian_matrix/results.{json,md}; an existing
// record is replaced only with --force. The simulation columns of the md come from data/*.json (simulateCells.ts).
// Each cell is solved in a fresh worker thread (its own heap, as a fresh `nn` process would have: solved one after the
// other in one heap, the later cells were up to 2× slower).
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/hessian/statusMatrix.js [--force]            whole matrix, written
//   node dist/scripts/experiments/hessian/statusMatrix.js --only m3-corr-tanh  listed cells, printed, nothing written
//   node dist/scripts/experiments/hessian/statusMatrix.js --render [--force]   md from the recorded json and data/
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { provenance } from '../../../src/core/provenance.js';
import { resolveTarget } from '../../../src/model/formulas.js';
import { deltaAlg } from '../../../src/theory/alg/index.js';
import { checkWritable, experimentDir, write } from '../record.js';
import { cells, DELTA, LOSS, TARGET, NEURON_COS, MAX_ESTIMATE, MAX_SECONDS, readSims, renderMarkdown, solveCell, type Cell, type CellRecord, type MatrixRecord } from './matrix.js';

/** One cell in a fresh worker thread (this file, run as a worker, solves the cell it is given). */
function solveInWorker(c: Cell): Promise<CellRecord> {
  return new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { id: c.id } });
    w.once('message', (r: CellRecord) => resolve(r));
    w.once('error', reject);
  });
}

const ALG_TARGET = 'z1*z2*z3';
const ALG_MAX_SECONDS = 30;

const args = process.argv.slice(2);
const known = new Set(['--force', '--only', '--render']);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter((s) => s !== '') : null;
const all = cells();
for (const a of args) if (a.startsWith('--') && !known.has(a)) fail(`unknown flag ${a}`);
if (only !== null) {
  if (only.length === 0) fail('--only needs cell ids, e.g. --only m3-corr-tanh,m4-orth-tanh');
  const bad = only.filter((id) => !all.some((c) => c.id === id));
  if (bad.length) fail(`--only: unknown cell ${bad.join(', ')} (ids: ${all.map((c) => c.id).join(', ')})`);
}

function fail(msg: string): never {
  process.stderr.write(`error: ${msg}\n`);
  process.exit(2);
}

const dir = experimentDir('hessian_matrix');
const jsonPath = join(dir, 'results.json');
const mdPath = join(dir, 'results.md');
const simDir = join(dir, 'data');

function summary(r: CellRecord): string {
  const q = (x: { value: number | null; estimate: number | null }) => `${x.value === null ? '—' : x.value.toPrecision(7)} (${x.estimate === null ? '∞' : x.estimate.toExponential(1)})`;
  return `${r.cell.id}: edge ${q(r.edge)} outlier ${q(r.outlier)} δ* ${r.delta_star.map(q).join(' ')} δNN ${q(r.delta_nn)} ${r.seconds.toFixed(1)} s ${r.status} ${r.verdict} [${r.rule.slice(0, 60)}]\n`;
}

async function main(): Promise<void> {
  if (args.includes('--render')) {
    checkWritable([mdPath], args);
    const rec = JSON.parse(readFileSync(jsonPath, 'utf8')) as MatrixRecord;
    write(mdPath, renderMarkdown(rec, readSims(simDir)));
  } else if (only !== null) {
    for (const c of all.filter((x) => only.includes(x.id))) process.stdout.write(summary(await solveInWorker(c)));
  } else {
    checkWritable([jsonPath, mdPath], args);
    const records: CellRecord[] = [];
    for (const c of all) {
      const r = await solveInWorker(c);
      records.push(r);
      process.stderr.write(summary(r));
    }
    const t0 = performance.now();
    const alg = deltaAlg(resolveTarget(ALG_TARGET), 0);
    const seconds = (performance.now() - t0) / 1000;
    const rec: MatrixRecord = {
      provenance: provenance(),
      config: { loss: LOSS, target: TARGET, delta: DELTA, neuron_cos: NEURON_COS, max_estimate: MAX_ESTIMATE, max_seconds: MAX_SECONDS, readout: '1/m each', norms: 1 },
      cells: records,
      alg: {
        target: ALG_TARGET, delta_alg: alg.delta_alg, error_estimate: alg.error_estimate, status: alg.status.converged ? 'converged' : 'not_converged', seconds,
        pass: alg.status.converged && seconds < ALG_MAX_SECONDS, ...(alg.status.message ? { message: alg.status.message } : {}),
      },
      notes: [
        'GELU at m ≥ 2 is outside the target: with square loss A_jj = ℓ\'\'(a_jσ\'(u_j))² + (f − y)a_jσ\'\'(u_j), and f = Σ_l a_lσ(u_l) grows linearly ' +
          'in the other neurons\' pre-activations (GELU(u) ≈ u), which are independent of u_j (orthogonal) or only partly dependent on it (correlated); so where σ\'\'(u_j) ≠ 0 ' +
          '(σ\'\' = φ(u)(2 − u²)) A_jj → −∞ along those Gaussian tails however bounded y is. The flag is right (at m = 1, f = aσ(u_j) and σ(u)σ\'\'(u) is bounded).',
        'δ*_j "none": block j has no lower outlier aligned with U_H at any δ (a converged answer: both resolutions agree that there is none).',
      ],
    };
    write(jsonPath, JSON.stringify(rec, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1));
    write(mdPath, renderMarkdown(rec, readSims(simDir)));
    process.stderr.write(`alg ${ALG_TARGET}: δ_alg ${alg.delta_alg} est ${alg.error_estimate} ${seconds.toFixed(1)} s\n`);
  }
}

if (isMainThread) await main();
else {
  const c = cells().find((x) => x.id === (workerData as { id: string }).id)!;
  parentPort!.postMessage(solveCell(c));
}
