// The m×m deterministic equivalent of docs/theory.md (2.2)–(2.3) on the real axis below the bulk, written in Λ = δ Ḡ(μ)⁻¹:
//   Ḡ⁻¹ = μI − E[(I − AḠ/δ)⁻¹A]   ⇔   Ψ_δ(Λ) := Λ/δ + E[B(Λ)] = μ I,   B(Λ) = A + A(Λ − A)⁻¹A,
// since (I − AΛ⁻¹)⁻¹A = Λ(Λ − A)⁻¹A = A + A(Λ − A)⁻¹A. For m = 1 this is μ = ψ_δ(λ) of §1 with λ = Λ.
// Below the bulk the physical branch has Λ ≺ 0 and Λ ≺ A_i for every atom (m = 1: λ < min(T, 0)), and Λ increases in the
// Loewner order with μ, so p = tr(Λ)/m is a regular parameter of the branch through its fold (the bulk edge):
// we solve Ψ_δ(Λ) = μI together with tr(Λ)/m = p (a bordered Newton system), the matrix analogue of using λ.
// The Newton iteration stays in the domain (docs/theory.md (2.11)): a step is accepted only if every S_i = A_i − Λ and
// −Λ stay positive definite (Cholesky) and the residual falls; steps are halved at most MAX_HALVINGS times, and an
// iteration that stalls (residual ratio > STALL_RATIO for STALL_ITERATIONS accepted steps in a row) stops at once:
// near a root the warm-started iteration contracts quadratically, so a stall means no root near the start (e.g. p
// past the end of the branch), and the caller shortens its continuation step instead of paying for 15 iterations.
import type { SolverStatus } from '../../core/status.js';
import type { MatrixLaw } from './matrixLaw.js';
import { cholesky, choleskyInverse, luSolve, matMul } from '../../numerics/linalg/dense.js';
import { averageMatrix, averagePairJacobian, symPairs } from './symmetry.js';

export { symPairs };

/** One point (p, Λ, μ) of the branch, with the tangent (dΛ/dp, dμ/dp). */
export interface BranchPoint {
  p: number;
  /** m×m, symmetric. */
  Lambda: Float64Array;
  mu: number;
  dLambda: Float64Array;
  dmu: number;
  status: SolverStatus;
}

/** Per-atom resolvent pieces at Λ (lower side): S = A − Λ ≻ 0, S⁻¹, B = A − A S⁻¹ A, and the callback
 *  visits each atom; returns false if some S is not positive definite (Λ outside the branch's domain). */
export function forEachAtom(
  law: MatrixLaw,
  Lambda: Float64Array,
  visit: (i: number, w: number, A: Float64Array, Sinv: Float64Array, B: Float64Array) => void,
): boolean {
  const { m, size } = law;
  const mm = m * m;
  const S = new Float64Array(mm);
  const Sinv = new Float64Array(mm);
  const Ai = new Float64Array(mm);
  const AS = new Float64Array(mm);
  const B = new Float64Array(mm);
  for (let i = 0; i < size; i++) {
    const w = law.weights[i]!;
    if (w === 0) continue;
    for (let t = 0; t < mm; t++) {
      Ai[t] = law.A[i * mm + t]!;
      S[t] = Ai[t]! - Lambda[t]!;
    }
    if (m === 1) {
      if (!(S[0]! > 0)) return false;
      Sinv[0] = 1 / S[0]!;
      B[0] = Ai[0]! - Ai[0]! * Ai[0]! * Sinv[0]!;
    } else {
      if (!cholesky(S, m)) return false;
      choleskyInverse(S, m, Sinv);
      matMul(Ai, Sinv, m, AS);
      matMul(AS, Ai, m, B);
      for (let t = 0; t < mm; t++) B[t] = Ai[t]! - B[t]!;
    }
    visit(i, w, Ai, Sinv, B);
  }
  return true;
}

export interface Evaluation {
  /** Ψ_δ(Λ) (m×m). */
  Psi: Float64Array;
  /** Bordered Jacobian of (Ψ(Λ) − μI, tr Λ/m − p) w.r.t. (Λ_ab (a ≤ b), μ): (ns+1)². */
  J: Float64Array;
}

/** Ψ_δ(Λ) and the bordered Jacobian; dΨ[H] = H/δ − E[(AS⁻¹) H (S⁻¹A)] (docs/theory.md (2.2)–(2.3), differentiated);
 *  null outside the domain −Λ ≻ 0, A_i − Λ ≻ 0. */
