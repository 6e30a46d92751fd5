// `flcalc validate --suite NAME [--record [--force]] [--quick] [--json]`: theory versus simulation, with verdicts.
// Recorded results are never overwritten silently: --record refuses --quick (a smoke run is not a verdict) and
// refuses to replace existing validation/<suite>/results.json without --force; both are checked before running.
import type { CommandSpec } from '../command.js';
import { parseChoice } from '../args.js';
import { suites } from '../../../compare/registry.js';
import { runSuite, suiteMarkdown, recordSuite, recordedDate, recordedResultsFile } from '../../../compare/run.js';
import { provenance } from '../../../core/provenance.js';
import { ExitCode, UsageError } from '../../../core/errors.js';

const names = suites.map((s) => s.name);

export const validateCommand: CommandSpec = {
  command: 'validate',
  describe: 'Run a validation suite: theory versus finite-d simulation, with standard errors and verdicts',
  builder: (y) =>
    y
      .option('suite', { type: 'string', choices: names, default: 'spectral', describe: 'which suite' })
      .option('record', { type: 'boolean', default: false, describe: 'write validation/<suite>/results.{json,md}; refused with --quick, and refused if results are already recorded unless --force' })
      .option('force', { type: 'boolean', default: false, describe: 'with --record: replace the results already recorded (the output says which date it replaced)' })
      .option('quick', { type: 'boolean', default: false, describe: 'small d and few seeds (smoke test; not a verdict; cannot be recorded)' }),
  run: async (argv) => {
    const name = parseChoice(argv, 'suite', names, 'spectral');
    const suite = suites.find((s) => s.name === name)!;
    const record = Boolean(argv['record']);
    const example = `flcalc validate --suite ${name} --record`;
    if (record && argv['quick']) throw new UsageError('--record', 'cannot record a --quick smoke run (small d, few seeds: not a verdict); drop --quick', example);
    if (argv['force'] && !record) throw new UsageError('--force', 'only applies with --record', example);
    const previous = record ? recordedDate(name) : null;
    if (previous !== null && !argv['force'])
      throw new UsageError('--record', `${recordedResultsFile(name)} already holds results recorded ${previous}; add --force to replace them`, `${example} --force`);
    const result = await runSuite(suite, { quick: Boolean(argv['quick']), log: (l) => process.stderr.write(l + '\n') });
    let recorded = '';
    if (record) recorded = `\nrecorded in ${recordSuite(result)}${previous !== null ? ` (replaced the results recorded ${previous})` : ''}`;
    return {
      json: { provenance: provenance(), ...result },
      text: suiteMarkdown(result) + recorded,
      exitCode: result.failed > 0 || result.cases.length === 0 ? ExitCode.VALIDATION_FAILED : ExitCode.OK,
    };
  },
};
