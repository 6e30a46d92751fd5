// Noise-resolved Gaussian atoms for k = 2, 3 (docs/theory.md (3.7), noisy multi-index δ_alg; split at kinks, docs/theory.md (10.4)).
// E_z[h(z)], z ~ N(0, I_k), in polar/spherical coordinates z = r·u:
//   E_z[h] = ∫_{S^{k−1}} ∫_0^∞ h(ru) ρ_k(r) dr dσ(u),  ρ_2(r) = r e^{−r²/2},  ρ_3(r) = √(2/π) r² e^{−r²/2},
// σ(u) the uniform probability on the sphere.
// Radial rule on each ray: r ∈ [0, R], panels split at the kinks of g along the ray, then halved until g varies by
// ≤ v·σ_noise over the panel (so that the kernel φ_σ(y − g(ru)) is resolved for every y; as for k = 1 in
// noisyMoments.ts) and the width is ≤ 1/2; panels of ρ_k-mass < MASS_FLOOR are not refined further.
// Gauss–Legendre(n) per panel.
// Angular rule: after the radial integral the integrand is smooth in u, with features of width ∝ σ/S
// (S = angularScale) that are sharpest next to the level cones {u : g(ru) ≡ g(0)} (g stays within σ of g(0) out to
// large r there), and kinks on kink cones (angularBreaks.ts). Breaks are put at both:
//   k = 2: θ ∈ [θ0 − π, θ0 + π); no breaks → trapezoid (spectrally accurate for smooth periodic integrands),
//          else composite Gauss–Legendre on P panels plus the breaks (also where the number of kink crossings on
//          the ray changes); weight dθ/(2π);
//   k = 3: u = (sin θ cos φ, sin θ sin φ, cos θ): composite Gauss–Legendre in θ ∈ [0, π] (uniform angular
//          resolution, also near the poles) split at θ-breaks (cones at fixed θ; turning points of the cone curves
//          in the (θ, φ) chart), × the k = 2 rule in φ with ∝ sin θ points on each circle, split at the cones
//          crossing that circle; weight sin θ dθ/2 · dφ/(2π). Not handled for k = 3: non-conical kink surfaces
//          tangent to rays (the k = 2 crossing-count breaks) — they slow convergence, which the caller's
//          two-resolution estimate reports.
import { gaussHermite } from '../../numerics/quadrature/gaussHermite.js';
import { gaussLegendre } from '../../numerics/quadrature/gaussLegendre.js';
import { coneZeros, countChanges, crossingChanges, rayBreaks, type DirectionCurve } from './angularBreaks.js';
import { QuadratureBudgetExceeded } from './kernelSums.js';
import type { LatentTarget } from './target.js';

export interface RayAtomResolution {
  /** Gauss–Legendre nodes per radial panel. */
  radialNodes: number;
  /** Maximum variation of g over a radial panel, in units of the noise σ. */
  variation: number;
  /** Directions per full turn (k = 2; the equator for k = 3, with half as many nodes in θ ∈ [0, π]):
   *  N = perScale · S/σ clamped to [min, max], S = angularScale(g); rounded up to whole panels of `nodes`
   *  Gauss–Legendre nodes (trapezoid with N points when there are no breaks). */
  angles: { perScale: number; min: number; max: number; nodes: number };
}

const R_MAX = 10;
const MAX_WIDTH = 0.5;
const MASS_FLOOR = 1e-15;
const MAX_DEPTH = 30;
/** Budgets (σ too small for g): radial panels per ray and atoms per call (~1 min of work). */
const MAX_PANELS_PER_RAY = 2 ** 17;
const MAX_ATOMS = 1e8;
/** Generic angular offset (keeps nodes off the coordinate axes and diagonals). */
const THETA0 = 0.1234;

/** S = √E[|z|²|∇g|² − (z·∇g)²] (k = 2: √E[(∂_θ g)²]): the rate at which g changes along a circle (sphere) through z; the
 *  angular width of the features of the kernel φ_σ(y − g(ru)) after the radial integral is ∝ σ/S (docs/theory.md §3).
 *  Tensor Gauss–Hermite(24) expectation with exact (AD) gradients; non-finite points are skipped. */
