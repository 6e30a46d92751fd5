// A Law is a discrete representation (quadrature atoms or an empirical sample) of the joint law of the
// per-sample variables of docs/theory.md §1–§3: E[f] ≈ Σ_i weights[i] f(columns[·][i]).
// Column conventions: T (the weight), z (single latent coordinate) or z1..zk (multi-index), xi (label noise).

import { UsageError } from '../core/errors.js';
import { compileExpr, substitute, type CompiledFn } from '../numerics/expr/compile.js';
import type { Target } from './formulas.js';
import { piecewiseGaussianRule } from '../numerics/quadrature/piecewise.js';
import { findBreaks } from '../numerics/quadrature/breaks.js';
import { gaussianAtoms } from '../numerics/quadrature/atoms.js';
import { tailSupremum, type TailSupremum } from '../numerics/tailSupremum.js';

export interface Law {
  size: number;
  weights: Float64Array;
  columns: Record<string, Float64Array>;
  /** e.g. "kink-aware gaussian atoms over (z, xi)" or "empirical". */
  origin: string;
  /** Quadrature order (nodes per panel / per axis); 0 for empirical laws. */
  order: number;
  /** Name of the quadrature rule. */
  rule?: string;
  /** |difference| of a reference functional between this order and a lower one (see the builder). */
  errorEstimate?: number;
  /** Warnings collected while building the law (e.g. unbounded weight). */
  warnings?: string[];
  /** Suprema of T and of −T approached as |v| → ∞ (quadrature laws built from an expression; see
   *  src/numerics/tailSupremum.ts): the outlier equations take τ = max(largest T over the atoms, this). */
  tail?: { upper: TailSupremum; lower: TailSupremum };
}

/** The named column, or an error naming what is available. */
export function column(law: Law, name: string): Float64Array {
  const c = law.columns[name];
  if (!c) throw new Error(`law has no column "${name}" (columns: ${Object.keys(law.columns).join(', ')})`);
  return c;
}

/** Names of the latent columns: ['z'] for a single-index law, ['z1', …, 'zk'] for a multi-index one. */
export function latentNames(law: Law): string[] {
  if (law.columns['z']) return ['z'];
  const names: string[] = [];
  for (let j = 1; law.columns[`z${j}`]; j++) names.push(`z${j}`);
  if (names.length === 0) throw new Error(`law has no latent column z or z1 (columns: ${Object.keys(law.columns).join(', ')})`);
  return names;
}

/** E[f] = Σ w_i f(i) over the law's atoms. */
export function expectation(law: Law, f: (i: number) => number): number {
  let s = 0;
  const w = law.weights;
  for (let i = 0; i < law.size; i++) s += w[i]! * f(i);
  return s;
}

/** The same law with column T replaced by −T (lower spectral side, docs/theory.md (1.9)). */
export function negateWeight(law: Law): Law {
  const T = column(law, 'T');
  const neg = new Float64Array(T.length);
  for (let i = 0; i < T.length; i++) neg[i] = -T[i]!;
  return { ...law, columns: { ...law.columns, T: neg }, ...(law.tail ? { tail: { upper: law.tail.lower, lower: law.tail.upper } } : {}) };
}

/** An empirical law: equal weights 1/n on the given samples (e.g. a simulated (z_i, T_i) sample). */
export function empiricalLaw(columns: Record<string, Float64Array>, origin = 'empirical'): Law {
  const sizes = Object.values(columns).map((c) => c.length);
  const n = sizes[0] ?? 0;
  if (n === 0 || sizes.some((s) => s !== n)) throw new Error(`empiricalLaw: columns must be non-empty and of equal length, got ${sizes.join(', ')}`);
  return { size: n, weights: new Float64Array(n).fill(1 / n), columns, origin, order: 0 };
}

// ---- Builder for docs/theory.md §1 ----
// The quadrature Law of (z or z1..zk, xi) and T = T(g(z) + σξ) for docs/theory.md §1 (docs/theory.md §0: kink-aware integration).
// The weight is composed with the target at the expression level (substitute y ↦ g(z) + σ·xi, then compileExpr),
// so the switches of the composed function locate every kink of T as a function of the Gaussian variables (e.g.
// z² = 3 for T = min(y,3) − 1, y = z²) and the atoms split there: one variable — composite Gauss–Legendre on the
// Gaussian density split at the kinks (piecewiseGaussianRule); several — gaussianAtoms (outer Gauss–Hermite,
// innermost variable kink-aware; the noise ξ, when present, is innermost).
/** Half-width L of the quadrature domain |v| ≤ L of the piecewise rules (the Gaussian mass beyond is 1.5e−23). */
const CUTOFF = 10;

export interface SpectralLawOptions {
  /** Label noise σ: y = g(z) + σξ (default 0). */
  noise?: number;
  /** Nodes per panel (one variable) or Gauss–Hermite order of the outer variables (default 20 / gaussianAtoms'). */
  order?: number;
}

