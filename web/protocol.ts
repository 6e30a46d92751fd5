// Messages between the page and its Web Worker. One worker runs one job; the page cancels a job by terminating
// its worker, so stale results never arrive.
import type { Inputs } from './inputs.js';
import type { Alg, AtDelta, Density, Failure, GdThreshold, Hermite, NormSweep, Onestep, SimSeed, Sweep, Thresholds } from './compute.js';

export type Job =
  /** Fixed-state Hessian results; `cached` names the δ-independent stages the page already holds. */
  | { kind: 'hessian'; inputs: Inputs; cached: { deltaStar: number | null } | null }
  | { kind: 'onestep'; inputs: Inputs }
  | { kind: 'simulate'; inputs: Inputs };

export interface StageResults {
  thresholds: Thresholds;
  atDelta: AtDelta;
  alg: Alg;
  gd: GdThreshold;
  hermite: Hermite;
  density: Density;
  sweep: Sweep;
  norms: NormSweep;
  onestep: Onestep;
  simSeed: SimSeed;
}
export type Stage = keyof StageResults | 'problem' | 'simulate';

export type Reply =
  | { [S in keyof StageResults]: { stage: S; result: StageResults[S]; progress?: [number, number] } }[keyof StageResults]
  | { stage: Stage; error: Failure }
  | { stage: 'done' };
