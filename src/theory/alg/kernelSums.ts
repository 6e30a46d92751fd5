// Gaussian kernel sums on a y-grid for the noisy δ_alg moments (docs/theory.md (3.7), (10.9); noisyMoments.ts):
//   S_q = Σ_i w_i φ_σ(y_q − g_i) f(z_i),  f(z) = (1, z_a, z_a z_b − δ_ab for a ≤ b),  y_q = q·h, h = σ/perSigma,
// over the atoms (g_i = g(z_i), z_i, w_i) with w_i > 1e−25 and |y_q − g_i| ≤ 9σ (relative kernel weight
// e^{−40.5} dropped). Two implementations of the same sums:
//   directKernelSums — atom by atom over the ≤ 18·perSigma + 1 grid nodes in its window, with the exact recurrence
//     e^{−(t+h)²/2σ²} = e^{−t²/2σ²}·R, R ← R·e^{−h²/σ²} (no exp in the inner loop);
//   hermiteKernelGrid — streaming: each atom is deposited on its nearest grid node c as Hermite moments
//     M_n(c) += f·s^n/n!, s = (g_i − y_c)/σ, n < P, then S_q = Σ_c φ_σ(y_q − y_c) Σ_n He_n((y_q − y_c)/σ) M_n(c),
//     from the generating function e^{xs − s²/2} = Σ_n He_n(x) s^n/n! (x = (y_q − y_c)/σ). With |s| ≤ 1/(2·perSigma)
//     ≤ 1/8, |x| ≤ 9 and Cramér's bound |He_n(x)| ≤ 1.09 √n! e^{x²/4}, the dropped terms n ≥ P = 14 are, relative
//     to the atom's exact kernel value e^{−(x−s)²/2}, ≤ 1.09·e^{x²/4 + |xs| + s²/2}·Σ_{n≥P} |s|^n/√n! < 2e−9 at the window
//     edge |x| = 9 and < 1e−15 for |x| ≤ 3; every atom's contribution to p stays positive to that accuracy.
//     Cost per atom P·dim instead of (18·perSigma + 1)·dim, and no atom storage.
// The trapezoid weight is h (∫ p H dy ≈ h Σ_q H(S_q)); the y-integrands are Gaussian convolutions, analytic, and
// negligible at the ends of the grid, so the trapezoid rule converges spectrally in perSigma.

export interface KernelSumInfo {
  /** Grid nodes passed to emit (nodes with no atom within 9σ are skipped). */
  nodes: number;
  dim: number;
  /** Grid step h = trapezoid weight. */
  weight: number;
  /** Atoms with weight > 1e−25 (and finite g) that were used. */
  atoms: number;
}

/** A noise-resolved quadrature would exceed its memory/time budget (σ too small for the range of g). */
export class QuadratureBudgetExceeded extends RangeError {
  /** factor: a lower bound on how much larger σ must be to fit the budget (≥ 1). */
  constructor(
    message: string,
    readonly factor = 2,
  ) {
    super(message);
    this.name = 'QuadratureBudgetExceeded';
  }
}

/** Largest Hermite-moment grid: 2^18 rows (≤ 300 MB at k = 3). */
const MAX_GRID_ROWS = 2 ** 18;

const WINDOW = 9;
const MIN_WEIGHT = 1e-25;
const HERMITE_TERMS = 14;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Number of entries of f(z) = (1, z, upper triangle of zzᵀ − I). */
export function featureDim(k: number): number {
  return 1 + k + (k * (k + 1)) / 2;
}

/** f(z)·c into out (see the header). */
function features(z: ArrayLike<number>, off: number, k: number, c: number, out: Float64Array): void {
  let d = 0;
  out[d++] = c;
  for (let a = 0; a < k; a++) out[d++] = c * z[off + a]!;
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) out[d++] = c * (z[off + a]! * z[off + b]! - (a === b ? 1 : 0));
}

/** Direct sums for atoms held in memory (g, points size × k, weights), streamed: atoms in increasing g are
 *  scattered into a ring buffer of 18·perSigma + 4 grid nodes, and each node is passed to emit(q, S_q) (in
 *  increasing q) once no later atom can reach it. Memory O(atoms + window). */
export function directKernelSums(
  g: Float64Array,
  points: Float64Array,
  weights: Float64Array,
  k: number,
  sigma: number,
  perSigma: number,
  emit: (q: number, row: Float64Array) => void,
): KernelSumInfo {
  const D = featureDim(k);
  const h = sigma / perSigma;
  const order: number[] = [];
  for (let i = 0; i < g.length; i++) if (weights[i]! > MIN_WEIGHT && Number.isFinite(g[i]!)) order.push(i);
  order.sort((a, b) => g[a]! - g[b]!);
  const L = 18 * perSigma + 4;
  const ring = new Float64Array(L * D);
  const f = new Float64Array(D);
  const inv2s2 = 1 / (2 * sigma * sigma);
  const decay = Math.exp((-h * h) / (sigma * sigma));
  const norm = INV_SQRT_2PI / sigma;
  let next = -Infinity; // lowest node not yet emitted
  let top = -Infinity; // highest node touched
  let nodes = 0;
  const slot = (q: number) => (((q % L) + L) % L) * D;
  const flushBelow = (q0: number) => {
    for (; next < q0 && next <= top; next++) {
      const at = slot(next);
      emit(next, ring.subarray(at, at + D));
      ring.fill(0, at, at + D);
      nodes++;
    }
    if (next < q0) next = q0;
  };
  for (const i of order) {
    const gi = g[i]!;
    const q0 = Math.ceil((gi - WINDOW * sigma) / h);
    const q1 = Math.floor((gi + WINDOW * sigma) / h);
    if (next === -Infinity) next = q0;
    flushBelow(q0);
    features(points, i * k, k, weights[i]! * norm, f);
    const t = q0 * h - gi;
    let e = Math.exp(-t * t * inv2s2);
    let r = Math.exp(-(2 * t * h + h * h) * inv2s2);
    for (let q = q0; q <= q1; q++) {
      const at = slot(q);
      for (let c = 0; c < D; c++) ring[at + c] += e * f[c]!;
      e *= r;
      r *= decay;
    }
    top = Math.max(top, q1);
  }
  if (order.length > 0) flushBelow(top + 1);
  return { nodes, dim: D, weight: h, atoms: order.length };
}

