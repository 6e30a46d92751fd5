// `flcalc validate --suite NAME [--record] [--quick] [--json]`: theory versus simulation, with verdicts.
import type { CommandSpec } from '../command.js';
import { parseChoice } from '../args.js';
import { suites } from '../../../compare/registry.js';
import { runSuite, suiteMarkdown, recordSuite } from '../../../compare/run.js';
import { provenance } from '../../../core/provenance.js';

const names = suites.map((s) => s.name);

export const validateCommand: CommandSpec = {
  command: 'validate',
  describe: 'Run a validation suite: theory versus finite-d simulation, with standard errors and verdicts',
  builder: (y) =>
    y
      .option('suite', { type: 'string', choices: names, default: 'spectral', describe: 'which suite' })
      .option('record', { type: 'boolean', default: false, describe: 'write validation/<suite>/results.{json,md}' })
      .option('quick', { type: 'boolean', default: false, describe: 'small d and few seeds (smoke test; not a verdict)' }),
  run: async (argv) => {
    const name = parseChoice(argv, 'suite', names, 'spectral');
    const suite = suites.find((s) => s.name === name)!;
    const result = await runSuite(suite, { quick: Boolean(argv['quick']), log: (l) => process.stderr.write(l + '\n') });
    let recorded = '';
    if (argv['record']) recorded = `\nrecorded in ${recordSuite(result)}`;
    return {
      json: { provenance: provenance(), ...result },
      text: suiteMarkdown(result) + recorded,
      exitCode: result.failed > 0 || result.cases.length === 0 ? 1 : 0,
    };
  },
};
