// Regenerates the README figures in docs/figures/ (SVG and PNG) from the library and the simulator:
//   npx tsc -p . && node dist/src/present/plot/readmeFigures.js [--quick]
// 1. overlap² vs δ for the docs/theory.md §1 reference case (y = z², T = min(y,3) − 1): theory curve and simulation
//    (d = 1000, 3 seeds per δ, mean ± 1 se); 2. bulk edge and outlier vs δ with the simulated top eigenvalue;
// 3. the full simulated spectrum at δ = 4 (d = 400, 3 seeds, dense eigendecomposition) with the predicted
// bulk density, edge and outlier; 4. phase diagram: δ* for two preprocessings and δ_alg vs the label noise;
// 5. one-step spike singular values vs α (theory, docs/theory.md §7). The simulation settings are printed and saved
// next to the figures (docs/figures/figures.json) with provenance.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { buildSpectralLaw } from '../../model/law.js';
import { resolveActivation, resolveTarget, resolveWeight } from '../../model/formulas.js';
import { deltaStar, spectrum } from '../../theory/spectral/index.js';
import { deltaAlg } from '../../theory/alg/index.js';
import { onestepTheory } from '../../theory/onestep/index.js';
import { gaussianData } from '../../numerics/random/gaussianData.js';
import { makeRng } from '../../numerics/random/rng.js';
import { runSpectralExperiment, spectralExperiment, SIMULATION_TOL } from '../../simulate/spectral/index.js';
import { PACKAGE_ROOT, provenance } from '../../core/provenance.js';
import { toJson } from '../../core/format.js';
import { bulkDensity } from './bulkDensity.js';
import { edgeOutlierFigure, onestepSingularValuesFigure, overlapFigure, phaseDiagramFigure, spectrumFigure } from './figures.js';
import { writeFigure } from './write.js';
import type { Figure } from './figure.js';

const quick = process.argv.includes('--quick');
const outDir = join(PACKAGE_ROOT, 'docs', 'figures');
mkdirSync(outDir, { recursive: true });
const record: Record<string, unknown> = { provenance: provenance(), quick };
const save = async (name: string, fig: Figure) => {
  await writeFigure(fig, join(outDir, `${name}.svg`));
  await writeFigure(fig, join(outDir, `${name}.png`));
  console.log(`wrote docs/figures/${name}.svg, .png`);
};
const logGrid = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)));

// §1 reference case.
const target = resolveTarget('z^2');
const weight = resolveWeight('min(y,3)-1');
const law = buildSpectralLaw(target, weight, { noise: 0 });
const th = deltaStar(law, 'upper');
const grid = logGrid(0.3, 10, 120);
const theory = grid.map((d) => spectrum(law, d, 'upper'));

const sim = { d: quick ? 300 : 1000, seeds: 3, first_seed: 1, deltas: [0.5, 1, 1.5, 2, 4, 8] };
const simulated = sim.deltas.map((delta) => {
  const run = runSpectralExperiment(spectralExperiment(target, weight, { noise: 0, delta, d: sim.d, side: 'upper', count: 2, tol: SIMULATION_TOL }), sim.first_seed, sim.seeds);
  console.log(`simulated δ = ${delta}: top ${run.eigenvalues[0]!.mean.toFixed(4)}, overlap² ${run.overlap2.mean.toFixed(4)} ± ${run.overlap2.se.toFixed(4)}`);
  return { delta, top: run.eigenvalues[0]!, overlap2: run.overlap2, converged: run.status.converged };
});
record['overlap'] = { target: 'z^2', weight: 'min(y,3)-1', delta_star: th.delta_star, simulation: sim, points: simulated };

await save(
  'overlap_reference',
  overlapFigure({
    title: 'Top eigenvector overlap², y = z², T = min(y,3) − 1',
    theory: { delta: grid, overlap2: theory.map((s) => s.overlap2) },
    simulated: simulated.map((s) => ({ delta: s.delta, mean: s.overlap2.mean, se: s.overlap2.se })),
    simulatedLabel: `simulation d=${sim.d}, ${sim.seeds} seeds`,
    deltaStar: th.delta_star,
  }),
);
await save(
  'edge_outlier_reference',
  edgeOutlierFigure({
    title: 'Bulk edge and outlier, y = z², T = min(y,3) − 1',
    delta: grid,
    edge: theory.map((s) => s.bulk_edge),
    outlier: theory.map((s) => s.outlier),
    deltaStar: th.delta_star,
    simulated: simulated.map((s) => ({ delta: s.delta, mean: s.top.mean, se: s.top.se })),
    ylabel: 'top eigenvalue',
  }),
);