/** The composed weight T(g(z) + σ·xi) as a compiled function of the latent variables (and xi). */
export function composedWeight(target: Target, weight: CompiledFn, noise: number): CompiledFn {
  const latent = target.fn.vars;
  const y = noise > 0 ? `(${target.fn.source}) + ${noise} * xi` : target.fn.source;
  const vars = noise > 0 ? [...latent, 'xi'] : [...latent];
  return compileExpr(substitute(weight.source, { y }, '--weight'), vars, '--weight', 'min(y, 3) - 1');
}

/** Law with columns T, y, the latent columns (z or z1..zk) and xi (if noisy), by kink-aware Gaussian quadrature. */
export function buildSpectralLaw(target: Target, weight: CompiledFn, opts: SpectralLawOptions = {}): Law {
  const noise = opts.noise ?? 0;
  if (!(noise >= 0 && Number.isFinite(noise))) throw new UsageError('--noise', `must be a finite number ≥ 0, got ${noise}`, '0.5');
  const T = composedWeight(target, weight, noise);
  const dim = T.vars.length;
  const yFn = noise > 0 ? compileExpr(`(${target.fn.source}) + ${noise} * xi`, T.vars, '--target') : target.fn;
  let points: Float64Array;
  let weights: Float64Array;
  let rule: string;
  let order: number;
  if (dim === 1) {
    const arg = new Float64Array(1);
    const breaks = findBreaks(
      T.switches.map((s) => (x: number) => {
        arg[0] = x;
        return s(arg);
      }),
    );
    order = opts.order ?? 20;
    const r = piecewiseGaussianRule(breaks, { nodesPerPanel: order, maxPanelWidth: 1, cutoff: CUTOFF });
    points = r.nodes;
    weights = r.weights;
    rule = `piecewise Gauss–Legendre (${order}/panel, width ≤ 1, L = 10) split at ${breaks.length} kink(s)${breaks.length ? ` z = ${breaks.map((b) => b.toPrecision(6)).join(', ')}` : ''}`;
  } else if (dim === 2 && noise > 0) {
    order = opts.order ?? 10;
    const r = noisyPlaneAtoms(target.fn, T, order);
    points = r.points;
    weights = r.weights;
    rule = r.rule;
  } else {
    const at = gaussianAtoms(dim, { switches: T.switches, ...(opts.order !== undefined ? { order: opts.order } : {}) });
    points = at.points;
    weights = at.weights;
    rule = at.rule;
    order = at.order;
  }
  const size = weights.length;
  const columns: Record<string, Float64Array> = { T: new Float64Array(size), y: new Float64Array(size) };
  for (const v of T.vars) columns[v] = new Float64Array(size);
  const arg = new Float64Array(dim);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < dim; j++) {
      arg[j] = points[i * dim + j]!;
      columns[T.vars[j]!]![i] = arg[j]!;
    }
    columns['T']![i] = T.value(arg);
    columns['y']![i] = yFn.value(arg);
  }
  assertFiniteColumns(target, columns, T.vars);
  const tail = { upper: tailSupremum(T, 1, CUTOFF), lower: tailSupremum(T, -1, CUTOFF) };
  return { size, weights, columns, origin: `kink-aware Gaussian atoms over (${T.vars.join(', ')}) for T = ${T.source}`, order, rule, tail };
}

/** The outlier equations need y = g(z) (+ σξ) and T finite at every atom: a value that overflows double precision
 *  (e.g. exp(exp(z)) for z > 6.6) is bad input, reported with the first such atom and naming --target or --weight. */
function assertFiniteColumns(target: Target, columns: Record<string, Float64Array>, vars: readonly string[]): void {
  const y = columns['y']!;
  const T = columns['T']!;
  const latent = target.fn.vars;
  const arg = new Float64Array(latent.length);
  const at = (i: number, names: readonly string[]) => names.map((v) => `${v} = ${columns[v]![i]!.toPrecision(6)}`).join(', ');
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) {
      for (let j = 0; j < latent.length; j++) arg[j] = columns[latent[j]!]![i]!;
      throw new UsageError(
        '--target',
        `is not finite in double precision at ${at(i, latent)} (g = ${target.fn.value(arg)}); the target must be finite on the Gaussian quadrature domain (|z| ≤ 10)`,
        'z^2',
      );
    }
    if (!Number.isFinite(T[i]!))
      throw new UsageError('--weight', `T(y) is not finite at y = ${y[i]!.toPrecision(6)} (${at(i, vars)}; T = ${T[i]}); the weight must be finite wherever the labels y fall`, 'min(y,3)-1');
  }
}

/** Atoms over (z, ξ) for a noisy single-index law: both coordinates by composite Gauss–Legendre on the Gaussian
 *  density (outer z: panels ≤ 1/2 split at the kinks of g; inner ξ: panels ≤ 1 split at the kinks of T along
 *  each line), so that the law of T near its supremum — where the outlier equations are nearly singular — is
 *  resolved in both directions (a Gauss–Hermite outer rule converges only slowly there). */
