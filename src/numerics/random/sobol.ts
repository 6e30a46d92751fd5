// Scrambled Sobol' points for randomised quasi-Monte Carlo (docs/theory.md (10.24)).
// Sobol' sequence in base 2 (Bratley & Fox 1988, Gray-code order of Antonov & Saleev 1979): dimension d has a
// primitive polynomial x^s + a_1 x^{s−1} + … + a_{s−1} x + 1 over GF(2) and odd initial numbers m_k < 2^k; the
// direction numbers follow v_k = v_{k−s} ⊕ (v_{k−s} ≫ s) ⊕ ⊕_{i<s} a_i v_{k−i}. Dimension 1 is van der Corput;
// dimensions 2–16 use the polynomials and initial numbers of Joe & Kuo (2008, new-joe-kuo-6.21201) as transcribed
// below; further dimensions use the next primitive polynomials (found by testing the order of x) with odd initial
// numbers drawn from a fixed seed. Any odd m_k < 2^k with a primitive polynomial gives a valid (t, s)-sequence; the
// choice only changes t (the tests check primitivity, one-dimensional stratification and the (0, 2) property). Randomisation: a random linear matrix scramble (Matoušek 1998; lower-triangular with unit
// diagonal, applied to the direction numbers, since it is GF(2)-linear) and a random digital shift, both drawn
// from `seed`. Each scrambled point is uniform on [0, 1)^d and the estimate is unbiased; independent seeds give
// independent replicates, whose spread is the error estimate.
import { makeRng } from './rng.js';

