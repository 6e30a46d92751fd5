// Seeded pseudo-random numbers for the simulators: xoshiro128** (Blackman & Vigna, "Scrambled linear
// pseudorandom number generators", ACM TOMS 2021), the 32-bit member of the xoshiro family — JavaScript has
// fast 32-bit integer arithmetic (Math.imul) but no fast 64-bit integers. Period 2^128 − 1. The state is
// seeded from the integer seed with splitmix64, as the authors recommend, so seeds s, s+1, … give
// unrelated streams and a run is reproducible from its seed alone.
// Uniforms carry 53 random bits (two 32-bit outputs). normal() uses Marsaglia's polar method; fillNormal, the
// simulators' data path, uses the ziggurat method (src/numerics/random/ziggurat.ts), about twice as fast.

import { ZIGGURAT, zigguratFinish } from './ziggurat.js';

export interface Rng {
  /** A standard normal N(0, 1) draw. */
  normal(): number;
  /** A uniform draw on [0, 1) with 53 random bits. */
  uniform(): number;
  /** A uniform 32-bit unsigned integer (the generator's raw output). */
  uint32(): number;
  /** Fill `a` with independent standard normals (ziggurat; a stream of its own, independent of normal()'s). */
  fillNormal(a: Float64Array): void;
}

const MASK64 = (1n << 64n) - 1n;

/** splitmix64 (Steele, Lea & Flood 2014): the four 32-bit words that seed xoshiro128**. */
function splitmix64Words(seed: number): Uint32Array {
  let state = BigInt.asUintN(64, BigInt(seed));
  const words = new Uint32Array(4);
  for (let i = 0; i < 2; i++) {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    z ^= z >> 31n;
    words[2 * i] = Number(z & 0xffffffffn);
    words[2 * i + 1] = Number(z >> 32n);
  }
  if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1; // the all-zero state is a fixed point
  return words;
}

/** A reproducible generator for the integer `seed` (any safe integer; negative seeds are taken mod 2^64). */
export function makeRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`makeRng: seed must be a safe integer, got ${seed}`);
  const w = splitmix64Words(seed);
  let s0 = w[0]!, s1 = w[1]!, s2 = w[2]!, s3 = w[3]!;

  // xoshiro128**: result = rotl(s1·5, 7)·9, then the xor-shift-rotate state update.
  const next32 = (): number => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  const uniform = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;

  // Marsaglia polar method: (u, v) uniform in the unit disc, s = u² + v², then u·√(−2 ln s / s) and
  // v·√(−2 ln s / s) are independent N(0, 1). The second one is kept for the next call.
  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };
  // fillZiggurat's draws with its accept-at-once branch (≈ 98.9% of draws) and the two xoshiro steps written out
  // over local copies of the state; the rare wedge/tail draws go through zigguratFinish on the shared state.
  // Consumes the same words as fillZiggurat(a, next32, uniform) and gives the same numbers (tested).
  const { k, w: scale } = ZIGGURAT;
  const fillNormal = (a: Float64Array): void => {
    let x0 = s0, x1 = s1, x2 = s2, x3 = s3;
    for (let i = 0; i < a.length; i++) {
      let m = Math.imul(x1, 5);
      const hi = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      let t = x1 << 9;
      x2 ^= x0;
      x3 ^= x1;
      x1 ^= x2;
      x0 ^= x3;
      x2 ^= t;
      x3 = (x3 << 11) | (x3 >>> 21);
      m = Math.imul(x1, 5);
      const lo = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = x1 << 9;
      x2 ^= x0;
      x3 ^= x1;
      x1 ^= x2;
      x0 ^= x3;
      x2 ^= t;
      x3 = (x3 << 11) | (x3 >>> 21);
      const idx = hi & 0xff;
      const rabs = (hi >>> 9) * 536870912 + (lo >>> 3);
      if (rabs < k[idx]!) {
        const x = rabs * scale[idx]!;
        a[i] = hi & 0x100 ? -x : x;
        continue;
      }
      s0 = x0, s1 = x1, s2 = x2, s3 = x3;
      a[i] = zigguratFinish(hi, lo, next32, uniform);
      x0 = s0, x1 = s1, x2 = s2, x3 = s3;
    }
    s0 = x0, s1 = x1, s2 = x2, s3 = x3;
  };
  return { normal, uniform, uint32: next32, fillNormal };
}
