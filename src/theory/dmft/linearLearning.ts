// Learning time from the linearised θ channel (docs/theory.md (5.15)–(5.16)). At large d the θ-component of one run is
// M^t = (s g ψ(t) + X(t))/√d: the initial component s g/√d (g ~ N(0, 1)) grown by the response ψ of (5.13), plus X, the
// finite-n fluctuation ε of (5.8) propagated by the same linear channel (Gaussian, variance v(t), independent of g). So
// d·M^t ~ V(t) ζ² with V = s²ψ² + v, ζ ~ N(0, 1) at each t, and the run has learned (overlap² ≥ 1/2, i.e. M² ≥ ‖w⊥‖²)
// once ζ² ≥ d‖w⊥(t)‖²/V(t). This linearisation holds while M is small; it is the leading order in 1/√d.
import { normalCdf, normalQuantile } from '../../numerics/special/normal.js';

/** ψ, v and ‖w⊥‖² of a d = ∞ march on a common time grid (ascending t). */
export interface ThetaChannelSeries {
  t: readonly number[];
  psi: readonly number[];
  v: readonly number[];
  wPerp2: readonly number[];
}

/** V(t) = s²ψ(t)² + v(t) = d·E[(M^t)²] (5.15). */
export function thetaVariance(series: ThetaChannelSeries, initScale: number): number[] {
  return series.t.map((_, k) => initScale ** 2 * series.psi[k]! ** 2 + series.v[k]!);
}

/** The learning-time quantile t_p (5.16): the first grid time with V(t) x_p ≥ d‖w⊥(t)‖², x_p = Φ⁻¹(1 − p/2)² the level that
 *  ζ² exceeds with probability p (p = 1/2: the median, x = 0.4549). Exact where X is proportional to ψ (one Gaussian
 *  drives the whole path); otherwise the first passage comes earlier, so t_p is an upper bound. null: not by the
 *  series' end. */
export function learningTimeQuantile(series: ThetaChannelSeries, V: readonly number[], d: number, p: number): number | null {
  const xp = normalQuantile(1 - p / 2) ** 2;
  for (let k = 0; k < series.t.length; k++) if (V[k]! * xp >= d * series.wPerp2[k]!) return series.t[k]!;
  return null;
}

/** Lower bound of P(t_learn ≤ T) (5.16): max over grid times t ≤ T of P(ζ² ≥ d‖w⊥(t)‖²/V(t)) = 2Φ(−√(d‖w⊥‖²/V)). */
export function learnedProbabilityBound(series: ThetaChannelSeries, V: readonly number[], d: number, T: number): number {
  let best = 0;
  for (let k = 0; k < series.t.length && series.t[k]! <= T; k++) {
    if (!(V[k]! > 0)) continue;
    best = Math.max(best, 2 * normalCdf(-Math.sqrt((d * series.wPerp2[k]!) / V[k]!)));
  }
  return best;
}