export function angularScale(target: LatentTarget): number {
  const k = target.k;
  const gh = gaussHermite(24);
  const n = gh.nodes.length;
  const z = new Float64Array(k);
  const jet = new Float64Array(4);
  let s = 0;
  let mass = 0;
  for (let idx = 0; idx < n ** k; idx++) {
    let rem = idx;
    let w = 1;
    for (let j = 0; j < k; j++) {
      const i = rem % n;
      rem = (rem - i) / n;
      z[j] = gh.nodes[i]!;
      w *= gh.weights[i]!;
    }
    let zz = 0;
    let gg = 0;
    let zg = 0;
    for (let j = 0; j < k; j++) {
      target.fn.jet(z, j, jet);
      zz += z[j]! * z[j]!;
      gg += jet[1]! * jet[1]!;
      zg += z[j]! * jet[1]!;
    }
    const t = zz * gg - zg * zg;
    if (!Number.isFinite(t)) continue;
    s += w * Math.max(0, t);
    mass += w;
  }
  return mass > 0 ? Math.sqrt(s / mass) : 0;
}

/** Directions per full turn for noise σ (see RayAtomResolution.angles), a whole number of panels. */
function angleCount(res: RayAtomResolution, scale: number, sigma: number): number {
  const a = res.angles;
  const want = Math.min(a.max, Math.max(a.min, (a.perScale * scale) / sigma));
  return a.nodes * Math.ceil(want / a.nodes);
}

/** Normalised radial density of |z|, z ~ N(0, I_k): ρ_2 = r e^{−r²/2}, ρ_3 = √(2/π) r² e^{−r²/2}. */
function radialDensity(k: number): (r: number) => number {
  return k === 2 ? (r) => r * Math.exp(-0.5 * r * r) : (r) => Math.sqrt(2 / Math.PI) * r * r * Math.exp(-0.5 * r * r);
}

/** Radial panel edges on [0, R] for g along one ray: kinks, then halving until |Δg| ≤ maxVar and width ≤ 1/2
 *  (checked at five points of the panel), unless the panel's ρ-mass bound (width · max ρ) is < MASS_FLOOR. */
function radialEdges(g: (r: number) => number, breaks: readonly number[], maxVar: number, rho: (r: number) => number, mode: number): number[] {
  const cuts = [0, ...breaks, R_MAX];
  const edges: number[] = [0];
  const split = (a: number, b: number, depth: number): void => {
    const w = b - a;
    const peak = rho(Math.min(Math.max(mode, a), b));
    let ok = w * peak < MASS_FLOOR || depth >= MAX_DEPTH;
    if (!ok && w <= MAX_WIDTH) {
      const e = 1e-12 * w;
      let lo = Infinity;
      let hi = -Infinity;
      let finite = true;
      for (const x of [a + e, a + 0.25 * w, a + 0.5 * w, a + 0.75 * w, b - e]) {
        const v = g(x);
        finite &&= Number.isFinite(v);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      // Non-finite g: no refinement (the caller rejects non-finite atoms of non-negligible weight).
      ok = !finite || hi - lo <= maxVar;
    }
    if (ok) {
      edges.push(b);
      if (edges.length > MAX_PANELS_PER_RAY)
        throw new QuadratureBudgetExceeded(`more than ${MAX_PANELS_PER_RAY} radial panels on one ray (|Δg| ≤ ${maxVar.toPrecision(3)} per panel): g varies too fast for this noise level`);
    } else {
      split(a, a + 0.5 * w, depth + 1);
      split(a + 0.5 * w, b, depth + 1);
    }
  };
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) split(cuts[i]!, cuts[i + 1]!, 0);
  return edges;
}

