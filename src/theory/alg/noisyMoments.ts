// δ_alg moments for a noisy target y = g(z) + σξ, ξ ~ N(0,1) (docs/theory.md (3.7)), any k ≤ 3, in y-space:
//   E_y[H(m(y), G(y))] = ∫ p(y) H dy,  p(y) = E_z[φ_σ(y − g(z))],  p·m = E_z[z φ_σ(y − g(z))],
//   p·G = E_z[(zzᵀ − I) φ_σ(y − g(z))].
// E_z over atoms that resolve the kernel φ_σ(y − g(z)) and split at the kinks of g (k = 1: panels on which g varies
// by ≤ σ/2; k = 2, 3: the same along polar/spherical rays, rayAtoms.ts); the y-integral by the trapezoid rule on
// a grid of step σ/m covering [min g − 9σ, max g + 9σ] (g over atoms of weight > 1e−25; kernelSums.ts): p·m, p·G
// are Gaussian convolutions, hence analytic on the scale σ. The kernel is truncated at |y − g(z)| > 9σ (relative
// weight e^{−40.5}); every grid node within 9σ of an atom gets p ≥ 1e−25·e^{−40.5}/(σ√2π) > 0, nodes farther from
// all atoms get p = 0 and are skipped by accumulate (no 0/0).
import { gaussLegendre } from '../../numerics/quadrature/gaussLegendre.js';
import { findBreaks } from '../../numerics/quadrature/breaks.js';
import { accumulate, emptyMoments, type Moments } from './moments.js';
import { forEachRayAtom, type RayAtomResolution } from './rayAtoms.js';
import { directKernelSums, hermiteKernelGrid, QuadratureBudgetExceeded, type KernelSumInfo } from './kernelSums.js';
import { UsageError } from '../../core/errors.js';
import type { LatentTarget } from './target.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** k = 1 atoms resolving the kernel φ_σ(y − g(z)) in z: panels split at the kinks of g and halved until g varies
 *  by ≤ σ/2 and the width is ≤ 1/2 on each, Gauss–Legendre(n) on the Gaussian density over [−10, 10]. */
function noiseResolvedAtoms(target: LatentTarget, sigma: number, n: number): { points: Float64Array; weights: Float64Array; size: number; rule: string } {
  const arg = new Float64Array(1);
  const g = (z: number) => {
    arg[0] = z;
    return target.fn.value(arg);
  };
  const sw = target.fn.switches.map((s) => (z: number) => {
    arg[0] = z;
    return s(arg);
  });
  const cuts = [-10, ...findBreaks(sw, { cutoff: 10 }).filter((x) => x > -10 && x < 10), 10];
  const edges: number[] = [cuts[0]!];
  const split = (a: number, b: number, depth: number): void => {
    const e = 1e-12 * (b - a);
    const ok = b - a <= 0.5 && Math.abs(g(b - e) - g(a + e)) <= sigma / 2 && Math.abs(g(0.5 * (a + b)) - g(a + e)) <= sigma / 2;
    if (ok || depth >= 16) edges.push(b);
    else {
      split(a, 0.5 * (a + b), depth + 1);
      split(0.5 * (a + b), b, depth + 1);
    }
  };
  for (let i = 0; i + 1 < cuts.length; i++) split(cuts[i]!, cuts[i + 1]!, 0);
  const pts: number[] = [];
  const wts: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const r = gaussLegendre(n, edges[i]!, edges[i + 1]!);
    for (let q = 0; q < n; q++) {
      pts.push(r.nodes[q]!);
      wts.push(r.weights[q]! * INV_SQRT_2PI * Math.exp(-0.5 * r.nodes[q]! ** 2));
    }
  }
  return { points: Float64Array.from(pts), weights: Float64Array.from(wts), size: pts.length, rule: `piecewise Gauss–Legendre(${n}) on ${edges.length - 1} panels (|Δg| ≤ σ/2)` };
}

