// δ_alg moments for a noiseless continuous multi-index target y = g(z), z ~ N(0, I_k), k = 2, 3 (docs/theory.md (3.8)), by the
// co-area formula along rays z = r u (r > 0, u on the unit sphere): the conditional density of z on {g = y} is
//   p(y) E[h | y] = ∫_{S^{k−1}} Σ_{r: g(ru) = y} h(ru) φ_k(ru) r^{k−1} / |∂_r g(ru)| du,
// (δ(g(ru) − y) dr = Σ δ(r − r_i)/|∂_r g|), exact for every y off the critical values. Roots on each ray: scan of
// r ∈ (0, R] on a quadratic grid + Brent. Angular integral: k = 2 globally adaptive Gauss–Legendre in θ with a
// relative tolerance (globalAdaptive.ts; resolves the features of width ~|y − g(0)| near the level cones of g, where
// the root runs to infinity: O(log 1/|y − g(0)|) panels); k = 3 a fixed product rule (Gauss–Legendre in
// cos θ × trapezoid in azimuth). The y-integral ∫ p(y) H(m(y), G(y)) dy: composite Gauss–Legendre on panels graded
// geometrically towards g(0) (the only critical value of a homogeneous g: log singularity of p for y = z1 z2)
// and of width (range)/24 elsewhere. Rays that are not monotone or targets with further critical values converge
// more slowly: the two-resolution error estimate of the caller reports it.
import { brent } from '../../numerics/roots/brent.js';
import { gaussLegendre } from '../../numerics/quadrature/gaussLegendre.js';
import { accumulate, emptyMoments, type Moments } from './moments.js';
import { globalAdaptive } from './globalAdaptive.js';
import type { LatentTarget } from './target.js';

const R_MAX = 9;
const R_GRID = 48;
const GRADING = 24;
const UNIFORM_PANELS = 24;
/** Angular panels per y-node before the angular integral is declared unresolved. */
const MAX_ANGULAR_PANELS = 4000;
/** Absolute angular tolerance relative to angularTol: the conditional sums are O(1) where y carries Gaussian mass;
 *  it only stops refinement at y-nodes of negligible density (e.g. y next to max g on |z| ≤ R, where the root sits at
 *  r = R and the root count flips with rounding). Its effect is in the propagated angular error. */
const ABS_TOL_FACTOR = 1e-6;

export interface RayResolution {
  /** Gauss–Legendre nodes per y-panel. */
  yNodes: number;
  /** k = 2: relative tolerance of the globally adaptive angular integral (globalAdaptive.ts) at each y-node. */
  angularTol: number;
  /** k = 3: product-rule size n (n × 2n directions). */
  sphereNodes: number;
}

