// The primitive functions of the expression language: their run-time implementations (object `R`, handed to the
// generated code) and, for each unary primitive h, code generators for h(u) and for h, h', h'', h''' at u, which
// the jet generator composes by Faà di Bruno (docs/theory.md (0.6): derivatives of user expressions are exact).
import erfImpl from '@stdlib/math-base-special-erf';
import erfcImpl from '@stdlib/math-base-special-erfc';

const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const SQRT1_2 = Math.SQRT1_2;

/** Logistic sigmoid 1/(1+e^{−u}), evaluated without overflow for either sign of u. */
function sigmoid(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

/** softplus(u) = log(1+e^u) = max(u,0) + log1p(e^{−|u|}) (no overflow, no cancellation). */
function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}

/** Standard normal cdf Φ(u) = erfc(−u/√2)/2 (accurate in both tails). */
function Phi(u: number): number {
  return 0.5 * erfcImpl(-u * SQRT1_2);
}

/** Standard normal density φ(u) = e^{−u²/2}/√(2π). */
function phi(u: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * u * u);
}

/** GELU(u) = u Φ(u) (Hendrycks & Gimpel 2016, exact form). */
function gelu(u: number): number {
  return u * Phi(u);
}

/** Heaviside step 1{u>0}, with H(0) = 1/2 (so that H = (1 + sign)/2). */
function heaviside(u: number): number {
  return u > 0 ? 1 : u < 0 ? 0 : u === 0 ? 0.5 : NaN;
}

/** Probabilists' Hermite polynomial He_k(u) by the three-term recurrence He_{j+1} = u He_j − j He_{j−1}. */
function hermite(k: number, u: number): number {
  if (k === 0) return 1;
  let prev = 1;
  let cur = u;
  for (let j = 1; j < k; j++) {
    const next = u * cur - j * prev;
    prev = cur;
    cur = next;
  }
  return cur;
}

/** Writes He_k, He_{k−1}, He_{k−2}, He_{k−3} at u into out[0..3] (He_j = 0 for j < 0); no allocation. */
function hermiteTail(k: number, u: number, out: Float64Array): void {
  out[0] = out[1] = out[2] = out[3] = 0;
  let prev = 0;
  let cur = 1; // He_0
  for (let j = 0; j <= k; j++) {
    if (j >= k - 3) out[k - j] = cur;
    const next = u * cur - j * prev;
    prev = cur;
    cur = next;
  }
}

/** Run-time helpers referenced by generated code as `R.name`. */
export const R = { erf: erfImpl, erfc: erfcImpl, sigmoid, softplus, Phi, phi, gelu, heaviside, hermite, hermiteTail };

/** Emits `const t = expr;` into the generated code and returns the name t (literals and names pass through). */
export type Bind = (expr: string) => string;

export interface UnaryPrimitive {
  /** Lowest derivative order carrying a Dirac mass when the argument crosses 0 (absent: smooth). */
  diracOrder?: 1 | 2;
  /** JS expression for h(u), u a JS name. */
  value(u: string): string;
  /** JS expressions for h(u), h'(u), h''(u), h'''(u) (a.e. for piecewise h). */
  derivs(u: string, bind: Bind): [string, string, string, string];
}

const Z = '0';

