// One seed of the docs/theory.md §1 reference simulation through the library (the same sampleSpectrum the CLI
// runs), for sizes above the CLI's n·d ≤ 2.5e8 guard (δ = 4, d = 8000: n·d = 2.56e8, X = 2.05 GB).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/finiteSize/simSpectral.js DELTA D SEED > validation/experiments/finite_size/data/spectral_delta{δ}_d{d}_seed{s}.json
import { resolveTarget, resolveWeight } from "../../../src/model/formulas.js";
import { spectralExperiment, sampleSpectrum, sampleSize, SIMULATION_TOL } from "../../../src/simulate/spectral/index.js";
import { provenance } from "../../../src/core/provenance.js";
import { statusLabel } from "../../../src/core/status.js";

const [delta, d, seed] = process.argv.slice(2).map(Number) as [number, number, number];
if (![delta, d, seed].every(Number.isFinite)) {
  process.stderr.write("usage: node dist/scripts/experiments/finiteSize/simSpectral.js DELTA D SEED\n");
  process.exit(2);
}
const target = resolveTarget("z^2");
const weight = resolveWeight("min(y,3)-1");
const exp = spectralExperiment(target, weight, { noise: 0, delta, d, side: "upper", count: 3, tol: SIMULATION_TOL });
const s = sampleSpectrum(exp, seed);
console.log(JSON.stringify({
  eigenvalues: s.eigenvalues, overlap2: s.overlap2, d, n: sampleSize(delta, d), delta, side: "upper", seeds: [seed],
  status: statusLabel(s.status), residual: s.status.residual, iterations: s.status.iterations, method: s.status.method,
  config: { target: "z^2", weight: "min(y,3)-1", noise: 0, delta, d, n: sampleSize(delta, d), seed, k: 3,
    lanczos_tol: SIMULATION_TOL, via: "library sampleSpectrum (src/simulate/spectral), CLI size guard bypassed" },
  provenance: provenance(),
}, null, 2));
