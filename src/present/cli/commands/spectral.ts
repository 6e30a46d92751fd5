// `flcalc spectral --target EXPR --weight EXPR --delta D [--side upper|lower] [--noise S] [--json]`:
// bulk edge, outlier, overlap² and threshold δ* of D = (1/n) Σ_i T(y_i) x_i x_iᵀ (docs/theory.md §1), plus δ_alg (§3).
// Without flags: the docs/theory.md §1 reference case (y = z², T = min(y,3) − 1, δ = 2); `npx flcalc` runs this.
import type { CommandSpec } from '../command.js';
import { optionalString, parseChoice, parseNumber, parseOutputFile } from '../args.js';
import { resolveTarget, resolveWeight } from '../../../model/formulas.js';
import { buildSpectralLaw, unboundedSide } from '../../../model/law.js';
import { spectrum, type Spectrum } from '../../../theory/spectral/spectrum.js';
import { deltaStar, type Threshold } from '../../../theory/spectral/deltaStar.js';
import { deltaAlg } from '../../../theory/alg/deltaAlg.js';
import { UsageError, ExitCode } from '../../../core/errors.js';
import { combineStatus, statusLabel } from '../../../core/status.js';
import { fmt, kvTable } from '../../../core/format.js';
import { edgeOutlierFigure } from '../../plot/figures.js';
import { writeFigure } from '../../plot/write.js';
import type { Law } from '../../../model/law.js';
import { maxScaledDifference } from '../../../theory/hessian/quadratureError.js';

export const SPECTRAL_CONVENTIONS =
  'x ~ N(0, I_d), n samples, δ = n/d (n, d → ∞); latent z = θᵀx (z1..zk for multi-index); y = g(z) [+ σξ, ξ ~ N(0,1)]; ' +
  'D = (1/n) Σ_i T(y_i) x_i x_iᵀ; upper side = largest eigenvalue, lower side = smallest; overlap² = squared cosine between that eigenvector and the latent span';

/** Relative difference between two quadrature orders above which the result is reported as not converged. */
const QUADRATURE_TOL = 1e-4;

interface Outputs {
  spec: Spectrum;
  thr: Threshold;
}

function outputs(law: ReturnType<typeof buildSpectralLaw>, delta: number, side: 'upper' | 'lower'): Outputs {
  return { spec: spectrum(law, delta, side), thr: deltaStar(law, side) };
}

/** max |difference| of the reported numbers between two quadrature orders, relative to max(1, |value|) (null↔number
 *  counts as ∞): the shared two-resolution comparison of src/theory/hessian/quadratureError.ts. */
function discrepancy(a: Outputs, b: Outputs): number {
  const pairs: Array<[string, number | null, number | null]> = [
    ['bulk edge', a.spec.bulk_edge, b.spec.bulk_edge],
    ['outlier', a.spec.outlier, b.spec.outlier],
    ['overlap²', a.spec.overlap2, b.spec.overlap2],
    ['δ*', a.thr.delta_star, b.thr.delta_star],
  ];
  return maxScaledDifference(pairs.map(([name, fine, coarse]) => ({ name, fine, coarse, scale: fine === null ? 1 : Math.max(1, Math.abs(fine)) }))).error;
}

