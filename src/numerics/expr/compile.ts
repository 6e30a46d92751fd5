// Compilation of user expressions (activations σ, losses ℓ, targets g, weights T) to fast JavaScript.
//
// Derivatives are computed by Taylor-mode forward automatic differentiation on generated code (codegen.ts) and
// tested against closed forms and finite differences (test/numerics/expr/expr.test.ts). nerdamer is deliberately not used: it is
// known to return wrong symbolic derivatives. mathjs is used only to parse and to print LaTeX, never at run time.
//
// Smoothness rule (docs/theory.md §0): abs, relu, min, max, clip have a kink (their second derivative carries a Dirac
// mass: order 2); sign and heaviside jump (order 1). The diracOrder of an expression is the minimum over the
// non-smooth primitives it contains (after constant folding). This is exact when each switch function crosses 0
// transversally and nothing cancels; otherwise the true order can only be higher (e.g. relu(x)^2 is C¹, and the
// two kinks of the Huber loss cancel), so it is a safe lower bound. Singularities of sqrt, log, ^ at the edge of
// their domain are not counted.
import { ParenthesisNode } from './mathjs.js';
import type { MathNode, SymbolNode } from 'mathjs';
import { buildJet, buildValue } from './codegen.js';
import { dependsOn, isPiecewiseConstant, nonSmoothNodes, primitiveDiracOrder, switchesOf } from './ir.js';
import { toLatex } from './latex.js';
import { parseExpression, toIr, type Origin } from './parse.js';

export interface CompiledFn {
  source: string; // the expression as given
  vars: readonly string[]; // argument order
  value(args: ArrayLike<number>): number; // fast path, generated JS
  /** f and its first three a.e. partial derivatives w.r.t. vars[wrt]: out[0..3]. */
  jet(args: ArrayLike<number>, wrt: number, out: Float64Array): void;
  /** 'smooth', or 'piecewise' if it contains abs, relu, sign, heaviside, min, max, clip. */
  smoothness: 'smooth' | 'piecewise';
  /** Lowest derivative order that carries a Dirac mass (relu, abs: 2; sign, heaviside: 1; smooth: Infinity). */
  diracOrder: number;
  /** Functions of the same args whose zero sets contain every kink/jump (arguments of abs/relu/sign…, a−b for min/max). */
  switches: ReadonlyArray<(args: ArrayLike<number>) => number>;
  latex: string;
  /** True if the function takes finitely many values: every variable enters only through sign/heaviside. */
  piecewiseConstant?: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function defaultExample(vars: readonly string[]): string {
  return vars.length === 0 ? '1' : `tanh(${vars.join(' + ')})`;
}

/** Compiles `src` as a function of `vars` (in that order): value, third-order jets, smoothness, switches, LaTeX.
 *  Bad input → UsageError(argument, problem, example). */
export function compileExpr(src: string, vars: readonly string[], argument: string, example?: string): CompiledFn {
  if (new Set(vars).size !== vars.length || !vars.every((v) => IDENT.test(v)))
    throw new Error(`compileExpr: variable names must be distinct identifiers, got [${vars.join(', ')}]`);
  const origin: Origin = { argument, example: example ?? defaultExample(vars) };
  const node = parseExpression(src, origin);
  const ir = toIr(node, vars, origin);
  const n = vars.length;

  const value = buildValue(ir, n);
  const jets = vars.map((_, i) => buildJet(ir, n, i));
  const kinks = nonSmoothNodes(ir);
  const switchSources = new Set<string>();
  const switches: Array<(args: ArrayLike<number>) => number> = [];
  for (const s of kinks.flatMap(switchesOf)) {
    const f = buildValue(s, n);
    const key = f.toString();
    if (dependsOn(s, -1) && !switchSources.has(key)) {
      switchSources.add(key);
      switches.push(f);
    }
  }

  return {
    source: src,
    vars: [...vars],
    value,
    jet(args, wrt, out) {
      const j = jets[wrt];
      if (j === undefined) throw new RangeError(`jet: wrt must be an index in 0..${n - 1}, got ${wrt}`);
      j(args, out);
    },
    smoothness: kinks.length > 0 ? 'piecewise' : 'smooth',
    diracOrder: kinks.reduce((m, k) => Math.min(m, primitiveDiracOrder(k)), Infinity),
    switches,
    latex: toLatex(node),
    piecewiseConstant: isPiecewiseConstant(ir),
  };
}

/** Names used as variables in `src` (not as functions or the constants pi, e), in order of first appearance. */
export function symbolsOf(src: string, argument: string, example: string): string[] {
  const names: string[] = [];
  parseExpression(src, { argument, example }).traverse((node: MathNode, path: string, parent: MathNode | null) => {
    if (node.type !== 'SymbolNode' || (parent?.type === 'FunctionNode' && path === 'fn')) return;
    const name = (node as SymbolNode).name;
    if (name !== 'pi' && name !== 'e' && !names.includes(name)) names.push(name);
  });
  return names;
}

/** Substitutes expressions for variables at the AST level, each replacement parenthesised; e.g.
 *  substitute('min(y,3)-1', {y: 'z^2'}) = 'min((z ^ 2), 3) - 1'. Replacements are simultaneous. */
export function substitute(src: string, replacements: Record<string, string>, argument = 'expression'): string {
  const origin = { argument, example: 'min(y, 3) - 1' };
  const parsed = new Map(Object.entries(replacements).map(([k, v]) => [k, parseExpression(v, origin)]));
  return parseExpression(src, origin)
    .transform((node: MathNode, path: string, parent: MathNode | null) => {
      if (node.type !== 'SymbolNode' || (parent?.type === 'FunctionNode' && path === 'fn')) return node;
      const r = parsed.get((node as SymbolNode).name);
      return r ? new ParenthesisNode(r.cloneDeep()) : node;
    })
    .toString();
}
