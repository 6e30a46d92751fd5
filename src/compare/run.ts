// Run a validation suite and (optionally) record its results under validation/<suite>/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, provenance } from '../core/provenance.js';
import { toJson, fmt, gridTable } from '../core/format.js';
import { VERDICT_RULE, type Suite, type SuiteOptions, type SuiteResult } from './suite.js';

export async function runSuite(suite: Suite, opts: SuiteOptions): Promise<SuiteResult> {
  const t0 = Date.now();
  const cases = await suite.run(opts);
  const passed = cases.filter((c) => c.pass).length;
  return { suite: suite.name, verdict_rule: VERDICT_RULE, cases, passed, failed: cases.length - passed, seconds: (Date.now() - t0) / 1000 };
}

export function suiteMarkdown(r: SuiteResult): string {
  const rows = r.cases.map((c) => [
    c.id,
    c.quantity,
    fmt(c.theory, 5),
    c.measured === null ? '—' : `${fmt(c.measured, 5)} ± ${fmt(c.se, 2)}`,
    fmt(c.allowance, 2),
    c.pass ? 'pass' : '**FAIL**',
  ]);
  return [
    `### Validation suite \`${r.suite}\`: ${r.passed}/${r.cases.length} pass`,
    '',
    `Rule: ${r.verdict_rule}.`,
    '',
    gridTable(['case', 'quantity', 'theory', 'simulation (± se)', 'allowance', 'verdict'], rows),
    '',
    ...r.cases.map((c) => `- \`${c.id}\`: ${c.description}. ${c.allowance_reason ? `Allowance: ${c.allowance_reason}.` : ''}${c.note ? ` ${c.note}` : ''}`),
  ].join('\n');
}

/** validation/<suite>/results.json, where a suite's results are recorded. */
export function recordedResultsFile(suite: string): string {
  return join(PACKAGE_ROOT, 'validation', suite, 'results.json');
}

/** The recording date of validation/<suite>/results.json ("unknown date" if unreadable), or null if none exists. */
export function recordedDate(suite: string): string | null {
  const file = recordedResultsFile(suite);
  if (!existsSync(file)) return null;
  try {
    const date = (JSON.parse(readFileSync(file, 'utf8')) as { provenance?: { date?: unknown } }).provenance?.date;
    return typeof date === 'string' ? date : 'unknown date';
  } catch {
    return 'unknown date';
  }
}

/** Writes validation/<suite>/results.json (with provenance) and results.md. */
export function recordSuite(r: SuiteResult): string {
  const dir = join(PACKAGE_ROOT, 'validation', r.suite);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), toJson({ provenance: provenance(), ...r }) + '\n');
  writeFileSync(join(dir, 'results.md'), suiteMarkdown(r) + '\n');
  return dir;
}