function noisyPlaneAtoms(g: CompiledFn, T: CompiledFn, order: number): { points: Float64Array; weights: Float64Array; rule: string } {
  const a1 = new Float64Array(1);
  const zBreaks = findBreaks(
    g.switches.map((s) => (z: number) => {
      a1[0] = z;
      return s(a1);
    }),
  );
  const outer = piecewiseGaussianRule(zBreaks, { nodesPerPanel: order, maxPanelWidth: 0.5, cutoff: 10 });
  const a2 = new Float64Array(2);
  let z = 0;
  const restricted = T.switches.map((s) => (xi: number) => {
    a2[0] = z;
    a2[1] = xi;
    return s(a2);
  });
  const inner = Array.from(outer.nodes, (zi) => {
    z = zi;
    return piecewiseGaussianRule(restricted.length ? findBreaks(restricted, { grid: 1000 }) : [], { nodesPerPanel: order, maxPanelWidth: 1, cutoff: 10 });
  });
  const size = inner.reduce((m, r) => m + r.nodes.length, 0);
  const points = new Float64Array(2 * size);
  const weights = new Float64Array(size);
  let p = 0;
  for (let i = 0; i < inner.length; i++) {
    const r = inner[i]!;
    for (let j = 0; j < r.nodes.length; j++, p++) {
      points[2 * p] = outer.nodes[i]!;
      points[2 * p + 1] = r.nodes[j]!;
      weights[p] = outer.weights[i]! * r.weights[j]!;
    }
  }
  return {
    points,
    weights,
    rule: `piecewise Gauss–Legendre (${order}/panel) in z (width ≤ 1/2) × in ξ (width ≤ 1, split at the kinks of T per line)`,
  };
}

/** docs/theory.md (1.1) needs τ = sup T < ∞ on the side used (sup of −T for the lower side). Returns a problem description
 *  if T grows without bound along the coordinate axes and diagonals (|z| = 80, 160, 320; ξ = 0 and ±8), else null.
 *  Throws a UsageError naming --target (or --weight) if the target (or T) is NaN at one of those points. */
export function unboundedSide(target: Target, weight: CompiledFn, noise: number, side: 'upper' | 'lower'): string | null {
  const T = composedWeight(target, weight, noise);
  const dim = T.vars.length;
  const k = target.k;
  const sgn = side === 'upper' ? 1 : -1;
  const dirs: number[][] = [];
  for (let j = 0; j < k; j++) for (const s of [1, -1]) dirs.push(Array.from({ length: k }, (_, i) => (i === j ? s : 0)));
  if (k > 1) for (const s of [1, -1]) dirs.push(Array.from({ length: k }, (_, i) => (i === 0 ? s : 1) / Math.sqrt(k)));
  const xis = noise > 0 ? [0, 8, -8] : [0];
  const arg = new Float64Array(dim);
  for (const d of dirs)
    for (const xi of xis) {
      const at = (r: number) => {
        for (let j = 0; j < k; j++) arg[j] = r * d[j]!;
        if (noise > 0) arg[dim - 1] = xi;
        const v = sgn * T.value(arg);
        if (Number.isNaN(v) && r <= 20) throw notANumber(target, arg);
        return v;
      };
      [8, 12, 20].forEach(at);
      // Growth at |z| = 80, 160, 320 (far enough that a bounded T has saturated, e.g. min(y,3) − 1 with y = z² − 8σ).
      const [a, b, c] = [at(80), at(160), at(320)];
      if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c)) continue;
      if (!Number.isFinite(c) || (c > b && b > a && c - b >= 0.9 * (b - a) && c > 1e-6 * (1 + Math.abs(a)) + a)) {
        return `is unbounded ${side === 'upper' ? 'above' : 'below'} (T(g(z)) grows without bound as |z| → ∞, e.g. ${(sgn * a).toPrecision(4)}, ${(sgn * b).toPrecision(4)}, ${(sgn * c).toPrecision(4)} at |z| = 80, 160, 320), but docs/theory.md §1 needs sup ${side === 'upper' ? 'T' : '(−T)'} < ∞ on the ${side} side`;
      }
    }
  return null;
}

/** The UsageError for T(g(z) + σξ) = NaN at `arg` (latent coordinates, then ξ): blames the target if g is not
 *  finite there, else the weight. */
function notANumber(target: Target, arg: Float64Array): UsageError {
  const names = target.fn.vars;
  const where = names.map((v, j) => `${v} = ${arg[j]!}`).join(', ');
  const g = target.fn.value(arg.subarray(0, names.length));
  if (!Number.isFinite(g)) return new UsageError('--target', `is not finite at ${where} (g = ${g}); it must be finite on the Gaussian domain (|z| ≤ 10 and beyond, where the weight's growth is checked)`, 'z^2');
  return new UsageError('--weight', `T(y) is NaN at ${where} (y = g(z) = ${g.toPrecision(6)}${arg.length > names.length ? ` + σξ, ξ = ${arg[names.length]}` : ''}); the weight must be defined for every real label`, 'min(y,3)-1');
}
