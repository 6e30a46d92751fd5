// Code generation: an IR tree becomes straight-line JavaScript (new Function), once for the value and once per
// variable for the third-order jet. Jets use Taylor-mode forward differentiation on (f, f', f'', f''') w.r.t. one
// variable: Leibniz for products and quotients, Faà di Bruno for composition with a primitive h:
//   (h∘u)' = h' u',  (h∘u)'' = h'' u'² + h' u'',  (h∘u)''' = h''' u'³ + 3 h'' u' u'' + h' u'''.
// Components known to be 0 or 1 are simplified away while generating, and every intermediate is a `const`, so the
// generated functions allocate nothing per call.
import type { Apply, Ir } from './ir.js';
import { dependsOn } from './ir.js';
import { R, UNARY } from './primitives.js';

type Jet = [string, string, string, string];

/** JS literal for a number (negative numbers parenthesised so they can follow an operator). */
function lit(v: number): string {
  return v < 0 || Object.is(v, -0) ? `(${v})` : String(v);
}

const NUMBER = /^\(?-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\)?$/;
function num(s: string): number | undefined {
  return NUMBER.test(s) ? Number(s.replace(/[()]/g, '')) : undefined;
}
const isAtom = (s: string): boolean => /^[A-Za-z_$][\w$]*$/.test(s) || num(s) !== undefined || s === 'Infinity';

/** n(n−1)…(n−j+1). */
function falling(n: number, j: number): number {
  let r = 1;
  for (let i = 0; i < j; i++) r *= n - i;
  return r;
}

class Emitter {
  readonly lines: string[] = [];
  private count = 0;
  private readonly values = new Map<Ir, string>();
  private readonly jets = new Map<Ir, Jet>();

  constructor(private readonly wrt: number) {}

  bind = (expr: string): string => {
    if (isAtom(expr)) return expr;
    const t = `t${this.count++}`;
    this.lines.push(`const ${t}=${expr};`);
    return t;
  };

  // --- scalar algebra on atoms, simplifying 0 and 1 ---
  add(terms: string[]): string {
    let c = 0;
    const rest: string[] = [];
    for (const t of terms) {
      const v = num(t);
      if (v === undefined) rest.push(t);
      else c += v;
    }
    if (c !== 0 || rest.length === 0) rest.push(lit(c));
    return rest.length === 1 ? rest[0]! : this.bind(rest.join('+'));
  }
  neg(a: string): string {
    const v = num(a);
    return v !== undefined ? lit(v === 0 ? 0 : -v) : this.bind(`-${a}`);
  }
  mul(a: string, b: string): string {
    const va = num(a);
    const vb = num(b);
    if (va === 0 || vb === 0) return '0';
    if (va !== undefined && vb !== undefined) return lit(va * vb);
    if (va === 1) return b;
    if (vb === 1) return a;
    return this.bind(`${a}*${b}`);
  }
  div(a: string, b: string): string {
    return num(a) === 0 ? '0' : this.bind(`${a}/${b}`);
  }

  // --- values ---
  /** JS expression of the node's value, given atoms for its arguments' values. */
  private applyValue(n: Apply, a: string[]): string {
    switch (n.op) {
      case 'add':
        return `${a[0]}+${a[1]}`;
      case 'sub':
        return `${a[0]}-${a[1]}`;
      case 'mul':
        return `${a[0]}*${a[1]}`;
      case 'div':
        return `${a[0]}/${a[1]}`;
      case 'neg':
        return `-${a[0]}`;
      case 'pow': {
        const p = num(a[1]!);
        if (p === 2) return `${a[0]}*${a[0]}`;
        if (p === 3) return `${a[0]}*${a[0]}*${a[0]}`;
        return `Math.pow(${a[0]},${a[1]})`;
      }
      case 'min':
        return `Math.min(${a[0]},${a[1]})`;
      case 'max':
        return `Math.max(${a[0]},${a[1]})`;
      case 'clip':
        return `Math.min(Math.max(${a[0]},${a[1]}),${a[2]})`;
      case 'He':
        return `R.hermite(${n.k},${a[0]})`;
      case 'call':
        return UNARY[n.fn!]!.value(a[0]!);
    }
  }