// Full spectrum at δ = 4 by dense eigendecomposition of D = (1/n) Xᵀ diag(T) X.
const full = { d: quick ? 200 : 400, delta: 4, seeds: 3 };
const eigs: number[] = [];
for (let s = 0; s < full.seeds; s++) {
  const n = full.d * full.delta;
  const data = gaussianData(n, full.d, makeRng(100 + s));
  const D = Matrix.zeros(full.d, full.d);
  for (let i = 0; i < n; i++) {
    const row = data.X.subarray(i * full.d, (i + 1) * full.d);
    const t = Math.min(row[0]! * row[0]!, 3) - 1;
    for (let a = 0; a < full.d; a++) {
      const ta = (t * row[a]!) / n;
      for (let b = a; b < full.d; b++) D.set(a, b, D.get(a, b) + ta * row[b]!);
    }
  }
  for (let a = 0; a < full.d; a++) for (let b = 0; b < a; b++) D.set(a, b, D.get(b, a));
  eigs.push(...new EigenvalueDecomposition(D, { assumeSymmetric: true }).realEigenvalues);
}
const sp4 = spectrum(law, full.delta, 'upper');
const lo4 = spectrum(law, full.delta, 'lower');
const muGrid = Array.from({ length: 400 }, (_, i) => lo4.bulk_edge - 0.05 + ((sp4.bulk_edge + 0.05 - (lo4.bulk_edge - 0.05)) * i) / 399);
const dens = bulkDensity(law, full.delta, muGrid);
console.log(`bulk density: ${dens.unconverged} of ${muGrid.length} points above tolerance (η = ${dens.eta})`);
record['spectrum'] = { ...full, first_seed: 100, edges: [lo4.bulk_edge, sp4.bulk_edge], outlier: sp4.outlier, density_eta: dens.eta, density_unconverged: dens.unconverged };
await save(
  'spectrum_reference',
  spectrumFigure({
    title: `Spectrum of D at δ = 4 (d = ${full.d}, ${full.seeds} seeds), y = z², T = min(y,3) − 1`,
    eigenvalues: eigs,
    bins: 70,
    density: dens,
    edges: [lo4.bulk_edge, sp4.bulk_edge],
    outliers: [sp4.outlier],
  }),
);

// Phase diagram over label noise: δ*(noise) for two preprocessings, δ_alg(noise).
const noises = Array.from({ length: quick ? 5 : 11 }, (_, i) => i * 0.1);
const boundary = (w: string) => noises.map((s) => deltaStar(buildSpectralLaw(target, resolveWeight(w), { noise: s }), 'upper').delta_star);
const algs = noises.map((s) => deltaAlg(target, s).delta_alg);
const b1 = boundary('min(y,3)-1');
const b2 = boundary('tanh(y)-0.5');
record['phase'] = { target: 'z^2', noise: noises, delta_star_truncated: b1, delta_star_tanh: b2, delta_alg: algs };
await save(
  'phase_noise',
  phaseDiagramFigure({
    title: 'Thresholds vs label noise, y = z² + σξ',
    deltaMax: 1.6 * Math.max(...[...b1, ...b2, ...algs].filter((x): x is number => x !== null)),
    parameter: { name: 'noise σ', values: noises },
    boundaries: [
      { label: 'δ*, T = min(y,3) − 1', delta: b1 },
      { label: 'δ*, T = tanh(y) − 0.5', delta: b2 },
      { label: 'δ_alg (lower bound)', delta: algs, dash: true },
    ],
  }),
);

// One-step spikes vs α (theory, n = d = N = 8000, σ = sin + cos).
const alphas = Array.from({ length: 40 }, (_, i) => 0.01 + (0.44 * i) / 39);
const act = resolveActivation('sin(x)+cos(x)');
const g = resolveTarget('tanh(z) + z^2/4');
const os = alphas.map((alpha) => onestepTheory({ act, target: g, n: 8000, alpha, c: 1, psi: 1, phi: 1, noise: 0, ridge: 0.1 }));
const kmax = Math.max(...os.map((o) => o.spikes.length));
record['onestep'] = { act: 'sin(x)+cos(x)', target: 'tanh(z) + z^2/4', n: 8000, alphas, num_spikes: os.map((o) => o.num_spikes) };
await save(
  'onestep_spikes',
  onestepSingularValuesFigure({
    title: 'One large step: spike singular values (theory, n = d = N = 8000)',
    alpha: alphas,
    spikes: Array.from({ length: Math.min(kmax, 4) }, (_, r) => ({
      k: r + 1,
      values: os.map((o) => {
        const s = o.spikes[r]?.singular_value;
        return s !== undefined && s !== null && s > 0 ? Math.log10(s) : null;
      }),
    })),
    ylabel: 'log10 singular value (leading order)',
  }),
);
writeFileSync(join(outDir, 'figures.json'), toJson(record) + '\n');
console.log('wrote docs/figures/figures.json');