export function rayMoments(target: LatentTarget, res: RayResolution): { moments: Moments; rule: string; unresolved: number; angularError: number } {
  const k = target.k;
  if (k !== 2 && k !== 3) throw new RangeError(`rayMoments: k must be 2 or 3, got ${k}`);
  const fn = target.fn;
  const arg = new Float64Array(k);
  const jet = new Float64Array(4);
  const rGrid = Float64Array.from({ length: R_GRID + 1 }, (_, i) => R_MAX * (i / R_GRID) ** 2);
  const norm = (2 * Math.PI) ** (-k / 2);
  const dim = 1 + k + k * k;
  const gRay = (u: Float64Array, r: number) => {
    for (let j = 0; j < k; j++) arg[j] = r * u[j]!;
    return fn.value(arg);
  };
  /** Adds Σ over the roots on the ray u of (1, z, zzᵀ − I)·φ_k r^{k−1}/|∂_r g| times `weight` into out. */
  const rayContribution = (u: Float64Array, y: number, weight: number, out: Float64Array, table?: Float64Array) => {
    let prev = (table ? table[0]! : gRay(u, 0)) - y;
    for (let i = 1; i <= R_GRID; i++) {
      const cur = (table ? table[i]! : gRay(u, rGrid[i]!)) - y;
      if ((prev < 0 && cur >= 0) || (prev > 0 && cur <= 0)) {
        const rr = brent((r) => gRay(u, r) - y, rGrid[i - 1]!, rGrid[i]!, { xtol: 1e-14 });
        const r = rr.x;
        let dr = 0;
        for (let j = 0; j < k; j++) arg[j] = r * u[j]!;
        for (let j = 0; j < k; j++) {
          fn.jet(arg, j, jet);
          dr += u[j]! * jet[1]!;
        }
        if (r > 0 && Math.abs(dr) > 0) {
          const w = (weight * norm * Math.exp(-0.5 * r * r) * r ** (k - 1)) / Math.abs(dr);
          out[0] += w;
          for (let a = 0; a < k; a++) {
            const za = r * u[a]!;
            out[1 + a] += w * za;
            for (let b = 0; b < k; b++) out[1 + k + a * k + b] += w * (za * r * u[b]! - (a === b ? 1 : 0));
          }
        }
      }
      prev = cur;
    }
  };
  // Directions for k = 3 (fixed) and their ray tables; for k = 2 a sampling of θ to find the y-range.
  const dirs: { u: Float64Array; w: number; table: Float64Array }[] = [];
  if (k === 3) {
    const nt = res.sphereNodes;
    const np = 2 * nt;
    const gl = gaussLegendre(nt, -1, 1);
    for (let i = 0; i < nt; i++) {
      const t = gl.nodes[i]!;
      const s = Math.sqrt(1 - t * t);
      for (let j = 0; j < np; j++) {
        const ph = (2 * Math.PI * (j + 0.5)) / np;
        const u = Float64Array.of(s * Math.cos(ph), s * Math.sin(ph), t);
        dirs.push({ u, w: (gl.weights[i]! * 2 * Math.PI) / np, table: Float64Array.from(rGrid, (r) => gRay(u, r)) });
      }
    }
  } else {
    for (let j = 0; j < 512; j++) {
      const th = (2 * Math.PI * j) / 512;
      const u = Float64Array.of(Math.cos(th), Math.sin(th));
      dirs.push({ u, w: 0, table: Float64Array.from(rGrid, (r) => gRay(u, r)) });
    }
  }
  let ylo = Infinity;
  let yhi = -Infinity;
  for (const d of dirs) for (const v of d.table) if (Number.isFinite(v)) ((ylo = Math.min(ylo, v)), (yhi = Math.max(yhi, v)));
  arg.fill(0);
  const s = fn.value(arg);
  const width = Math.max(yhi - s, s - ylo) / UNIFORM_PANELS;
  const edges = new Set<number>([ylo, yhi, s]);
  for (let j = 0; j <= GRADING; j++) {
    const h = width * 2 ** -j;
    if (s - h > ylo) edges.add(s - h);
    if (s + h < yhi) edges.add(s + h);
  }
  for (let x = s + width; x < yhi; x += width) edges.add(x);
  for (let x = s - width; x > ylo; x -= width) edges.add(x);
  const sorted = [...edges].sort((a, b) => a - b);
  const mom = emptyMoments(k);
  const vec = new Float64Array(dim);
  const u2 = new Float64Array(2);
  let unresolved = 0; // y-nodes whose angular integral missed its tolerance within MAX_ANGULAR_PANELS
  // Propagated angular error (k = 2): a relative error ε of (p̃, Ñ) at a y-node changes its term c·Ñ⊗Ñ/p̃ of the
  // second moments by ≤ 3ε·c‖Ñ‖²_F/p̃ in Frobenius norm, which bounds the change of the top eigenvalue (Weyl).
  let angularError = 0;
  for (let e = 0; e + 1 < sorted.length; e++) {
    const rule = gaussLegendre(res.yNodes, sorted[e]!, sorted[e + 1]!);
    for (let q = 0; q < res.yNodes; q++) {
      const y = rule.nodes[q]!;
      if (k === 2) {
        const r = globalAdaptive(
          (th, out) => {
            out.fill(0);
            u2[0] = Math.cos(th);
            u2[1] = Math.sin(th);
            rayContribution(u2, y, 1, out);
          },
          dim,
          0,
          2 * Math.PI,
          { relTol: res.angularTol, absTol: ABS_TOL_FACTOR * res.angularTol, nodes: 8, initialPanels: 16, maxPanels: MAX_ANGULAR_PANELS },
        );
        if (!r.converged) unresolved++;
        vec.set(r.value);
        let size = 0;
        let nn = 0;
        for (let d = 0; d < dim; d++) size = Math.max(size, Math.abs(vec[d]!));
        for (let d = 1 + k; d < dim; d++) nn += vec[d]! ** 2;
        if (vec[0]! > 0) angularError += (3 * (r.error / size) * rule.weights[q]! * nn) / vec[0]!;
      } else {
        vec.fill(0);
        for (const d of dirs) rayContribution(d.u, y, d.w, vec, d.table);
      }
      accumulate(mom, rule.weights[q]!, vec[0]!, vec.subarray(1, 1 + k), vec.subarray(1 + k));
    }
  }
  const angular = k === 2 ? `globally adaptive Gauss–Legendre(8) in θ (relative tol ${res.angularTol}${unresolved > 0 ? `; not reached at ${unresolved} y-node(s), propagated error ${angularError.toExponential(1)} included in the estimate` : ''})` : `${res.sphereNodes}×${2 * res.sphereNodes} product rule on S²`;
  return {
    moments: mom,
    unresolved,
    angularError,
    rule: `co-area along rays (r ≤ ${R_MAX}, ${R_GRID}-point scan + Brent), ${angular}; y: Gauss–Legendre(${res.yNodes}) on ${sorted.length - 1} panels graded towards g(0)`,
  };
}