function tooLarge(nodes: number, lo: number, hi: number, sigma: number): QuadratureBudgetExceeded {
  return new QuadratureBudgetExceeded(
    `the y-grid (step σ/m) would need ${nodes.toExponential(2)} nodes: g ranges over at least [${lo.toPrecision(4)}, ${hi.toPrecision(4)}] on the Gaussian mass (weights > 1e−25), too wide for σ = ${sigma}`,
    Math.max(2, nodes / (MAX_GRID_ROWS / 2)),
  );
}

export interface KernelGrid {
  /** Adds the atom (g, w, z); ignored when w ≤ 1e−25 or g is not finite. */
  add(g: number, w: number, z: ArrayLike<number>): void;
  /** Passes every grid node within 9σ of a deposit to emit(q, S_q), in increasing q. */
  finish(emit: (q: number, row: Float64Array) => void): KernelSumInfo;
}

/** Streaming Hermite-moment grid (see the header); needs perSigma ≥ 4 for the stated truncation bound. */
export function hermiteKernelGrid(k: number, sigma: number, perSigma: number): KernelGrid {
  if (!(perSigma >= 4)) throw new RangeError(`hermiteKernelGrid: perSigma must be ≥ 4, got ${perSigma}`);
  const D = featureDim(k);
  const P = HERMITE_TERMS;
  const row = P * D;
  const h = sigma / perSigma;
  const f = new Float64Array(D);
  let base = 0; // grid index of row 0
  let rows = 0;
  let M = new Float64Array(0);
  let atoms = 0;
  const ensure = (c: number) => {
    if (rows === 0) {
      rows = 64;
      base = c - 32;
      M = new Float64Array(rows * row);
      return;
    }
    if (c >= base && c < base + rows) return;
    const lo = Math.min(base, c);
    const hi = Math.max(base + rows, c + 1);
    if (hi - lo > MAX_GRID_ROWS) throw tooLarge(hi - lo, lo * h, hi * h, sigma);
    const grown = Math.min(MAX_GRID_ROWS, Math.max(2 * rows, hi - lo + 64));
    const newBase = c < base ? hi - grown : lo;
    const next = new Float64Array(grown * row);
    next.set(M, (base - newBase) * row);
    M = next;
    base = newBase;
    rows = grown;
  };
  let cmin = Infinity;
  let cmax = -Infinity;
  return {
    add(g, w, z) {
      if (!(w > MIN_WEIGHT) || !Number.isFinite(g)) return;
      const c = Math.round(g / h);
      ensure(c);
      cmin = Math.min(cmin, c);
      cmax = Math.max(cmax, c);
      atoms++;
      features(z, 0, k, w, f);
      const s = (g - c * h) / sigma;
      let coef = 1;
      let at = (c - base) * row;
      for (let n = 0; n < P; n++) {
        for (let d = 0; d < D; d++) M[at + d] += coef * f[d]!;
        at += D;
        coef *= s / (n + 1);
      }
    },
    finish(emit) {
      if (atoms === 0) return { nodes: 0, dim: D, weight: h, atoms };
      const W = Math.floor((WINDOW * sigma) / h + 1e-9);
      // T[j][n] = φ_σ(j h) He_n(j h/σ), j = −W..W.
      const T = new Float64Array((2 * W + 1) * P);
      for (let j = -W; j <= W; j++) {
        const x = (j * h) / sigma;
        const phi = (INV_SQRT_2PI / sigma) * Math.exp(-0.5 * x * x);
        let hm1 = 0;
        let hn = 1;
        for (let n = 0; n < P; n++) {
          T[(j + W) * P + n] = phi * hn;
          const next = x * hn - n * hm1;
          hm1 = hn;
          hn = next;
        }
      }
      const first = cmin - W;
      const count = cmax - cmin + 2 * W + 1;
      const values = new Float64Array(count * D);
      const touched = new Uint8Array(count);
      for (let c = cmin; c <= cmax; c++) {
        const src = (c - base) * row;
        let empty = true;
        for (let v = 0; v < row; v++)
          if (M[src + v] !== 0) {
            empty = false;
            break;
          }
        if (empty) continue;
        for (let j = -W; j <= W; j++) {
          const dst = (c + j - first) * D;
          touched[c + j - first] = 1;
          const t = (j + W) * P;
          for (let n = 0; n < P; n++) {
            const tn = T[t + n]!;
            const m = src + n * D;
            for (let d = 0; d < D; d++) values[dst + d] += tn * M[m + d]!;
          }
        }
      }
      let nodes = 0;
      for (let q = 0; q < count; q++)
        if (touched[q]) {
          emit(first + q, values.subarray(q * D, (q + 1) * D));
          nodes++;
        }
      return { nodes, dim: D, weight: h, atoms };
    },
  };
}
