// Globally adaptive composite Gauss–Legendre for vector integrands (the angular integrals of the co-area formula,
// rayMoments.ts). Each panel P carries its n-point estimate Q_n(P) and the sum Q_n(P_left) + Q_n(P_right) over its
// halves (the value kept); its error indicator is e(P) = max_d |Q_n(P) − Q_n(P_l) − Q_n(P_r)| (the coarse rule's error,
// an over-estimate of the kept value's error for integrands analytic on P). The panel of largest e(P) is bisected
// until Σ_P e(P) ≤ max(absTol, relTol·max_d |Σ_P value_d|) (QUADPACK-style; Piessens et al. 1983, ch. 2) — a
// relative criterion over the whole interval, so integrable endpoint-like features (1/x cut off at a scale ε, from
// rays whose root runs to infinity) cost O(log 1/ε) panels instead of the O(1/ε^c) of a local per-width criterion.
import { gaussLegendre } from '../../numerics/quadrature/gaussLegendre.js';

export interface GlobalAdaptiveResult {
  value: Float64Array;
  /** Σ over the final panels of the error indicators (max-norm). */
  error: number;
  evaluations: number;
  converged: boolean;
}

interface Panel {
  a: number;
  b: number;
  /** Kept value (sum of the two halves' n-point rules) and the halves' own n-point values. */
  fine: Float64Array;
  left: Float64Array;
  right: Float64Array;
  err: number;
}

export function globalAdaptive(
  f: (t: number, out: Float64Array) => void,
  dim: number,
  a: number,
  b: number,
  opts: { relTol: number; absTol?: number; nodes?: number; initialPanels?: number; maxPanels?: number },
): GlobalAdaptiveResult {
  const n = opts.nodes ?? 8;
  const ref = gaussLegendre(n, -1, 1);
  const tmp = new Float64Array(dim);
  let evaluations = 0;
  const rule = (u: number, v: number): Float64Array => {
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
  const make = (u: number, v: number, coarse: Float64Array): Panel => {
    const m = 0.5 * (u + v);
    const left = rule(u, m);
    const right = rule(m, v);
    const fine = new Float64Array(dim);
    let err = 0;
    for (let d = 0; d < dim; d++) {
      fine[d] = left[d]! + right[d]!;
      err = Math.max(err, Math.abs(fine[d]! - coarse[d]!));
    }
    return { a: u, b: v, fine, left, right, err };
  };
  // Max-heap on err.
  const heap: Panel[] = [];
  const push = (p: Panel) => {
    heap.push(p);
    let i = heap.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (heap[up]!.err >= heap[i]!.err) break;
      [heap[up], heap[i]] = [heap[i]!, heap[up]!];
      i = up;
    }
  };
  const pop = (): Panel => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let big = i;
        if (l < heap.length && heap[l]!.err > heap[big]!.err) big = l;
        if (r < heap.length && heap[r]!.err > heap[big]!.err) big = r;
        if (big === i) break;
        [heap[big], heap[i]] = [heap[i]!, heap[big]!];
        i = big;
      }
    }
    return top;
  };
  const value = new Float64Array(dim);
  let error = 0;
  const init = opts.initialPanels ?? 16;
  for (let i = 0; i < init; i++) {
    const u = a + ((b - a) * i) / init;
    const v = a + ((b - a) * (i + 1)) / init;
    const p = make(u, v, rule(u, v));
    for (let d = 0; d < dim; d++) value[d] += p.fine[d]!;
    error += p.err;
    push(p);
  }
  const absTol = opts.absTol ?? 0;
  const maxPanels = opts.maxPanels ?? 20000;
  const target = () => {
    let size = 0;
    for (let d = 0; d < dim; d++) size = Math.max(size, Math.abs(value[d]!));
    return Math.max(absTol, opts.relTol * size);
  };
  let converged = true;
  while (error > target()) {
    if (heap.length >= maxPanels || !(heap[0]!.err > 0)) {
      converged = false;
      break;
    }
    const p = pop();
    if (p.b - p.a < 1e-14 * (b - a)) {
      converged = false;
      push({ ...p, err: 0 });
      error -= p.err;
      continue;
    }
    const m = 0.5 * (p.a + p.b);
    const l = make(p.a, m, p.left);
    const r = make(m, p.b, p.right);
    for (let d = 0; d < dim; d++) value[d] += l.fine[d]! + r.fine[d]! - p.fine[d]!;
    error += l.err + r.err - p.err;
    push(l);
    push(r);
  }
  // Re-sum (the running sums accumulate rounding).
  value.fill(0);
  error = 0;
  for (const p of heap) {
    for (let d = 0; d < dim; d++) value[d] += p.fine[d]!;
    error += p.err;
  }
  return { value, error, evaluations, converged };
}
