// LaTeX rendering of a parsed expression: mathjs toTex, with the expression language's own functions rendered as
// in the papers (He_k, Φ, φ, GELU, relu, …) and indexed variables z1 → z_{1}.
import type { FunctionNode, MathNode, SymbolNode } from 'mathjs';

const NAMED: Record<string, string> = {
  relu: '\\operatorname{relu}',
  sign: '\\operatorname{sign}',
  heaviside: '\\Theta',
  sigmoid: '\\operatorname{sigmoid}',
  softplus: '\\operatorname{softplus}',
  gelu: '\\operatorname{GELU}',
  Phi: '\\Phi',
  phi: '\\varphi',
  clip: '\\operatorname{clip}',
  erf: '\\operatorname{erf}',
  erfc: '\\operatorname{erfc}',
};

/** LaTeX for an expression parsed by mathjs. */
export function toLatex(root: MathNode): string {
  const handler = (node: MathNode, options: object): string | undefined => {
    if (node.type === 'SymbolNode') {
      const m = /^([A-Za-z]+)(\d+)$/.exec((node as SymbolNode).name);
      return m ? `${m[1]}_{${m[2]}}` : undefined;
    }
    if (node.type !== 'FunctionNode') return undefined;
    const f = node as FunctionNode;
    if (f.fn.type !== 'SymbolNode') return undefined;
    const name = (f.fn as SymbolNode).name;
    const args = f.args.map((a) => a.toTex({ ...options, handler }));
    if (name === 'He' && args.length === 2) return `\\mathrm{He}_{${args[0]}}\\left(${args[1]}\\right)`;
    const tex = NAMED[name];
    return tex ? `${tex}\\left(${args.join(',')}\\right)` : undefined;
  };
  return root.toTex({ handler });
}
