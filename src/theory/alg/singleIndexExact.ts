// Noiseless single-index δ_alg (docs/theory.md (3.6)): y = g(z), z ~ N(0,1),
//   1/δ_alg = E_y[F(y)²],  F(y) = E[z² − 1 | y],   and the first-order test E_y[M(y)²], M(y) = E[z | y].
// Exact conditional law: on each monotone piece P of g the preimage z_P(y) has density φ(z_P)/|g'(z_P)|, so for
// y in the continuous part E[h | y] = Σ_P h(z_P) φ(z_P)/|g'(z_P)| / Σ_P φ(z_P)/|g'(z_P)|; a constant piece is an
// atom of y with E[h | y = c] = Σ_{P: g=c} ∫_P hφ / Σ_{P: g=c} ∫_P φ, in closed form
// (∫_a^b φ = Φ(b) − Φ(a), ∫_a^b zφ = φ(a) − φ(b), ∫_a^b (z² − 1)φ = aφ(a) − bφ(b)); discrete targets are all atoms.
// Outer expectation by the tower rule E_y[F(y)²] = E_z[(z² − 1) F(g(z))] (and E_z[z M(g(z))]): composite
// Gauss–Legendre on each monotone piece, split at the preimages of every piece's end values (where the number of
// branches changes and F has square-root singularities) and graded geometrically towards those splits.
// Where g' underflows (y constant in floating point) the nodes are grouped into floating-point atoms of y, which
// brackets the exact value (see SecondMoments).
import { gaussLegendre } from '../../numerics/quadrature/gaussLegendre.js';
import { normalCdf } from '../../numerics/special/normal.js';
import type { SolverStatus } from '../../core/status.js';
import { monotonePieces, preimage, type Piece } from './monotonePieces.js';
import type { LatentTarget } from './target.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const density = (z: number) => (Number.isFinite(z) ? INV_SQRT_2PI * Math.exp(-0.5 * z * z) : 0);
const zDensity = (z: number) => (Number.isFinite(z) ? z * density(z) : 0);

/** E_y[F²] (information) and E_y[M²] (first-order part). */
export interface SecondMoments {
  information: number;
  firstOrder: number;
  /** Mass of z where g' underflows to 0 (y constant to machine precision, e.g. tanh(z²) for |z| > 4.3). */
  saturatedMass: number;
  /** Brackets for the saturated region: such z are grouped by their floating-point y into atoms, which can only
   *  lose information, so the exact values lie in [information, information + informationGap] (same for
   *  firstOrder); the gaps are Σ_atoms (E[h² 1_atom] − E[h 1_atom]²/P(atom)). */
  informationGap: number;
  firstOrderGap: number;
}

const GRADING = 24;
const MAX_PANEL = 0.5;

function gradedPanels(splits: number[]): number[] {
  const edges: number[] = [];
  for (let i = 0; i + 1 < splits.length; i++) {
    const a = splits[i]!;
    const b = splits[i + 1]!;
    const m = 0.5 * (a + b);
    const h = m - a;
    const left: number[] = [a];
    for (let j = GRADING; j >= 1; j--) left.push(a + h * 2 ** -j);
    left.push(m);
    const right: number[] = [];
    for (let j = 1; j <= GRADING; j++) right.push(b - h * 2 ** -j);
    right.reverse();
    right.push(b);
    for (const x of [...left, ...right]) if (edges.length === 0 || x > edges[edges.length - 1]!) edges.push(x);
  }
  const out: number[] = [edges[0]!];
  for (let i = 0; i + 1 < edges.length; i++) {
    const u = edges[i]!;
    const v = edges[i + 1]!;
    const m = Math.max(1, Math.ceil((v - u) / MAX_PANEL));
    for (let j = 1; j <= m; j++) out.push(u + ((v - u) * j) / m);
  }
  return out;
}