export const spectralCommand: CommandSpec = {
  command: 'spectral',
  describe: 'Bulk edge, outlier, overlap² and threshold δ* of a weighted sample covariance (docs/theory.md §1); default: the §1 reference case',
  builder: (y) =>
    y
      .option('target', { type: 'string', default: 'z^2', describe: 'y = g(z): catalogue name or expression in z (or z1..z3)' })
      .option('weight', { type: 'string', default: 'min(y,3)-1', describe: 'preprocessing T(y): catalogue name or expression in y (bounded on the side used)' })
      .option('delta', { type: 'string', default: '2', describe: 'sample ratio δ = n/d > 0' })
      .option('side', { type: 'string', default: 'upper', describe: 'upper (largest eigenvalue) or lower (smallest)' })
      .option('noise', { type: 'string', default: '0', describe: 'label noise σ ≥ 0: y = g(z) + σξ' })
      .option('plot', { type: 'string', describe: 'write the bulk edge and outlier vs δ (40 log-spaced δ around δ and δ*) to FILE.svg or FILE.png' }),
  run: async (argv) => {
    const targetSpec = optionalString(argv, 'target', 'z^2') ?? 'z^2';
    const weightSpec = optionalString(argv, 'weight', 'min(y,3)-1') ?? 'min(y,3)-1';
    const delta = parseNumber(argv, 'delta', { example: '2', default: 2, exclusiveMin: 0, max: 1e8 });
    const side = parseChoice(argv, 'side', ['upper', 'lower'] as const, 'upper');
    const noise = parseNumber(argv, 'noise', { example: '0.5', default: 0, min: 0, max: 1e3 });
    const plot = parseOutputFile(argv, 'plot', ['.svg', '.png'], 'edge.svg');
    const target = resolveTarget(targetSpec, '--target');
    const weight = resolveWeight(weightSpec, '--weight');
    const unbounded = unboundedSide(target, weight, noise, side);
    if (unbounded) throw new UsageError('--weight', unbounded, side === 'upper' ? 'min(y,3)-1' : 'max(y,-3)');
    // k = 2 noiseless: Gauss–Hermite 96 × kink-aware (the default 48 leaves ~5e−4 relative error near sup T).
    const law = buildSpectralLaw(target, weight, { noise, ...(target.k === 2 && noise === 0 ? { order: 96 } : {}) });
    const lower = buildSpectralLaw(target, weight, { noise, order: target.k === 1 ? Math.round(law.order * 0.6) : Math.round(law.order * 0.75) });
    const hi = outputs(law, delta, side);
    const lo = outputs(lower, delta, side);
    const errorEstimate = discrepancy(hi, lo);
    const quadratureOk = errorEstimate <= QUADRATURE_TOL;
    let alg: ReturnType<typeof deltaAlg> | null = null;
    let algNote = '';
    if (target.k > 1 && noise === 0 && !target.discrete) algNote = 'not computed here for a continuous noiseless multi-index target (slow co-area quadrature): run flcalc alg';
    else {
      try {
        alg = deltaAlg(target, noise);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        algNote = e.problem;
      }
    }
    const status = combineStatus('docs/theory.md §1', [
      hi.spec.status,
      hi.thr.status,
      { converged: quadratureOk, residual: errorEstimate, iterations: 2, method: 'two quadrature orders', ...(quadratureOk ? {} : { message: `quadrature orders differ by ${errorEstimate.toExponential(2)} (relative)` }) },
    ]);
    const label = statusLabel(status);
    const { spec, thr } = hi;
    const json = {
      bulk_edge: spec.bulk_edge,
      outlier: spec.outlier,
      overlap2: spec.overlap2,
      delta_star: thr.delta_star,
      status: label,
      ...(thr.delta_star === null || thr.reason ? { delta_star_reason: thr.reason ?? '' } : {}),
      delta_star_upper: thr.delta_star_upper,
      delta_alg: alg ? alg.delta_alg : null,
      ...(alg ? { delta_alg_status: statusLabel(alg.status), ...(alg.reason ? { delta_alg_reason: alg.reason } : {}) } : { delta_alg_reason: algNote }),
      lambda_bar: spec.lambda_bar,
      lambda_star: spec.lambda_star,
      edge_degenerate: spec.edge_degenerate,
      ...(spec.message ? { message: spec.message } : {}),
      latent: spec.latent,
      latent_direction: spec.latent_direction,
      overlap2_per_coordinate: spec.overlap2_per_coordinate,
      input: { target: target.fn.source, weight: weight.source, delta, side, noise, k: target.k },
      // Infinity (an outlier or δ* found at one order only) is printed as null: toJson refuses non-finite numbers.
      quadrature: { rule: law.rule ?? law.origin, order: law.order, atoms: law.size, error_estimate: Number.isFinite(errorEstimate) ? errorEstimate : null, compared_with_order: lower.order },
      residual: Number.isFinite(status.residual) ? status.residual : null,
      conventions: SPECTRAL_CONVENTIONS,
    };
    const sideWord = side === 'upper' ? 'largest' : 'smallest';
    const rows: Array<[string, string]> = [
      ['target y = g(z)', target.fn.source + (noise > 0 ? ` + ${noise}·ξ` : '')],
      ['weight T(y)', weight.source],
      ['δ = n/d', fmt(delta)],
      ['side', `${side} (${sideWord} eigenvalue of D)`],
      ['bulk edge', fmt(spec.bulk_edge)],
      [`outlier (${sideWord} eigenvalue)`, spec.outlier === null ? `none — ${sideWord} eigenvalue sticks to the bulk edge` : fmt(spec.outlier)],
      ['overlap² with θ', fmt(spec.overlap2)],
      ...(spec.latent.length > 1 && spec.overlap2_per_coordinate
        ? ([['overlap² per z_j', spec.overlap2_per_coordinate.map((v, j) => `${spec.latent[j]}: ${fmt(v)}`).join(', ')]] as Array<[string, string]>)
        : []),
      [
        'threshold δ*',
        thr.delta_star === null ? `none — ${thr.reason}` : `${fmt(thr.delta_star)} (outlier for δ > δ*${thr.delta_star_upper !== null ? ` and δ < ${fmt(thr.delta_star_upper)}` : ''})`,
      ],
      ['δ_alg (§3)', alg ? (alg.delta_alg === null ? `none — ${alg.reason}` : `${fmt(alg.delta_alg)}${alg.first_order ? ' (first-order direction)' : ''} (δ* ≥ δ_alg for every T)`) : `— (${algNote})`],
      ['λ̄, λ*', `${fmt(spec.lambda_bar)}, ${fmt(spec.lambda_star)}`],
      ['quadrature', `${law.rule ?? law.origin}; ${law.size} atoms; error estimate ${fmt(errorEstimate, 2)} (vs order ${lower.order})`],
      ['status', label + (status.message ? ` — ${status.message}` : '')],
    ];
    const text = [
      'flcalc spectral — spectral outlier of a weighted sample covariance (docs/theory.md §1)',
      `Conventions: ${SPECTRAL_CONVENTIONS}.`,
      '',
      kvTable(rows),
    ].join('\n');
    if (plot !== undefined) await writeFigure(deltaSweepFigure(law, delta, side, thr.delta_star, `y = ${target.fn.source}${noise > 0 ? ` + ${noise}ξ` : ''}, T(y) = ${weight.source}`), plot);
    return {
      json: plot !== undefined ? { ...json, plot } : json,
      text: text + (plot !== undefined ? `\nplot written to ${plot}` : ''),
      exitCode: status.converged ? ExitCode.OK : ExitCode.NONCONVERGENCE,
    };
  },
};

