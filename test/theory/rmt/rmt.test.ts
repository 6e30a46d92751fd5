// docs/theory.md §2: the m×m fixed point, edges, outliers, overlaps, thresholds and density, checked against §1
// (src/theory/spectral), closed forms (Marchenko–Pastur) and structural properties.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { gaussHermite } from '../../../src/numerics/quadrature/index.js';
import { spectrum, deltaStar } from '../../../src/theory/spectral/index.js';
import type { Law } from '../../../src/model/law.js';
import type { MatrixLaw } from '../../../src/theory/rmt/matrixLaw.js';
import { negateLaw } from '../../../src/theory/rmt/matrixLaw.js';
import { cholesky } from '../../../src/numerics/linalg/dense.js';
import { symEigen } from '../../../src/numerics/linalg/symmetricEigen.js';
import { lowerEdge, bulkEdges } from '../../../src/theory/rmt/edge.js';
import { lowerOutliers } from '../../../src/theory/rmt/outliers.js';
import { lowerThreshold, edgeGap } from '../../../src/theory/rmt/threshold.js';
import { spectralDensity } from '../../../src/theory/rmt/density.js';

/** Atoms of (z, g) ~ N(0, I_2) (Gauss–Hermite tensor) and a scalar weight T(z, g). */
function scalarLaw(T: (z: number, g: number) => number, order = 60): MatrixLaw {
  const gh = gaussHermite(order);
  const n = order * order;
  const A = new Float64Array(n), zeta = new Float64Array(2 * n), w = new Float64Array(n);
  let i = 0;
  for (let a = 0; a < order; a++)
    for (let b = 0; b < order; b++) {
      const z = gh.nodes[a]!, g = gh.nodes[b]!;
      A[i] = T(z, g);
      zeta[2 * i] = z;
      zeta[2 * i + 1] = g;
      w[i] = gh.weights[a]! * gh.weights[b]!;
      i++;
    }
  return { m: 1, k: 2, size: n, weights: w, A, zeta, coords: ['z', 'g'], origin: 'test' };
}

/** The same atoms as a §1 Law with columns T, z. */
function asLaw(law: MatrixLaw): Law {
  const z = new Float64Array(law.size);
  for (let i = 0; i < law.size; i++) z[i] = law.zeta[2 * i]!;
  return { size: law.size, weights: law.weights, columns: { T: law.A, z }, origin: 'test', order: 60 };
}

// A smooth bounded weight whose lower side has an outlier along z: T = tanh(1 − z²) − 0.3 tanh(g).
const T1 = (z: number, g: number) => Math.tanh(1 - z * z) - 0.3 * Math.tanh(g);

describe('dense helpers', () => {
  test('symEigen reconstructs a symmetric matrix', () => {
    const S = Float64Array.from([4, 1, -2, 1, 3, 0.5, -2, 0.5, 1]);
    const { values, vectors } = symEigen(S, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let t = 0; t < 3; t++) s += vectors[i * 3 + t]! * values[t]! * vectors[j * 3 + t]!;
        expect(s).toBeCloseTo(S[i * 3 + j]!, 12);
      }
    expect(values[0]! >= values[1]! && values[1]! >= values[2]!).toBe(true);
  });
  test('cholesky rejects an indefinite matrix', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
    expect(cholesky(Float64Array.from([2, 1, 1, 2]), 2)).toBe(true);
  });
});

describe('m = k = 1 reduces exactly to §1 (λ = δ/Ḡ, μ = ψ_δ(λ))', () => {
  const law = scalarLaw(T1);
  for (const delta of [3, 8]) {
    test(`δ = ${delta}: edge, outlier, overlap² equal src/theory/spectral's lower side`, () => {
      const ref = spectrum(asLaw(law), delta, 'lower');
      const e = lowerEdge(law, delta);
      expect(e.status.converged).toBe(true);
      expect(e.edge).toBeCloseTo(ref.bulk_edge, 9);
      const outs = lowerOutliers(e, [0]);
      if (ref.outlier === null) expect(outs).toHaveLength(0);
      else {
        expect(outs).toHaveLength(1);
        expect(outs[0]!.mu).toBeCloseTo(ref.outlier, 9);
        expect(outs[0]!.overlap2).toBeCloseTo(ref.overlap2, 7);
      }
    });
  }
  test('δ* equals §1 deltaStar (closed system and the nested edge-gap root agree)', () => {
    const ref = deltaStar(asLaw(law), 'lower');
    const th = lowerThreshold(law, [0]);
    expect(ref.delta_star).not.toBeNull();
    expect(th.delta_star!).toBeCloseTo(ref.delta_star!, 7);
    // Nested definition: the edge gap changes sign at δ*.
    expect(edgeGap(law, [0], th.delta_star! * 0.99).gap).toBeLessThan(0);
    expect(edgeGap(law, [0], th.delta_star! * 1.01).gap).toBeGreaterThan(0);
  });
  test('upper edge is minus the lower edge of −D', () => {
    const { lower, upper } = bulkEdges(law, 5);
    expect(upper.edge).toBeCloseTo(spectrum(asLaw(law), 5, 'upper').bulk_edge, 9);
    expect(lower.edge).toBeLessThan(upper.edge);
  });
});

