// `flcalc validate --suite NAME [--record] [--quick] [--json] [--shard i/N --out DIR]`: theory versus simulation,
// with verdicts. Sharded, shard i runs the suite's units i, i+N, … (src/compare/suite.ts) and `flcalc merge`
// prints (and with --record records) the unsharded result.
import type { CommandResult, CommandSpec } from '../command.js';
import { optionalString, parseChoice } from '../args.js';
import { UsageError } from '../../../core/errors.js';
import { suites } from '../../../compare/registry.js';
import { runSuite, suiteMarkdown, recordSuite } from '../../../compare/run.js';
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

/** The printed (and optionally recorded) result of a suite run — the same for a merge of its shards. */
export function validateOutput(result: SuiteResult, record: boolean): CommandResult {
  const recorded = record ? `\nrecorded in ${recordSuite(result)}` : '';
  return {
    json: { provenance: provenance(), ...result },
    text: suiteMarkdown(result) + recorded,
    exitCode: result.failed > 0 || result.cases.length === 0 ? 1 : 0,
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
      .option('record', { type: 'boolean', default: false, describe: 'write validation/<suite>/results.{json,md}' })
      .option('quick', { type: 'boolean', default: false, describe: 'small d and few seeds (smoke test; not a verdict)' })
      .option('shard', { type: 'string', describe: "run shard i of N (the suite's units i, i+N, …) into --out DIR; default from SLURM_ARRAY_TASK_ID/COUNT; join with flcalc merge" })
      .option('out', { type: 'string', describe: 'directory for the shard file of a sharded run' })
      .option('emit-sbatch', { type: 'string', describe: 'write a Slurm array script for --shard i/N (N tasks) to this file instead of running' }),
  run: async (argv, context) => {
    const name = parseChoice(argv, 'suite', names, 'spectral');
    const suite = suites.find((s) => s.name === name)!;
    const quick = Boolean(argv['quick']);
    const shard = parseShard(argv['shard']);
    const out = optionalString(argv, 'out', 'runs/validate');
    if (argv['emit-sbatch'] !== undefined) return emitSbatch(argv, context?.args ?? [], shard, out);
    if (out !== undefined && !shard) throw new UsageError('--out', 'is only used with --shard (the unsharded result is printed, or recorded with --record)', 'runs/validate');
    const opts = { quick, log: (l: string) => process.stderr.write(l + '\n') };
    if (!shard) return validateOutput(await runSuite(suite, opts), Boolean(argv['record']));
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
