// Points where a function of one variable blows up (|f| → ∞ at a finite x*, e.g. 1/x, log|x|, 1/√|x|) on [−L, L],
// with the growth exponent p in |f(x* + h)| ~ |h|^{−p} (p = 0 for a logarithm). A Gaussian integral of f exists
// only if p < 1; a rule that does not know the singularity converges slowly or to a wrong value even then.
// Candidates: grid cells where f changes sign (bisected on the sign: a pole, unlike a zero, keeps |f| large at the
// bracket), and grid local maxima of |f| (maximised by golden section), kept when |f| keeps growing as the distance
// to x* shrinks 10⁻⁴ → 10⁻⁶ → 10⁻⁸ (relative); the exponent comes from the last two.

export interface Pole {
  x: number;
  /** Growth exponent p: |f(x* + h)| ≈ C|h|^{−p}. */
  exponent: number;
}

/** |f| must grow by this factor at each step 10⁻⁴ → 10⁻⁶ → 10⁻⁸ of the distance to x* (log|x| grows by ~1.3). */
const GROWTH = 1.05;

function bisectSign(f: (x: number) => number, a: number, b: number): number {
  let fa = f(a);
  for (let k = 0; k < 200 && b - a > 4 * Number.EPSILON * Math.max(1, Math.abs(a)); k++) {
    const m = 0.5 * (a + b);
    const fm = f(m);
    if (fm === 0) return m;
    if (fm > 0 === fa > 0) {
      a = m;
      fa = fm;
    } else b = m;
  }
  return 0.5 * (a + b);
}

function maximiseAbs(f: (x: number) => number, a: number, b: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  for (let k = 0; k < 200 && b - a > 4 * Number.EPSILON * Math.max(1, Math.abs(a)); k++) {
    if (Math.abs(f(c)) > Math.abs(f(d))) b = d;
    else a = c;
    c = b - g * (b - a);
    d = a + g * (b - a);
  }
  return 0.5 * (a + b);
}

/** |f| at distance h·max(1, |x|) on both sides of x (the larger; non-finite counts as +∞). */
function sideValue(f: (x: number) => number, x: number, h: number): number {
  const s = h * Math.max(1, Math.abs(x));
  const v = Math.max(Math.abs(f(x - s)), Math.abs(f(x + s)));
  return Number.isNaN(v) ? Infinity : v;
}

/** The singularities of f on [−L, L] (see the file comment), from a grid of `grid` cells (midpoints, so x = 0 is
 *  not a grid point). */
export function findPoles(f: (x: number) => number, opts: { cutoff?: number; grid?: number } = {}): Pole[] {
  const L = opts.cutoff ?? 10;
  const n = opts.grid ?? 4000;
  const t = (i: number) => -L + ((i + 0.5) * 2 * L) / n;
  const v = Array.from({ length: n }, (_, i) => f(t(i)));
  const poles: Pole[] = [];
  const consider = (x: number) => {
    const [f1, f2, f3] = [sideValue(f, x, 1e-4), sideValue(f, x, 1e-6), sideValue(f, x, 1e-8)];
    if (!(f2 > GROWTH * f1 && f3 > GROWTH * f2) && !(f3 === Infinity)) return;
    const exponent = Number.isFinite(f3) ? Math.log(f3 / f2) / Math.log(100) : Infinity;
    if (poles.every((p) => Math.abs(p.x - x) > 1e-6 * Math.max(1, Math.abs(x)))) poles.push({ x, exponent });
  };
  for (let i = 0; i + 1 < n; i++) {
    const a = v[i]!;
    const b = v[i + 1]!;
    if (Number.isFinite(a) && Number.isFinite(b) && a !== 0 && b !== 0 && a > 0 !== b > 0) consider(bisectSign(f, t(i), t(i + 1)));
    if (i > 0 && Math.abs(a) > Math.abs(v[i - 1]!) && Math.abs(a) >= Math.abs(b) && Number.isFinite(a)) consider(maximiseAbs(f, t(i - 1), t(i + 1)));
  }
  return poles.sort((p, q) => p.x - q.x);
}
