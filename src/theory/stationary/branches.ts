// The global-minimiser proximal map of a non-convex per-sample loss (docs/theory.md (6.3), (6.13)):
//   u(v) = argmin_u { κρ_y(u) + (u − v)²/2 },   stationary points solve H(u) := u + κρ'_y(u) = v.
// Where H' = 1 + κρ''_y ≤ 0 the equation has several roots. The local minima lie on the increasing pieces of H
// (ordered in u); the value of piece i, f_i(v) = κρ_y(u_i(v)) + (u_i(v) − v)²/2, has f_i' = v − u_i, so f_j − f_i
// is decreasing in v for j > i and the index of the global minimiser is non-decreasing in v (a Maxwell
// construction). u(v) is then increasing and continuous except at finitely many jumps v*, where two minima tie.
import type { SampleLoss } from './prox.js';

/** One increasing piece [lo, hi] of H (u-interval; ±∞ at the ends) and its v-range (H(lo), H(hi)). */
interface Piece { lo: number; hi: number; vlo: number; vhi: number }

export interface Jump {
  /** The tie point: f_i(v*) = f_j(v*). */
  v: number;
  /** u(v*−) and u(v*+): the two tied minimisers. */
  uMinus: number;
  uPlus: number;
}

export interface ProxBranches {
  y: number;
  kappa: number;
  /** Whether 1 + κρ''_y ≤ 0 somewhere on the scanned interval. */
  nonConvex: boolean;
  /** min of 1 + κρ''_y over the scan grid. */
  minSlope: number;
  /** Jumps of the global prox inside the v-window, ascending. */
  jumps: Jump[];
  /** The global minimiser at v (the piece is chosen by the jumps). */
  prox(v: number): number;
}

const TOL = 1e-13;

/** Root of H(u) = v on a piece where H is increasing: bracket (grown at infinite ends), then Newton + bisection. */
function solveOnPiece(rho: SampleLoss, y: number, kappa: number, p: Piece, v: number, out: Float64Array): number {
  const H = (u: number) => { rho.jet(y, u, out); return u + kappa * out[1]! - v; };
  let lo = p.lo, hi = p.hi;
  if (!Number.isFinite(lo)) { let s = 1; lo = Math.min(hi, v) - s; while (H(lo) > 0 && s < 2 ** 60) { s *= 2; lo = Math.min(hi, v) - s; } }
  if (!Number.isFinite(hi)) { let s = 1; hi = Math.max(lo, v) + s; while (H(hi) < 0 && s < 2 ** 60) { s *= 2; hi = Math.max(lo, v) + s; } }
  if (H(lo) >= 0) return lo;
  if (H(hi) <= 0) return hi;
  let u = 0.5 * (lo + hi);
  for (let it = 0; it < 200; it++) {
    const h = H(u);
    if (Math.abs(h) <= TOL * (1 + Math.abs(v))) break;
    if (h > 0) hi = u; else lo = u;
    const slope = 1 + kappa * out[2]!;
    let next = slope > 0 ? u - h / slope : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (hi - lo <= 4 * Number.EPSILON * (1 + Math.abs(u))) { u = next; break; }
    u = next;
  }
  return u;
}

/** The structure of the global prox for label y at κ, for v in [−vMax, vMax]; the folds of H are looked for on
 *  u ∈ [−U, U] (a grid of `grid` cells refined by bisection), where U covers the minimisers of that v-window. */
