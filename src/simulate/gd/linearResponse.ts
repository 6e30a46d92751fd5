// Linear response of the hard-direction component of GD, measured by simulation (docs/theory.md (5.11); the quantity the DMFT's
// θ channel predicts, src/theory/dmft/march.ts): start GD from W(0) with its θ-component set to ±m0 (the rest of w(0)
// projected off θ and rescaled to norm s exactly, so the d → ∞ state ‖w⊥(0)‖ = s holds at finite d), run both signs
// on the same data, and return ψ(t) = (M⁺(t) − M⁻(t)) / (2 m0): even-order terms — including the O(n^{-1/2}) noise
// that drives M away from 0 without a planted component — cancel, so ψ is the response of M(t) to M(0) up to
// O(m0²) corrections.
import { buildProblem, type GdConfig } from '../../model/problem.js';
import { riskAndGradient } from '../../model/network.js';
import { UsageError } from '../../core/errors.js';

/** ψ(t) and the two paths M±(t) it comes from (their even part (M⁺ + M⁻)/2 is the drive without a planted component). */
export function thetaResponse(cfg: GdConfig, seed: number, m0: number): { t: number[]; psi: number[]; mPlus: number[]; mMinus: number[] } {
  if (cfg.readout.length !== 1) throw new UsageError('--width', 'the θ-response is measured for m = 1', '1');
  const p = buildProblem(cfg, seed);
  const d = cfg.d, h = p.hard[0]!;
  const paths: number[][] = [];
  for (const sign of [1, -1]) {
    const W = Float64Array.from(p.W0);
    W[h] = 0;
    let nn = 0;
    for (let k = 0; k < d; k++) nn += W[k]! * W[k]!;
    const sc = cfg.initScale / Math.sqrt(nn);
    for (let k = 0; k < d; k++) W[k] = W[k]! * sc;
    W[h] = sign * m0;
    const grad = new Float64Array(d);
    const M: number[] = [];
    for (let t = 0; t <= cfg.steps; t++) {
      M.push(W[h]!);
      if (t === cfg.steps) break;
      riskAndGradient(p.net, p.train, p.yTrain, W, grad);
      for (let k = 0; k < d; k++) W[k] = W[k]! - cfg.lr * grad[k]!;
    }
    paths.push(M);
  }
  const t = paths[0]!.map((_, i) => i);
  return { t, psi: t.map((i) => (paths[0]![i]! - paths[1]![i]!) / (2 * m0)), mPlus: paths[0]!, mMinus: paths[1]! };
}
