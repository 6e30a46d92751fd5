// Extra effective samples for the law of (z, A^t) along a solved DMFT path (src/theory/dmft/march.ts). The §1 threshold of
// an empirical law is sensitive to the lower tail of the weight (e.g. δ* of the exact t = 0 law, 5.224, comes out
// 6.34 / 5.82 from 2048 samples and 5.16 / 5.03 from 131072), so the plug-in needs far more samples than the
// kernels do. Once the march has fixed the kernels (G, Φ, C_r, M), further samples are independent draws of the
// same effective process: g^t = Φ(t) g⁰ − (η/√δ) Σ_{s<t} G(t, s+1) h^s with h ~ GP(0, C_r) now sampled from the
// eigen-decomposition of the whole C_r (stable for a numerically rank-deficient PSD kernel; eigenvalues below
// 1e-12·max dropped), and v^t, u^t, r^t, A^t as in the march (no Jacobians needed). Antithetic pairs (z, −z),
// |z| stratified as in the march.
import { makeRng } from '../../numerics/random/rng.js';
import { symEigen } from '../../numerics/linalg/symmetricEigen.js';
import { blockAt, blockOf } from './kernels.js';
import { pointModel, pointTerms, resolveDmft, stratifiedAbsNormal, type DmftPath, type DmftSpec, type PathLaw } from './march.js';

export function pathLawSamples(spec: DmftSpec, path: DmftPath, times: number[], count: number, seed: number): PathLaw[] {
  const K = path.kernels;
  if (!K) throw new Error('pathLawSamples: the path was solved without keepKernels');
  const { act, loss, target } = resolveDmft(spec);
  const m = path.m, m2 = m * m;
  const tMax = Math.max(...times);
  const c = spec.lr / spec.delta, hScale = spec.lr / Math.sqrt(spec.delta);
  // C_r over times 0..tMax−1 (h^s enters g^t only for s < t), flattened index s·m + j.
  const dim = tMax * m;
  const F: { vec: Float64Array; sd: number }[] = [];
  if (dim > 0) {
    const C = new Float64Array(dim * dim);
    for (let s = 0; s < tMax; s++)
      for (let s2 = 0; s2 < tMax; s2++) {
        const b = blockOf(K.Cr, s, s2);
        for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) C[(s * m + j) * dim + s2 * m + k] = b[j * m + k]!;
      }
    const { values, vectors } = symEigen(C, dim);
    const top = values[0]!;
    for (let q = 0; q < dim; q++)
      if (values[q]! > 1e-12 * top) F.push({ vec: Float64Array.from({ length: dim }, (_, r) => vectors[r * dim + q]!), sd: Math.sqrt(values[q]!) });
  }
  const rng = makeRng(seed);
  const out: PathLaw[] = times.map((t) => ({ t, z: new Float64Array(count), A: new Float64Array(count * m2) }));
  const at = new Map(times.map((t, i) => [t, i]));
  const h = new Float64Array(Math.max(dim, 1)), g0 = new Float64Array(m), rh = new Float64Array((tMax + 1) * m);
  const pm = pointModel(act, loss, Float64Array.from(spec.readout));
  const u = new Float64Array(m), r = new Float64Array(m), A = new Float64Array(m2), zv = new Float64Array(1);
  const yPair = [0, 0], zPair = [0, 0];
  for (let e = 0; e < count; e += 2) {
    h.fill(0);
    for (const f of F) {
      const xi = f.sd * rng.normal();
      for (let r = 0; r < dim; r++) h[r] = h[r]! + xi * f.vec[r]!;
    }
    for (let j = 0; j < m; j++) g0[j] = spec.initScale * rng.normal();
    const z0 = stratifiedAbsNormal(e / 2, Math.ceil(count / 2), rng.uniform()), noise = spec.noise > 0 ? spec.noise * rng.normal() : 0;
    zPair[0] = z0;
    zPair[1] = -z0;
    for (let q = 0; q < 2; q++) {
      zv[0] = zPair[q]!;
      yPair[q] = target.fn.value(zv) + noise;
    }
    for (let q = 0; q < 2 && e + q < count; q++) {
      const z = zPair[q]!, y = yPair[q]!;
      for (let t = 0; t <= tMax; t++) {
        const gRow = blockAt(K.G, t, 0);
        for (let j = 0; j < m; j++) {
          let gj = 0, mem = 0;
          for (let k = 0; k < m; k++) gj += K.G.data[gRow + j * m + k]! * g0[k]!; // Φ(t) = G(t, 0)
          for (let s = 0; s < t; s++)
            for (let k = 0; k < m; k++) {
              const gjk = K.G.data[gRow + (s + 1) * m2 + j * m + k]!;
              gj -= hScale * gjk * h[s * m + k]!;
              mem += gjk * rh[s * m + k]!;
            }
          u[j] = path.M[t]![j]! * z + gj - c * mem;
        }
        const li = at.get(t);
        pointTerms(pm, u, y, r, li === undefined ? null : A);
        rh.set(r, t * m);
        if (li !== undefined) {
          const L = out[li]!;
          L.z[e + q] = z;
          L.A.set(A, (e + q) * m2);
        }
      }
    }
  }
  return out;
}
