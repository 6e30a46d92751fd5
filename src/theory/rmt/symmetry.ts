// Group averages for laws given on orbit representatives (docs/theory.md (2.12)). If a permutation group G of the
// blocks (with the induced permutation ρ of the spike coordinates) maps the law of (A, ζ) to itself and Λ is
// G-invariant, every quantity the §2 solvers accumulate is equivariant, F(π·x) = π·F(x), so
//   E[F] = (1/|G|) Σ_{π∈G} π·(Σ_orbits w_o |orbit| F(x_o))
// with x_o one representative per orbit. The functions here apply that average to what was summed over the
// representatives: an m×m matrix (M_{π(a)π(b)} ← M_ab), the pair Jacobian of fixedPoint.ts (pairs (a ≤ b) map to
// sorted (π(a), π(b))), and the spike matrices K and Q of (2.5)–(2.6) (index (r, a) ↦ (ρ(r), π(a))).
import type { Orbits } from './matrixLaw.js';

/** Index pairs (a ≤ b) of the symmetric m×m unknowns of the §2 fixed point. */
export function symPairs(m: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) out.push([a, b]);
  return out;
}

/** Group average of an m×m matrix. */
export function averageMatrix(M: Float64Array, m: number, g: Orbits): Float64Array {
  const out = new Float64Array(m * m);
  for (const P of g.blockPerms)
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) out[P[a]! * m + P[b]!] = out[P[a]! * m + P[b]!]! + M[a * m + b]!;
  const n = g.blockPerms.length;
  return out.map((x) => x / n);
}

/** Group average of the ns×ns block (leading dimension N) of a Jacobian over the symmetric pairs (in place). */
export function averagePairJacobian(J: Float64Array, m: number, N: number, g: Orbits): void {
  const pairs = symPairs(m);
  const ns = pairs.length;
  const index = new Map(pairs.map(([a, b], r) => [a * m + b, r]));
  const out = new Float64Array(ns * ns);
  for (const P of g.blockPerms) {
    const map = pairs.map(([a, b]) => index.get(Math.min(P[a]!, P[b]!) * m + Math.max(P[a]!, P[b]!))!);
    for (let r = 0; r < ns; r++) for (let s = 0; s < ns; s++) out[map[r]! * ns + map[s]!] = out[map[r]! * ns + map[s]!]! + J[r * N + s]!;
  }
  const n = g.blockPerms.length;
  for (let r = 0; r < ns; r++) for (let s = 0; s < ns; s++) J[r * N + s] = out[r * ns + s]! / n;
}

/** Group average of the spike matrix K over the selected coordinates (index (r, a) ↦ r·m + a). Needs the selection to
 *  be closed under ρ; returns null otherwise (the caller then uses the full law). */
export function averageSpikeMatrix(K: Float64Array, m: number, coords: readonly number[], g: Orbits): Float64Array | null {
  const q = coords.length;
  const n = q * m;
  const pos = new Map(coords.map((c, r) => [c, r]));
  const out = new Float64Array(n * n);
  for (let t = 0; t < g.blockPerms.length; t++) {
    const P = g.blockPerms[t]!;
    const R = g.coordPerms[t]!;
    const map = new Int32Array(n);
    for (let r = 0; r < q; r++) {
      const r2 = pos.get(R[coords[r]!]!);
      if (r2 === undefined) return null;
      for (let a = 0; a < m; a++) map[r * m + a] = r2 * m + P[a]!;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[map[i]! * n + map[j]!] = out[map[i]! * n + map[j]!]! + K[i * n + j]!;
  }
  return out.map((x) => x / g.blockPerms.length);
}
