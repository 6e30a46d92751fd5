// One local-convergence experiment (docs/theory.md §9), the library function behind `flcalc local`: build the teacher,
// train a small random student by population (or, with n, empirical) GD with weight decay, and compare the end
// state with the theory — λ-bias b = a* − λG⁻¹sign(a*), L/λ² = ½ sign(a*)ᵀG⁻¹sign(a*), the one-neuron-per-
// teacher stationary point, and the certificate η at the surviving neurons and its supremum.
import type { SolverStatus } from '../../core/status.js';
import { makeRng } from '../../numerics/random/rng.js';
import { gaussianData } from '../../numerics/random/gaussianData.js';
import type { ActivationKernel, ScalarActivation } from '../../theory/local/kernels.js';
import { fixedNet, populationLoss, rowGeometry, type TwoLayer } from '../../theory/local/populationLoss.js';
import { teacherNet, initStudent } from '../../theory/local/setup.js';
import { trainPopulation, type Schedule, type TrajectoryPoint, type StageEnd } from '../../theory/local/dynamics.js';
import { studentMetrics, type ClusterMetrics } from '../../theory/local/metrics.js';
import { lambdaBias, type LambdaBias } from '../../theory/local/bias.js';
import { reducedStationary, type ReducedStationary } from '../../theory/local/stationary.js';
import { residualAtoms, eta, etaSup } from '../../theory/local/certificate.js';
import { trainEmpirical } from './empirical.js';

export interface LocalConfig {
  act: ScalarActivation;
  kernel: ActivationKernel;
  teacherDirs: 'orthonormal' | 'random';
  teacherA: number[];
  d: number;
  m: number;
  lambda: number;
  schedule: Schedule;
  steps: number;
  lr: number;
  seed: number;
  /** Seed of the random teacher directions. */
  teacherSeed: number;
  /** Initial scale s: ‖w_j‖ ≈ |a_j| ≈ s. */
  initScale: number;
  /** Cluster angle threshold θ_c in degrees. */
  thresholdDeg: number;
  gtol: number;
  /** A neuron of a cluster "survives" if |a_j|‖w_j‖ ≥ survivorFraction · |cluster mass|. */
  survivorFraction: number;
  /** Finite-n empirical risk instead of the population loss (null: population). */
  n: number | null;
  /** Evaluate sup_u |η(u)| (multi-start ascent). */
  certificateSup: boolean;
}

export interface CertificateReport {
  lambda: number;
  at_neurons: Array<{ neuron: number; teacher: number; mass: number; eta: number; sign_a: number }>;
  /** max over surviving neurons of |η(ŵ_j) − sign(a_j)|. */
  max_deviation: number | null;
  survivor_rule: string;
  sup_abs: number | null;
  /** The maximising unit direction u*. */
  sup_argmax: number[] | null;
  sup_argmax_angle_to_teacher_deg: number | null;
  sup_status: SolverStatus | null;
}

export interface LocalResult {
  /** ½E(f − f*)² (population) at the end. */
  loss: number;
  loss_over_lambda2: number | null;
  predicted_loss_over_lambda2: number | null;
  prediction_note: string;
  bias: LambdaBias | null;
  stationary: ReducedStationary | null;
  clusters: Array<ClusterMetrics & { predicted_mass: number | null; predicted_angle_deg: number | null }>;
  far_mass: number;
  far_neurons: number;
  max_imbalance: number;
  certificate: CertificateReport | null;
  certificate_note: string | null;
  objective: number;
  lambda_final: number;
  truncation: number;
  trajectory: TrajectoryPoint[];
  stages: StageEnd[];
  student: TwoLayer;
  /** The same GD on the empirical risk with n samples (config.n), from the same initial student. */
  empirical: EmpiricalComparison | null;
  status: SolverStatus;
}

export interface EmpiricalComparison {
  n: number;
  /** (1/2n) Σ (f − y)² at the end. */
  train_loss: number;
  /** ½E(f − f*)² of the empirically trained network (closed form). */
  loss: number;
  loss_over_lambda2: number | null;
  clusters: ClusterMetrics[];
  far_mass: number;
  data_seed: number;
  status: SolverStatus;
}

/** Certificate values at the surviving neurons and (optionally) sup_u |η(u)|. */
export function certificateReport(
  kernel: ActivationKernel,
  teacherNetwork: TwoLayer,
  student: TwoLayer,
  lambda: number,
  opts: { thresholdDeg: number; survivorFraction: number; sup: boolean; seed: number },
): CertificateReport {
  const teacher = fixedNet(kernel, teacherNetwork);
  const res = residualAtoms(kernel, teacher, student, lambda);
  const met = studentMetrics(student, teacher.U, teacherNetwork.m, { even: kernel.even, thresholdDeg: opts.thresholdDeg });
  const { r, U } = rowGeometry(student);
  const at: CertificateReport['at_neurons'] = [];
  let dev: number | null = null;
  for (let j = 0; j < student.m; j++) {
    const i = met.assignment[j]!;
    if (i < 0) continue;
    const mass = student.a[j]! * r[j]!;
    if (!(Math.abs(mass) >= opts.survivorFraction * Math.abs(met.clusters[i]!.mass)) || r[j] === 0) continue;
    const e = eta(res, U, j * student.d);
    const sa = Math.sign(student.a[j]!);
    at.push({ neuron: j, teacher: i, mass, eta: e, sign_a: sa });
    dev = Math.max(dev ?? 0, Math.abs(e - sa));
  }
  const sup = opts.sup ? etaSup(res, teacher.U, teacherNetwork.m, makeRng(opts.seed)) : null;
  return {
    lambda,
    at_neurons: at,
    max_deviation: dev,
    survivor_rule: `in a cluster (angle < ${opts.thresholdDeg}°) with |a_j|‖w_j‖ ≥ ${opts.survivorFraction}·|cluster mass|`,
    sup_abs: sup ? sup.value : null,
    sup_argmax: sup ? Array.from(sup.argmax) : null,
    sup_argmax_angle_to_teacher_deg: sup ? sup.angle_to_teacher_deg : null,
    sup_status: sup ? sup.status : null,
  };
}

