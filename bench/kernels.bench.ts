// Simulator kernels against numpy/scipy on the same machine, interleaved in one run (JS, Python, JS, Python, …)
// so that the ratios are meaningful on a loaded machine even when the absolute times are not:
//   normals  16,000,000 standard normals: Rng.fillNormal vs numpy Generator.standard_normal      target ≤ 1.5×
//   gd_step  one full-batch gradient of a one-neuron network (X w, then Xᵀ r), d = 1000, n = 16000:
//            riskAndGradient vs numpy X @ w and X.T @ r                                          target ≤ 1.1×
//   lanczos  top eigenpair of (1/n) Σ T_i x_i x_iᵀ, d = 2000, n = 8000, T = min(z², 3) − 1, tol 1e-8:
//            lanczos on weightedCovarianceOperator vs scipy eigsh (ARPACK)                       target ≤ 1.0×
// The Python side is bench/reference.py; without python3 + numpy/scipy the ratios are skipped with a message.
// Run: npx tsc -p . && node dist/bench/kernels.bench.js [rounds]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compileExpr } from '../src/numerics/expr/index.js';
import { riskAndGradient, type Network } from '../src/model/network.js';
import { gaussianData } from '../src/numerics/random/gaussianData.js';
import { lanczos } from '../src/numerics/linalg/lanczos.js';
import { makeRng } from '../src/numerics/random/rng.js';
import { weightedCovarianceOperator } from '../src/numerics/linalg/operators.js';
import { PACKAGE_ROOT } from '../src/core/provenance.js';
import { fmt, gridTable } from '../src/core/format.js';

const ROUNDS = Number(process.argv[2] ?? 2);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function medianSeconds(reps: number, f: () => void): number {
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    f();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return median(ts);
}

interface Kernel {
  name: string;
  reps: number;
  target: number;
  js: () => { seconds: number; note: string };
}

const kernels: Kernel[] = [
  {
    name: 'normals',
    reps: 3,
    target: 1.5,
    js: () => {
      const a = new Float64Array(16_000_000);
      const rng = makeRng(1);
      return { seconds: medianSeconds(3, () => rng.fillNormal(a)), note: '16M N(0,1)' };
    },
  },
  {
    name: 'gd_step',
    reps: 5,
    target: 1.1,
    js: () => {
      const d = 1000, n = 16000;
      const data = gaussianData(n, d, makeRng(1));
      const y = new Float64Array(n).map((_, i) => Math.tanh(data.X[i * d]! ** 2));
      const net: Network = {
        act: compileExpr('tanh(x)', ['x'], 'act'),
        loss: compileExpr('(f - y)^2 / 2', ['y', 'f'], 'loss'),
        readout: Float64Array.of(1),
        ridge: 0,
      };
      const W = new Float64Array(d).map(() => 1 / Math.sqrt(d));
      const g = new Float64Array(d);
      riskAndGradient(net, data, y, W, g); // compile
      return { seconds: medianSeconds(5, () => riskAndGradient(net, data, y, W, g)), note: 'd = 1000, n = 16000, m = 1' };
    },
  },
  {
    name: 'lanczos',
    reps: 3,
    target: 1.0,
    js: () => {
      const d = 2000, n = 8000;
      const data = gaussianData(n, d, makeRng(1));
      const T = new Float64Array(n).map((_, i) => Math.min(data.X[i * d]! ** 2, 3) - 1);
      const op = weightedCovarianceOperator(data, T);
      let note = '';
      const seconds = medianSeconds(3, () => {
        const e = lanczos(op, 1, 'largest', makeRng(10), { tol: 1e-8 });
        note = `λ1 = ${fmt(e.values[0]!, 8)}, ${e.status.iterations} applies`;
      });
      return { seconds, note };
    },
  },
];

function python(kernel: Kernel): { seconds: number; note: string } | string {
  const r = spawnSync('python3', [join(PACKAGE_ROOT, 'bench', 'reference.py'), kernel.name, String(kernel.reps)], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `python3 reference unavailable (${r.error?.message ?? r.stderr.trim().split('\n').at(-1)})`;
  const o = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number; value?: number; matvecs?: number; numpy: string };
  return { seconds: o.seconds, note: o.matvecs !== undefined ? `λ1 = ${fmt(o.value!, 8)}, ${o.matvecs} applies` : `numpy ${o.numpy}` };
}

const rows: string[][] = [];
for (const k of kernels) {
  const js: number[] = [], py: number[] = [], ratios: number[] = [];
  let jsNote = '', pyNote = '', skipped = '';
  for (let r = 0; r < ROUNDS; r++) {
    const a = k.js();
    js.push(a.seconds);
    jsNote = a.note;
    const b = python(k);
    if (typeof b === 'string') {
      skipped = b;
      continue;
    }
    py.push(b.seconds);
    pyNote = b.note;
    ratios.push(a.seconds / b.seconds);
  }
  const ratio = ratios.length ? median(ratios) : NaN;
  rows.push([
    k.name,
    fmt(median(js), 3),
    py.length ? fmt(median(py), 3) : '—',
    ratios.length ? `${fmt(ratio, 3)}× (rounds: ${ratios.map((x) => fmt(x, 3)).join(', ')})` : skipped,
    `≤ ${k.target}×`,
    ratios.length ? (ratio <= k.target ? 'met' : 'NOT met') : 'skipped',
    `${jsNote}${pyNote ? ` | python: ${pyNote}` : ''}`,
  ]);
}
console.log(gridTable(['kernel', 'flcalc (s)', 'numpy/scipy (s)', 'ratio (median of rounds)', 'target', 'verdict', 'notes'], rows));
console.log(`\n${ROUNDS} interleaved rounds; each time is a median of repetitions within a round. Node ${process.version}.`);
