// Records the imprint experiment (imprints.ts) into validation/experiments/onestep_imprints/imprints.{json,md}.
// Usage (after `npm run build`): node dist/scripts/experiments/onestep/recordImprints.js [--force]
import { join } from 'node:path';
import { imprintCases, IMPRINT_MIN, IMPRINT_SEEDS, IMPRINT_POINTS } from './imprints.js';
import { suiteMarkdown } from '../../../src/compare/run.js';
import { VERDICT_RULE } from '../../../src/compare/suite.js';
import { IMPRINT_APPROXIMATION } from '../../../src/theory/onestep/index.js';
import { provenance } from '../../../src/core/provenance.js';
import { toJson } from '../../../src/core/format.js';
import { checkWritable, experimentDir, write } from '../record.js';

const dir = experimentDir('onestep_imprints');
const jsonPath = join(dir, 'imprints.json');
const mdPath = join(dir, 'imprints.md');
checkWritable([jsonPath, mdPath], process.argv.slice(2));
const t0 = Date.now();
const cases = imprintCases((s) => process.stderr.write(s + '\n'));
const passed = cases.filter((c) => c.pass).length;
const result = { suite: 'onestep-imprints', verdict_rule: VERDICT_RULE, cases, passed, failed: cases.length - passed, seconds: (Date.now() - t0) / 1000 };
write(jsonPath, toJson({ provenance: provenance(), seeds: IMPRINT_SEEDS, points: IMPRINT_POINTS, imprint_min: IMPRINT_MIN, approximation: IMPRINT_APPROXIMATION, ...result }));
write(mdPath, [
  '## Imprints of single training samples after one large step',
  '',
  'Theory (src/theory/onestep/imprint.ts): the step is a sum over training samples; sample i adds the rank-one term',
  '(η r_i/n)(a ∘ q_i)x_iᵀ to W (q_ij = σ′(⟨w_j,x_i⟩) − c_1(σ)), which on the independent batch is a spike of size',
  'θ_i = κ_imp|r_i| (units √n) with left direction ≈ X̃x_i. κ_imp = ς_1 · √Var σ′(G) · η√ψ/√n, ς_1 the top singular value',
  'of the kernel g·E σ′(s(g)G + κtg/√N). Samples with |r_i| > r_c = θ_c/κ_imp separate; expected number n·P(|y| > r_c).',
  `Approximation: ${IMPRINT_APPROXIMATION}.`,
  '',
  `Rule (fixed before the run; header of scripts/experiments/onestep/imprints.ts): an imprint outlier is a top-10 singular value of F1c above the predicted bulk top + 3 TW sd whose left vector has overlap² ≥ ${IMPRINT_MIN} with span{X̃x_i, 10 largest |r_i|} and more than with span{He_1..He_4}(X̃β). Seeds ${IMPRINT_SEEDS.join(', ')}.`,
  '',
  suiteMarkdown(result),
].join('\n'));
process.stderr.write(`imprints: ${passed}/${cases.length} pass, ${result.seconds.toFixed(0)} s\n`);
