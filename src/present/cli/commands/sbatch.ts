// `--emit-sbatch FILE` of the sharded commands: write a Slurm array script that runs the same command line as
// N array tasks (each task's shard from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT) instead of running it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../../core/errors.js';
import { sbatchScript, shardlessCommand, type Shard } from '../../sweep/shard.js';
import type { CommandResult } from '../command.js';

export function emitSbatch(argv: Record<string, unknown>, args: readonly string[], shard: Shard | null, out: string | undefined): CommandResult {
  if (args.length === 0) throw new Error('emitSbatch: the command line is needed (run through the CLI)');
  const file = String(argv['emit-sbatch']);
  if (file.trim() === '') throw new UsageError('--emit-sbatch', 'must be a file name', 'sweep.sbatch');
  if (!shard) throw new UsageError('--shard', '--emit-sbatch needs the number of array tasks N from --shard i/N (i is ignored)', '0/16');
  if (out === undefined) throw new UsageError('--out', 'a sharded run needs an output directory for its shard files', 'runs/sweep1');
  mkdirSync(out, { recursive: true }); // Slurm writes the task logs there
  const command = shardlessCommand(args);
  const script = sbatchScript({ name: `flcalc-${args[0] ?? 'sweep'}`, count: shard.count, command, out, merge: `npx flcalc merge ${out}` });
  try {
    writeFileSync(file, script, { mode: 0o755 });
  } catch (e) {
    throw new UsageError('--emit-sbatch', `cannot write "${file}": ${(e as Error).message.split('\n')[0]}`, 'sweep.sbatch');
  }
  return {
    json: { file, array_tasks: shard.count, command, merge: `npx flcalc merge ${out}` },
    text: `wrote ${file}: a Slurm array of ${shard.count} tasks running\n  ${command}\nsubmit with: sbatch ${file}; when all tasks are done: npx flcalc merge ${out}`,
  };
}