export function evaluate(law: MatrixLaw, delta: number, Lambda: Float64Array): Evaluation | null {
  const m = law.m;
  const mm = m * m;
  const pairs = symPairs(m);
  const ns = pairs.length;
  const N = ns + 1;
  const Psi = new Float64Array(mm);
  const J = new Float64Array(N * N);
  const C = new Float64Array(mm);
  // Ḡ = δΛ⁻¹ ≺ 0 below the spectrum: the branch's domain is Λ ≺ 0 and Λ ≺ A_i for every atom.
  const pa = Int32Array.from(pairs, ([a]) => a);
  const pb = Int32Array.from(pairs, ([, b]) => b);
  const negL = Lambda.map((x) => -x);
  if (!cholesky(negL, m)) return null;
  // On orbit representatives (docs/theory.md (2.12)): sum there, then average over the group.
  const ok = forEachAtom(law.orbits?.law ?? law, Lambda, (_i, w, Ai, Sinv, B) => {
    for (let t = 0; t < mm; t++) Psi[t] = Psi[t]! + w * B[t]!;
    // C = A S⁻¹ (then A(Λ−A)⁻¹HA(Λ−A)⁻¹... = C H Cᵀ, the sign squares away).
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) {
        let s = 0;
        for (let c = 0; c < m; c++) s += Ai[a * m + c]! * Sinv[c * m + b]!;
        C[a * m + b] = s;
      }
    for (let r = 0; r < ns; r++) {
      const c = m * pa[r]!;
      const d = m * pb[r]!;
      for (let s = 0; s < ns; s++) {
        const a = pa[s]!;
        const b = pb[s]!;
        const v = a === b ? C[c + a]! * C[d + a]! : C[c + a]! * C[d + b]! + C[c + b]! * C[d + a]!;
        J[r * N + s] = J[r * N + s]! - w * v;
      }
    }
  });
  if (!ok) return null;
  if (law.orbits) {
    Psi.set(averageMatrix(Psi, m, law.orbits));
    averagePairJacobian(J, m, N, law.orbits);
  }
  for (let t = 0; t < mm; t++) Psi[t] = Psi[t]! + Lambda[t]! / delta;
  for (let r = 0; r < ns; r++) {
    const [a, b] = pairs[r]!;
    J[r * N + r] = J[r * N + r]! + 1 / delta;
    if (a === b) {
      J[r * N + ns] = -1;
      J[ns * N + r] = 1 / m;
    }
  }
  return { Psi, J };
}

function residual(ev: Evaluation, m: number, Lambda: Float64Array, mu: number, p: number): Float64Array {
  const pairs = symPairs(m);
  const F = new Float64Array(pairs.length + 1);
  let tr = 0;
  pairs.forEach(([a, b], r) => {
    F[r] = ev.Psi[a * m + b]! - (a === b ? mu : 0);
    if (a === b) tr += Lambda[a * m + a]!;
  });
  F[pairs.length] = tr / m - p;
  return F;
}

