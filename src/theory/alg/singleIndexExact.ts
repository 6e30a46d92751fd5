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
import { UsageError } from '../../core/errors.js';

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
  /** Propagated conditioning error of the preimages: y = g(z) is known to rounding ε|y|, so a preimage z_P is known
   *  only to min(ε|y|/|g'|, √(2ε|y|/|g''|)) (near a turning point g' → 0 that is ~√ε); the induced error of the
   *  weights φ(z_P)/|g'(z_P)| bounds the error of E_y[F²] (E_y[M²]) by these amounts, added to the error estimate. */
  informationRootError: number;
  firstOrderRootError: number;
}

const GRADING = 24;
/** Relative uncertainty of a preimage weight above which it counts as undetermined (see `conditional`). */
const UNCERTAIN = 0.5;
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
  const d2g = (z: number) => {
    arg[0] = z;
    fn.jet(arg, 0, jet);
    return jet[2]!;
  };
  const switches = fn.switches.map((s) => (z: number) => {
    arg[0] = z;
    return s(arg);
  });
  // Where g overflows double precision (e.g. exp(exp(z)) for z > 6.6) y is one floating-point atom: those tails are
  // lumped like the saturated region below (a bracket), and the pieces cover the finite domain [lo, hi] only.
  const [lo, hi] = finiteDomain(g, cutoff);
  const { pieces, status } = monotonePieces(g, dg, switches, [lo, hi]);
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
  const conditional = (own: Piece, zOwn: number): { F: number; M: number; dF: number; dM: number } | null => {
    const y = g(zOwn);
    const ownSlope = Math.abs(dg(zOwn));
    if (!(ownSlope > 0 && Number.isFinite(ownSlope))) return null;
    let p0 = density(zOwn) / ownSlope;
    let p1 = p0 * zOwn;
    let p2 = p0 * (zOwn * zOwn - 1);
    const others: Array<{ z: number; w: number; rel: number }> = [];
    const eps = 4 * Number.EPSILON * (Math.abs(y) + Number.MIN_VALUE);
    for (const P of monotone) {
      if (P === own) continue;
      const z = preimage(g, P, y);
      if (z === null) continue;
      const slope = Math.abs(dg(z));
      if (!(slope > 0)) continue;
      const w = density(z) / slope;
      // Relative error of w from the preimage's uncertainty dz: |d log w/dz| = |z + g''/g'|.
      const curv = Math.abs(d2g(z));
      const dz = Math.min(eps / slope, curv > 0 ? Math.sqrt((2 * eps) / curv) : Infinity);
      const rel = Math.min(1, Math.abs(z + (Number.isFinite(curv) ? curv / slope : 0)) * dz);
      others.push({ z, w, rel });
      p0 += w;
      p1 += w * z;
      p2 += w * (z * z - 1);
    }
    if (!Number.isFinite(p0) || !Number.isFinite(p1) || !Number.isFinite(p2)) return null;
    if (!(p0 > 0)) return { F: 0, M: 0, dF: 0, dM: 0 };
    const F = p2 / p0;
    const M = p1 / p0;
    let dF = 0;
    let dM = 0;
    // Linearised error for well-determined weights (∂F/∂w_k = (z_k² − 1 − F)/p0). A weight known only to O(1)
    // (a preimage within √ε of a turning point, where g' ≈ 0) can be anything, so F can then lie anywhere between
    // the value from the well-determined weights alone and the z_k² − 1 of any uncertain preimage.
    let c0 = density(zOwn) / ownSlope;
    let c1 = c0 * zOwn;
    let c2 = c0 * (zOwn * zOwn - 1);
    let spreadF = 0;
    let spreadM = 0;
    for (const o of others) {
      if (o.rel < UNCERTAIN) {
        dF += (o.w * o.rel * Math.abs(o.z * o.z - 1 - F)) / p0;
        dM += (o.w * o.rel * Math.abs(o.z - M)) / p0;
        c0 += o.w;
        c1 += o.w * o.z;
        c2 += o.w * (o.z * o.z - 1);
      } else {
        spreadF = Math.max(spreadF, Math.abs(o.z * o.z - 1 - F));
        spreadM = Math.max(spreadM, Math.abs(o.z - M));
      }
    }
    if (spreadF > 0 || spreadM > 0) {
      dF = Math.max(dF, spreadF, Math.abs(c2 / c0 - F));
      dM = Math.max(dM, spreadM, Math.abs(c1 / c0 - M));
    }
    return { F, M, dF, dM };
  };
  let informationRootError = 0;
  let firstOrderRootError = 0;
  const saturated = new Map<number, { mass: number; s1: number; s2: number; q1: number; q2: number }>();
  /** Adds the atom (z, w) to the saturated label value y: its mass and the moments E[z], E[z² − 1], E[z²], E[(z² − 1)²]. */
  const addSaturated = (y: number, z: number, w: number): void => {
    const acc = saturated.get(y) ?? { mass: 0, s1: 0, s2: 0, q1: 0, q2: 0 };
    acc.mass += w;
    acc.s1 += w * z;
    acc.s2 += w * (z * z - 1);
    acc.q1 += w * z * z;
    acc.q2 += w * (z * z - 1) ** 2;
    saturated.set(y, acc);
  };
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
          addSaturated(y, z, w);
          continue;
        }
        information += w * (z * z - 1) * c.F;
        firstOrder += w * z * c.M;
        informationRootError += w * Math.abs(z * z - 1) * c.dF;
        firstOrderRootError += w * Math.abs(z) * c.dM;
      }
    }
  }
  // The overflowing tails (outside [lo, hi]) join the atom of their floating-point value.
  for (const [a, b] of [[-cutoff, lo], [hi, cutoff]] as const) {
    if (!(b > a)) continue;
    const y = g(a === -cutoff ? a : b);
    const m = Math.max(1, Math.ceil((b - a) / MAX_PANEL));
    for (let j = 0; j < m; j++) {
      const r = gaussLegendre(nodes, a + ((b - a) * j) / m, a + ((b - a) * (j + 1)) / m);
      for (let i = 0; i < nodes; i++) {
        const z = r.nodes[i]!;
        const w = r.weights[i]! * density(z);
        saturatedMass += w;
        addSaturated(y, z, w);
      }
    }
  }
  let informationGap = 0;
  let firstOrderGap = 0;
  for (const a of saturated.values()) {
    if (!(a.mass > 0)) continue;
    information += (a.s2 * a.s2) / a.mass;
    firstOrder += (a.s1 * a.s1) / a.mass;
    informationGap += a.q2 - (a.s2 * a.s2) / a.mass;
    firstOrderGap += a.q1 - (a.s1 * a.s1) / a.mass;
  }
  return { moments: { information, firstOrder, saturatedMass, informationGap, firstOrderGap, informationRootError, firstOrderRootError }, status };
}

