// Easy/hard splits of the latent coordinates (docs/theory.md §3–§4). Two notions, which differ for targets such as
// y = He₃(z) (E[z|y] ≠ 0 but E[y z] = 0):
//  - conditionalMeanSplit (the AMP / Hessian notion, noise-aware): z_r is easy iff E[z_r | y] ≠ 0
// (first-order information: GD from a small initialisation picks it up in O(1) steps), hard iff E[z_r | y] = 0.
// E[z_r | y] = 0 is tested through E[z_r P_j(ỹ)] = 0 for the Hermite polynomials P_j, j = 0..6, of the
// standardised label ỹ (exact for labels with ≤ 7 values, and for any label law whose conditional mean is not
// orthogonal to all polynomials of degree ≤ 6 — always the case in practice).
import { gaussianAtoms } from '../numerics/quadrature/index.js';
import { hermitePolys } from './hermite.js';
import type { HessianProblem } from './hessianProblem.js';
import type { Target } from './formulas.js';
import { UsageError } from '../core/errors.js';

export interface LatentSplit {
  easy: number[];
  hard: number[];
  /** max_j |E[z_r P_j(ỹ)]|/√j! per coordinate (0 for hard coordinates up to quadrature error). */
  strength: number[];
}

const DEGREE = 6;

/** Coordinate-wise split of the k latent coordinates into easy (E[z_r|y] ≠ 0) and hard ones. */
export function conditionalMeanSplit(p: HessianProblem): LatentSplit {
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

/** The gradient-descent notion (correlationSplit): latent coordinate i is easy iff its first Hermite coefficient E[g(z) z_i] is non-zero (|·| > 1e-9·‖g‖): GD
 *  picks it up in O(1) steps from a small initialisation. All others are hard (docs/theory.md §4, §3: E[z|y] = 0). */
export function correlationSplit(target: Target, hard?: number[]): { easy: number[]; hard: number[] } {
  const k = target.k;
  if (hard) {
    for (const h of hard)
      if (!Number.isInteger(h) || h < 1 || h > k) throw new UsageError('--hard', `latent index ${h} is not in 1..${k}`, '1');
    const H = [...new Set(hard.map((h) => h - 1))].sort((a, b) => a - b);
    return { easy: Array.from({ length: k }, (_, i) => i).filter((i) => !H.includes(i)), hard: H };
  }
  const atoms = gaussianAtoms(k, { switches: target.fn.switches });
  const c1 = new Float64Array(k);
  let g2 = 0;
  const z = new Float64Array(k);
  for (let p = 0; p < atoms.size; p++) {
    for (let i = 0; i < k; i++) z[i] = atoms.points[p * k + i]!;
    const g = target.fn.value(z);
    g2 += atoms.weights[p]! * g * g;
    for (let i = 0; i < k; i++) c1[i] = c1[i]! + atoms.weights[p]! * g * z[i]!;
  }
  const tol = 1e-9 * Math.sqrt(g2);
  const easy: number[] = [], hardIdx: number[] = [];
  for (let i = 0; i < k; i++) (Math.abs(c1[i]!) > tol ? easy : hardIdx).push(i);
  return { easy, hard: hardIdx };
}