/** E_y[(E[z²−1|y])²] and E_y[(E[z|y])²] for noiseless y = g(z), with `nodes` Gauss–Legendre nodes per panel. */
export function singleIndexMoments(target: LatentTarget, nodes: number, cutoff = 10): { moments: SecondMoments; status: SolverStatus } {
  const fn = target.fn;
  const arg = new Float64Array(1);
  const jet = new Float64Array(4);
  const g = (z: number) => {
    arg[0] = z;
    return fn.value(arg);
  };
  const dg = (z: number) => {
    arg[0] = z;
    fn.jet(arg, 0, jet);
    return jet[1]!;
  };
  const switches = fn.switches.map((s) => (z: number) => {
    arg[0] = z;
    return s(arg);
  });
  const { pieces, status } = monotonePieces(g, dg, switches, cutoff);
  const monotone = pieces.filter((p) => p.kind !== 'constant');
  // Atoms of y: constant pieces grouped by value; the outermost pieces extend to ±∞.
  let information = 0;
  let firstOrder = 0;
  const atoms = new Map<number, { mass: number; s1: number; s2: number }>();
  pieces.forEach((p, i) => {
    if (p.kind !== 'constant') return;
    const a = i === 0 ? -Infinity : p.a;
    const b = i === pieces.length - 1 ? Infinity : p.b;
    const key = [...atoms.keys()].find((c) => Math.abs(c - p.ga) <= 1e-12 * (1 + Math.abs(c))) ?? p.ga;
    const acc = atoms.get(key) ?? { mass: 0, s1: 0, s2: 0 };
    acc.mass += normalCdf(b) - normalCdf(a);
    acc.s1 += density(a) - density(b);
    acc.s2 += zDensity(a) - zDensity(b);
    atoms.set(key, acc);
  });
  for (const { mass, s1, s2 } of atoms.values()) {
    if (mass > 0) {
      information += (s2 * s2) / mass;
      firstOrder += (s1 * s1) / mass;
    }
  }
  // Continuous part: E[h | y] from all preimages (the node z itself on its own piece `own`).
  let saturatedMass = 0;
  const conditional = (own: Piece, zOwn: number): { F: number; M: number } | null => {
    const y = g(zOwn);
    const ownSlope = Math.abs(dg(zOwn));
    if (!(ownSlope > 0 && Number.isFinite(ownSlope))) return null;
    let p0 = density(zOwn) / ownSlope;
    let p1 = p0 * zOwn;
    let p2 = p0 * (zOwn * zOwn - 1);
    for (const P of monotone) {
      if (P === own) continue;
      const z = preimage(g, P, y);
      if (z === null) continue;
      const slope = Math.abs(dg(z));
      if (!(slope > 0)) continue;
      const w = density(z) / slope;
      p0 += w;
      p1 += w * z;
      p2 += w * (z * z - 1);
    }
    return p0 > 0 ? { F: p2 / p0, M: p1 / p0 } : { F: 0, M: 0 };
  };
  const saturated = new Map<number, { mass: number; s1: number; s2: number; q1: number; q2: number }>();
  const levels = pieces.flatMap((p) => [p.ga, p.gb]);
  for (const P of monotone) {
    const splits = [P.a, P.b];
    for (const y of levels) {
      const z = preimage(g, P, y);
      if (z !== null && z > P.a && z < P.b) splits.push(z);
    }
    splits.sort((u, v) => u - v);
    const uniq = splits.filter((x, i) => i === 0 || x - splits[i - 1]! > 1e-13 * (1 + Math.abs(x)));
    const edges = gradedPanels(uniq);
    for (let j = 0; j + 1 < edges.length; j++) {
      const r = gaussLegendre(nodes, edges[j]!, edges[j + 1]!);
      for (let i = 0; i < nodes; i++) {
        const z = r.nodes[i]!;
        const w = r.weights[i]! * density(z);
        if (w === 0) continue;
        const c = conditional(P, z);
        if (c === null) {
          saturatedMass += w;
          const y = g(z);
          const acc = saturated.get(y) ?? { mass: 0, s1: 0, s2: 0, q1: 0, q2: 0 };
          acc.mass += w;
          acc.s1 += w * z;
          acc.s2 += w * (z * z - 1);
          acc.q1 += w * z * z;
          acc.q2 += w * (z * z - 1) ** 2;
          saturated.set(y, acc);
          continue;
        }
        information += w * (z * z - 1) * c.F;
        firstOrder += w * z * c.M;
      }
    }
  }
  let informationGap = 0;
  let firstOrderGap = 0;
  for (const a of saturated.values()) {
    information += (a.s2 * a.s2) / a.mass;
    firstOrder += (a.s1 * a.s1) / a.mass;
    informationGap += a.q2 - (a.s2 * a.s2) / a.mass;
    firstOrderGap += a.q1 - (a.s1 * a.s1) / a.mass;
  }
  return { moments: { information, firstOrder, saturatedMass, informationGap, firstOrderGap }, status };
}