const BITS = 32;
/** Joe–Kuo rows for dimensions 2..16: [s, a, m_1..m_s]. */
const JOE_KUO: ReadonlyArray<readonly number[]> = [
  [1, 0, 1], [2, 1, 1, 3], [3, 1, 1, 3, 1], [3, 2, 1, 1, 1], [4, 1, 1, 1, 3, 3], [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17], [5, 4, 1, 1, 5, 5, 5], [5, 7, 1, 1, 7, 11, 19], [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11], [5, 14, 1, 3, 5, 5, 31], [6, 1, 1, 3, 3, 9, 7, 49], [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
];
/** Largest supported dimension (primitive polynomials up to degree 10 suffice). */
export const SOBOL_MAX_DIM = 200;

/** Polynomial multiplication mod p over GF(2) (bit i = coefficient of x^i; deg p = s). */
function mulMod(a: number, b: number, p: number, s: number): number {
  let r = 0;
  for (let i = 0; i < s; i++) {
    if ((b >>> i) & 1) r ^= a;
    a <<= 1;
    if ((a >>> s) & 1) a ^= p;
  }
  return r;
}

function powMod(e: number, p: number, s: number): number {
  let base = 2 % p; // x
  let r = 1;
  while (e > 0) {
    if (e & 1) r = mulMod(r, base, p, s);
    base = mulMod(base, base, p, s);
    e >>>= 1;
  }
  return r;
}

/** True if x^s + (a's bits) + 1 (a: the s − 1 middle coefficients, a_1 the highest) is primitive over GF(2). */
export function isPrimitive(s: number, a: number): boolean {
  const p = (1 << s) | (a << 1) | 1;
  if (s === 1) return true;
  const order = (1 << s) - 1;
  if (powMod(order, p, s) !== 1) return false;
  for (let q = 2; q <= order; q++) {
    if (order % q !== 0) continue;
    let prime = true;
    for (let t = 2; t * t <= q; t++) if (q % t === 0) prime = false;
    if (prime && powMod(order / q, p, s) === 1) return false;
  }
  return true;
}

/** [s, a, m_1..m_s] for dimensions 2..dim. */
function polynomials(dim: number): number[][] {
  const rows: number[][] = JOE_KUO.slice(0, Math.max(0, dim - 1)).map((r) => [...r]);
  if (dim - 1 <= rows.length) return rows;
  const used = new Set(rows.map((r) => `${r[0]}:${r[1]}`));
  const rng = makeRng(0x50b01);
  for (let s = 1; rows.length < dim - 1; s++)
    for (let a = 0; a < 1 << (s - 1) && rows.length < dim - 1; a++) {
      if (used.has(`${s}:${a}`) || !isPrimitive(s, a)) continue;
      const m = Array.from({ length: s }, (_, k) => 2 * Math.floor(rng.uniform() * 2 ** k) + 1);
      rows.push([s, a, ...m]);
    }
  return rows;
}

/** Direction numbers v_1..v_32 (as unsigned 32-bit integers, first digit in the top bit) per dimension. */
export function directionNumbers(dim: number): Uint32Array[] {
  if (!(Number.isInteger(dim) && dim >= 1 && dim <= SOBOL_MAX_DIM)) throw new RangeError(`sobol: dimension must be in 1..${SOBOL_MAX_DIM}, got ${dim}`);
  const out: Uint32Array[] = [Uint32Array.from({ length: BITS }, (_, k) => 2 ** (BITS - 1 - k))];
  for (const row of polynomials(dim)) {
    const s = row[0]!;
    const a = row[1]!;
    const v = new Uint32Array(BITS);
    for (let k = 0; k < BITS; k++) {
      if (k < s) v[k] = (row[2 + k]! * 2 ** (BITS - 1 - k)) >>> 0;
      else {
        let x = v[k - s]! ^ (v[k - s]! >>> s);
        for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x ^= v[k - i]!;
        v[k] = x >>> 0;
      }
    }
    out.push(v);
  }
  return out;
}

/** Applies a lower-triangular (unit diagonal) GF(2) matrix, given by its rows as 32-bit masks, to a digit vector. */
function applyScramble(rows: Uint32Array, x: number): number {
  let y = 0;
  for (let i = 0; i < BITS; i++) {
    // parity of rows[i] & x
    let t = (rows[i]! & x) >>> 0;
    t ^= t >>> 16;
    t ^= t >>> 8;
    t ^= t >>> 4;
    t ^= t >>> 2;
    t ^= t >>> 1;
    if (t & 1) y |= 2 ** (BITS - 1 - i);
  }
  return y >>> 0;
}

/** The first `count` points of the Sobol' sequence in `dim` dimensions, scrambled with `seed` (seed null: the
 *  unscrambled sequence, whose first point is 0). Row-major count×dim; every coordinate in [0, 1), with half a
 *  unit of the last digit added so no point sits on 0. */
export function scrambledSobol(count: number, dim: number, seed: number | null): Float64Array {
  if (!(Number.isInteger(count) && count >= 1 && count <= 2 ** 30)) throw new RangeError(`sobol: count must be in 1..2^30, got ${count}`);
  const dirs = directionNumbers(dim);
  const shift = new Uint32Array(dim);
  if (seed !== null) {
    const rng = makeRng(seed);
    const word = () => Math.floor(rng.uniform() * 2 ** BITS) >>> 0;
    for (let d = 0; d < dim; d++) {
      // Row i of the scramble: the unit diagonal bit plus random bits left of it (digits before i).
      const rows = new Uint32Array(BITS);
      for (let i = 0; i < BITS; i++) {
        const diag = 2 ** (BITS - 1 - i);
        const before = i === 0 ? 0 : (word() & ~(2 ** (BITS - i) - 1)) >>> 0;
        rows[i] = (before | diag) >>> 0;
      }
      dirs[d] = dirs[d]!.map((v) => applyScramble(rows, v));
      shift[d] = word();
    }
  }
  const out = new Float64Array(count * dim);
  const x = Uint32Array.from(shift);
  const scale = 2 ** -BITS;
  for (let n = 0; n < count; n++) {
    for (let d = 0; d < dim; d++) out[n * dim + d] = (x[d]! + 0.5) * scale;
    // Gray code: the next point flips the direction number of the lowest zero bit of n.
    let c = 0;
    while ((n >>> c) & 1) c++;
    for (let d = 0; d < dim; d++) x[d] = (x[d]! ^ dirs[d]![c]!) >>> 0;
  }
  return out;
}