describe('latent directions the weights ignore give no outlier', () => {
  test('g enters T only through an independent coordinate ⇒ μ − κ = eig(Λ)/δ < 0 on the branch', () => {
    // T depends on z only; g is an ignored direction.
    const law = scalarLaw((z) => Math.tanh(1 - z * z));
    for (const delta of [2, 10, 50]) {
      const e = lowerEdge(law, delta);
      expect(lowerOutliers(e, [1])).toHaveLength(0);
      expect(edgeGap(law, [1], delta).gap).toBeLessThan(0);
    }
  });
});

describe('matrix weights', () => {
  test('block-diagonal A = diag(T_a, T_b): lower edge = min of the two scalar edges, outliers = union', () => {
    const a = scalarLaw(T1, 40);
    const b = scalarLaw((z, g) => 0.5 * Math.tanh(2 - z * z) + 0.2 * g / (1 + g * g), 40);
    const n = a.size;
    const A = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) {
      A[4 * i] = a.A[i]!;
      A[4 * i + 3] = b.A[i]!;
    }
    const law: MatrixLaw = { ...a, m: 2, A };
    const delta = 8;
    const e = lowerEdge(law, delta);
    const ea = lowerEdge(a, delta), eb = lowerEdge(b, delta);
    expect(e.edge).toBeCloseTo(Math.min(ea.edge, eb.edge), 8);
    const outs = lowerOutliers(e, [0]).map((o) => o.mu);
    const ref = [...lowerOutliers(ea, [0]), ...lowerOutliers(eb, [0])].map((o) => o.mu).filter((mu) => mu < e.edge).sort((x, y) => x - y);
    expect(outs).toHaveLength(ref.length);
    outs.forEach((mu, i) => expect(mu).toBeCloseTo(ref[i]!, 7));
  });
});

describe('density by Stieltjes inversion', () => {
  test('T ≡ 1 gives Marchenko–Pastur', () => {
    const law: MatrixLaw = { m: 1, k: 1, size: 1, weights: Float64Array.of(1), A: Float64Array.of(1), zeta: Float64Array.of(0), coords: ['z'], origin: 'MP' };
    const delta = 4;
    const g = 1 / delta;
    const [lo, hi] = [(1 - Math.sqrt(g)) ** 2, (1 + Math.sqrt(g)) ** 2];
    for (const x of [0.5, 1, 1.8]) {
      const mp = Math.sqrt((hi - x) * (x - lo)) / (2 * Math.PI * g * x);
      const r = spectralDensity(law, delta, x, 1e-6);
      expect(r.status.converged).toBe(true);
      expect(Math.abs(r.density - mp)).toBeLessThan(1e-4);
    }
    expect(spectralDensity(law, delta, 2.5, 1e-6).density).toBeLessThan(1e-4);
    // and the edges from the real fixed point agree with MP's.
    const { lower, upper } = bulkEdges(law, delta);
    expect(lower.edge).toBeCloseTo(lo, 8);
    expect(upper.edge).toBeCloseTo(hi, 8);
  });
});

describe('δ* ≥ δ_alg for every bounded weight (docs/theory.md §3)', () => {
  test('y = z² (δ_alg = 1/2): random T(y, g), both sides', () => {
    let finite = 0;
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
        ([c1, c2, c3, c4]) => {
          const law = scalarLaw((z, g) => c1 * Math.tanh(z * z - c3) + c2 * Math.exp(-z * z) + c4 * Math.tanh(g), 40);
          for (const l of [law, negateLaw(law)]) {
            const th = lowerThreshold(l, [0]);
            if (th.delta_star !== null) {
              finite++;
              expect(th.delta_star).toBeGreaterThanOrEqual(0.5 * (1 - 1e-6));
            }
          }
        },
      ),
      { numRuns: 25, seed: 7 },
    );
    expect(finite).toBeGreaterThan(10); // the property was exercised
  });
});
