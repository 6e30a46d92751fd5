// Records the imprint experiment of issue 5 (src/compare/suites/onestepImprints.ts) into
// validation/onestep/imprints.{json,md}. Usage (after `npx tsc -p tsconfig.json`): node validation/onestep/record_imprints.mjs
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imprintCases, IMPRINT_MIN, IMPRINT_SEEDS, IMPRINT_POINTS } from '../../dist/src/compare/suites/onestepImprints.js';
import { suiteMarkdown } from '../../dist/src/compare/run.js';
import { VERDICT_RULE } from '../../dist/src/compare/suite.js';
import { IMPRINT_APPROXIMATION } from '../../dist/src/theory/onestep/index.js';
import { provenance } from '../../dist/src/core/provenance.js';
import { toJson } from '../../dist/src/core/format.js';

const here = dirname(fileURLToPath(import.meta.url));
const t0 = Date.now();
const cases = imprintCases((s) => process.stderr.write(s + '\n'));
const passed = cases.filter((c) => c.pass).length;
const result = { suite: 'onestep-imprints', verdict_rule: VERDICT_RULE, cases, passed, failed: cases.length - passed, seconds: (Date.now() - t0) / 1000 };
writeFileSync(join(here, 'imprints.json'), toJson({ provenance: provenance(), seeds: IMPRINT_SEEDS, points: IMPRINT_POINTS, imprint_min: IMPRINT_MIN, approximation: IMPRINT_APPROXIMATION, ...result }) + '\n');
const md = [
  '## Imprints of single training samples after one large step (issue 5)',
  '',
  'Theory (src/theory/onestep/imprint.ts): the step is a sum over training samples; sample i adds the rank-one term',
  '(η r_i/n)(a ∘ q_i)x_iᵀ to W (q_ij = σ′(⟨w_j,x_i⟩) − c_1(σ)), which on the independent batch is a spike of size',
  'θ_i = κ_imp|r_i| (units √n) with left direction ≈ X̃x_i. κ_imp = ς_1 · √Var σ′(G) · η√ψ/√n, ς_1 the top singular value',
  'of the kernel g·E σ′(s(g)G + κtg/√N). Samples with |r_i| > r_c = θ_c/κ_imp separate; expected number n·P(|y| > r_c).',
  `Approximation: ${IMPRINT_APPROXIMATION}.`,
  '',
  `Rule (fixed before the run; header of src/compare/suites/onestepImprints.ts): an imprint outlier is a top-10 singular value of F1c above the predicted bulk top + 3 TW sd whose left vector has overlap² ≥ ${IMPRINT_MIN} with span{X̃x_i, 10 largest |r_i|} and more than with span{He_1..He_4}(X̃β). Seeds ${IMPRINT_SEEDS.join(', ')}.`,
  '',
  suiteMarkdown(result),
].join('\n');
writeFileSync(join(here, 'imprints.md'), md + '\n');
process.stderr.write(`imprints: ${passed}/${cases.length} pass, ${result.seconds.toFixed(0)} s\n`);
