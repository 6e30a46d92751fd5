// Quadrature benchmark: (1) time to build Gauss–Hermite rules (implicit-QL Golub–Welsch + Newton polish),
// against ml-matrix's dense EigenvalueDecomposition of the same Jacobi matrix; (2) error of E[min(G², 3)]
// versus node count for plain Gauss–Hermite (O(1/n), docs/theory.md §0) and the kink-aware piecewise rule;
// (3) time and size of gaussianAtoms for dim 2..4 with a kinked switch.
import { Matrix, EigenvalueDecomposition } from 'ml-matrix';
import erf from '@stdlib/math-base-special-erf';
import erfc from '@stdlib/math-base-special-erfc';
import { gaussHermite, piecewiseGaussianRule, gaussianAtoms, integrate } from '../src/numerics/quadrature/index.js';
import { fmt, gridTable } from '../src/core/format.js';

function seconds<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}

const build: string[][] = [];
for (const n of [50, 200, 400, 1000]) {
  const [, t] = seconds(() => gaussHermite(n)); // first call: not cached
  const J = Matrix.zeros(n, n);
  for (let k = 1; k < n; k++) {
    J.set(k - 1, k, Math.sqrt(k));
    J.set(k, k - 1, Math.sqrt(k));
  }
  const [, tDense] = n <= 400 ? seconds(() => new EigenvalueDecomposition(J, { assumeSymmetric: true })) : [null, NaN];
  build.push([String(n), fmt(t * 1e3, 3), Number.isNaN(tDense) ? '—' : fmt(tDense * 1e3, 3)]);
}
console.log('Gauss–Hermite rule construction (ms)\n');
console.log(gridTable(['n', 'flcalc (QL + Newton + weights)', 'ml-matrix dense eig only'], build));

// E[min(G², 3)] = erf(√3/√2) − 2√3 φ(√3) + 3 erfc(√3/√2) (integration by parts; see test/numerics/quadrature/quadrature.test.ts).
const c = Math.sqrt(3);
const exact = erf(c / Math.SQRT2) - (2 * c * Math.exp(-1.5)) / Math.sqrt(2 * Math.PI) + 3 * erfc(c / Math.SQRT2);
const f = (x: number) => Math.min(x * x, 3);
const conv: string[][] = [];
for (const m of [4, 6, 8, 12, 16, 20]) {
  const pw = piecewiseGaussianRule([-c, c], { nodesPerPanel: m, maxPanelWidth: 2 });
  const n = pw.nodes.length;
  conv.push([String(n), fmt(Math.abs(integrate(gaussHermite(n), f) - exact)), fmt(Math.abs(integrate(pw, f) - exact))]);
}
console.log('\n|error| of E[min(G², 3)] at equal node counts\n');
console.log(gridTable(['nodes', 'gauss-hermite', 'piecewise (split at ±√3)'], conv));

const atoms: string[][] = [];
for (const dim of [2, 3, 4]) {
  const sw = (v: ArrayLike<number>) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += v[j]!;
    return s;
  };
  const [a, t] = seconds(() => gaussianAtoms(dim, { switches: [sw] }));
  let m = 0;
  for (let i = 0; i < a.size; i++) m += a.weights[i]! * Math.abs(sw(a.points.subarray(i * dim, i * dim + dim)));
  atoms.push([String(dim), String(a.order), String(a.size), fmt(t, 3), fmt(Math.abs(m - Math.sqrt((2 * dim) / Math.PI)))]);
}
console.log('\ngaussianAtoms with switch x_1 + … + x_dim, |error| of E|x_1 + … + x_dim| = √(2·dim/π)\n');
console.log(gridTable(['dim', 'outer order', 'atoms', 'seconds', '|error|'], atoms));
