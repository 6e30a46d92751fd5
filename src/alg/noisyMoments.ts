// δ_alg moments for a noisy target y = g(z) + σξ, ξ ~ N(0,1) (THEORY §3), any k ≤ 3, in y-space:
//   E_y[H(m(y), G(y))] = ∫ p(y) H dy,  p(y) = E_z[φ_σ(y − g(z))],  p·m = E_z[z φ_σ(y − g(z))],
//   p·G = E_z[(zzᵀ − I) φ_σ(y − g(z))].
// E_z over kink-aware Gaussian atoms of g; the y-integral by composite Gauss–Legendre on panels of width σ over
// [min g − 9σ, max g + 9σ] (g over atoms of weight > 1e−25): p·m, p·G are Gaussian convolutions, hence smooth on
// the scale σ. The kernel is truncated at |y − g(z)| > 9σ (relative weight e^{−40.5}); sums are shifted by the
// largest exponent (log-sum-exp) so that tails never give 0/0.
import { gaussLegendre } from '../quadrature/gaussLegendre.js';
import { gaussianAtoms } from '../quadrature/atoms.js';
import { findBreaks } from '../quadrature/breaks.js';
import { accumulate, emptyMoments, type Moments } from './moments.js';
import type { LatentTarget } from './target.js';

const WINDOW = 9;
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

export function noisyMoments(target: LatentTarget, sigma: number, opts: { order?: number; nodesPerPanel: number }): { moments: Moments; atoms: number; rule: string } {
  const k = target.k;
  const at =
    k === 1
      ? noiseResolvedAtoms(target, sigma, opts.nodesPerPanel)
      : gaussianAtoms(k, { switches: target.fn.switches, ...(opts.order !== undefined ? { order: opts.order } : {}) });
  const idx: number[] = [];
  const ys = new Float64Array(at.size);
  const arg = new Float64Array(k);
  for (let i = 0; i < at.size; i++) {
    for (let j = 0; j < k; j++) arg[j] = at.points[i * k + j]!;
    ys[i] = target.fn.value(arg);
    if (at.weights[i]! > 1e-25) idx.push(i);
  }
  idx.sort((a, b) => ys[a]! - ys[b]!);
  const n = idx.length;
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  const z = new Float64Array(n * k);
  idx.forEach((i, r) => {
    y[r] = ys[i]!;
    w[r] = at.weights[i]!;
    for (let j = 0; j < k; j++) z[r * k + j] = at.points[i * k + j]!;
  });
  const lo = y[0]! - WINDOW * sigma;
  const hi = y[n - 1]! + WINDOW * sigma;
  const panels = Math.max(1, Math.ceil((hi - lo) / sigma));
  const mom = emptyMoments(k);
  const m = new Float64Array(k);
  const N = new Float64Array(k * k);
  const norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
  const lowerBound = (v: number) => {
    let a = 0;
    let b = n;
    while (a < b) {
      const c = (a + b) >> 1;
      if (y[c]! < v) a = c + 1;
      else b = c;
    }
    return a;
  };
  for (let pnl = 0; pnl < panels; pnl++) {
    const rule = gaussLegendre(opts.nodesPerPanel, lo + ((hi - lo) * pnl) / panels, lo + ((hi - lo) * (pnl + 1)) / panels);
    for (let q = 0; q < opts.nodesPerPanel; q++) {
      const yq = rule.nodes[q]!;
      const i0 = lowerBound(yq - WINDOW * sigma);
      const i1 = lowerBound(yq + WINDOW * sigma);
      if (i1 <= i0) continue;
      let shift = -Infinity;
      for (let i = i0; i < i1; i++) shift = Math.max(shift, -((yq - y[i]!) ** 2) / (2 * sigma * sigma));
      let p = 0;
      m.fill(0);
      N.fill(0);
      for (let i = i0; i < i1; i++) {
        const e = w[i]! * Math.exp(-((yq - y[i]!) ** 2) / (2 * sigma * sigma) - shift);
        p += e;
        for (let a = 0; a < k; a++) {
          const za = z[i * k + a]!;
          m[a] += e * za;
          for (let b = 0; b < k; b++) N[a * k + b] += e * (za * z[i * k + b]! - (a === b ? 1 : 0));
        }
      }
      accumulate(mom, rule.weights[q]! * norm * Math.exp(shift), p, m, N);
    }
  }
  return { moments: mom, atoms: n, rule: `${at.rule} atoms; y: Gauss–Legendre(${opts.nodesPerPanel}) on ${panels} panels of width ≤ σ` };
}
