// Parsing (mathjs `parse`) and validation of an expression, and its translation to the IR. Subtrees without
// variables are folded to constants here, so the generated code and the smoothness analysis only see what varies.
import { parse } from './mathjs.js';
import type { ConstantNode, FunctionNode, MathNode, OperatorNode, ParenthesisNode, SymbolNode } from 'mathjs';
import { UsageError } from '../../core/errors.js';
import { buildValue } from './codegen.js';
import type { Ir, Op } from './ir.js';
import { CONSTANTS, KNOWN_FUNCTIONS, SPECIAL_ARITY, UNARY } from './primitives.js';

/** Where an expression comes from, for error messages. */
export interface Origin {
  argument: string;
  example: string;
}

/** mathjs's parse error condensed to one line. */
function condense(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
}

/** Parses `src` with mathjs; UsageError for an empty or malformed expression. */
export function parseExpression(src: string, origin: Origin): MathNode {
  if (src.trim() === '') throw new UsageError(origin.argument, 'the expression is empty', origin.example);
  let node: MathNode;
  try {
    node = parse(src);
  } catch (e) {
    throw new UsageError(origin.argument, `cannot parse "${src}": ${condense(e)}`, origin.example);
  }
  return node;
}

/** True if the subtree mentions no symbol other than the constants pi, e (function names aside). */
function isConstantExpression(root: MathNode): boolean {
  let constant = true;
  root.traverse((node: MathNode, path: string, parent: MathNode | null) => {
    if (node.type !== 'SymbolNode' || (parent?.type === 'FunctionNode' && path === 'fn')) return;
    if (!Object.hasOwn(CONSTANTS, (node as SymbolNode).name)) constant = false;
  });
  return constant;
}

const BINARY: Record<string, Op> = { add: 'add', subtract: 'sub', multiply: 'mul', divide: 'div', pow: 'pow' };

/** Translates a parsed expression over `vars` to the IR, validating every symbol and function. */
export function toIr(root: MathNode, vars: readonly string[], origin: Origin): Ir {
  const fail = (problem: string): never => {
    throw new UsageError(origin.argument, problem, origin.example);
  };

  const apply = (op: Op, args: Ir[], extra: { fn?: string; k?: number } = {}): Ir => {
    const node: Ir = { kind: 'apply', op, args, ...extra };
    if (!args.every((a) => a.kind === 'const')) return node;
    const value = buildValue(node, 0)([]);
    if (Number.isNaN(value)) fail(`a constant part of the expression is not a real number (${op}${extra.fn ? ` ${extra.fn}` : ''} gives NaN)`);
    return { kind: 'const', value };
  };

  const symbol = (name: string): Ir => {
    const index = vars.indexOf(name);
    if (index >= 0) return { kind: 'var', index };
    if (Object.hasOwn(CONSTANTS, name)) return { kind: 'const', value: CONSTANTS[name]! };
    const hint = KNOWN_FUNCTIONS.includes(name) ? ` ("${name}" is a function: write ${name}(${vars[0] ?? 'x'}))` : '';
    return fail(`unknown variable "${name}"${hint}; allowed: ${vars.join(', ')} (constants: pi, e)`);
  };

  const call = (n: FunctionNode): Ir => {
    if (n.fn.type !== 'SymbolNode') return fail(`unsupported syntax "${n.toString()}"`);
    const name = (n.fn as SymbolNode).name;
    const arity = Object.hasOwn(UNARY, name) ? { min: 1, max: 1 } : Object.hasOwn(SPECIAL_ARITY, name) ? SPECIAL_ARITY[name] : undefined;
    if (!arity) {
      const near = KNOWN_FUNCTIONS.find((f) => f.toLowerCase() === name.toLowerCase());
      const hint = near ? ` (names are case-sensitive: did you mean "${near}"?)` : '';
      return fail(`unknown function "${name}"${hint}; known: ${KNOWN_FUNCTIONS.join(', ')}`);
    }
    const nargs = n.args.length;
    if (nargs < arity.min || nargs > arity.max) {
      const want = arity.max === Infinity ? `at least ${arity.min}` : String(arity.min);
      return fail(`${name} takes ${want} argument${arity.min === 1 ? '' : 's'}, got ${nargs} in "${n.toString()}"`);
    }
    if (name === 'He' && !isConstantExpression(n.args[0]!))
      fail(`He(k, x) needs k a constant integer in 0..100, got "${n.args[0]!.toString()}"`);
    const args = n.args.map(walk);
    if (Object.hasOwn(UNARY, name)) return apply('call', args, { fn: name });
    if (name === 'min' || name === 'max') return args.slice(1).reduce((acc, a) => apply(name, [acc, a]), args[0]!);
    if (name === 'clip') {
      const [, lo, hi] = args;
      if (lo!.kind === 'const' && hi!.kind === 'const' && !(lo!.value <= hi!.value))
        fail(`clip(x, a, b) needs a ≤ b, got a = ${lo!.value}, b = ${hi!.value}`);
      return apply('clip', args);
    }
    // He(k, x)
    const k = args[0]!;
    if (k.kind !== 'const' || !Number.isInteger(k.value) || k.value < 0 || k.value > 100)
      fail(`He(k, x) needs k a constant integer in 0..100, got "${n.args[0]!.toString()}"`);
    return apply('He', [args[1]!], { k: (k as { value: number }).value });
  };

  const walk = (n: MathNode): Ir => {
    switch (n.type) {
      case 'ConstantNode': {
        const v = (n as ConstantNode<string | number | boolean | null | undefined>).value;
        if (typeof v !== 'number') return fail(`only numbers are allowed as constants, got ${n.toString()}`);
        return { kind: 'const', value: v };
      }
      case 'SymbolNode':
        return symbol((n as SymbolNode).name);
      case 'ParenthesisNode':
        return walk((n as ParenthesisNode).content);
      case 'FunctionNode':
        return call(n as FunctionNode);
      case 'OperatorNode': {
        const o = n as OperatorNode<never, never>;
        const fn = o.fn as string;
        if (fn === 'unaryPlus') return walk(o.args[0]!);
        if (fn === 'unaryMinus') return apply('neg', [walk(o.args[0]!)]);
        const op = BINARY[fn];
        if (op && o.args.length === 2) return apply(op, o.args.map(walk));
        return fail(`unsupported operator "${o.op}" in "${n.toString()}"; use + - * / ^ and functions`);
      }
      default:
        return fail(`unsupported syntax (${n.type}) in "${n.toString()}"; use + - * / ^ and functions`);
    }
  };

  return walk(root);
}
