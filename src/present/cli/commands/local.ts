// `flcalc local --act abs|relu|EXPR --teacher-dirs orthonormal|random --teacher-a "1,-1,1" --d D --width m
//  --lambda L [--schedule geometric:K:factor] --steps T [--n N] --json`: population GD with weight decay on both
// layers against a two-layer teacher, compared with the λ-bias, the stationary point and the certificate
// (docs/theory.md §9; Zhou & Ge 2024).
import { stderrProgressLine } from '../../table/progress.js';
import type { CommandSpec } from '../command.js';
import { writeFigure } from '../../plot/write.js';
import { localTrajectoryFigure } from '../../plot/figures.js';
import { optionalString, parseChoice, parseNumber, parseNumberList, parseOutputFile } from '../args.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { resolveActivation } from '../../../model/formulas.js';
import { provenance } from '../../../core/provenance.js';
import { statusLabel } from '../../../core/status.js';
import { fmt, gridTable, kvTable } from '../../../core/format.js';
import { kernelFor, scalarActivation, type Schedule } from '../../../theory/local/index.js';
import { localExperiment, type LocalConfig, type LocalResult } from '../../../simulate/local/index.js';

const CONVENTIONS =
  'x ~ N(0, I_d); f = Σ_j a_j σ(w_jᵀx), f* = Σ_i a*_i σ(w*_iᵀx), ‖w*_i‖ = 1; loss = ½E(f − f*)²; objective = loss + (λ/2)(‖a‖² + ‖W‖²)';

/** "constant" or "geometric:K:factor" (λ multiplied by factor every K steps). */
export function parseSchedule(raw: string | undefined): Schedule {
  if (raw === undefined || raw === 'constant') return { kind: 'constant' };
  const m = /^geometric:(\d+):([0-9.eE+-]+)$/.exec(raw.trim());
  const K = m ? Number(m[1]) : NaN;
  const f = m ? Number(m[2]) : NaN;
  if (!m || !(K >= 1) || !(f > 0 && f <= 1))
    throw new UsageError('--schedule', `must be "constant" or "geometric:K:factor" with K ≥ 1 and 0 < factor ≤ 1, got "${raw}"`, 'geometric:15000:0.5');
  return { kind: 'geometric', every: K, factor: f };
}

function configFrom(argv: Record<string, unknown>): LocalConfig {
  const actSpec = optionalString(argv, 'act', 'abs') ?? 'abs';
  const act = scalarActivation(resolveActivation(actSpec, '--act'));
  const teacherA = parseNumberList(argv, 'teacher-a', '"1,-1,1"', [1, -1, 1]);
  if (teacherA.some((x) => x === 0)) throw new UsageError('--teacher-a', 'entries must be non-zero (sign(a*) enters the λ-bias)', '"1,-1,1"');
  const teacherDirs = parseChoice(argv, 'teacher-dirs', ['orthonormal', 'random'] as const, 'orthonormal');
  const d = parseNumber(argv, 'd', { example: '20', default: 20, integer: true, min: 1, max: 2000 });
  if (teacherDirs === 'orthonormal' && d < teacherA.length)
    throw new UsageError('--d', `must be ≥ the number of teacher neurons (${teacherA.length}) for orthonormal teacher directions, got ${d}`, '20');
  const n = argv['n'] === undefined ? null : parseNumber(argv, 'n', { example: '2000', integer: true, min: 1, max: 1e7 });
  return {
    act,
    kernel: kernelFor(act),
    teacherDirs,
    teacherA,
    d,
    m: parseNumber(argv, 'width', { example: '50', default: 50, integer: true, min: 1, max: 5000 }),
    lambda: parseNumber(argv, 'lambda', { example: '0.01', default: 0.01, min: 0 }),
    schedule: parseSchedule(optionalString(argv, 'schedule', 'geometric:15000:0.5')),
    steps: parseNumber(argv, 'steps', { example: '20000', default: 20000, integer: true, min: 1, max: 1e6 }),
    lr: parseNumber(argv, 'lr', { example: '0.2', default: 0.2, exclusiveMin: 0 }),
    seed: parseNumber(argv, 'seed', { example: '1', default: 1, integer: true }),
    teacherSeed: parseNumber(argv, 'teacher-seed', { example: '7', default: 7, integer: true }),
    initScale: parseNumber(argv, 'init-scale', { example: '0.01', default: 0.01, exclusiveMin: 0 }),
    thresholdDeg: parseNumber(argv, 'cluster-angle', { example: '15', default: 15, exclusiveMin: 0, max: 90 }),
    gtol: parseNumber(argv, 'gtol', { example: '1e-8', default: 1e-8, exclusiveMin: 0 }),
    survivorFraction: parseNumber(argv, 'survivor-fraction', { example: '1e-3', default: 1e-3, min: 0, max: 1 }),
    n,
    certificateSup: argv['sup'] !== false,
  };
}