/** A 1-D angular rule on [lo, lo + period) (or [lo, hi] when not periodic), weights summing to 1. */
function angularRule(breaks: readonly number[], lo: number, hi: number, res: { panels: number; nodes: number }, periodic: boolean): { nodes: number[]; weights: number[] } {
  const nodes: number[] = [];
  const weights: number[] = [];
  const L = hi - lo;
  if (periodic && breaks.length === 0) {
    const n = res.panels * res.nodes;
    for (let j = 0; j < n; j++) {
      nodes.push(lo + (L * j) / n);
      weights.push(1 / n);
    }
    return { nodes, weights };
  }
  const edges = [...new Set([...Array.from({ length: res.panels + 1 }, (_, i) => lo + (L * i) / res.panels), ...breaks])].sort((p, q) => p - q);
  for (let i = 0; i + 1 < edges.length; i++) {
    if (!(edges[i + 1]! - edges[i]! > 1e-13 * L)) continue;
    const gl = gaussLegendre(res.nodes, edges[i]!, edges[i + 1]!);
    for (let q = 0; q < res.nodes; q++) {
      nodes.push(gl.nodes[q]!);
      weights.push(gl.weights[q]! / L);
    }
  }
  return { nodes, weights };
}

/** Unit directions with weights (summing to 1) for k = 2 or 3, split at the angular breaks; `count` directions per
 *  full turn (k = 3: on the equator; count·sin θ, in whole panels, on the circle of polar angle θ; count/2 nodes
 *  in θ ∈ [0, π]). */
function directions(target: LatentTarget, count: number, nodes: number): { u: Float64Array; w: Float64Array; count: number; breaks: number } {
  const k = target.k;
  const sw = target.fn.switches;
  // Cone breaks also at the level cones of g through the origin (rays on which g ≡ g(0), e.g. the coordinate planes
  // for z1·z2·z3): near them g stays within σ of g(0) out to large r, and the angular integrand has features of
  // width ~σ/r^deg there.
  const g0 = target.fn.value(new Float64Array(k));
  const cones = Number.isFinite(g0) ? [...sw, (z: ArrayLike<number>) => target.fn.value(z) - g0] : sw;
  const us: number[] = [];
  const ws: number[] = [];
  let nBreaks = 0;
  const phLo = THETA0 - Math.PI;
  const phHi = THETA0 + Math.PI;
  if (k === 2) {
    const circle: DirectionCurve = (th, out) => {
      out[0] = Math.cos(th);
      out[1] = Math.sin(th);
    };
    const br = [...coneZeros(cones, circle, 2, phLo, phHi), ...crossingChanges(sw, circle, 2, phLo, phHi, R_MAX)].sort((p, q) => p - q);
    nBreaks = br.length;
    const rule = angularRule(br, phLo, phHi, { panels: count / nodes, nodes }, true);
    rule.nodes.forEach((th, i) => {
      us.push(Math.cos(th), Math.sin(th));
      ws.push(rule.weights[i]!);
    });
  } else {
    // u = (sin θ cos φ, sin θ sin φ, cos θ), dσ(u) = sin θ dθ dφ/(4π). θ-breaks: kink cones at fixed θ (common
    // zeros along two meridians) and turning points of the cone curves in the (θ, φ) chart (the number of
    // φ-breaks on the circle θ changes). φ-breaks: cone zeros on each circle.
    const sphere = (th: number, ph: number, out: Float64Array) => {
      const s = Math.sin(th);
      out[0] = s * Math.cos(ph);
      out[1] = s * Math.sin(ph);
      out[2] = Math.cos(th);
    };
    const meridian = (ph: number): DirectionCurve => (th, out) => sphere(th, ph, out);
    const circleAt = (th: number): DirectionCurve => (ph, out) => sphere(th, ph, out);
    const phBreaks = (th: number) => coneZeros(cones, circleAt(th), 3, phLo, phHi);
    const thBreaks: number[] = [];
    if (cones.length > 0) {
      const m1 = coneZeros(cones, meridian(0.7071), 3, 0, Math.PI);
      const m2 = coneZeros(cones, meridian(-2.3456), 3, 0, Math.PI);
      for (const th of m1) if (m2.some((x) => Math.abs(x - th) <= 1e-9)) thBreaks.push(th);
      thBreaks.push(...countChanges((th) => phBreaks(th).length, 1e-9, Math.PI - 1e-9));
    }
    thBreaks.sort((p, q) => p - q);
    const thRule = angularRule(thBreaks, 0, Math.PI, { panels: Math.max(1, Math.round(count / nodes / 2)), nodes }, false);
    nBreaks = thBreaks.length;
    thRule.nodes.forEach((th, i) => {
      const br = cones.length > 0 ? phBreaks(th) : [];
      nBreaks += br.length;
      const ring = Math.max(1, Math.ceil((count * Math.sin(th)) / nodes));
      const phRule = angularRule(br, phLo, phHi, { panels: ring, nodes }, true);
      // θ-weight π·w_θ·sin θ/2 (angularRule's weights sum to 1 over [0, π]; ∫_0^π sin θ dθ/2 = 1).
      const wTh = (thRule.weights[i]! * Math.PI * Math.sin(th)) / 2;
      const u = new Float64Array(3);
      phRule.nodes.forEach((ph, j) => {
        sphere(th, ph, u);
        us.push(u[0]!, u[1]!, u[2]!);
        ws.push(wTh * phRule.weights[j]!);
      });
    });
  }
  return { u: Float64Array.from(us), w: Float64Array.from(ws), count: ws.length, breaks: nBreaks };
}