export function proxBranches(rho: SampleLoss, y: number, kappa: number, vMax: number, U: number, grid = 600): ProxBranches {
  const out = new Float64Array(3);
  const slope = (u: number) => { rho.jet(y, u, out); return 1 + kappa * out[2]!; };
  const Hof = (u: number) => { rho.jet(y, u, out); return u + kappa * out[1]!; };
  const value = (u: number, v: number) => { rho.jet(y, u, out); return kappa * out[0]! + 0.5 * (u - v) ** 2; };
  // Sign changes of H' on the grid, each refined by bisection.
  const edges: number[] = [];
  let minSlope = Infinity;
  let uPrev = -U, sPrev = slope(uPrev);
  minSlope = Math.min(minSlope, sPrev);
  const startsNeg = !(sPrev > 0);
  for (let k = 1; k <= grid; k++) {
    const u = -U + (2 * U * k) / grid;
    const s = slope(u);
    minSlope = Math.min(minSlope, s);
    if ((s > 0) !== (sPrev > 0)) {
      let a = uPrev, b = u;
      const aPos = sPrev > 0;
      for (let it = 0; it < 60 && b - a > 1e-14 * (1 + Math.abs(a)); it++) {
        const m = 0.5 * (a + b);
        if ((slope(m) > 0) === aPos) a = m; else b = m;
      }
      edges.push(aPos ? a : b);
    }
    uPrev = u; sPrev = s;
  }
  const pieces: Piece[] = [];
  // Increasing pieces: (−∞, e0], [e1, e2], …, [e_last, ∞) (an initial or final negative stretch is dropped).
  const bounds = startsNeg ? [-U, ...edges] : [-Infinity, ...edges];
  if (bounds.length % 2 === 1) bounds.push(Infinity); else bounds.push(U);
  for (let k = 0; k + 1 < bounds.length; k += 2) {
    const lo = bounds[k]!, hi = bounds[k + 1]!;
    if (!(hi > lo)) continue;
    pieces.push({ lo, hi, vlo: Number.isFinite(lo) ? Hof(lo) : -Infinity, vhi: Number.isFinite(hi) ? Hof(hi) : Infinity });
  }
  const nonConvex = pieces.length > 1 || startsNeg || !(sPrev > 0);
  const uOn = (i: number, v: number) => solveOnPiece(rho, y, kappa, pieces[i]!, v, out);
  const f = (i: number, v: number) => value(uOn(i, v), v);
  // Lower envelope: walk v upwards from −vMax, switching to the first piece j > cur that becomes lower.
  const jumps: Jump[] = [];
  const chosen: Array<{ from: number; piece: number }> = [];
  let v0 = -vMax;
  let cur = -1;
  let best = Infinity;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (p.vlo <= v0 && v0 <= p.vhi) { const fv = f(i, v0); if (fv < best) { best = fv; cur = i; } }
  }
  if (cur < 0) cur = 0;
  chosen.push({ from: -Infinity, piece: cur });
  for (let guard = 0; guard < 2 * pieces.length + 2; guard++) {
    let next = -1, at = Infinity;
    for (let j = cur + 1; j < pieces.length; j++) {
      const L = Math.max(v0, pieces[j]!.vlo, pieces[cur]!.vlo);
      const R = Math.min(vMax, pieces[j]!.vhi, pieces[cur]!.vhi);
      if (!(R > L)) continue;
      const g = (v: number) => f(j, v) - f(cur, v);
      let c: number;
      if (g(L) <= 0) c = L;
      else if (g(R) < 0) {
        let a = L, b = R;
        for (let it = 0; it < 200 && b - a > 1e-15 * (1 + Math.abs(a) + Math.abs(b)); it++) {
          const m = 0.5 * (a + b);
          if (g(m) > 0) a = m; else b = m;
        }
        c = 0.5 * (a + b);
      } else continue;
      if (c < at) { at = c; next = j; }
    }
    // The current minimum disappears at the end of its piece before any tie: move to the lowest live piece.
    const end = pieces[cur]!.vhi;
    if (end < Math.min(at, vMax)) {
      let bj = -1, bf = Infinity;
      for (let j = cur + 1; j < pieces.length; j++) {
        const p = pieces[j]!;
        if (p.vlo <= end && end <= p.vhi) { const fv = f(j, end); if (fv < bf) { bf = fv; bj = j; } }
      }
      if (bj < 0) break;
      at = end; next = bj;
    }
    if (next < 0 || at >= vMax) break;
    jumps.push({ v: at, uMinus: uOn(cur, at), uPlus: uOn(next, at) });
    chosen.push({ from: at, piece: next });
    cur = next; v0 = at;
  }
  return {
    y, kappa, nonConvex, minSlope, jumps,
    prox(v: number) {
      let k = chosen.length - 1;
      while (k > 0 && v < chosen[k]!.from) k--;
      return uOn(chosen[k]!.piece, v);
    },
  };
}
