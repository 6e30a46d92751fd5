// Check of the ridge deterministic equivalent given the weights (docs/theory.md (8.12)–(8.13)): for one seed's W0 and
// W1 = W0 + ηG̃ per (target, c, α), the equivalent against the Monte-Carlo mean over B independent ridge batches with
// W held fixed (src/simulate/onestep/batchesGivenW.ts; exact test error given each fit).
// Usage:
//   node dist/scripts/experiments/onestep/batchesGivenW.js --out validation/experiments/onestep_errors_vs_n/fixed_w.json
//        --md validation/experiments/onestep_errors_vs_n/fixed_w.md [--n 500] [--batches 64] [--seed 1] [--cs 1,2.5]
//        [--targets "z + z^2/2;z"] [--alphas 0.2,0.3,0.36] [--force]
import { writeFileSync } from 'node:fs';
import { UsageError } from '../../../src/core/errors.js';
import { resolveActivation, resolveTarget } from '../../../src/model/formulas.js';
import { ridgeBatchesGivenW, ridgeGivenW, simulateOnestepSeed, type BatchesResult, type Estimate, type GivenWInput } from '../../../src/simulate/onestep/index.js';
import { provenance } from '../../../src/core/provenance.js';
import { flags, numbers, fx, pm, outputFiles, gridFlags } from './flags.js';

const USAGE = 'usage: node dist/scripts/experiments/onestep/batchesGivenW.js --out FILE.json --md FILE.md [--n 500] [--batches 64] [--seed 1] [--cs 1,2.5] [--targets "z + z^2/2;z"] [--force]';
const ACT = 'sin(x)+cos(x)';
const NOISE = 0.1;
const RIDGE = 0.1;

interface Row { target: string; c: number; alpha: number | null; de: { train: number; test: number; converged: boolean }; mc: BatchesResult }

const within = (de: number, e: Estimate) => (e.se === null ? '—' : `${((de - e.mean) / e.se).toFixed(1)}`);

function main(argv: string[]): number {
  try {
    const f = flags(argv, '--n 500');
    const { out, md } = outputFiles(f, 'fixed_w');
    const [n] = numbers(f, 'n', '500', (x) => Number.isInteger(x) && x >= 50 && x <= 1000, '500 (≤ 1000)');
    const [batches] = numbers(f, 'batches', '64', (x) => Number.isInteger(x) && x >= 2 && x <= 1000, '64 (≤ 1000)');
    const [seed] = numbers(f, 'seed', '1', (x) => Number.isInteger(x) && x >= 0, '1');
    const { cs, alphas, targets } = gridFlags(f);
    const act = resolveActivation(ACT, '--act');
    const rows: Row[] = [];
    const t0 = Date.now();
    for (const tg of targets) {
      const target = resolveTarget(tg, '--targets');
      for (const c of cs) {
        const run = simulateOnestepSeed({ act, target, noise: NOISE, c, alphas, psi: 1, phi: 1, ridge: RIDGE, n: n!, seed: seed!, top: 4, kAlign: 1, ridgeErrors: false, keepWeights: true });
        const { W0, G } = run.weights!;
        const { N, d } = run;
        const check = (alpha: number | null, W: Float64Array, k: number) => {
          const inp: GivenWInput = { W, N, d, act: act.fn, target: target.fn, targetCoordinate: 0, noise: NOISE, n: n!, lambda: RIDGE };
          const de = ridgeGivenW(inp);
          rows.push({ target: tg, c, alpha, de: { train: de.train_error, test: de.test_error, converged: de.status.converged }, mc: ridgeBatchesGivenW(inp, batches!, 1_000_000 + 97 * seed! + k) });
        };
        check(null, W0, 0);
        alphas.forEach((alpha, ia) => check(alpha, W0.map((w, i) => w + run.alphas[ia]!.eta * G[i]!), ia + 1));
        console.log(`${tg}, c = ${c}: done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }
    const prov = { ...provenance(), n, seed, batches, act: ACT, noise: NOISE, ridge: RIDGE, psi: 1, phi: 1, seconds: (Date.now() - t0) / 1000 };
    writeFileSync(out, JSON.stringify({ description: 'ridge deterministic equivalent given W (docs/theory.md (8.12)–(8.13)) vs Monte Carlo over ridge batches with W fixed', rows, provenance: prov }, null, 1) + '\n');
    const z = rows.flatMap((r) => [(r.de.train - r.mc.train.mean) / (r.mc.train.se ?? Infinity), (r.de.test - r.mc.test.mean) / (r.mc.test.se ?? Infinity)]);
    const rel = rows.flatMap((r) => [r.de.train / r.mc.train.mean - 1, r.de.test / r.mc.test.mean - 1]);
    const lines = [
      '# Ridge deterministic equivalent given the weights vs Monte Carlo over ridge batches',
      '',
      `σ = ${ACT}, noise ${NOISE}, ridge λ = ${RIDGE}, d = N = n = ${n}; weights of seed ${seed} (W0, and W1 = W0 + ηG̃ per c and α); ${batches} independent ridge batches per W.`,
      'DE: docs/theory.md (8.12)–(8.13) on that W. MC: mean ± se over the batches of the train error and of the exact test error given the fit, E y² − 2bᵀc + bᵀΣb.',
      'z = (DE − MC)/se. Recorded by `node dist/scripts/experiments/onestep/batchesGivenW.js`.',
      '',
      '| target | c | features | train: DE | MC | DE/MC − 1 | z | test: DE | MC | DE/MC − 1 | z |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.target} | ${r.c} | ${r.alpha === null ? 'F0' : `F1, α = ${r.alpha}`} | ${fx(r.de.train)} | ${pm(r.mc.train)} | ${(100 * (r.de.train / r.mc.train.mean - 1)).toFixed(1)} % | ${within(r.de.train, r.mc.train)} | ${fx(r.de.test)} | ${pm(r.mc.test)} | ${(100 * (r.de.test / r.mc.test.mean - 1)).toFixed(1)} % | ${within(r.de.test, r.mc.test)} |`),
      '',
      `Summary: ${z.filter((v) => Math.abs(v) <= 3).length} of ${z.length} within 3 se; mean DE/MC − 1 ${(100 * rel.reduce((a, b) => a + b, 0) / rel.length).toFixed(2)} %, largest |DE/MC − 1| ${(100 * Math.max(...rel.map(Math.abs))).toFixed(1)} %.`,
      `Every DE converged: ${rows.every((r) => r.de.converged)}; every ridge solve converged: ${rows.every((r) => r.mc.converged)}.`,
      '',
      'Provenance: ' + JSON.stringify(prov),
      '',
    ];
    writeFileSync(md, lines.join('\n'));
    console.log(`wrote ${out} and ${md}`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { console.error(`batchesGivenW: ${e.message}\n${USAGE}`); return 2; }
    throw e as Error;
  }
}

if (process.argv[1]?.endsWith('batchesGivenW.js')) process.exitCode = main(process.argv.slice(2));
