// The per-sample loss of the stationary problem and its proximal map (docs/theory.md (6.1), (6.3)):
//   ρ_y(u) = ℓ(y, a σ(u)),   prox_{κρ_y}(v) = argmin_u { κ ρ_y(u) + (u − v)²/2 },
// with the derivatives ρ' = ℓ_f a σ',  ρ'' = ℓ_ff a² σ'² + ℓ_f a σ''  (ρ'' is the Hessian weight A of docs/theory.md (4.1)).
// The minimiser solves h(u) = u + κρ'(u) − v = 0; when 1 + κρ'' > 0 on the search interval h is increasing and the
// root is unique (Newton safeguarded by bisection). Otherwise the global minimiser and its jumps come from
// branches.ts (docs/theory.md (6.13)).
import type { CompiledFn } from '../../numerics/expr/compile.js';

/** ρ_y and its first two derivatives in u, evaluated through the compiled jets of σ and ℓ. */
export interface SampleLoss {
  /** out[0..2] = ρ_y(u), ρ'_y(u), ρ''_y(u). */
  jet(y: number, u: number, out: Float64Array): void;
}

export function sampleLoss(act: CompiledFn, loss: CompiledFn, a: number): SampleLoss {
  const xa = new Float64Array(1);
  const ya = new Float64Array(2);
  const js = new Float64Array(4);
  const jl = new Float64Array(4);
  return {
    jet(y, u, out) {
      xa[0] = u;
      act.jet(xa, 0, js);
      ya[0] = y;
      ya[1] = a * js[0]!;
      loss.jet(ya, 1, jl);
      out[0] = jl[0]!;
      out[1] = jl[1]! * a * js[1]!;
      out[2] = jl[2]! * a * a * js[1]! * js[1]! + jl[1]! * a * js[2]!;
    },
  };
}

export interface ProxPoint {
  /** u = prox_{κρ_y}(v). */
  u: number;
  /** ρ'_y(u) = (v − u)/κ. */
  d1: number;
  /** A = ρ''_y(u). */
  d2: number;
  /** False when Newton did not reach |h| ≤ tol·(1 + |v|). */
  ok: boolean;
}

const TOL = 1e-13;

/** prox_{κρ_y}(v): plain Newton on h(u) = u + κρ'(u) − v from `guess` while it makes progress, else safeguarded
 *  Newton in a bracket [v − B, v + B] (it holds the root when |κρ'| ≤ B there; B grows until h changes sign).
 *  Valid for the unique-root (convex prox) case, where any root of h is the prox. */
export function prox(rho: SampleLoss, y: number, v: number, kappa: number, guess: number, out: Float64Array): ProxPoint {
  const h = (u: number) => {
    rho.jet(y, u, out);
    return u + kappa * out[1]! - v;
  };
  // Newton from the guess while h increases there (1 + κρ'' > 0) and |h| shrinks: with a good guess (the atom's
  // u at the previous iterate of the fixed point) this converges in one or two steps without a bracket.
  if (Number.isFinite(guess)) {
    let u = guess, hu = h(u), prev = Infinity;
    for (let it = 0; it < 8; it++) {
      if (Math.abs(hu) <= TOL * (1 + Math.abs(v))) return { u, d1: out[1]!, d2: out[2]!, ok: true };
      const slope = 1 + kappa * out[2]!;
      if (!(slope > 0) || !(Math.abs(hu) < prev)) break;
      prev = Math.abs(hu);
      u -= hu / slope;
      hu = h(u);
    }
  }
  let lo = v - 1, hi = v + 1;
  let hlo = h(lo), hhi = h(hi);
  for (let k = 0; k < 60 && hlo > 0; k++) { hi = lo; hhi = hlo; lo = v - 2 ** (k + 1); hlo = h(lo); }
  for (let k = 0; k < 60 && hhi < 0; k++) { lo = hi; hlo = hhi; hi = v + 2 ** (k + 1); hhi = h(hi); }
  let u = guess > lo && guess < hi ? guess : 0.5 * (lo + hi);
  let ok = false;
  for (let it = 0; it < 100; it++) {
    const hu = h(u);
    const d2 = out[2]!;
    if (Math.abs(hu) <= TOL * (1 + Math.abs(v))) { ok = true; break; }
    if (hu > 0) hi = u; else lo = u;
    const slope = 1 + kappa * d2;
    let next = slope > 0 ? u - hu / slope : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (hi - lo <= 4 * Number.EPSILON * (1 + Math.abs(u))) { u = next; h(u); ok = true; break; }
    u = next;
  }
  rho.jet(y, u, out);
  return { u, d1: out[1]!, d2: out[2]!, ok };
}

/** Whether 1 + κρ''_y(u) > 0 on a grid of [−U, U] (then h is increasing and the prox is unique and smooth). */
export function proxIsConvex(rho: SampleLoss, y: number, kappa: number, U: number, grid = 400): boolean {
  const out = new Float64Array(3);
  for (let i = 0; i <= grid; i++) {
    rho.jet(y, -U + (2 * U * i) / grid, out);
    if (!(1 + kappa * out[2]! > 0)) return false;
  }
  return true;
}