/** Moments of docs/theory.md §3 for y = g(z) + σξ. z-atoms: k = 1 noiseResolvedAtoms (Gauss–Legendre(nodesPerPanel) per
 *  panel), summed directly; k = 2, 3 polar/spherical rays resolving the kernel (rayAtoms.ts, resolution `rays`),
 *  streamed into a Hermite-moment grid. y-rule: trapezoid with yPerSigma nodes per σ (kernelSums.ts). When σ is too
 *  small for the range of g (memory/time budgets of kernelSums.ts, rayAtoms.ts): UsageError on --noise. */
export function noisyMoments(
  target: LatentTarget,
  sigma: number,
  opts: { nodesPerPanel: number; yPerSigma: number; rays?: RayAtomResolution },
): { moments: Moments; atoms: number; rule: string } {
  try {
    return momentsOnGrid(target, sigma, opts);
  } catch (e) {
    if (e instanceof QuadratureBudgetExceeded)
      throw new UsageError('--noise', `σ = ${sigma} is too small for a noise-resolved quadrature of y = ${target.fn.source}: ${e.message}`, Number((sigma * e.factor).toPrecision(1)).toString());
    throw e;
  }
}

/** g must be finite wherever the Gaussian atoms (weight > 1e−25) fall (as in law.ts). */
function requireFinite(target: LatentTarget, g: number, z: ArrayLike<number>): void {
  if (Number.isFinite(g)) return;
  const at = Array.from(z, (v) => v.toPrecision(4)).join(', ');
  throw new UsageError('--target', `is not finite at z = (${at}) (g = ${g}); it must be finite on the Gaussian domain (|z| ≤ 10)`, target.k === 1 ? 'z^2' : 'z1*z2');
}

function momentsOnGrid(
  target: LatentTarget,
  sigma: number,
  opts: { nodesPerPanel: number; yPerSigma: number; rays?: RayAtomResolution },
): { moments: Moments; atoms: number; rule: string } {
  const k = target.k;
  const mom = emptyMoments(k);
  const m = new Float64Array(k);
  const N = new Float64Array(k * k);
  const h = sigma / opts.yPerSigma;
  // ∫ p H dy ≈ h Σ_q H(S_q) (trapezoid), S_q = (p̃, m̃, upper triangle of Ñ) at y_q.
  const add = (_q: number, row: Float64Array) => {
    let d = 1;
    for (let a = 0; a < k; a++) m[a] = row[d++]!;
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) N[a * k + b] = N[b * k + a] = row[d++]!;
    accumulate(mom, h, row[0]!, m, N);
  };
  let info: KernelSumInfo;
  let zRule: string;
  if (k === 1) {
    const at = noiseResolvedAtoms(target, sigma, opts.nodesPerPanel);
    const ys = new Float64Array(at.size);
    const arg = new Float64Array(1);
    for (let i = 0; i < at.size; i++) {
      arg[0] = at.points[i]!;
      ys[i] = target.fn.value(arg);
      if (at.weights[i]! > 1e-25) requireFinite(target, ys[i]!, arg);
    }
    info = directKernelSums(ys, at.points, at.weights, 1, sigma, opts.yPerSigma, add);
    zRule = at.rule;
  } else {
    if (!opts.rays) throw new RangeError('noisyMoments: k ≥ 2 needs a ray resolution (opts.rays)');
    const grid = hermiteKernelGrid(k, sigma, opts.yPerSigma);
    zRule = forEachRayAtom(target, sigma, opts.rays, (z, w) => {
      const g = target.fn.value(z);
      if (w > 1e-25) requireFinite(target, g, z);
      grid.add(g, w, z);
    });
    info = grid.finish(add);
  }
  return {
    moments: mom,
    atoms: info.atoms,
    rule: `${zRule} atoms; y: trapezoid, step σ/${opts.yPerSigma}, ${info.nodes} nodes`,
  };
}
