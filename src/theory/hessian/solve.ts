// The fixed-state problem → answer pipeline (docs/theory.md §4): thresholds δ*_j and δNN, the lower spectrum at δ,
// δ_alg (§3) beside them, one combined status and the worse of the two quadrature error estimates. The CLI (`nn`),
// the table family `nn` and the library call this instead of composing the solvers themselves.
import { UsageError } from '../../core/errors.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { checkProblem, type HessianProblem } from '../../model/hessianProblem.js';
import { conditionalMeanSplit } from '../../model/latentSplit.js';
import { blockWeightLawPair } from './blockWeights.js';
import type { NetworkState } from '../../model/state.js';
import { deltaAlg, type AlgResult } from '../alg/index.js';
import type { AtomOptions } from './jointLaw.js';
import { worseEstimate, type QuadratureEstimate } from './quadratureError.js';
import { hessianSpectrum, type HessianSpectrum } from './spectrum.js';
import { nnThresholds, unboundedWarning, type NNThresholds } from './thresholds.js';

export interface FixedStateRequest {
  /** Sample ratio at which the lower spectrum is reported (omit: thresholds only). */
  delta?: number;
  /** Compute δ*_j and δNN (default true). */
  thresholds?: boolean;
  /** Also the threshold of the full dm×dm Hessian (m > 1). */
  full?: boolean;
  /** Also δ_alg of the target (default true when thresholds are computed). */
  deltaAlg?: boolean;
  atoms?: AtomOptions;
}

export interface FixedStateAnswer {
  thresholds: NNThresholds | null;
  spectrum: HessianSpectrum | null;
  /** δ_alg of the target; null with `deltaAlgReason` when the target is outside the δ_alg solver's domain. */
  deltaAlg: AlgResult | null;
  deltaAlgReason?: string;
  /** Hard latent coordinates by name (z, or z1, z2, …). */
  hardCoordinates: string[];
  /** Some block weight A_jj is unbounded below: the answers follow the outermost quadrature node. */
  weightUnboundedBelow: boolean;
  /** The worse of the thresholds' and the spectrum's two-resolution quadrature estimates. */
  quadrature: QuadratureEstimate | null;
  /** Whether the joint law is a randomised quasi-Monte Carlo sample (no quadrature order to raise). */
  monteCarlo: boolean;
  status: SolverStatus;
}

/** Solves the fixed data-independent state (docs/theory.md §4) for what the request asks. */
export function solveFixedState(problem: HessianProblem, state: NetworkState, req: FixedStateRequest): FixedStateAnswer {
  const wantThresholds = req.thresholds ?? true;
  // Both answers integrate over the same joint law at the same two resolutions: build it once.
  checkProblem(problem);
  const pair = wantThresholds && req.delta !== undefined && conditionalMeanSplit(problem).hard.length > 0 ? blockWeightLawPair(problem, state, 'exact', req.atoms) : undefined;
  const th = wantThresholds ? nnThresholds(problem, state, { full: Boolean(req.full), ...(req.atoms ? { atoms: req.atoms } : {}), ...(pair ? { pair } : {}) }) : null;
  const sp = req.delta !== undefined ? hessianSpectrum(problem, state, req.delta, req.atoms, pair) : null;
  let alg: AlgResult | null = null;
  let deltaAlgReason: string | undefined;
  if (req.deltaAlg ?? wantThresholds) {
    try {
      alg = deltaAlg(problem.target, problem.noise);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      deltaAlgReason = e.problem;
    }
  }
  const parts = [th?.status, sp?.status].filter((s): s is SolverStatus => s !== undefined);
  const status = combineStatus('docs/theory.md §2, §4', parts);
  const quadrature = th && sp ? worseEstimate(th.quadrature, sp.quadrature) : (th?.quadrature ?? sp?.quadrature ?? null);
  const prefix = unboundedWarning([]).split(' for block')[0]!;
  const weightUnboundedBelow = sp?.warning !== undefined || (th?.notes.some((n) => n.startsWith(prefix)) ?? false);
  const split = th?.split.hard ?? [];
  return {
    thresholds: th,
    spectrum: sp,
    deltaAlg: alg,
    ...(deltaAlgReason !== undefined ? { deltaAlgReason } : {}),
    hardCoordinates: split.map((r) => (state.k === 1 ? 'z' : `z${r + 1}`)),
    weightUnboundedBelow,
    quadrature,
    monteCarlo: quadrature !== null && quadrature.resolution.startsWith('randomised QMC'),
    status,
  };
}