/** Bulk edge and outlier (docs/theory.md §1) on 40 log-spaced δ in [δ* / 4, 4·max(δ, δ*)] (no δ*: [δ / 4, 4δ]), plus δ. */
function deltaSweepFigure(law: Law, delta: number, side: 'upper' | 'lower', dStar: number | null, caption: string) {
  const lo = (dStar ?? delta) / 4;
  const hi = 4 * Math.max(delta, dStar ?? delta);
  const grid = [...Array.from({ length: 40 }, (_, i) => lo * (hi / lo) ** (i / 39)), delta].sort((a, b) => a - b);
  const sp = grid.map((dl) => spectrum(law, dl, side));
  const fig = edgeOutlierFigure({
    delta: grid,
    edge: sp.map((s) => s.bulk_edge),
    outlier: sp.map((s) => s.outlier),
    deltaStar: dStar,
    title: `${side === 'upper' ? 'Largest' : 'Smallest'} eigenvalue of D (theory, d → ∞): ${caption}`,
  });
  fig.series.push({ kind: 'vline', label: `δ = ${fmt(delta)} (requested)`, at: delta, color: '#000000', dash: false });
  // The edge diverges as δ → 0: scale the y axis to δ ≥ 2·(lower end) so the outlier's separation stays visible.
  const ys = sp.filter((_, i) => grid[i]! >= 2 * lo).flatMap((s) => (s.outlier === null ? [s.bulk_edge] : [s.bulk_edge, s.outlier]));
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y1 > y0) fig.ylim = [y0 - 0.1 * (y1 - y0), y1 + 0.1 * (y1 - y0)];
  return fig;
}
