// `flcalc validate --suite NAME [--record] [--quick] [--json] [--shard i/N --out DIR]`: theory versus simulation,
// with verdicts. Sharded, shard i runs the suite's units i, i+N, … (src/compare/suite.ts) and `flcalc merge`
// prints (and with --record records) the unsharded result. Recorded results are never overwritten silently:
// --record refuses --quick (a smoke run is not a verdict) and refuses to replace existing
// validation/<suite>/results.json without --force (recordPolicy); both are checked before anything runs.
import type { CommandResult, CommandSpec } from '../command.js';
import { parseChoice, parseOutputDir } from '../args.js';
import { ExitCode, UsageError } from '../../../core/errors.js';
import { suites } from '../../../compare/registry.js';
import { runSuite, suiteMarkdown, recordSuite, recordedDate, recordedResultsFile } from '../../../compare/run.js';
import { VERDICT_RULE, suiteUnits, type CaseResult, type SuiteResult } from '../../../compare/suite.js';
import { provenance } from '../../../core/provenance.js';
import { configHash, parseShard, shardRows, writeShard } from '../../sweep/shard.js';
import { emitSbatch } from './sbatch.js';

const names = suites.map((s) => s.name);

/** What a validate shard stores besides its rows (one row per unit: that unit's cases). */
export interface ValidateShardContext {
  suite: string;
  quick: boolean;
}

/** Checks --record before anything runs: refuses a --quick run, and refuses to replace the results recorded for
 *  `suite` unless `force`. Returns the date of the recording that --force replaces (null if none). */
export function recordPolicy(suite: string, opts: { record: boolean; force: boolean; quick: boolean; example: string }): string | null {
  if (opts.force && !opts.record) throw new UsageError('--force', 'only applies with --record', opts.example);
  if (!opts.record) return null;
  if (opts.quick) throw new UsageError('--record', 'cannot record a --quick smoke run (small d, few seeds: not a verdict); drop --quick', opts.example);
  const previous = recordedDate(suite);
  if (previous !== null && !opts.force)
    throw new UsageError('--record', `${recordedResultsFile(suite)} already holds results recorded ${previous}; add --force to replace them`, `${opts.example} --force`);
  return previous;
}

/** The printed (and optionally recorded) result of a suite run — the same for a merge of its shards. `replaced`: the
 *  date of the recording replaced under --force (recordPolicy), mentioned in the output. */
export function validateOutput(result: SuiteResult, record: boolean, replaced: string | null = null): CommandResult {
  const recorded = record ? `\nrecorded in ${recordSuite(result)}${replaced !== null ? ` (replaced the results recorded ${replaced})` : ''}` : '';
  return {
    json: { provenance: provenance(), ...result },
    text: suiteMarkdown(result) + recorded,
    exitCode: result.failed > 0 || result.cases.length === 0 ? ExitCode.VALIDATION_FAILED : ExitCode.OK,
  };
}

/** The SuiteResult of the concatenated unit results. */
export function suiteResult(suite: string, cases: CaseResult[], seconds: number): SuiteResult {
  const passed = cases.filter((c) => c.pass).length;
  return { suite, verdict_rule: VERDICT_RULE, cases, passed, failed: cases.length - passed, seconds };
}

export const validateCommand: CommandSpec = {
  command: 'validate',
  describe: 'Run a validation suite: theory versus finite-d simulation, with standard errors and verdicts',
  builder: (y) =>
    y
      .option('suite', { type: 'string', choices: names, default: 'spectral', describe: 'which suite' })
      .option('record', { type: 'boolean', default: false, describe: 'write validation/<suite>/results.{json,md}; refused with --quick, and refused if results are already recorded unless --force' })
      .option('force', { type: 'boolean', default: false, describe: 'with --record: replace the results already recorded (the output says which date it replaced)' })
      .option('quick', { type: 'boolean', default: false, describe: 'small d and few seeds (smoke test; not a verdict; cannot be recorded)' })
      .option('shard', { type: 'string', describe: "run shard i of N (the suite's units i, i+N, …) into --out DIR; default from SLURM_ARRAY_TASK_ID/COUNT; join with flcalc merge" })
      .option('out', { type: 'string', describe: 'directory for the shard file of a sharded run' })
      .option('emit-sbatch', { type: 'string', describe: 'write a Slurm array script for --shard i/N (N tasks) to this file instead of running' }),
  run: async (argv, context) => {
    const name = parseChoice(argv, 'suite', names, 'spectral');
    const suite = suites.find((s) => s.name === name)!;
    const quick = Boolean(argv['quick']);
    const shard = parseShard(argv['shard']);
    const out = parseOutputDir(argv, 'out', 'runs/validate');
    if (argv['emit-sbatch'] !== undefined) return emitSbatch(argv, context?.args ?? [], shard, out);
    if (out !== undefined && !shard) throw new UsageError('--out', 'is only used with --shard (the unsharded result is printed, or recorded with --record)', 'runs/validate');
    const opts = { quick, log: (l: string) => process.stderr.write(l + '\n') };
    const record = Boolean(argv['record']);
    if (!shard) {
      const replaced = recordPolicy(name, { record, force: Boolean(argv['force']), quick, example: `flcalc validate --suite ${name} --record` });
      return validateOutput(await runSuite(suite, opts), record, replaced);
    }
    if (out === undefined) throw new UsageError('--out', 'a sharded run needs an output directory for its shard file', 'runs/validate');
    if (argv['record']) throw new UsageError('--record', 'record the merged result instead: flcalc merge DIR --record', 'flcalc merge runs/validate --record');
    const t0 = performance.now();
    const units = suiteUnits(suite, opts);
    const mine = shardRows(units.length, shard);
    const rows: Array<{ index: number; row: CaseResult[] }> = [];
    for (const i of mine) rows.push({ index: i, row: await units[i]!.run() });
    const ctx: ValidateShardContext = { suite: name, quick };
    const file = writeShard(out, { kind: 'validate', config_hash: configHash('validate', ctx), shard, total_rows: units.length, context: ctx, rows, seconds: (performance.now() - t0) / 1000 });
    return {
      json: { shard, units: mine.map((i) => units[i]!.id), file },
      text: `shard ${shard.index}/${shard.count}: units ${mine.map((i) => units[i]!.id).join(', ') || '(none)'} of ${units.length}\nwrote ${file}`,
    };
  },
};
