// Simulator kernels against numpy/scipy on the same machine in one run, alternating single repetitions (JS, Python,
// JS, Python, …) so that the ratios stay meaningful on a loaded machine even when the absolute times are not:
//   normals  16,000,000 standard normals: Rng.fillNormal vs numpy Generator.standard_normal      target ≤ 1.5×
//   gd_step  one full-batch gradient of a one-neuron network (X w, then Xᵀ r), d = 1000, n = 16000:
//            riskAndGradient vs numpy X @ w and X.T @ r                                          target ≤ 1.1×
//   lanczos  top eigenpair of (1/n) Σ T_i x_i x_iᵀ, d = 2000, n = 8000, T = min(z², 3) − 1, tol 1e-8:
//            lanczos on weightedCovarianceOperator vs scipy eigsh (ARPACK)                       target ≤ 1.0×
// The Python side is bench/reference.py; without python3 + numpy/scipy the ratios are skipped with a message.
// Run: npx tsc -p . && node dist/bench/kernels.bench.js [pairs]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { compileExpr } from '../src/numerics/expr/index.js';
import { riskAndGradient, type Network } from '../src/model/network.js';
import { gaussianData } from '../src/numerics/random/gaussianData.js';
import { lanczos } from '../src/numerics/linalg/lanczos.js';
import { makeRng } from '../src/numerics/random/rng.js';
import { weightedCovarianceOperator } from '../src/numerics/linalg/operators.js';
import { PACKAGE_ROOT } from '../src/core/provenance.js';
import { fmt, gridTable } from '../src/core/format.js';

const PAIRS = Number(process.argv[2] ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function seconds(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

interface Kernel {
  name: string;
  target: number;
  /** Builds the data (once) and returns one timed repetition with a note. */
  setup: () => () => { seconds: number; note: string };
}

const kernels: Kernel[] = [
  {
    name: 'normals',
    target: 1.5,
    setup: () => {
      const a = new Float64Array(16_000_000);
      const rng = makeRng(1);
      return () => ({ seconds: seconds(() => rng.fillNormal(a)), note: '16M N(0,1), ziggurat' });
    },
  },
  {
    name: 'gd_step',
    target: 1.1,
    setup: () => {
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
      return () => ({ seconds: seconds(() => riskAndGradient(net, data, y, W, g)), note: 'd = 1000, n = 16000, m = 1, one core' });
    },
  },
  {
    name: 'lanczos',
    target: 1.0,
    setup: () => {
      const d = 2000, n = 8000;
      const data = gaussianData(n, d, makeRng(1));
      const T = new Float64Array(n).map((_, i) => Math.min(data.X[i * d]! ** 2, 3) - 1);
      const op = weightedCovarianceOperator(data, T);
      lanczos(op, 1, 'largest', makeRng(10), { tol: 1e-8 }); // compile
      return () => {
        let note = '';
        const t = seconds(() => {
          const e = lanczos(op, 1, 'largest', makeRng(10), { tol: 1e-8 });
          note = `λ1 = ${fmt(e.values[0]!, 8)}, ${e.status.iterations} applies, one core`;
        });
        return { seconds: t, note };
      };
    },
  },
];

/** The Python reference as a child process answering one repetition per request (bench/reference.py). */
async function pythonReference(): Promise<((kernel: string) => Promise<{ seconds: number; note: string }>) & { close: () => void } | string> {
  const child = spawn('python3', [join(PACKAGE_ROOT, 'bench', 'reference.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const queue: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  lines.on('line', (l) => queue.shift()?.resolve(l));
  child.on('exit', (code) => queue.splice(0).forEach((q) => q.reject(new Error(`python3 exited with ${code}`))));
  const next = () => new Promise<string>((resolve, reject) => queue.push({ resolve, reject }));
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += String(b)));
  child.on('error', () => undefined);
  try {
    const ready = JSON.parse(await next()) as { numpy: string };
    const ask = async (kernel: string) => {
      child.stdin.write(kernel + '\n');
      const o = JSON.parse(await next()) as { seconds: number; value?: number; matvecs?: number };
      return { seconds: o.seconds, note: o.matvecs !== undefined ? `λ1 = ${fmt(o.value!, 8)}, ${o.matvecs} applies` : `numpy ${ready.numpy}` };
    };
    return Object.assign(ask, { close: () => child.stdin.end() });
  } catch {
    return `python3 with numpy/scipy unavailable (${stderr.trim().split('\n').at(-1) ?? 'no python3'})`;
  }
}

const py = await pythonReference();
const rows: string[][] = [];
for (const k of kernels) {
  const js = k.setup();
  const tj: number[] = [], tp: number[] = [], ratios: number[] = [];
  let jsNote = '', pyNote = '';
  for (let r = 0; r < PAIRS; r++) {
    const a = js();
    tj.push(a.seconds);
    jsNote = a.note;
    if (typeof py === 'string') continue;
    const b = await py(k.name);
    tp.push(b.seconds);
    pyNote = b.note;
    ratios.push(a.seconds / b.seconds);
  }
  const ratio = ratios.length ? median(ratios) : NaN;
  rows.push([
    k.name,
    fmt(median(tj), 3),
    tp.length ? fmt(median(tp), 3) : '—',
    ratios.length ? `${fmt(ratio, 3)}× (quartiles ${fmt(quantile(ratios, 0.25), 3)}–${fmt(quantile(ratios, 0.75), 3)})` : String(py),
    `≤ ${k.target}×`,
    ratios.length ? (ratio <= k.target ? 'met' : 'NOT met') : 'skipped',
    `${jsNote}${pyNote ? ` | python: ${pyNote}` : ''}`,
  ]);
}
if (typeof py !== 'string') py.close();

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]!;
}

console.log(gridTable(['kernel', 'flcalc (s, median)', 'numpy/scipy (s, median)', 'ratio (median of paired repetitions)', 'target', 'verdict', 'notes'], rows));
console.log(`\n${PAIRS} paired repetitions per kernel, alternating one flcalc and one numpy/scipy repetition; the ratio is the median of the per-pair ratios. Node ${process.version}.`);
