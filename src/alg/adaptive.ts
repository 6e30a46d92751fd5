// Adaptive composite Gauss–Legendre for vector integrands: a panel is accepted when its n-point estimate and the
// sum of the n-point estimates on its two halves differ by at most tol·(panel width)/(b − a) in max-norm
// + 1e−12·|panel value| (the finer value is kept). Used for the angular integrals of the co-area formula (rayMoments.ts).
import { gaussLegendre } from '../quadrature/gaussLegendre.js';

export interface AdaptiveResult {
  value: Float64Array;
  /** Sum of the accepted panels' |coarse − fine| (max-norm). */
  error: number;
  evaluations: number;
  converged: boolean;
}

export function adaptiveIntegrate(
  f: (t: number, out: Float64Array) => void,
  dim: number,
  a: number,
  b: number,
  opts: { tol: number; nodes?: number; initialPanels?: number; maxPanels?: number },
): AdaptiveResult {
  const n = opts.nodes ?? 8;
  const ref = gaussLegendre(n, -1, 1);
  const tmp = new Float64Array(dim);
  let evaluations = 0;
  const panel = (u: number, v: number): Float64Array => {
    const s = new Float64Array(dim);
    const h = 0.5 * (v - u);
    const m = 0.5 * (u + v);
    for (let i = 0; i < n; i++) {
      f(m + h * ref.nodes[i]!, tmp);
      evaluations++;
      const w = h * ref.weights[i]!;
      for (let d = 0; d < dim; d++) s[d] += w * tmp[d]!;
    }
    return s;
  };
  const value = new Float64Array(dim);
  let error = 0;
  let converged = true;
  const init = opts.initialPanels ?? 8;
  const stack: { u: number; v: number; est: Float64Array }[] = [];
  for (let i = 0; i < init; i++) {
    const u = a + ((b - a) * i) / init;
    const v = a + ((b - a) * (i + 1)) / init;
    stack.push({ u, v, est: panel(u, v) });
  }
  let budget = opts.maxPanels ?? 20000;
  while (stack.length > 0) {
    const { u, v, est } = stack.pop()!;
    const m = 0.5 * (u + v);
    const left = panel(u, m);
    const right = panel(m, v);
    let diff = 0;
    let size = 0;
    for (let d = 0; d < dim; d++) {
      diff = Math.max(diff, Math.abs(left[d]! + right[d]! - est[d]!));
      size = Math.max(size, Math.abs(left[d]! + right[d]!));
    }
    const allowed = (opts.tol * (v - u)) / (b - a) + 1e-12 * size;
    if (diff <= allowed || --budget <= 0 || v - u < 1e-13 * (b - a)) {
      if (diff > allowed) converged = false;
      for (let d = 0; d < dim; d++) value[d] += left[d]! + right[d]!;
      error += diff;
    } else {
      stack.push({ u, v: m, est: left }, { u: m, v, est: right });
    }
  }
  return { value, error, evaluations, converged };
}