/** The largest interval [lo, hi] ∋ (a grid point near 0) of [−L, L] on which g is finite, its ends refined by
 *  bisection; a UsageError if g is NaN somewhere in it or finite nowhere (the target must be a real function). */
function finiteDomain(g: (z: number) => number, L: number): [number, number] {
  const n = 4000;
  const t = (i: number) => -L + ((i + 0.5) * 2 * L) / n;
  let best: [number, number] = [0, -1];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && Number.isFinite(g(t(i)));
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      if (i - 1 - start > best[1] - best[0]) best = [start, i - 1];
      start = -1;
    }
  }
  if (best[1] < best[0]) throw new UsageError('--target', `y = g(z) is not finite at any point of [−${L}, ${L}] (e.g. g(0.0025) = ${g(t(n / 2))})`, 'z^2');
  const edge = (inside: number, outside: number): number => {
    let a = inside;
    let b = outside;
    for (let k = 0; k < 80 && Math.abs(b - a) > 1e-15 * Math.max(1, Math.abs(a)); k++) {
      const m = 0.5 * (a + b);
      if (Number.isFinite(g(m))) a = m;
      else b = m;
    }
    return a;
  };
  const lo = best[0] === 0 ? -L : edge(t(best[0]), t(best[0] - 1));
  const hi = best[1] === n - 1 ? L : edge(t(best[1]), t(best[1] + 1));
  return [lo, hi];
}