/** The JSON object of the CLI contract (and the extra fields documented in docs/cli.md). */
export function localJson(c: LocalConfig, r: LocalResult): Record<string, unknown> {
  return {
    loss: r.loss,
    loss_over_lambda2: r.loss_over_lambda2,
    predicted_loss_over_lambda2: r.predicted_loss_over_lambda2,
    prediction_note: r.prediction_note,
    clusters: r.clusters,
    far_mass: r.far_mass,
    far_neurons: r.far_neurons,
    max_imbalance: r.max_imbalance,
    certificate: r.certificate,
    ...(r.certificate_note ? { certificate_note: r.certificate_note } : {}),
    stationary: r.stationary && {
      b: r.stationary.b,
      angles_deg: r.stationary.angles_deg,
      loss_over_lambda2: r.stationary.loss_over_lambda2,
      status: statusLabel(r.stationary.status),
      residual: r.stationary.status.residual,
    },
    bias: r.bias,
    objective: r.objective,
    lambda_final: r.lambda_final,
    kernel: { activation: c.kernel.name, method: c.kernel.method, truncation_bound: r.truncation },
    empirical: r.empirical,
    stages: r.stages.map(({ metrics, ...p }) => ({ ...p, clusters: metrics.clusters })),
    trajectory: r.trajectory,
    status: statusLabel(r.status),
    residual: r.status.residual,
    iterations: r.status.iterations,
    method: r.status.method,
    ...(r.status.message ? { message: r.status.message } : {}),
    conventions: CONVENTIONS,
    config: {
      act: c.act.name,
      teacher_dirs: c.teacherDirs,
      teacher_a: c.teacherA,
      d: c.d,
      width: c.m,
      lambda: c.lambda,
      schedule: c.schedule,
      steps: c.steps,
      lr: c.lr,
      init_scale: c.initScale,
      cluster_angle_deg: c.thresholdDeg,
      gtol: c.gtol,
      n: c.n,
    },
    seeds: { init: c.seed, teacher: c.teacherDirs === 'random' ? c.teacherSeed : null, data: r.empirical?.data_seed ?? null },
    d: c.d,
    n: c.n,
    provenance: provenance(),
  };
}

function localText(c: LocalConfig, r: LocalResult): string {
  const head = kvTable([
    ['activation', `${c.act.name} (${c.kernel.method})`],
    ['teacher', `${c.teacherDirs} directions, a* = (${c.teacherA.join(', ')}), d = ${c.d}`],
    ['student', `width ${c.m}, init scale ${c.initScale}, seed ${c.seed}`],
    ['λ (final)', `${fmt(r.lambda_final)}${c.schedule.kind === 'geometric' ? ` (geometric ×${c.schedule.factor} every ${c.schedule.every} steps from ${fmt(c.lambda)})` : ''}`],
    ['loss ½E(f−f*)²', fmt(r.loss)],
    ['loss/λ²', `${fmt(r.loss_over_lambda2)}  (predicted ½sᵀG⁻¹s = ${fmt(r.predicted_loss_over_lambda2)}; stationary point ${fmt(r.stationary?.loss_over_lambda2)})`],
    ['note', r.prediction_note],
    ['far mass', `${fmt(r.far_mass)} (${r.far_neurons} neurons beyond ${c.thresholdDeg}°)`],
    ['max |a_j² − ‖w_j‖²|', fmt(r.max_imbalance)],
    ['status', `${statusLabel(r.status)} (‖∇F_λ‖ = ${fmt(r.status.residual)} after ${r.status.iterations} steps, lr ${c.lr})${r.status.message ? ` — ${r.status.message}` : ''}`],
  ]);
  const clusters = gridTable(
    ['teacher', 'a*', 'neurons', 'mass Σa‖w‖', 'predicted b', 'angle°', 'predicted angle°'],
    r.clusters.map((cl) => [
      String(cl.teacher),
      fmt(c.teacherA[cl.teacher]),
      String(cl.neurons),
      fmt(cl.mass),
      fmt(cl.predicted_mass),
      fmt(cl.angle_deg),
      fmt(cl.predicted_angle_deg),
    ]),
  );
  const cert = r.certificate
    ? kvTable([
        ['certificate max|η(ŵ_j) − sign a_j|', `${fmt(r.certificate.max_deviation)} over ${r.certificate.at_neurons.length} surviving neurons`],
        ['certificate sup_u |η(u)|', `${fmt(r.certificate.sup_abs)} (${r.certificate.sup_status?.method ?? 'not computed'})`],
      ])
    : `certificate: ${r.certificate_note}`;
  const emp = r.empirical
    ? kvTable([
        [`empirical GD, n = ${r.empirical.n}`, `train loss ${fmt(r.empirical.train_loss)}, population loss ${fmt(r.empirical.loss)}, loss/λ² ${fmt(r.empirical.loss_over_lambda2)}, far mass ${fmt(r.empirical.far_mass)}`],
      ])
    : '';
  return [head, '', clusters, '', cert, emp ? `\n${emp}` : '', '', CONVENTIONS].join('\n');
}

