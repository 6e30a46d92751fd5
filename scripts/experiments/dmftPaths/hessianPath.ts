// DMFT law along the path → §1 lower spectrum (edge, outlier, overlap²) of the Hessian at δ = 16, t = 0, 5, 20,
// against Lanczos on the simulated Hessian (d = 1000, seeds 1–3; the suite `dynamics` plug-in runs).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/dmftPaths/hessianPath.js > validation/experiments/dmft_paths/data/hessian_path.json
import { dmftPath } from '../../../src/theory/dmft/march.js';
import { pathLawSamples } from '../../../src/theory/dmft/pathLaw.js';
import { empiricalLaw } from '../../../src/model/law.js';
import { spectrum } from '../../../src/theory/spectral/index.js';
import { runGd } from '../../../src/simulate/gd/gd.js';
const times = [0, 5, 20], delta = 16;
const cfg = { act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 20, ridge: 0, delta, d: 1000, hessianAt: times, hessianK: 2, nTest: 10, recordEvery: 5 };
const ms = (xs: number[]) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; return { mean: m, se: Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length) }; };
const theory = times.map(() => ({ edge: [] as number[], low: [] as number[], ov: [] as number[] }));
for (const seed of [1, 2, 3, 4]) {
  const spec = { ...cfg, samples: 4096, seed, keepKernels: true };
  const path = dmftPath(spec, { d: Infinity, seed: 0 });
  pathLawSamples(spec, path, times, 131072, seed + 100).forEach((law, i) => {
    const s = spectrum(empiricalLaw({ T: law.A, z: law.z }), delta, 'lower');
    theory[i]!.edge.push(s.bulk_edge); theory[i]!.low.push(s.outlier ?? s.bulk_edge); theory[i]!.ov.push(s.overlap2);
  });
}
const sims = [1, 2, 3].map((s) => runGd(cfg, s));
const out = times.map((t, i) => {
  const probes = sims.map((r) => r.hessian.find((h) => h.t === t)!);
  return { t, dmft_lowest: ms(theory[i]!.low), dmft_edge: ms(theory[i]!.edge), dmft_overlap2: ms(theory[i]!.ov),
    sim_lowest: ms(probes.map((h) => h.values[0])), sim_overlap2: ms(probes.map((h) => h.overlap_h[0])),
    sim_plugin_lowest: ms(probes.map((h) => h.plugin!.outlier ?? h.plugin!.bulk_edge)) };
});
console.log(JSON.stringify({ cfg, dmft: { samples: 4096, populations: 4, law_samples: 131072 }, out }, null, 1));
