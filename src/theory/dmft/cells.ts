// Geometric coarse-graining of the time axis for the long-horizon DMFT march (docs/dmft.md "Long horizons"):
// the past 0..t is covered by consecutive cells; every new step opens a cell of length 1, and two adjacent cells of
// equal length L merge once the newer one is at least W·L steps old (W = the window). Recent times therefore stay
// exact, and a cell's length grows like its age / W: a bounded number of cells per octave of age, O(W log T) in all
// (Kim & Latz's grid halving, applied by age; 81 cells at T = 2000 with W = 8 and 32 exact early steps). Cells that
// start before `early` never merge.
// Quantities on the grid are either cell SUMS (per-path histories Σ_{s∈c} x^s, Jacobian sums) or cell MEANS
// (two-time kernels averaged over the times of their cells); merging is exact bookkeeping for both — the
// approximation of the compressed march lies only in the products mean × sum it forms.

export interface CompressionPolicy {
  /** W: a cell of length L merges with its equal-length older neighbour once it is W·L steps old (Infinity: never). */
  window: number;
  /** Cells starting before this step never merge (the early transient stays exact). */
  early: number;
}

export interface CellGrid {
  start: number[];
  len: number[];
}

/** Old-cell index ranges [from, to) of each new cell, or null when nothing merges. `now` is the newest time. */
export function mergeGroups(cells: CellGrid, now: number, p: CompressionPolicy): number[][] | null {
  if (!Number.isFinite(p.window)) return null;
  let start = cells.start.slice(), len = cells.len.slice();
  let ranges = start.map((_, i) => [i, i + 1]);
  let any = false;
  for (;;) {
    const s2: number[] = [], l2: number[] = [], r2: number[][] = [];
    let changed = false;
    for (let i = 0; i < start.length; ) {
      const L = len[i]!;
      if (i + 1 < start.length && len[i + 1] === L && start[i]! >= p.early && now - (start[i + 1]! + L - 1) >= p.window * L) {
        s2.push(start[i]!);
        l2.push(2 * L);
        r2.push([ranges[i]![0]!, ranges[i + 1]![1]!]);
        i += 2;
        changed = true;
      } else {
        s2.push(start[i]!);
        l2.push(L);
        r2.push(ranges[i]!);
        i++;
      }
    }
    if (!changed) break;
    any = true;
    start = s2;
    len = l2;
    ranges = r2;
  }
  if (!any) return null;
  cells.start = start;
  cells.len = len;
  return ranges;
}

/** Largest number of cells held over times 0..T when merges are checked every `every` steps (sizes the arrays). */
export function maxCells(T: number, p: CompressionPolicy, every: number): number {
  const cells: CellGrid = { start: [], len: [] };
  let most = 0;
  for (let t = 0; t <= T; t++) {
    cells.start.push(t);
    cells.len.push(1);
    most = Math.max(most, cells.start.length);
    if (t > 0 && t % every === 0) mergeGroups(cells, t, p);
  }
  return most;
}

/** Triangle offset of block (r, c), c ≤ r, in blocks. */
export const tri = (r: number, c: number): number => (r * (r + 1)) / 2 + c;

/** Cell sums of a vector of K blocks of size b, in place: new block k = Σ of the old blocks in ranges[k]. */
export function regroupSums(x: Float64Array, off: number, b: number, ranges: number[][]): void {
  for (let k = 0; k < ranges.length; k++) {
    const [from, to] = ranges[k] as [number, number];
    for (let q = 0; q < b; q++) {
      let acc = 0;
      for (let i = from; i < to; i++) acc += x[off + i * b + q]!;
      x[off + k * b + q] = acc;
    }
  }
}

