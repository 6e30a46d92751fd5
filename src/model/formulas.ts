// NAME-or-EXPR resolution of the four user-supplied functions: activation σ(x), loss ℓ(y, f), target y = g(z) or
// g(z1..zk), spectral weight T(y) (docs/theory.md §0). A NAME is looked up in the catalogue formulas/*.json; anything
// else is compiled as an expression in the role's variables.
import activationsJson from '../../formulas/activations.json' with { type: 'json' };
import lossesJson from '../../formulas/losses.json' with { type: 'json' };
import targetsJson from '../../formulas/targets.json' with { type: 'json' };
import weightsJson from '../../formulas/weights.json' with { type: 'json' };
import { UsageError } from '../core/errors.js';
import { compileExpr, symbolsOf, type CompiledFn } from '../numerics/expr/index.js';

/** Fields shared by all catalogue entries. `equations` lists the docs/theory.md sections that use the entry. */
export interface CatalogueEntry {
  name: string;
  expr: string;
  vars: string[];
  description: string;
  equations: string[];
}
export interface ActivationEntry extends CatalogueEntry {
  smoothness: 'smooth' | 'piecewise';
  /** Lowest derivative order carrying a Dirac mass; null = smooth (∞). 2: σ'' is a Dirac mass. */
  diracOrder: number | null;
  /** Parity under x → −x. */
  parity: 'even' | 'odd' | 'none';
  /** k ≤ 4 with Hermite coefficient c_k(σ) = 0 (docs/theory.md (7.3): spike k exists only if c_k(σ) ≠ 0). */
  vanishingHermite: number[];
}
export interface LossEntry extends CatalogueEntry {
  smoothness: 'smooth' | 'piecewise';
  /** Lowest derivative order in f carrying a Dirac mass; null = smooth (∞). */
  diracOrder: number | null;
  binaryLabels: boolean;
}
export interface TargetEntry extends CatalogueEntry {
  k: number;
  /** Parity under z → −z. */
  parity: 'even' | 'odd' | 'none';
  discrete: boolean;
  /** Reference values stated in docs/theory.md, for tests of other modules. */
  reference?: { delta_alg: number; source: string };
}
export interface WeightEntry extends CatalogueEntry {
  /** sup_y T(y) (τ in docs/theory.md §1); null if unbounded. */
  sup: number | null;
}

export const catalogue = {
  activations: activationsJson as ActivationEntry[],
  losses: lossesJson as LossEntry[],
  targets: targetsJson as TargetEntry[],
  weights: weightsJson as WeightEntry[],
} as const;

export interface Activation {
  name: string;
  fn: CompiledFn /* vars ['x'] */;
}
export interface Loss {
  name: string;
  fn: CompiledFn /* vars ['y','f'] */;
  binaryLabels: boolean;
}
export interface Target {
  name: string;
  k: number;
  fn: CompiledFn /* vars ['z'] or ['z1',…,'zk'] */;
  discrete: boolean;
  /** Set when a latent coordinate below k does not appear (e.g. z1*z3: k = 3, z2 unused). */
  note?: string;
}

const MAX_LATENT = 3;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Compiles a catalogue entry. Its diracOrder is the catalogue's (checked numerically in test/model/formulas.test.ts):
 *  the compiler's rule is a lower bound that misses cancellations such as the Huber loss's. */
function compileEntry(entry: CatalogueEntry & { diracOrder?: number | null }, argument: string): CompiledFn {
  const fn = compileExpr(entry.expr, entry.vars, argument, entry.name);
  return entry.diracOrder === undefined ? fn : { ...fn, diracOrder: entry.diracOrder ?? Infinity };
}

/** A bare name that is neither in the catalogue nor a variable: say what the catalogue holds. */
function rejectUnknownName(
  spec: string,
  vars: readonly string[],
  entries: CatalogueEntry[],
  role: string,
  argument: string,
  exprExample: string,
): void {
  if (!NAME.test(spec) || vars.includes(spec)) return;
  throw new UsageError(
    argument,
    `unknown ${role} "${spec}"; catalogue: ${entries.map((e) => e.name).join(', ')}; or give an expression in ${vars.join(', ')}, e.g. ${exprExample}`,
    entries[0]!.name,
  );
}

/** σ(x): catalogue name (relu, gelu, …) or an expression in x (docs/theory.md §4–§9). */
export function resolveActivation(spec: string, argument = '--act'): Activation {
  const s = spec.trim();
  const entry = catalogue.activations.find((e) => e.name === s);
  if (entry) return { name: entry.name, fn: compileEntry(entry, argument) };
  rejectUnknownName(s, ['x'], catalogue.activations, 'activation', argument, 'tanh(2*x)');
  return { name: s, fn: compileExpr(s, ['x'], argument, 'tanh(2*x)') };
}

/** ℓ(y, f), y the label and f the prediction: catalogue name (square, logistic, huber) or an expression (docs/theory.md §4). */
export function resolveLoss(spec: string, argument = '--loss'): Loss {
  const s = spec.trim();
  const entry = catalogue.losses.find((e) => e.name === s);
  if (entry) return { name: entry.name, fn: compileEntry(entry, argument), binaryLabels: entry.binaryLabels };
  rejectUnknownName(s, ['y', 'f'], catalogue.losses, 'loss', argument, '(y - f)^2/2');
  return { name: s, fn: compileExpr(s, ['y', 'f'], argument, '(y - f)^2/2'), binaryLabels: false };
}

/** y = g(z) (single index) or g(z1..zk), k ≤ 3 (multi-index): catalogue name or expression (docs/theory.md §0–§3).
 *  k is the largest latent index used; mixing z with z1.. is rejected. */
