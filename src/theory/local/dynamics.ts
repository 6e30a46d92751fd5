// Population gradient descent on both layers with weight decay (docs/theory.md (9.1); Zhou & Ge 2024):
//   F_λ(a, W) = ½E(f − f*)² + (λ/2)(‖a‖² + ‖W‖_F²),   (a, W) ← (a, W) − η ∇F_{λ_t}(a, W),
// λ_t constant or geometric: λ_t = λ₀ · factor^⌊t/K⌋.
import { assertFiniteLoss } from './finiteLoss.js';
import type { SolverStatus } from '../../core/status.js';
import type { ActivationKernel } from './kernels.js';
import { populationLoss, type FixedNet, type TwoLayer } from './populationLoss.js';
import { studentMetrics, type StudentMetrics } from './metrics.js';
import { cloneNet } from './setup.js';

export type Schedule = { kind: 'constant' } | { kind: 'geometric'; every: number; factor: number };

/** λ at step t (0-based). */
export function lambdaAt(lambda0: number, schedule: Schedule, t: number): number {
  return schedule.kind === 'constant' ? lambda0 : lambda0 * schedule.factor ** Math.floor(t / schedule.every);
}

export interface TrajectoryPoint {
  step: number;
  lambda: number;
  /** ½E(f − f*)². */
  loss: number;
  /** F_λ = loss + (λ/2)(‖a‖² + ‖W‖²). */
  objective: number;
  far_mass: number;
  /** Largest mass-weighted cluster angle (degrees); null when no neuron is in any cluster. */
  angle_deg: number | null;
  max_imbalance: number;
}

/** State at the end of one λ level of the schedule. */
export interface StageEnd extends TrajectoryPoint {
  metrics: StudentMetrics;
}

export interface GdOptions {
  lr: number;
  steps: number;
  lambda0: number;
  schedule: Schedule;
  /** Cluster angle threshold in degrees (metrics). */
  thresholdDeg: number;
  /** Trajectory points kept (decimated evenly); default 200. */
  points?: number;
  /** Converged iff the final ‖∇F_λ‖ ≤ gtol. */
  gtol: number;
  /** Called after every step t = 0..steps. */
  progress?: (t: number, steps: number) => void;
}

export interface GdResult {
  student: TwoLayer;
  trajectory: TrajectoryPoint[];
  stages: StageEnd[];
  loss: number;
  objective: number;
  lambda: number;
  gradNorm: number;
  truncation: number;
  status: SolverStatus;
}

function penalty(n: TwoLayer): number {
  let s = 0;
  for (const x of n.a) s += x * x;
  for (const x of n.W) s += x * x;
  return s;
}

/** Runs `steps` GD steps from `init`; throws ConvergenceError if the loss becomes non-finite (step too large). */
export function trainPopulation(kernel: ActivationKernel, teacher: FixedNet, init: TwoLayer, opts: GdOptions): GdResult {
  const s = cloneNet(init);
  const ga = new Float64Array(s.m);
  const gW = new Float64Array(s.m * s.d);
  const every = Math.max(1, Math.floor(opts.steps / (opts.points ?? 200)));
  const trajectory: TrajectoryPoint[] = [];
  const stages: StageEnd[] = [];
  const metricOpts = { even: kernel.even, thresholdDeg: opts.thresholdDeg };
  const point = (step: number, lambda: number, loss: number): StageEnd => {
    const metrics = studentMetrics(s, teacher.U, teacher.net.m, metricOpts);
    const angles = metrics.clusters.map((c) => c.angle_deg).filter((x): x is number => x !== null);
    return {
      step,
      lambda,
      loss,
      objective: loss + 0.5 * lambda * penalty(s),
      far_mass: metrics.far_mass,
      angle_deg: angles.length > 0 ? Math.max(...angles) : null,
      max_imbalance: metrics.max_imbalance,
      metrics,
    };
  };
  let last = { loss: NaN, truncation: 0 };
  let gradNorm = NaN;
  let lambda = opts.lambda0;
  for (let t = 0; t <= opts.steps; t++) {
    lambda = lambdaAt(opts.lambda0, opts.schedule, Math.min(t, opts.steps - 1));
    last = populationLoss(kernel, teacher, s, { a: ga, W: gW });
    assertFiniteLoss(last.loss, 'population gradient descent', 'population-gd', t, opts.lr);
    let g2 = 0;
    for (let j = 0; j < s.m; j++) g2 += (ga[j]! + lambda * s.a[j]!) ** 2;
    for (let p = 0; p < gW.length; p++) g2 += (gW[p]! + lambda * s.W[p]!) ** 2;
    gradNorm = Math.sqrt(g2);
    const stageEnds =
      t === opts.steps || (opts.schedule.kind === 'geometric' && t > 0 && t % opts.schedule.every === 0);
    if (t % every === 0 || t === opts.steps) {
      const { metrics: _m, ...p } = point(t, lambda, last.loss);
      trajectory.push(p);
    }
    if (stageEnds) stages.push(point(t, lambdaAt(opts.lambda0, opts.schedule, t - 1), last.loss));
    opts.progress?.(t, opts.steps);
    if (t === opts.steps) break;
    for (let j = 0; j < s.m; j++) s.a[j] = s.a[j]! - opts.lr * (ga[j]! + lambda * s.a[j]!);
    for (let p = 0; p < gW.length; p++) s.W[p] = s.W[p]! - opts.lr * (gW[p]! + lambda * s.W[p]!);
  }
  const objective = last.loss + 0.5 * lambda * penalty(s);
  return {
    student: s,
    trajectory,
    stages,
    loss: last.loss,
    objective,
    lambda,
    gradNorm,
    truncation: last.truncation,
    status: {
      converged: gradNorm <= opts.gtol,
      residual: gradNorm,
      iterations: opts.steps,
      method: 'population-gd',
      ...(gradNorm <= opts.gtol ? {} : { message: `‖∇F_λ‖ = ${gradNorm.toExponential(2)} > gtol ${opts.gtol}; run more --steps` }),
    },
  };
}