/** Streams the atoms (z = r u, weight; weights sum to ≈ 1) of E_z[h(z)], z ~ N(0, I_k), k = 2, 3, that resolve the
 *  noise kernel φ_σ(y − g(z)) (see the header) into visit (z is reused between calls). Returns the rule's name. */
export function forEachRayAtom(target: LatentTarget, sigma: number, res: RayAtomResolution, visit: (z: Float64Array, w: number) => void): string {
  const k = target.k;
  if (k !== 2 && k !== 3) throw new RangeError(`forEachRayAtom: k must be 2 or 3, got ${k}`);
  if (!(sigma > 0)) throw new RangeError(`forEachRayAtom: σ must be positive, got ${sigma}`);
  const rho = radialDensity(k);
  const mode = Math.sqrt(k - 1);
  const scale = angularScale(target);
  const count = angleCount(res, scale, sigma);
  const dirs = directions(target, count, res.angles.nodes);
  const gl = gaussLegendre(res.radialNodes, -1, 1);
  const arg = new Float64Array(k);
  const u = new Float64Array(k);
  const z = new Float64Array(k);
  const g = (r: number) => {
    for (let j = 0; j < k; j++) arg[j] = r * u[j]!;
    return target.fn.value(arg);
  };
  let panels = 0;
  let atoms = 0;
  for (let d = 0; d < dirs.count; d++) {
    for (let j = 0; j < k; j++) u[j] = dirs.u[d * k + j]!;
    const edges = radialEdges(g, rayBreaks(target.fn.switches, u, R_MAX), res.variation * sigma, rho, mode);
    panels += edges.length - 1;
    atoms += (edges.length - 1) * res.radialNodes;
    if (atoms > MAX_ATOMS)
      throw new QuadratureBudgetExceeded(`the noise-resolved rays need more than ${MAX_ATOMS.toExponential(0)} atoms (${dirs.count} directions) for σ = ${sigma}`);
    const wd = dirs.w[d]!;
    for (let e = 0; e + 1 < edges.length; e++) {
      const a = edges[e]!;
      const h = 0.5 * (edges[e + 1]! - a);
      for (let q = 0; q < res.radialNodes; q++) {
        const r = a + h * (1 + gl.nodes[q]!);
        const w = wd * h * gl.weights[q]! * rho(r);
        if (!(w > 0)) continue;
        for (let j = 0; j < k; j++) z[j] = r * u[j]!;
        visit(z, w);
      }
    }
  }
  const nodes = res.angles.nodes;
  const turn = dirs.breaks > 0 ? `Gauss–Legendre(${nodes}) on ${count / nodes} panels + breaks` : `trapezoid(${count})`;
  const angular =
    k === 2
      ? `${dirs.count} directions (${turn}; S = ${scale.toPrecision(3)}, ${dirs.breaks} break(s))`
      : `${dirs.count} directions (Gauss–Legendre(${nodes}) in θ × azimuth rules of ≤ ${count} points; S = ${scale.toPrecision(3)}, ${dirs.breaks} break(s))`;
  return `polar rays: ${angular} × radial Gauss–Legendre(${res.radialNodes}) on ${panels} panels (r ≤ ${R_MAX}, split at kinks, |Δg| ≤ ${res.variation}σ)`;
}
