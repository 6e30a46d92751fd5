// Records the rule-match experiment of issue 5 (src/validation/suites/onestep.ts, "Rule-match experiment") into
// validation/onestep/rule_match.{json,md}. Usage (after `npx tsc -p tsconfig.json`):
//   node validation/onestep/record_rule_match.mjs            design + simulations (≈ 10 min, one process)
//   node validation/onestep/record_rule_match.mjs --design   design only (theory, seconds)
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleDesign, ruleMatchCases, RULE_MARGINS, RULE_SEEDS } from '../../dist/src/validation/suites/onestep.js';
import { suiteMarkdown } from '../../dist/src/validation/run.js';
import { VERDICT_RULE } from '../../dist/src/validation/suite.js';
import { provenance } from '../../dist/src/provenance.js';
import { toJson, gridTable } from '../../dist/src/report/format.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = (s) => process.stderr.write(s + '\n');
const t0 = Date.now();
const design = ruleDesign(log);
const designTable = gridTable(
  ['interval', 'α', 'ℓ(α)', 'n', 'c', 'pref.', 'θ_k/θ_c (k = 1, 2, …)', 'pred. He_k overlap² (separated k)', 'pred. separated', 'pred. aligned', 'pred. span{He_1..4} outliers'],
  design.map((p) => [p.label, String(p.alpha), String(p.ell), String(p.n), String(p.c), String(p.preference),
    p.spikes.map((s) => s.ratio.toFixed(2)).join(', '),
    p.spikes.filter((s) => s.separated).map((s) => s.alignment2.toFixed(2)).join(', '),
    String(p.predicted_count), String(p.predicted_aligned_count), String(p.predicted_subspace_count)]),
);
if (process.argv.includes('--design')) { console.log(designTable); process.exit(0); }
const cases = ruleMatchCases(design, log);
const passed = cases.filter((c) => c.pass).length;
const result = { suite: 'onestep-rule-match', verdict_rule: VERDICT_RULE, cases, passed, failed: cases.length - passed, seconds: (Date.now() - t0) / 1000 };
writeFileSync(join(here, 'rule_match.json'), toJson({ provenance: provenance(), margins: RULE_MARGINS, seeds: RULE_SEEDS, design, ...result }) + '\n');
const md = [
  '## Rule match ℓ(α) = 1 + ⌊α/(1/2 − α)⌋ at finite n (issue 5)',
  '',
  `Design (from the finite-n theory only, before simulating; rule in the header of src/validation/suites/onestep.ts): margins θ_k/θ_c ≥ ${RULE_MARGINS.separatedMin} and predicted He_k overlap² ≥ ${RULE_MARGINS.alignedMin} for k ≤ ℓ, θ_k/θ_c ≤ ${RULE_MARGINS.notSeparatedMax} for k > ℓ; preference 1: all margins, one c for both n; 2: all margins, c per n; 3: separation margins, one c; 4: separation margins, c per n.`,
  '',
  designTable,
  '',
  suiteMarkdown(result),
].join('\n');
writeFileSync(join(here, 'rule_match.md'), md + '\n');
log(`rule-match: ${passed}/${cases.length} pass, ${result.seconds.toFixed(0)} s`);