const norm = (x: Float64Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

/** Step halvings per Newton iteration (smallest step 2⁻⁷ of the Newton step). */
const MAX_HALVINGS = 7;
/** An accepted step that leaves more than this fraction of the residual counts as a stall. */
const STALL_RATIO = 0.5;
/** Consecutive stalled steps after which the iteration stops (no root near the start). */
const STALL_ITERATIONS = 3;

/** Solve Ψ_δ(Λ) = μI, tr(Λ)/m = p by damped Newton from (Λ0, μ0); returns the point with its tangent,
 *  or a not-converged status (Λ left the domain Λ ≺ A_i, or the residual did not fall below `tol`). */
export function solveBranch(
  law: MatrixLaw,
  delta: number,
  p: number,
  Lambda0: Float64Array,
  mu0: number,
  opts: { tol?: number; maxIter?: number } = {},
): BranchPoint {
  const m = law.m;
  const pairs = symPairs(m);
  const ns = pairs.length;
  const scale = Math.max(Math.abs(p), Math.abs(mu0), 1e-300);
  const tol = (opts.tol ?? 1e-13) * scale;
  const maxIter = opts.maxIter ?? 15;
  let Lambda = law.orbits ? averageMatrix(Lambda0, m, law.orbits) : Float64Array.from(Lambda0);
  let mu = mu0;
  const fail = (iterations: number, res: number, message: string): BranchPoint => ({
    p, Lambda, mu, dLambda: new Float64Array(m * m), dmu: NaN,
    status: { converged: false, residual: res, iterations, method: 'bordered-newton', message },
  });
  // A converged point with its tangent: J (Λ', μ') = (0, …, 0, 1).
  const finish = (it: number, J: Float64Array): BranchPoint => {
    const rhs = new Float64Array(ns + 1);
    rhs[ns] = 1;
    const tan = luSolve(J, ns + 1, rhs);
    if (!tan) return fail(it, res, 'singular bordered Jacobian at the solution');
    const dLambda = new Float64Array(m * m);
    pairs.forEach(([a, b], r) => {
      dLambda[a * m + b] = tan.x[r]!;
      dLambda[b * m + a] = tan.x[r]!;
    });
    return { p, Lambda, mu, dLambda, dmu: tan.x[ns]!, status: { converged: true, residual: res, iterations: it, method: 'bordered-newton' } };
  };
  let ev = evaluate(law, delta, Lambda);
  if (!ev) return fail(0, Infinity, 'starting point outside the domain Λ ≺ A_i');
  let F = residual(ev, m, Lambda, mu, p);
  let res = norm(F);
  let stalled = 0;
  for (let it = 1; it <= maxIter; it++) {
    const sol = luSolve(ev.J, ns + 1, F.map((x) => -x));
    if (!sol) return fail(it, res, 'singular Jacobian');
    let t = 1;
    let accepted = false;
    const before = res;
    for (let back = 0; back <= MAX_HALVINGS; back++) {
      const L2 = Float64Array.from(Lambda);
      pairs.forEach(([a, b], r) => {
        L2[a * m + b] = L2[a * m + b]! + t * sol.x[r]!;
        if (a !== b) L2[b * m + a] = L2[a * m + b]!;
      });
      // On orbit representatives the averaged Ψ and Jacobian are exact only for G-invariant Λ (docs/theory.md (2.12)):
      // keep the iterate in that subspace (the root is invariant; rounding and near-singular symmetry-breaking modes
      // of the Jacobian would otherwise move it out).
      if (law.orbits) L2.set(averageMatrix(L2, m, law.orbits));
      const mu2 = mu + t * sol.x[ns]!;
      const ev2 = evaluate(law, delta, L2);
      if (ev2) {
        const F2 = residual(ev2, m, L2, mu2, p);
        const r2 = norm(F2);
        if (r2 < res || r2 <= tol) {
          Lambda = L2;
          mu = mu2;
          ev = ev2;
          F = F2;
          res = r2;
          accepted = true;
          break;
        }
      }
      t /= 2;
    }
    if (!accepted) return fail(it, res, `line search failed: no step ≥ 2^-${MAX_HALVINGS} of the Newton step both stays in the domain Λ ≺ A_i and lowers the residual`);
    stalled = res > STALL_RATIO * before && res > tol ? stalled + 1 : 0;
    if (stalled >= STALL_ITERATIONS)
      return fail(it, res, `Newton stalls (residual ratio > ${STALL_RATIO} for ${STALL_ITERATIONS} steps): no root near the starting point`);
    if (res <= tol) return finish(it, ev.J);
  }
  return fail(maxIter, res, `residual ${res.toExponential(2)} > tolerance after ${maxIter} iterations`);
}

/** Starting guess far below the bulk: Λ ≈ pI and μ ≈ p/δ + E[tr B(pI)]/m (exact as p → −∞). */
export function farGuess(law: MatrixLaw, delta: number, p: number): { Lambda: Float64Array; mu: number } {
  const m = law.m;
  const Lambda = new Float64Array(m * m);
  for (let a = 0; a < m; a++) Lambda[a * m + a] = p;
  let trB = 0;
  // tr B is invariant under the block permutations: the orbit sum has the full law's trace.
  forEachAtom(law.orbits?.law ?? law, Lambda, (_i, w, _A, _S, B) => {
    for (let a = 0; a < m; a++) trB += w * B[a * m + a]!;
  });
  return { Lambda, mu: p / delta + trB / m };
}

/** Linear extrapolation of a solved point to parameter p (the warm start for the next solve). */
export function extrapolate(pt: BranchPoint, p: number): { Lambda: Float64Array; mu: number } {
  const h = p - pt.p;
  return { Lambda: pt.Lambda.map((x, t) => x + h * pt.dLambda[t]!), mu: pt.mu + h * pt.dmu };
}
