import { describe, it, expect } from 'vitest';
import { Matrix, EigenvalueDecomposition } from 'ml-matrix';
import { makeRng } from '../../../src/numerics/random/rng.js';
import { lanczos } from '../../../src/numerics/linalg/lanczos.js';
import { denseOperator, weightedCovarianceOperator } from '../../../src/numerics/linalg/operators.js';
import { gaussianData } from '../../../src/numerics/random/gaussianData.js';
import { symTridiagEigen } from '../../../src/numerics/linalg/tridiagonal.js';

// Symmetric matrix with N(0,1) off-diagonal and N(0,2) diagonal entries (GOE, unscaled).
function goe(n: number, seed: number): Float64Array {
  const rng = makeRng(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const x = i === j ? Math.SQRT2 * rng.normal() : rng.normal();
      A[i * n + j] = x;
      A[j * n + i] = x;
    }
  return A;
}

function denseEig(A: Float64Array, n: number): { values: number[]; vectors: Matrix } {
  const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, i * n + n)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  return { values: evd.realEigenvalues, vectors: evd.eigenvectorMatrix }; // ascending
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const TOL = 1e-9;

describe('symTridiagEigen (implicit QL)', () => {
  it('matches ml-matrix on a random tridiagonal matrix, eigenvectors included', () => {
    const m = 40;
    const rng = makeRng(11);
    const diag = Array.from({ length: m }, () => rng.normal());
    const off = Array.from({ length: m - 1 }, () => rng.normal());
    const A = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      A[i * m + i] = diag[i]!;
      if (i + 1 < m) A[i * m + i + 1] = A[(i + 1) * m + i] = off[i]!;
    }
    const ref = denseEig(A, m);
    const t = symTridiagEigen(diag, off, Array.from({ length: m }, (_, i) => i));
    expect(t.status.converged).toBe(true);
    for (let i = 0; i < m; i++) {
      expect(Math.abs(t.values[i]! - ref.values[i]!)).toBeLessThan(1e-11);
      const s = Array.from({ length: m }, (_, r) => t.vectors[r * m + i]!);
      expect(Math.abs(Math.abs(dot(s, ref.vectors.getColumn(i))) - 1)).toBeLessThan(1e-10);
    }
    // The last-row-only variant gives the same last components.
    const last = symTridiagEigen(diag, off, [m - 1]);
    for (let i = 0; i < m; i++) expect(Math.abs(Math.abs(last.vectors[i]!) - Math.abs(t.vectors[(m - 1) * m + i]!))).toBeLessThan(1e-12);
  });
});

describe('lanczos', () => {
  it('finds the 5 largest and 5 smallest eigenpairs of a random symmetric 200×200 matrix (vs ml-matrix)', () => {
    const n = 200;
    const A = goe(n, 3);
    const ref = denseEig(A, n);
    const norm = Math.max(Math.abs(ref.values[0]!), Math.abs(ref.values[n - 1]!));
    for (const which of ['largest', 'smallest'] as const) {
      const res = lanczos(denseOperator(A, n), 5, which, makeRng(7), { tol: TOL });
      expect(res.status.converged).toBe(true);
      expect(res.status.residual).toBeLessThanOrEqual(TOL * norm);
      res.values.forEach((theta, r) => {
        const idx = which === 'largest' ? n - 1 - r : r;
        // |θ − λ| ≤ ‖residual‖ for a symmetric matrix and a unit vector (the eigenvalue nearest θ is λ_idx).
        expect(Math.abs(theta - ref.values[idx]!)).toBeLessThanOrEqual(TOL * norm);
        // Eigenvector: sin∠ ≤ residual / gap (Davis–Kahan), gap to the neighbouring eigenvalues.
        const gap = Math.min(...[idx - 1, idx + 1].filter((j) => j >= 0 && j < n).map((j) => Math.abs(ref.values[j]! - ref.values[idx]!)));
        const c = Math.abs(dot(res.vectors[r]!, ref.vectors.getColumn(idx)));
        expect(Math.sqrt(Math.max(0, 1 - c * c))).toBeLessThanOrEqual((2 * TOL * norm) / gap + 1e-7);
      });
    }
  });

  it('finds the extreme eigenvalues of a small weighted covariance with negative weights (vs dense D)', () => {
    const d = 60;
    const n = 150;
    const rng = makeRng(5);
    const data = gaussianData(n, d, rng);
    const T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const z = data.X[i * d]!;
      T[i] = Math.min(z * z, 3) - 1;
    }
    const D = new Float64Array(d * d);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++) D[a * d + b] = D[a * d + b]! + (T[i]! * data.X[i * d + a]! * data.X[i * d + b]!) / n;
    const ref = denseEig(D, d);
    const norm = Math.max(Math.abs(ref.values[0]!), Math.abs(ref.values[d - 1]!));
    const op = weightedCovarianceOperator(data, T);
    const top = lanczos(op, 3, 'largest', rng, { tol: TOL });
    const bottom = lanczos(op, 3, 'smallest', rng, { tol: TOL });
    expect(top.status.converged && bottom.status.converged).toBe(true);
    for (let r = 0; r < 3; r++) {
      expect(Math.abs(top.values[r]! - ref.values[d - 1 - r]!)).toBeLessThanOrEqual(TOL * norm);
      expect(Math.abs(bottom.values[r]! - ref.values[r]!)).toBeLessThanOrEqual(TOL * norm);
    }
  });

  it('continues past an invariant subspace: rank-2 operator, 3 largest = (5, 2, 0)', () => {
    const n = 30;
    const u = new Float64Array(n).fill(1 / Math.sqrt(n));
    const w = new Float64Array(n).map((_, i) => (i % 2 === 0 ? 1 : -1) / Math.sqrt(n));
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = 5 * u[i]! * u[j]! + 2 * w[i]! * w[j]!;
    const res = lanczos(denseOperator(A, n), 3, 'largest', makeRng(1), { tol: TOL });
    expect(res.status.converged).toBe(true);
    expect(res.values[0]).toBeCloseTo(5, 10);
    expect(res.values[1]).toBeCloseTo(2, 10);
    expect(Math.abs(res.values[2]!)).toBeLessThan(1e-10);
  });

  it('reports not converged, with the residual, when maxIter is too small', () => {
    const n = 200;
    const res = lanczos(denseOperator(goe(n, 4), n), 3, 'largest', makeRng(2), { maxIter: 6, tol: 1e-12 });
    expect(res.status.converged).toBe(false);
    expect(res.status.iterations).toBe(6);
    expect(res.status.residual).toBeGreaterThan(1e-12);
    expect(res.status.message).toMatch(/did not reach tol/);
  });

  it('is reproducible for a fixed seed', () => {
    const n = 100;
    const A = goe(n, 9);
    const a = lanczos(denseOperator(A, n), 2, 'largest', makeRng(3));
    const b = lanczos(denseOperator(A, n), 2, 'largest', makeRng(3));
    expect(a.values).toEqual(b.values);
    expect(Array.from(a.vectors[0]!)).toEqual(Array.from(b.vectors[0]!));
  });
});