export function resolveTarget(spec: string, argument = '--target', opts: { allowConstant?: boolean } = {}): Target {
  const s = spec.trim();
  const entry = catalogue.targets.find((e) => e.name === s);
  if (entry) return { name: entry.name, k: entry.k, fn: compileEntry(entry, argument), discrete: entry.discrete };
  const example = 'z1 * z2';
  if (!/^z[0-9]*$/.test(s)) rejectUnknownName(s, ['z', 'z1..z3'], catalogue.targets, 'target', argument, 'tanh(z^2)');
  const fail = (problem: string): never => {
    throw new UsageError(argument, problem, example);
  };
  const names = symbolsOf(s, argument, example);
  const indices: number[] = [];
  for (const n of names) {
    if (n === 'z') continue;
    const m = /^z([1-9][0-9]*)$/.exec(n);
    if (!m) fail(`unknown variable "${n}"; allowed: z (single index) or z1, z2, z3 (multi-index)`);
    const i = Number(m![1]);
    if (i > MAX_LATENT) fail(`at most ${MAX_LATENT} latent coordinates are supported (k ≤ ${MAX_LATENT}), got ${n}`);
    indices.push(i);
  }
  const single = names.includes('z');
  if (single && indices.length > 0)
    fail(`mixes z with z${indices[0]}: use z for a single-index target or z1..z${MAX_LATENT} for a multi-index target`);
  if (!single && indices.length === 0) fail(`the target must depend on z (or on z1..z${MAX_LATENT})`);
  const k = single ? 1 : Math.max(...indices);
  const vars = single ? ['z'] : Array.from({ length: k }, (_, i) => `z${i + 1}`);
  const fn = compileExpr(s, vars, argument, example);
  assertRealNonConstant(fn, argument, opts.allowConstant ?? false);
  const missing = vars.filter((v) => !names.includes(v));
  const note =
    missing.length > 0
      ? `${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not appear: the target is constant along ${missing.length === 1 ? 'it' : 'them'}, k = ${k} counts ${missing.length === 1 ? 'it' : 'them'} anyway`
      : undefined;
  return { name: s, k, fn, discrete: fn.piecewiseConstant === true, ...(note ? { note } : {}) };
}

/** Spectral preprocessing T(y): catalogue name (truncated, tanh, identity) or an expression in y (docs/theory.md §1–§2). */
export function resolveWeight(spec: string, argument = '--weight'): CompiledFn {
  const s = spec.trim();
  const entry = catalogue.weights.find((e) => e.name === s);
  if (entry) return compileEntry(entry, argument);
  rejectUnknownName(s, ['y'], catalogue.weights, 'weight', argument, 'min(y, 3) - 1');
  return compileExpr(s, ['y'], argument, 'min(y, 3) - 1');
}

/** A target must be a real function of z that is not constant: evaluated on a grid over [−10, 10]^k (midpoints,
 *  so removable singularities at 0 such as sin(z)/z are not hit), NaN anywhere or one value everywhere is bad input
 *  (`z - z`, `(z)^0` pass the syntactic "depends on z" test but carry no information). `allowConstant`: models where
 *  y ≡ c is meaningful (the DMFT of GD on pure noise). */
function assertRealNonConstant(fn: CompiledFn, argument: string, allowConstant: boolean): void {
  const k = fn.vars.length;
  const per = k === 1 ? 400 : k === 2 ? 40 : 16;
  const arg = new Float64Array(k);
  let lo = Infinity;
  let hi = -Infinity;
  const total = per ** k;
  for (let c = 0; c < total; c++) {
    let r = c;
    for (let j = 0; j < k; j++) {
      arg[j] = -10 + ((r % per) + 0.5) * (20 / per);
      r = Math.floor(r / per);
    }
    const v = fn.value(arg);
    if (Number.isNaN(v)) {
      const at = fn.vars.map((n, j) => `${n} = ${arg[j]!.toPrecision(4)}`).join(', ');
      throw new UsageError(argument, `is not a number (NaN) at ${at}: the target must be a real function defined for every real z`, 'tanh(z^2)');
    }
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!(hi >= lo)) throw new UsageError(argument, 'is not finite anywhere on [−10, 10]', 'tanh(z^2)');
  if (hi === lo && !allowConstant) throw new UsageError(argument, `does not depend on z: it equals ${lo} everywhere`, 'tanh(z^2)');
}

/** A loss for ±1 labels (logistic) needs a target with values in {−1, +1} (e.g. sign(z1*z2)); checked on the grid of
 *  assertRealNonConstant (the zero set of a sign target has measure zero and is skipped). */
export function assertBinaryLabels(target: Target, loss: Loss): void {
  if (!loss.binaryLabels) return;
  const k = target.fn.vars.length;
  const per = k === 1 ? 400 : k === 2 ? 40 : 16;
  const arg = new Float64Array(k);
  for (let c = 0; c < per ** k; c++) {
    let r = c;
    for (let j = 0; j < k; j++) {
      arg[j] = -10 + ((r % per) + 0.5) * (20 / per);
      r = Math.floor(r / per);
    }
    const v = target.fn.value(arg);
    if (v !== 1 && v !== -1 && v !== 0) {
      const at = target.fn.vars.map((n, j) => `${n} = ${arg[j]!.toPrecision(4)}`).join(', ');
      throw new UsageError('--target', `ℓ = ${loss.name} needs labels y ∈ {−1, +1}, but y = ${v} at ${at}`, 'sign(z1*z2)');
    }
  }
}
