// δ_alg moments for a discrete target (finitely many values, e.g. sign(z1 z2); docs/theory.md (3.9)) by partition:
//   P(y = c) = E[1{g(z) = c}],  m(c) = E[z 1{g = c}]/P(c),  G(c) = E[(zzᵀ − I) 1{g = c}]/P(c),
// each expectation over kink-aware Gaussian atoms (breaks at the zeros of the switch functions, so the indicator
// of each level set is integrated exactly along the innermost coordinate).
import { gaussianAtoms } from '../../numerics/quadrature/atoms.js';
import { accumulate, emptyMoments, type Moments } from './moments.js';
import type { LatentTarget } from './target.js';

export function partitionMoments(target: LatentTarget, order?: number): { moments: Moments; levels: number; rule: string } {
  const k = target.k;
  const at = gaussianAtoms(k, { switches: target.fn.switches, ...(order !== undefined ? { order } : {}) });
  const groups = new Map<number, { p: number; m: Float64Array; N: Float64Array }>();
  const arg = new Float64Array(k);
  for (let i = 0; i < at.size; i++) {
    const w = at.weights[i]!;
    if (w === 0) continue;
    for (let j = 0; j < k; j++) arg[j] = at.points[i * k + j]!;
    const y = target.fn.value(arg);
    let g = groups.get(y);
    if (!g) {
      g = { p: 0, m: new Float64Array(k), N: new Float64Array(k * k) };
      groups.set(y, g);
    }
    g.p += w;
    for (let a = 0; a < k; a++) {
      g.m[a] += w * arg[a]!;
      for (let b = 0; b < k; b++) g.N[a * k + b] += w * (arg[a]! * arg[b]! - (a === b ? 1 : 0));
    }
  }
  const mom = emptyMoments(k);
  for (const g of groups.values()) accumulate(mom, 1, g.p, g.m, g.N);
  return { moments: mom, levels: groups.size, rule: `${at.rule}, partition into ${groups.size} level sets` };
}

/** The number of quadrature points in the most populated exact level set {g = c} (used to detect atoms of y). */
export function largestLevelSet(target: LatentTarget, order: number): { size: number; value: number } {
  const k = target.k;
  const at = gaussianAtoms(k, { switches: target.fn.switches, order });
  const counts = new Map<number, number>();
  const arg = new Float64Array(k);
  let best = { size: 0, value: NaN };
  for (let i = 0; i < at.size; i++) {
    for (let j = 0; j < k; j++) arg[j] = at.points[i * k + j]!;
    const y = target.fn.value(arg);
    const c = (counts.get(y) ?? 0) + 1;
    counts.set(y, c);
    if (c > best.size) best = { size: c, value: y };
  }
  return best;
}
