// Easy/hard split of the latent coordinates (THEORY §3–§4), coordinate-wise: z_r is easy iff E[z_r | y] ≠ 0
// (first-order information: GD from a small initialisation picks it up in O(1) steps), hard iff E[z_r | y] = 0.
// E[z_r | y] = 0 is tested through E[z_r P_j(ỹ)] = 0 for the Hermite polynomials P_j, j = 0..6, of the
// standardised label ỹ (exact for labels with ≤ 7 values, and for any label law whose conditional mean is not
// orthogonal to all polynomials of degree ≤ 6 — always the case in practice).
import { gaussianAtoms } from '../quadrature/index.js';
import { hermitePolys } from '../hermite.js';
import type { HessianProblem } from './problem.js';

export interface LatentSplit {
  easy: number[];
  hard: number[];
  /** max_j |E[z_r P_j(ỹ)]|/√j! per coordinate (0 for hard coordinates up to quadrature error). */
  strength: number[];
}

const DEGREE = 6;

/** Coordinate-wise split of the k latent coordinates of the target into easy and hard ones. */
export function latentSplit(p: HessianProblem): LatentSplit {
  const k = p.target.k;
  const dim = k + (p.noise > 0 ? 1 : 0);
  const tsw = p.target.fn.switches;
  const atoms = gaussianAtoms(dim, { switches: tsw.map((s) => (a: ArrayLike<number>) => s(Array.from(a).slice(0, k))) });
  const z = new Float64Array(k);
  const y = new Float64Array(atoms.size);
  let mean = 0;
  for (let i = 0; i < atoms.size; i++) {
    for (let r = 0; r < k; r++) z[r] = atoms.points[i * dim + r]!;
    y[i] = p.target.fn.value(z) + (p.noise > 0 ? p.noise * atoms.points[i * dim + k]! : 0);
    mean += atoms.weights[i]! * y[i]!;
  }
  let v = 0;
  for (let i = 0; i < atoms.size; i++) v += atoms.weights[i]! * (y[i]! - mean) ** 2;
  const sd = Math.sqrt(v) || 1;
  const c = new Float64Array(k * (DEGREE + 1));
  const he = new Float64Array(DEGREE + 1);
  for (let i = 0; i < atoms.size; i++) {
    hermitePolys((y[i]! - mean) / sd, DEGREE, he);
    for (let r = 0; r < k; r++) {
      const wz = atoms.weights[i]! * atoms.points[i * dim + r]!;
      for (let j = 0; j <= DEGREE; j++) c[r * (DEGREE + 1) + j] = c[r * (DEGREE + 1) + j]! + wz * he[j]!;
    }
  }
  const easy: number[] = [];
  const hard: number[] = [];
  const strength: number[] = [];
  let fact = 1;
  const norms = Array.from({ length: DEGREE + 1 }, (_, j) => (j === 0 ? 1 : (fact *= j)));
  for (let r = 0; r < k; r++) {
    let s = 0;
    for (let j = 0; j <= DEGREE; j++) s = Math.max(s, Math.abs(c[r * (DEGREE + 1) + j]!) / Math.sqrt(norms[j]!));
    strength.push(s);
    (s > 1e-7 ? easy : hard).push(r);
  }
  return { easy, hard, strength };
}
