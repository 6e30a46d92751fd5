// The Hessian simulator (src/simulate/hessian) on cells of the status matrix (matrix.ts): the lowest eigenvalue of
// the empirical Hessian at the cell's state, δ = 8, dimension d, over seeds, one record per cell in
// validation/experiments/hessian_matrix/data/<cell>.json (an existing record is kept unless --force). statusMatrix.js
// --render puts them beside the theory.
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/hessian/simulateCells.js m3-corr-tanh [more cells] [--d 1000] [--seeds 3] [--seed 1]
//     [--eigenpairs 3] [--force]
import { join } from 'node:path';
import { simulateHessian } from '../../../src/simulate/hessian/index.js';
import { checkWritable, experimentDir, write } from '../record.js';
import { cellProblem, cells, DELTA, type SimRecord } from './matrix.js';

const args = process.argv.slice(2);
function fail(msg: string): never {
  process.stderr.write(`error: ${msg}\n`);
  process.exit(2);
}
function intFlag(name: string, def: number, min: number, max: number): number {
  const at = args.indexOf(name);
  if (at < 0) return def;
  const v = Number(args[at + 1]);
  if (!Number.isInteger(v) || v < min || v > max) fail(`${name} must be an integer in [${min}, ${max}], got "${args[at + 1] ?? ''}" (e.g. ${name} ${def})`);
  return v;
}
const d = intFlag('--d', 1000, 100, 3000);
const seeds = intFlag('--seeds', 3, 2, 20);
const seed0 = intFlag('--seed', 1, 0, 1_000_000);
const eigenpairs = intFlag('--eigenpairs', 3, 1, 12);
const valued = new Set(['--d', '--seeds', '--seed', '--eigenpairs']);
const ids = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
for (const a of args) if (a.startsWith('--') && !valued.has(a) && a !== '--force') fail(`unknown flag ${a}`);
const all = cells();
if (ids.length === 0) fail('name the cells, e.g. m3-corr-tanh m4-orth-relu');
const bad = ids.filter((id) => !all.some((c) => c.id === id));
if (bad.length) fail(`unknown cell ${bad.join(', ')} (ids: ${all.map((c) => c.id).join(', ')})`);

const dir = join(experimentDir('hessian_matrix'), 'data');
const file = (id: string) => join(dir, `${id}.json`);
checkWritable(ids.map(file), args);
for (const id of ids) {
  const c = all.find((x) => x.id === id)!;
  const { problem, state } = cellProblem(c);
  const t0 = performance.now();
  const r = simulateHessian(problem, state, { delta: DELTA, d, seeds: Array.from({ length: seeds }, (_, i) => seed0 + i), eigenpairs });
  const seconds = (performance.now() - t0) / 1000;
  const rec: SimRecord & { provenance: unknown; config: unknown } = {
    cell: id, d, n: r.n, seeds: r.per_seed.map((s) => s.seed), lowest: r.per_seed.map((s) => s.eigenvalues[0]!),
    mean: r.eigenvalues[0]!, se: r.eigenvalues_se[0] ?? null, overlap2_hard: r.overlap2_hard, overlap2_hard_se: r.overlap2_hard_se,
    status: r.status, seconds, per_seed_eigenvalues: r.per_seed.map((s) => s.eigenvalues), provenance: r.provenance, config: { ...r.config, overlaps: c.overlaps },
  };
  write(file(id), JSON.stringify(rec, null, 1));
  process.stderr.write(`${id}: d = ${d}, n = ${r.n}, lowest ${rec.mean.toPrecision(6)} ± ${rec.se?.toExponential(1) ?? '—'} (${r.status}), ${seconds.toFixed(0)} s\n`);
}