  value(n: Ir): string {
    if (n.kind === 'const') return lit(n.value);
    if (n.kind === 'var') return `x${n.index}`;
    let v = this.values.get(n);
    if (v === undefined) {
      v = this.bind(this.applyValue(n, n.args.map((c) => this.value(c))));
      this.values.set(n, v);
    }
    return v;
  }

  // --- jets ---
  jet(n: Ir): Jet {
    if (!dependsOn(n, this.wrt)) return [this.value(n), '0', '0', '0'];
    if (n.kind === 'var') return [`x${n.index}`, '1', '0', '0'];
    if (n.kind === 'const') throw new Error('unreachable');
    let j = this.jets.get(n);
    if (j === undefined) {
      j = this.applyJet(n);
      this.jets.set(n, j);
    }
    return j;
  }

  /** Faà di Bruno: jet of h∘u from h..h''' at u0 and the jet of u. */
  compose(h: Jet, u: Jet): Jet {
    const u1sq = this.mul(u[1], u[1]);
    return [
      h[0],
      this.mul(h[1], u[1]),
      this.add([this.mul(h[2], u1sq), this.mul(h[1], u[2])]),
      this.add([
        this.mul(h[3], this.mul(u1sq, u[1])),
        this.mul('3', this.mul(h[2], this.mul(u[1], u[2]))),
        this.mul(h[1], u[3]),
      ]),
    ];
  }

  /** Leibniz: (ab)^(m) = Σ C(m,i) a^(i) b^(m−i). */
  product(a: Jet, b: Jet): Jet {
    return [
      this.mul(a[0], b[0]),
      this.add([this.mul(a[1], b[0]), this.mul(a[0], b[1])]),
      this.add([this.mul(a[2], b[0]), this.mul('2', this.mul(a[1], b[1])), this.mul(a[0], b[2])]),
      this.add([
        this.mul(a[3], b[0]),
        this.mul('3', this.mul(a[2], b[1])),
        this.mul('3', this.mul(a[1], b[2])),
        this.mul(a[0], b[3]),
      ]),
    ];
  }

  /** q = a/b from q b = a: q^(m) = (a^(m) − Σ_{i<m} C(m,i) q^(i) b^(m−i)) / b. */
  quotient(a: Jet, b: Jet): Jet {
    const b0 = b[0];
    const q0 = this.div(a[0], b0);
    const q1 = this.div(this.add([a[1], this.neg(this.mul(q0, b[1]))]), b0);
    const q2 = this.div(this.add([a[2], this.mul('(-2)', this.mul(q1, b[1])), this.neg(this.mul(q0, b[2]))]), b0);
    const q3 = this.div(
      this.add([
        a[3],
        this.mul('(-3)', this.mul(q2, b[1])),
        this.mul('(-3)', this.mul(q1, b[2])),
        this.neg(this.mul(q0, b[3])),
      ]),
      b0,
    );
    return [q0, q1, q2, q3];
  }

  /** Jet of u^p for p not depending on the differentiation variable: h^(j) = p(p−1)…(p−j+1) u^(p−j). */
  private powerConstExponent(u: Jet, p: string, f0: string): Jet {
    const pv = num(p);
    const u0 = u[0];
    const h: Jet = [f0, '0', '0', '0'];
    for (let j = 1; j <= 3; j++) {
      if (pv !== undefined) {
        const c = falling(pv, j);
        const e = pv - j;
        if (c === 0) continue;
        const power =
          e === 0 ? '1' : e === 1 ? u0 : e === 2 ? this.mul(u0, u0) : this.bind(`Math.pow(${u0},${lit(e)})`);
        h[j] = this.mul(lit(c), power);
      } else {
        const c = [p, `${p}*(${p}-1)`, `${p}*(${p}-1)*(${p}-2)`][j - 1];
        h[j] = this.bind(`${c}*Math.pow(${u0},${p}-${j})`);
      }
    }
    return this.compose(h, u);
  }

