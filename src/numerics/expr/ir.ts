// Intermediate representation of a validated expression: a tree of constants, variables and applications.
// Built from the mathjs AST by parse.ts; read by the code generators (jets.ts) and the analyses below.
import { SPECIAL_ARITY, UNARY } from './primitives.js';

export type Op = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'neg' | 'min' | 'max' | 'clip' | 'He' | 'call';

export type Ir =
  | { kind: 'const'; value: number }
  | { kind: 'var'; index: number }
  /** `fn` names the unary primitive for op 'call'; `k` is the degree for op 'He' (args = [x]). */
  | { kind: 'apply'; op: Op; args: Ir[]; fn?: string; k?: number };

export type Apply = Extract<Ir, { kind: 'apply' }>;

/** Does the subtree depend on variable `index` (or on any variable if index < 0)? */
export function dependsOn(node: Ir, index: number): boolean {
  if (node.kind === 'const') return false;
  if (node.kind === 'var') return index < 0 || node.index === index;
  return node.args.some((a) => dependsOn(a, index));
}

/** Dirac order of the node's own primitive: 2 for kinks (abs, relu, min, max, clip), 1 for jumps, else ∞. */
export function primitiveDiracOrder(node: Apply): number {
  const order = node.op === 'call' ? UNARY[node.fn!]!.diracOrder : SPECIAL_ARITY[node.op]?.diracOrder;
  return order ?? Infinity;
}

/** Non-smooth applications that depend on some variable, in evaluation order. */
export function nonSmoothNodes(root: Ir): Apply[] {
  const out: Apply[] = [];
  const visit = (n: Ir): void => {
    if (n.kind !== 'apply') return;
    n.args.forEach(visit);
    if (primitiveDiracOrder(n) < Infinity && dependsOn(n, -1)) out.push(n);
  };
  visit(root);
  return out;
}

const sub = (a: Ir, b: Ir): Ir => ({ kind: 'apply', op: 'sub', args: [a, b] });

/** Functions whose zero sets contain the kink/jump set of a non-smooth node: its argument for abs, relu, sign,
 *  heaviside; a − b for min/max (n-ary min folds to binary); x − a, x − b (and a − b if the bounds vary) for clip. */
export function switchesOf(node: Apply): Ir[] {
  const [a, b, c] = node.args;
  switch (node.op) {
    case 'call':
      return [a!];
    case 'min':
    case 'max':
      return [sub(a!, b!)];
    case 'clip':
      return dependsOn(b!, -1) || dependsOn(c!, -1) ? [sub(a!, b!), sub(a!, c!), sub(b!, c!)] : [sub(a!, b!), sub(a!, c!)];
    default:
      return [];
  }
}

/** True if the function is piecewise constant: every path from the root to a variable passes through sign or
 *  heaviside (e.g. sign(z1*z2), 2*heaviside(z)−1). */
export function isPiecewiseConstant(node: Ir): boolean {
  if (node.kind === 'const') return true;
  if (node.kind === 'var') return false;
  if (node.op === 'call' && UNARY[node.fn!]!.diracOrder === 1) return true;
  return node.args.every(isPiecewiseConstant);
}
