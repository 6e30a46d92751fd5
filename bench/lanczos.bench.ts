// Lanczos benchmark (performance): (1) the top eigenpair of the weighted covariance
// D = (1/n) Σ T_i x_i x_iᵀ at d = 2000, n = 8000 on one core (target < 3 s); (2) the speed-up of matrix-free
// Lanczos over ml-matrix's dense EigenvalueDecomposition of the explicitly formed D at d = 1000 (target ≥ 50×).
// Weight: the docs/theory.md §1 reference case T = min(z², 3) − 1, y = z².
import { Matrix, EigenvalueDecomposition } from 'ml-matrix';
import { gaussianData, type GaussianData } from '../src/numerics/random/gaussianData.js';
import { lanczos } from '../src/numerics/linalg/lanczos.js';
import { makeRng } from '../src/numerics/random/rng.js';
import { weightedCovarianceOperator } from '../src/numerics/linalg/operators.js';
import { fmt, gridTable } from '../src/core/format.js';

function referenceWeights(data: GaussianData): Float64Array {
  const T = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    const z = data.X[i * data.d]!;
    T[i] = Math.min(z * z, 3) - 1;
  }
  return T;
}

function seconds<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}

// D = (1/n) Σ T_i x_i x_iᵀ as a dense d×d matrix (upper triangle accumulated, then mirrored).
function denseWeightedCovariance(data: GaussianData, T: Float64Array): Matrix {
  const { n, d, X } = data;
  const D = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    const t = T[i]! / n;
    for (let a = 0; a < d; a++) {
      const c = t * X[off + a]!;
      const row = a * d;
      for (let b = a; b < d; b++) D[row + b] = D[row + b]! + c * X[off + b]!;
    }
  }
  const M = new Matrix(d, d);
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) M.set(a, b, D[a * d + b]!), M.set(b, a, D[a * d + b]!);
  return M;
}

// Median wall time of `reps` runs (the first run also pays for JIT compilation).
function medianSeconds<T>(reps: number, f: () => T): [T, number] {
  const times: number[] = [];
  let r!: T;
  for (let i = 0; i < reps; i++) {
    let t: number;
    [r, t] = seconds(f);
    times.push(t);
  }
  times.sort((a, b) => a - b);
  return [r, times[Math.floor(reps / 2)]!];
}

const TOLS = [1e-8, 1e-6]; // lanczos' default, and the simulators' tolerance (src/simulate/spectral/weightedSpectrum.ts)
const rows: string[][] = [];

{
  const d = 2000, n = 8000;
  const rng = makeRng(1);
  const [data, tData] = seconds(() => gaussianData(n, d, rng));
  const T = referenceWeights(data);
  const op = weightedCovarianceOperator(data, T);
  const v = new Float64Array(d).fill(1 / Math.sqrt(d));
  const out = new Float64Array(d);
  const [, tApply] = medianSeconds(5, () => op.apply(v, out));
  rows.push(['sample X (d=2000, n=8000)', fmt(tData, 3), '', '']);
  rows.push(['one apply of D (4nd flops), median of 5', fmt(tApply, 3), '', '']);
  for (const tol of TOLS) {
    const [eig, t] = medianSeconds(3, () => lanczos(op, 1, 'largest', makeRng(10), { tol }));
    rows.push([
      `Lanczos top eigenpair, d=2000, n=8000, tol ${tol.toExponential(0)}`,
      fmt(t, 3),
      '< 3 s',
      `λ1 = ${fmt(eig.values[0]!, 8)}, ${eig.status.iterations} steps, residual ${fmt(eig.status.residual, 2)}, ${eig.status.converged ? 'converged' : 'NOT converged'}`,
    ]);
  }
}

{
  const d = 1000, n = 4000;
  const rng = makeRng(2);
  const data = gaussianData(n, d, rng);
  const T = referenceWeights(data);
  const op = weightedCovarianceOperator(data, T);
  const lanczosRuns = TOLS.map((tol) => medianSeconds(3, () => lanczos(op, 1, 'largest', makeRng(20), { tol })));
  const [D, tForm] = seconds(() => denseWeightedCovariance(data, T));
  const [evd, tEvd] = seconds(() => new EigenvalueDecomposition(D, { assumeSymmetric: true }));
  const denseTop = Math.max(...evd.realEigenvalues);
  lanczosRuns.forEach(([eig, t], i) =>
    rows.push([
      `Lanczos top eigenpair, d=1000, n=4000, tol ${TOLS[i]!.toExponential(0)}`,
      fmt(t, 3),
      '',
      `λ1 = ${fmt(eig.values[0]!, 10)}, ${eig.status.iterations} steps, |λ1 − dense| = ${fmt(Math.abs(denseTop - eig.values[0]!), 2)}`,
    ]),
  );
  rows.push(['form dense D, d=1000', fmt(tForm, 3), '', '']);
  rows.push(['ml-matrix EigenvalueDecomposition, d=1000', fmt(tEvd, 3), '', `λ1 = ${fmt(denseTop, 10)}`]);
  lanczosRuns.forEach(([, t], i) => {
    rows.push([`speed-up: dense EVD / Lanczos (tol ${TOLS[i]!.toExponential(0)})`, fmt(tEvd / t, 3) + '×', '≥ 50×', '']);
    rows.push([`speed-up: (form D + EVD) / Lanczos (tol ${TOLS[i]!.toExponential(0)})`, fmt((tForm + tEvd) / t, 3) + '×', '', '']);
  });
}

console.log(gridTable(['task', 'seconds', 'target', 'notes'], rows));
console.log('\nOne core, Node ' + process.version + '; Lanczos times are medians of 3 runs, the dense EVD is run once.');
