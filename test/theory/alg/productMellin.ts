// Independent reference for products of standard normals (test helper, not a test file): the density of |Y|,
// Y = z1⋯zk, and E[z1²; |Y| ∈ dy]/dy by Mellin inversion (the Meijer-G representation G^{k,0}_{0,k}):
//   f(y) = (1/2π) ∫ y^{−s} M(s) dτ,  s = c + iτ,  M(s) = E|Y|^{s−1} = μ(s − 1)^k,
//   n(y) = (1/2π) ∫ y^{−s} μ(s + 1) μ(s − 1)^{k−1} dτ,   μ(a) = E|z|^a = 2^{a/2} Γ((a+1)/2)/√π,
// with the trapezoid rule in τ (the integrands decay like e^{−kπ|τ|/4}). Complex log Γ by the Lanczos
// approximation (g = 7, 9 terms; Press et al., Numerical Recipes §6.1), accurate to ~1e-15 for Re z ≥ 1/2.

type C = [number, number];
const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const div = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const log = (a: C): C => [Math.log(Math.hypot(a[0], a[1])), Math.atan2(a[1], a[0])];

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(z) for Re z ≥ 1/2. */
export function logGamma(z: C): C {
  const x: C = [z[0] - 1, z[1]];
  let a: C = [LANCZOS[0]!, 0];
  for (let i = 1; i < 9; i++) a = [a[0] + div([LANCZOS[i]!, 0], [x[0] + i, x[1]])[0], a[1] + div([LANCZOS[i]!, 0], [x[0] + i, x[1]])[1]];
  const t: C = [x[0] + 7.5, x[1]];
  const lt = log(t);
  const la = log(a);
  // (x + 1/2) log t − t + log √(2π) + log a
  const p = mul([x[0] + 0.5, x[1]], lt);
  return [p[0] - t[0] + 0.5 * Math.log(2 * Math.PI) + la[0], p[1] - t[1] + la[1]];
}

/** log μ(a) = log E|z|^a for complex a. */
function logAbsMoment(a: C): C {
  const g = logGamma([(a[0] + 1) / 2, a[1] / 2]);
  return [(a[0] / 2) * Math.LN2 + g[0] - 0.5 * Math.log(Math.PI), (a[1] / 2) * Math.LN2 + g[1]];
}

/** Γ factors of the two integrands on the τ-grid for the contour Re s = c. */
function table(k: number, c: number, step: number, tauMax: number) {
  const count = 2 * Math.round(tauMax / step) + 1;
  const t = { tau: new Float64Array(count), fMod: new Float64Array(count), fArg: new Float64Array(count), nMod: new Float64Array(count), nArg: new Float64Array(count) };
  for (let i = 0; i < count; i++) {
    const tau = (i - (count - 1) / 2) * step;
    const m1 = logAbsMoment([c - 1, tau]);
    const p1 = logAbsMoment([c + 1, tau]);
    t.tau[i] = tau;
    t.fMod[i] = Math.exp(k * m1[0]);
    t.fArg[i] = k * m1[1];
    t.nMod[i] = Math.exp((k - 1) * m1[0] + p1[0]);
    t.nArg[i] = (k - 1) * m1[1] + p1[1];
  }
  return t;
}

/** y ↦ (f(y), n(y)) for y > 0: f the density of |Y|, n(y) = E[z1²; |Y| ∈ dy]/dy, Y a product of k standard normals.
 *  The contour Re s = c is chosen per y among 1/8, …, 16 to minimise the envelope y^{−c} M(c) (the saddle point on
 *  the real axis; this bounds the cancellation in the oscillatory integral); the Γ factors are tabulated once per
 *  contour. The trapezoid step in τ must resolve the distance c to the pole at s = 0. */
export function productDensityMellin(k: number, opts: { step?: number; tauMax?: number } = {}): (y: number) => { f: number; n: number } {
  const step = opts.step ?? 0.01;
  const tauMax = opts.tauMax ?? 200 / k;
  const tables = new Map<number, ReturnType<typeof table>>();
  return (y: number) => {
    const ly = Math.log(y);
    let c = 0.125;
    const envelope = (x: number) => -x * ly + k * logAbsMoment([x - 1, 0])[0];
    for (let x = 0.25; x <= 16; x *= 2) if (envelope(x) < envelope(c)) c = x;
    let t = tables.get(c);
    if (!t) tables.set(c, (t = table(k, c, step, tauMax)));
    let f = 0;
    let n = 0;
    for (let i = 0; i < t.tau.length; i++) {
      // y^{−s} = y^{−c} exp(−iτ log y)
      const ph = -t.tau[i]! * ly;
      f += t.fMod[i]! * Math.cos(ph + t.fArg[i]!);
      n += t.nMod[i]! * Math.cos(ph + t.nArg[i]!);
    }
    const scale = (Math.exp(-c * ly) * step) / (2 * Math.PI);
    return { f: f * scale, n: n * scale };
  };
}
