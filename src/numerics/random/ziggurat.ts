// Standard normal draws by the ziggurat method (Marsaglia & Tsang, "The ziggurat method for generating random
// variables", J. Stat. Softw. 5(8), 2000), in the 256-layer, 52-bit form used by numpy's Generator: the
// N(0, 1) density under x ≥ 0 is covered by 255 horizontal layers of equal area v plus a base strip with the
// tail beyond r; a draw picks a layer (8 bits), a sign (1 bit) and a 52-bit abscissa, and is accepted at once
// when it falls in the layer's inner rectangle (≈ 98.9% of draws). Otherwise the wedge is tested against the
// density, or, for the base layer, the tail x > r is sampled by Marsaglia's exponential method.
// Exact for the normal law: the rejection steps make the output distribution the density itself.

/** r = start of the tail, v = area of each layer (numpy's constants for 256 layers). */
const R = 3.6541528853610088;
const INV_R = 1 / R;
const V = 0.00492867323399;
const M52 = 2 ** 52;

export interface ZigguratTables {
  /** Acceptance thresholds on the 52-bit abscissa: accept at once when rabs < k[i]. */
  k: Float64Array;
  /** Abscissa scale: x = rabs · w[i]. */
  w: Float64Array;
  /** Density at the layer edges: f[i] = exp(−x_i²/2). */
  f: Float64Array;
}

/** The layer tables (Marsaglia & Tsang's recursion x_{i−1} = f⁻¹(v/x_i + f(x_i)), from x_255 = r down). */
export function zigguratTables(): ZigguratTables {
  const k = new Float64Array(256), w = new Float64Array(256), f = new Float64Array(256);
  let dn = R, tn = R;
  const q = V / Math.exp(-0.5 * dn * dn);
  k[0] = Math.floor((dn / q) * M52);
  k[1] = 0;
  w[0] = q / M52;
  w[255] = dn / M52;
  f[0] = 1;
  f[255] = Math.exp(-0.5 * dn * dn);
  for (let i = 254; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    k[i + 1] = Math.floor((dn / tn) * M52);
    tn = dn;
    f[i] = Math.exp(-0.5 * dn * dn);
    w[i] = dn / M52;
  }
  return { k, w, f };
}

export const ZIGGURAT = zigguratTables();

/** One N(0, 1) draw from the words (hi, lo) and, if the draw is rejected, from fresh words of `next32`. */
export function zigguratFinish(hi: number, lo: number, next32: () => number, uniform: () => number): number {
  const { k, w, f } = ZIGGURAT;
  for (;;) {
    const idx = hi & 0xff;
    const negative = (hi & 0x100) !== 0;
    const rabs = (hi >>> 9) * 536870912 + (lo >>> 3); // 23 + 29 = 52 random bits
    let x = rabs * w[idx]!;
    if (rabs < k[idx]!) return negative ? -x : x;
    if (idx === 0) {
      // Base layer beyond r: the tail x > r with density ∝ exp(−x²/2), by the exponential method.
      let xx: number, yy: number;
      do {
        xx = -INV_R * Math.log1p(-uniform());
        yy = -Math.log1p(-uniform());
      } while (yy + yy <= xx * xx);
      x = R + xx;
      return negative ? -x : x;
    }
    if ((f[idx - 1]! - f[idx]!) * uniform() + f[idx]! < Math.exp(-0.5 * x * x)) return negative ? -x : x;
    hi = next32();
    lo = next32();
  }
}

/** Fills `a` with independent N(0, 1) draws; `next32` returns uniform 32-bit unsigned integers and
 *  `uniform` uniform doubles on [0, 1). Two 32-bit words per accepted draw. (Rng.fillNormal is this loop with
 *  the generator inlined.) */
export function fillZiggurat(a: Float64Array, next32: () => number, uniform: () => number): void {
  for (let i = 0; i < a.length; i++) {
    const hi = next32();
    a[i] = zigguratFinish(hi, next32(), next32, uniform);
  }
}