// Each entry: h, and its derivatives written out (checked against closed forms and finite differences in
// test/numerics/expr/expr.test.ts).
export const UNARY: Record<string, UnaryPrimitive> = {
  sqrt: {
    value: (u) => `Math.sqrt(${u})`,
    derivs(u, b) {
      const s = b(`Math.sqrt(${u})`);
      const h1 = b(`0.5/${s}`);
      const h2 = b(`-0.5*${h1}/${u}`);
      return [s, h1, h2, b(`-1.5*${h2}/${u}`)];
    },
  },
  exp: {
    value: (u) => `Math.exp(${u})`,
    derivs(u, b) {
      const e = b(`Math.exp(${u})`);
      return [e, e, e, e];
    },
  },
  log: {
    value: (u) => `Math.log(${u})`,
    derivs(u, b) {
      const r = b(`1/${u}`);
      return [b(`Math.log(${u})`), r, b(`-${r}*${r}`), b(`2*${r}*${r}*${r}`)];
    },
  },
  sin: {
    value: (u) => `Math.sin(${u})`,
    derivs(u, b) {
      const s = b(`Math.sin(${u})`);
      const c = b(`Math.cos(${u})`);
      return [s, c, b(`-${s}`), b(`-${c}`)];
    },
  },
  cos: {
    value: (u) => `Math.cos(${u})`,
    derivs(u, b) {
      const s = b(`Math.sin(${u})`);
      const c = b(`Math.cos(${u})`);
      return [c, b(`-${s}`), b(`-${c}`), s];
    },
  },
  tan: {
    value: (u) => `Math.tan(${u})`,
    derivs(u, b) {
      const t = b(`Math.tan(${u})`);
      const h1 = b(`1+${t}*${t}`);
      const h2 = b(`2*${t}*${h1}`);
      return [t, h1, h2, b(`2*(${h1}*${h1}+${t}*${h2})`)];
    },
  },
  tanh: {
    value: (u) => `Math.tanh(${u})`,
    derivs(u, b) {
      const t = b(`Math.tanh(${u})`);
      const h1 = b(`1-${t}*${t}`);
      const h2 = b(`-2*${t}*${h1}`);
      return [t, h1, h2, b(`-2*(${h1}*${h1}+${t}*${h2})`)];
    },
  },
  sinh: {
    value: (u) => `Math.sinh(${u})`,
    derivs(u, b) {
      const s = b(`Math.sinh(${u})`);
      const c = b(`Math.cosh(${u})`);
      return [s, c, s, c];
    },
  },
  cosh: {
    value: (u) => `Math.cosh(${u})`,
    derivs(u, b) {
      const s = b(`Math.sinh(${u})`);
      const c = b(`Math.cosh(${u})`);
      return [c, s, c, s];
    },
  },
  atan: {
    value: (u) => `Math.atan(${u})`,
    derivs(u, b) {
      const h1 = b(`1/(1+${u}*${u})`);
      return [b(`Math.atan(${u})`), h1, b(`-2*${u}*${h1}*${h1}`), b(`(6*${u}*${u}-2)*${h1}*${h1}*${h1}`)];
    },
  },
  erf: {
    value: (u) => `R.erf(${u})`,
    derivs(u, b) {
      const h1 = b(`${TWO_OVER_SQRT_PI}*Math.exp(-${u}*${u})`);
      return [b(`R.erf(${u})`), h1, b(`-2*${u}*${h1}`), b(`(4*${u}*${u}-2)*${h1}`)];
    },
  },
  erfc: {
    value: (u) => `R.erfc(${u})`,
    derivs(u, b) {
      const h1 = b(`-${TWO_OVER_SQRT_PI}*Math.exp(-${u}*${u})`);
      return [b(`R.erfc(${u})`), h1, b(`-2*${u}*${h1}`), b(`(4*${u}*${u}-2)*${h1}`)];
    },
  },
  Phi: {
    value: (u) => `R.Phi(${u})`,
    derivs(u, b) {
      const p = b(`R.phi(${u})`);
      return [b(`R.Phi(${u})`), p, b(`-${u}*${p}`), b(`(${u}*${u}-1)*${p}`)];
    },
  },
  phi: {
    value: (u) => `R.phi(${u})`,
    derivs(u, b) {
      const p = b(`R.phi(${u})`);
      return [p, b(`-${u}*${p}`), b(`(${u}*${u}-1)*${p}`), b(`(3-${u}*${u})*${u}*${p}`)];
    },
  },
  gelu: {
    value: (u) => `R.gelu(${u})`,
    derivs(u, b) {
      const P = b(`R.Phi(${u})`);
      const p = b(`R.phi(${u})`);
      return [b(`${u}*${P}`), b(`${P}+${u}*${p}`), b(`(2-${u}*${u})*${p}`), b(`(${u}*${u}-4)*${u}*${p}`)];
    },
  },
  sigmoid: {
    value: (u) => `R.sigmoid(${u})`,
    derivs(u, b) {
      const s = b(`R.sigmoid(${u})`);
      const sm = b(`R.sigmoid(-${u})`);
      const h1 = b(`${s}*${sm}`);
      return [s, h1, b(`${h1}*(${sm}-${s})`), b(`${h1}*(1-6*${h1})`)];
    },
  },
  softplus: {
    value: (u) => `R.softplus(${u})`,
    derivs(u, b) {
      const s = b(`R.sigmoid(${u})`);
      const sm = b(`R.sigmoid(-${u})`);
      const h2 = b(`${s}*${sm}`);
      return [b(`R.softplus(${u})`), s, h2, b(`${h2}*(${sm}-${s})`)];
    },
  },
  abs: {
    diracOrder: 2,
    value: (u) => `Math.abs(${u})`,
    derivs: (u, b) => [b(`Math.abs(${u})`), b(`Math.sign(${u})`), Z, Z],
  },
  relu: {
    diracOrder: 2,
    value: (u) => `Math.max(${u},0)`,
    derivs: (u, b) => [b(`Math.max(${u},0)`), b(`(${u}>0?1:0)`), Z, Z],
  },
  sign: {
    diracOrder: 1,
    value: (u) => `Math.sign(${u})`,
    derivs: (u, b) => [b(`Math.sign(${u})`), Z, Z, Z],
  },
  heaviside: {
    diracOrder: 1,
    value: (u) => `R.heaviside(${u})`,
    derivs: (u, b) => [b(`R.heaviside(${u})`), Z, Z, Z],
  },
};

/** Functions with their own code paths: min/max (binary or n-ary), clip(x, a, b), He(k, x). */
export const SPECIAL_ARITY: Record<string, { min: number; max: number; diracOrder?: 1 | 2 }> = {
  min: { min: 2, max: Infinity, diracOrder: 2 },
  max: { min: 2, max: Infinity, diracOrder: 2 },
  clip: { min: 3, max: 3, diracOrder: 2 },
  He: { min: 2, max: 2 },
};

/** All function names of the expression language, sorted (used in error messages). */
export const KNOWN_FUNCTIONS: readonly string[] = [...Object.keys(UNARY), ...Object.keys(SPECIAL_ARITY)].sort((a, b) =>
  a.toLowerCase().localeCompare(b.toLowerCase()),
);

/** Named constants of the expression language. */
export const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
