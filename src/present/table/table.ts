// `flcalc table` as a library function: validate the grid (every expression resolved up front, every problem
// reported with its path), evaluate all rows (worker threads or in-process), and render the result.
import { availableParallelism } from 'node:os';
import { UsageError } from '../../core/errors.js';
import { resolveActivation, resolveLoss, resolveTarget, resolveWeight } from '../../model/formulas.js';
import type { TableConfig } from './config.js';
import { EVALUATORS, type RowResult } from './evaluate.js';
import { expandGrid, type Grid } from './grid.js';
import { runTable, type Execution } from './run.js';
import { shardRows, type Shard } from '../sweep/shard.js';

const RESOLVERS: Record<string, (spec: string, argument: string) => unknown> = {
  target: resolveTarget,
  weight: resolveWeight,
  act: resolveActivation,
  loss: resolveLoss,
};

/** Resolve every expression of the grid once, collecting every problem (path: message). */
function checkExpressions(grid: Grid, source: string): void {
  const problems: string[] = [];
  for (const axis of grid.axes) {
    const resolve = RESOLVERS[axis.name];
    if (!resolve) continue;
    axis.values.forEach((v, i) => {
      try {
        resolve(String(v), `grid.${axis.name}[${i}]`);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        problems.push(`grid.${axis.name}[${i}] "${v}": ${e.problem}`);
      }
    });
  }
  const missing = grid.families.filter((f) => !EVALUATORS[f]);
  for (const f of missing) problems.push(`quantities: the ${f} family is not available in this build`);
  if (problems.length) throw new UsageError(`--config ${source}`, `invalid grid — ${problems.join('; ')}`, 'grid.target = ["z^2", "tanh(z)"]');
}

export interface TableResult {
  grid: Grid;
  rows: RowResult[];
  execution: Execution;
  seconds: number;
}

/** Below this many rows the default is in-process: a worker thread pays ~1 s CPU to load its modules (mathjs). */
export const AUTO_WORKER_MIN_ROWS = 40;

/** Validate and evaluate a table configuration (only the rows of `shard`, when given); `workers` undefined: every core (availableParallelism) for ≥ AUTO_WORKER_MIN_ROWS rows, else 1. */
export async function computeTable(
  cfg: TableConfig,
  opts: { source: string; workers?: number; progress?: (done: number, total: number) => void; shard?: Shard },
): Promise<TableResult> {
  const grid = expandGrid(cfg, opts.source);
  checkExpressions(grid, opts.source);
  const todo = opts.shard ? shardRows(grid.rows.length, opts.shard).map((i) => grid.rows[i]!) : grid.rows;
  const workers = opts.workers ?? (todo.length >= AUTO_WORKER_MIN_ROWS ? availableParallelism() : 1);
  const t0 = performance.now();
  const { rows, execution } = await runTable(todo, cfg.quantities, { workers, ...(opts.progress ? { progress: opts.progress } : {}) });
  return { grid, rows, execution, seconds: (performance.now() - t0) / 1000 };
}