export const localCommand: CommandSpec = {
  command: 'local',
  describe: 'Local convergence with weight decay (docs/theory.md §9): population GD, λ-bias, certificate',
  builder: (y) =>
    y
      .option('act', { type: 'string', default: 'abs', describe: 'activation: abs, relu (closed forms) or an expression in x (Hermite series)' })
      .option('teacher-dirs', { type: 'string', default: 'orthonormal', describe: 'orthonormal (e_1..e_k) or random unit directions' })
      .option('teacher-a', { type: 'string', default: '1,-1,1', describe: 'teacher output weights a*, comma-separated, non-zero' })
      .option('d', { type: 'string', default: '20', describe: 'input dimension' })
      .option('width', { type: 'string', default: '50', describe: 'student width m' })
      .option('lambda', { type: 'string', default: '0.01', describe: 'weight decay λ (initial λ with a schedule)' })
      .option('schedule', { type: 'string', describe: 'constant (default) or geometric:K:factor' })
      .option('steps', { type: 'string', default: '20000', describe: 'GD steps T' })
      .option('lr', { type: 'string', default: '0.2', describe: 'step size' })
      .option('seed', { type: 'string', default: '1', describe: 'seed of the student initialisation (and of the data with --n)' })
      .option('teacher-seed', { type: 'string', default: '7', describe: 'seed of the random teacher directions' })
      .option('init-scale', { type: 'string', default: '0.01', describe: 'initial scale: ‖w_j‖ ≈ |a_j| ≈ s' })
      .option('cluster-angle', { type: 'string', default: '15', describe: 'cluster threshold θ_c in degrees' })
      .option('gtol', { type: 'string', default: '1e-8', describe: 'converged iff ‖∇F_λ‖ ≤ gtol at the end' })
      .option('survivor-fraction', { type: 'string', default: '1e-3', describe: 'certificate: neurons with mass ≥ this fraction of their cluster mass' })
      .option('n', { type: 'string', describe: 'also run GD on the empirical risk with n samples (slow: O(n·m·d) per step)' })
      .option('sup', { type: 'boolean', default: true, describe: 'search sup_u |η(u)| (--no-sup to skip)' })
      .option('plot', { type: 'string', describe: 'write the trajectory (log L/λ², log far mass vs step) to FILE.svg or FILE.png' }),
  run: (argv) => {
    const c = configFrom(argv);
    const plot = parseOutputFile(argv, 'plot', ['.svg', '.png'], 'trajectory.svg');
    const population = stderrProgressLine('flcalc local: population GD', 'steps');
    const empirical = stderrProgressLine('flcalc local: empirical GD', 'steps');
    const r = localExperiment(c, (phase, t, n) => (phase === 'population' ? population : empirical)(t + 1, n + 1));
    const result = { json: localJson(c, r), text: localText(c, r) + (plot ? `\nplot written to ${plot}` : ''), exitCode: r.status.converged ? ExitCode.OK : ExitCode.NONCONVERGENCE };
    // Bad flags throw synchronously above; only writing the figure is asynchronous.
    return plot ? writeFigure(localTrajectoryFigure({ trajectory: r.trajectory, predictedLossOverLambda2: r.predicted_loss_over_lambda2 }), plot).then(() => result) : result;
  },
};