/** Cell means of a vector of K blocks (weights `w` = old cell lengths), in place. */
export function regroupMeans(x: Float64Array, b: number, ranges: number[][], w: number[]): void {
  for (let k = 0; k < ranges.length; k++) {
    const [from, to] = ranges[k] as [number, number];
    let W = 0;
    for (let i = from; i < to; i++) W += w[i]!;
    for (let q = 0; q < b; q++) {
      let acc = 0;
      for (let i = from; i < to; i++) acc += w[i]! * x[i * b + q]!;
      x[k * b + q] = acc / W;
    }
  }
}

/**
 * A lower block triangle (blocks (r, c), c ≤ r, each m×m row-major) regrouped in place. `w` null: block sums
 * (Σ_{r∈R} Σ_{c∈C, c≤r} old(r, c)); otherwise weighted means Σ w_r w_c old(r, c) / (W_R W_C), where the blocks
 * above the diagonal (c > r, only inside a merged diagonal cell) are 0 (`upper` = 'zero', causal kernels) or the
 * transpose of old(c, r) (`upper` = 'transpose', symmetric kernels). Safe in place: every new block lies at or
 * before the old blocks it is built from, and after every block built earlier.
 */
export function regroupTriangle(x: Float64Array, off: number, m: number, ranges: number[][], w: number[] | null, upper: 'zero' | 'transpose', acc: Float64Array): void {
  const m2 = m * m;
  for (let R = 0; R < ranges.length; R++) {
    const [r0, r1] = ranges[R] as [number, number];
    for (let C = 0; C <= R; C++) {
      const [c0, c1] = ranges[C] as [number, number];
      acc.fill(0, 0, m2);
      let WR = 0, WC = 0;
      for (let r = r0; r < r1; r++) {
        const wr = w ? w[r]! : 1;
        WR += wr;
        for (let c = c0; c < c1; c++) {
          const wc = w ? w[c]! : 1;
          if (r === r0) WC += wc;
          const s = wr * wc;
          if (c <= r) {
            const o = off + tri(r, c) * m2;
            for (let q = 0; q < m2; q++) acc[q] = acc[q]! + s * x[o + q]!;
          } else if (upper === 'transpose') {
            const o = off + tri(c, r) * m2;
            for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) acc[j * m + k] = acc[j * m + k]! + s * x[o + k * m + j]!;
          }
        }
      }
      const o = off + tri(R, C) * m2, sc = w ? 1 / (WR * WC) : 1;
      for (let q = 0; q < m2; q++) x[o + q] = sc * acc[q]!;
    }
  }
}

/** New index of every old cell, and the first old index inside a merged cell. */
export function cellMap(ranges: number[][]): { map: Int32Array; first: number } {
  const n = ranges[ranges.length - 1]![1]!;
  const map = new Int32Array(n);
  let first = n;
  ranges.forEach(([from, to], k) => {
    for (let i = from!; i < to!; i++) map[i] = k;
    if (to! - from! > 1 && from! < first) first = from!;
  });
  return { map, first };
}

/** Block sums of a lower block triangle regrouped in place (blocks above the diagonal are 0: causal): rows before
 *  `first` do not move; the rest is summed into `scratch` (at least as long as the triangle) and copied back. */
export function regroupSumTriangle(x: Float64Array, off: number, m: number, map: Int32Array, first: number, scratch: Float64Array): void {
  const m2 = m * m, n = map.length, K = map[n - 1]! + 1;
  const base = tri(first, 0) * m2, len = tri(K, 0) * m2 - base;
  scratch.fill(0, 0, len);
  for (let r = first; r < n; r++) {
    const R = map[r]!, src = off + tri(r, 0) * m2, dst = tri(R, 0) * m2 - base;
    if (m2 === 1) for (let c = 0; c <= r; c++) scratch[dst + map[c]!] += x[src + c]!;
    else
      for (let c = 0; c <= r; c++) {
        const d = dst + map[c]! * m2, s = src + c * m2;
        for (let q = 0; q < m2; q++) scratch[d + q] += x[s + q]!;
      }
  }
  x.set(scratch.subarray(0, len), off + base);
}
