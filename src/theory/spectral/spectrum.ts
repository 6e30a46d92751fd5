// Bulk edge, outlier and overlap² of D = (1/n) Σ T_i x_i x_iᵀ on one side of the spectrum (docs/theory.md §1).
// The lower side is the upper side of −D (weight −T); every λ and eigenvalue is reported back in the original
// sign, so for side = 'lower' bulk_edge is the lowest bulk eigenvalue and lambda_bar, lambda_star are negated.
import { negateWeight, type Law } from '../../model/law.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { cutoffStatus, outlierSystem } from './outlierEquations.js';
import { DOMAIN_OFFSET } from './bulkEdge.js';
import { bulkEdge } from './bulkEdge.js';
import { outlier } from './outlier.js';

export type Side = 'upper' | 'lower';

export interface Spectrum {
  side: Side;
  bulk_edge: number;
  /** Limit of the top (lower side: bottom) eigenvalue, null when it sticks to the bulk edge. */
  outlier: number | null;
  /** Squared overlap of that eigenvector with the latent span (0 without outlier). */
  overlap2: number;
  lambda_bar: number;
  lambda_star: number | null;
  /** True when ψ_δ is monotone on the whole domain (edge = ψ_δ(τ⁺), see bulkEdge.ts). */
  edge_degenerate: boolean;
  /** τ = sup T on this side (original sign: inf T for the lower side), and whether it is approached only as |z| → ∞. */
  tau: number;
  tau_at_infinity: boolean;
  /** Latent coordinate names and the unit direction c of the outlier's latent part (k > 1: docs/theory.md §2, m = 1). */
  latent: string[];
  latent_direction: number[] | null;
  /** overlap² · c_j²: squared overlap with each latent coordinate θ_j. */
  overlap2_per_coordinate: number[] | null;
  status: SolverStatus;
  message?: string;
}

/** Orient a law for a side: T for 'upper', −T for 'lower'. */
export function orientLaw(law: Law, side: Side): Law {
  return side === 'upper' ? law : negateWeight(law);
}

/** docs/theory.md §1: edge ψ_δ(λ̄), outlier ψ_δ(λ*), overlap² ψ'/(ψ' − φ') on the given side. */
export function spectrum(law: Law, delta: number, side: Side): Spectrum {
  if (!(delta > 0 && Number.isFinite(delta))) throw new RangeError(`spectrum: δ must be finite and > 0, got ${delta}`);
  const sign = side === 'upper' ? 1 : -1;
  const sys = outlierSystem(law, sign);
  const edge = bulkEdge(sys, delta);
  const out = outlier(sys, delta, edge);
  let direction: number[] | null = null;
  if (out.direction) {
    const c = Array.from(out.direction);
    const big = c.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
    direction = c.map((x) => (big < 0 ? -x : x));
  }
  return {
    side,
    bulk_edge: sign * edge.edge,
    outlier: out.value === null ? null : sign * out.value,
    overlap2: out.overlap2,
    lambda_bar: sign * edge.lambdaBar,
    lambda_star: out.lambdaStar === null ? null : sign * out.lambdaStar,
    edge_degenerate: edge.degenerate,
    tau: sign * sys.tau,
    tau_at_infinity: sys.tauAtInfinity,
    latent: sys.names,
    latent_direction: direction,
    overlap2_per_coordinate: direction ? direction.map((c) => out.overlap2 * c * c) : null,
    status: combineStatus('bulk edge + outlier (docs/theory.md §1)', [
      edge.status,
      out.status,
      cutoffStatus(sys, [edge.degenerate ? sys.lambdaMin + DOMAIN_OFFSET * sys.scale : edge.lambdaBar, out.lambdaStar]),
    ]),
    ...(out.value === null && out.status.message ? { message: out.status.message } : {}),
  };
}