/** Trains the same initial student on n fresh samples and evaluates it with the population loss. */
function empiricalComparison(
  c: LocalConfig,
  tNet: TwoLayer,
  init: TwoLayer,
  gdOpts: { lr: number; steps: number; lambda0: number; schedule: Schedule; gtol: number; thresholdDeg: number; progress?: (t: number, steps: number) => void },
): EmpiricalComparison {
  const dataSeed = c.seed + 1_000_003;
  const data = gaussianData(c.n!, c.d, makeRng(dataSeed));
  const emp = trainEmpirical(c.act, tNet, init, data, gdOpts);
  const teacher = fixedNet(c.kernel, tNet);
  const loss = populationLoss(c.kernel, teacher, emp.student).loss;
  const met = studentMetrics(emp.student, teacher.U, tNet.m, { even: c.kernel.even, thresholdDeg: c.thresholdDeg });
  return {
    n: c.n!,
    train_loss: emp.trainLoss,
    loss,
    loss_over_lambda2: emp.lambda > 0 ? loss / (emp.lambda * emp.lambda) : null,
    clusters: met.clusters,
    far_mass: met.far_mass,
    data_seed: dataSeed,
    status: emp.status,
  };
}

/** `progress(phase, step, steps)`: after every GD step of the population run, then of the empirical run. */
export function localExperiment(c: LocalConfig, progress?: (phase: 'population' | 'empirical', step: number, steps: number) => void): LocalResult {
  const kernel = c.kernel;
  const tNet = teacherNet(c.teacherDirs, c.teacherA, c.d, makeRng(c.teacherSeed));
  const teacher = fixedNet(kernel, tNet);
  const init = initStudent(c.m, c.d, c.initScale, makeRng(c.seed));
  const gdOpts = { lr: c.lr, steps: c.steps, lambda0: c.lambda, schedule: c.schedule, thresholdDeg: c.thresholdDeg, gtol: c.gtol };
  const pop = trainPopulation(kernel, teacher, init, progress ? { ...gdOpts, progress: (t, n) => progress('population', t, n) } : gdOpts);
  const student = pop.student;
  const empirical = c.n === null ? null : empiricalComparison(c, tNet, init, progress ? { ...gdOpts, progress: (t, n) => progress('empirical', t, n) } : gdOpts);
  const lambda = pop.lambda;
  const met = studentMetrics(student, teacher.U, tNet.m, { even: kernel.even, thresholdDeg: c.thresholdDeg });
  const canPredict = kernel.homogeneous && lambda > 0;
  const bias = canPredict ? lambdaBias(kernel, teacher, lambda) : null;
  const stationary = canPredict ? reducedStationary(kernel, teacher, lambda) : null;
  const note = !kernel.homogeneous
    ? 'no prediction: the λ-bias and certificate need a positively 1-homogeneous σ (|·|, ReLU, a·t + b·|t|)'
    : lambda === 0
      ? 'no prediction at λ = 0'
      : bias!.direction_residual > 1e-12
        ? `predicted_loss_over_lambda2 is the on-teacher-direction value ½sᵀG⁻¹s; the teacher directions are not stationary here (direction residual ${bias!.direction_residual.toExponential(2)}: ReLU's linear part or non-orthogonal teachers), the neurons settle O(λ) off them, which changes loss/λ² at O(1): compare with stationary.loss_over_lambda2 (the exact one-neuron-per-teacher stationary point)`
        : bias!.signs_preserved
          ? 'exact at the stationary point with one neuron per teacher direction (teacher directions are stationary)'
          : 'λ too large: sign(b) ≠ sign(a*), the formula does not apply';
  const cert =
    kernel.homogeneous && lambda > 0
      ? certificateReport(kernel, tNet, student, lambda, {
          thresholdDeg: c.thresholdDeg,
          survivorFraction: c.survivorFraction,
          sup: c.certificateSup,
          seed: c.seed,
        })
      : null;
  return {
    loss: pop.loss,
    loss_over_lambda2: lambda > 0 ? pop.loss / (lambda * lambda) : null,
    predicted_loss_over_lambda2: bias ? bias.loss_over_lambda2 : null,
    prediction_note: note,
    bias,
    stationary,
    clusters: met.clusters.map((cl, i) => ({
      ...cl,
      predicted_mass: stationary ? stationary.b[i]! : null,
      predicted_angle_deg: stationary ? stationary.angles_deg[i]! : null,
    })),
    far_mass: met.far_mass,
    far_neurons: met.far_neurons,
    max_imbalance: met.max_imbalance,
    certificate: cert,
    certificate_note: cert ? null : lambda === 0 ? 'η = −(1/λ)E[(f − f*)σ(uᵀx)] is undefined at λ = 0' : note,
    objective: pop.objective,
    lambda_final: lambda,
    truncation: pop.truncation,
    trajectory: pop.trajectory,
    stages: pop.stages,
    student,
    empirical,
    status: pop.status,
  };
}