  /** Select between two jets (min, max): componentwise cond ? a : b. */
  private select(cond: string, a: Jet, b: Jet, f0: string): Jet {
    const pick = (x: string, y: string): string => (x === y ? x : this.bind(`${cond}?${x}:${y}`));
    return [f0, pick(a[1], b[1]), pick(a[2], b[2]), pick(a[3], b[3])];
  }

  private applyJet(n: Apply): Jet {
    const J = n.args.map((c) => this.jet(c));
    const [A, B, C] = J;
    const f0 = (): string => this.bind(this.applyValue(n, J.map((x) => x[0])));
    switch (n.op) {
      case 'add':
        return [0, 1, 2, 3].map((i) => this.add([A![i]!, B![i]!])) as Jet;
      case 'sub':
        return [0, 1, 2, 3].map((i) => this.add([A![i]!, this.neg(B![i]!)])) as Jet;
      case 'neg':
        return A!.map((x) => this.neg(x)) as Jet;
      case 'mul':
        return this.product(A!, B!);
      case 'div':
        return this.quotient(A!, B!);
      case 'pow': {
        if (!dependsOn(n.args[1]!, this.wrt)) return this.powerConstExponent(A!, B![0], f0());
        // u^v = exp(v log u) when the exponent varies.
        const logU = dependsOn(n.args[0]!, this.wrt)
          ? this.compose(UNARY.log!.derivs(A![0], this.bind), A!)
          : ([this.bind(`Math.log(${A![0]})`), '0', '0', '0'] as Jet);
        const P = this.product(logU, B!);
        const E = this.compose(UNARY.exp!.derivs(P[0], this.bind), P);
        return [f0(), E[1], E[2], E[3]];
      }
      case 'min':
        return this.select(this.bind(`${A![0]}<=${B![0]}`), A!, B!, f0());
      case 'max':
        return this.select(this.bind(`${A![0]}>=${B![0]}`), A!, B!, f0());
      case 'clip': {
        // clip(x, a, b) = min(max(x, a), b)
        const m = this.select(this.bind(`${A![0]}>=${B![0]}`), A!, B!, this.bind(`Math.max(${A![0]},${B![0]})`));
        return this.select(this.bind(`${m[0]}<=${C![0]}`), m, C!, f0());
      }
      case 'He': {
        // He_k^(j) = k(k−1)…(k−j+1) He_{k−j}
        const k = n.k!;
        this.lines.push(`R.hermiteTail(${k},${A![0]},S);`);
        const h = [0, 1, 2, 3].map((j) => this.mul(lit(falling(k, j)), this.bind(`S[${j}]`))) as Jet;
        return this.compose(h, A!);
      }
      case 'call':
        return this.compose(UNARY[n.fn!]!.derivs(A![0], this.bind), A!);
    }
  }
}

const header = (nvars: number): string =>
  Array.from({ length: nvars }, (_, i) => `const x${i}=a[${i}];`).join('');

/** Generated value function of an IR tree with `nvars` positional arguments. */
export function buildValue(root: Ir, nvars: number): (args: ArrayLike<number>) => number {
  const e = new Emitter(-1);
  const out = e.value(root);
  const body = `${header(nvars)}${e.lines.join('')}return ${out};`;
  return new Function('R', `return function value(a){${body}}`)(R);
}

/** Generated jet function w.r.t. variable `wrt`: writes f, ∂f, ∂²f, ∂³f into out[0..3]. */
export function buildJet(root: Ir, nvars: number, wrt: number): (args: ArrayLike<number>, out: Float64Array) => void {
  const e = new Emitter(wrt);
  const j = e.jet(root);
  const body = `${header(nvars)}${e.lines.join('')}o[0]=${j[0]};o[1]=${j[1]};o[2]=${j[2]};o[3]=${j[3]};`;
  return new Function('R', 'S', `return function jet(a,o){${body}}`)(R, new Float64Array(4));
}

