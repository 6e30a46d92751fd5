// Evaluate all rows of a table: in-process (workers = 1, or no compiled worker available) or on a pool of
// worker threads fed one work group (rows differing only in δ) at a time, so each group's cached Law is
// built once. Results come back in row order; a crashed worker marks its in-flight rows failed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../../core/provenance.js';
import type { Quantity } from './config.js';
import { makeCache } from './cache.js';
import { evaluateRow, type RowResult } from './evaluate.js';
import { workGroups, type RowSpec } from './grid.js';
import type { FromWorker, ToWorker } from './worker.js';

export interface Execution {
  mode: 'worker-threads' | 'in-process' | 'sharded';
  workers: number;
  /** 'sharded': `workers` is the number of shards merged. */
  shards?: number;
  /** Why the run is in-process when more workers were asked for. */
  reason?: string;
}

export interface RunOptions {
  workers: number;
  /** Called after every finished row. */
  progress?: (done: number, total: number) => void;
}

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** The compiled worker script, or null with the reason (running from TS sources with dist missing or stale). */
export function workerScript(): { path: string | null; reason?: string } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) {
    const bundled = join(dirname(here), 'table-worker.js');
    return { path: existsSync(bundled) ? bundled : join(dirname(here), 'worker.js') };
  }
  const compiled = join(PACKAGE_ROOT, 'dist', 'src', 'present', 'table', 'worker.js');
  if (!existsSync(compiled)) return { path: null, reason: 'running from TypeScript sources and dist/src/present/table/worker.js is missing (run npx tsc -p .)' };
  if (statSync(compiled).mtimeMs < newestSource(join(PACKAGE_ROOT, 'src')))
    return { path: null, reason: 'running from TypeScript sources and dist/ is older than src/ (run npx tsc -p .)' };
  return { path: compiled };
}

/** Split groups larger than `max` rows (load balance when there are fewer groups than workers). */
function chunked(groups: RowSpec[][], max: number): RowSpec[][] {
  return groups.flatMap((g) => (g.length <= max ? [g] : Array.from({ length: Math.ceil(g.length / max) }, (_, i) => g.slice(i * max, (i + 1) * max))));
}

function inProcess(rows: readonly RowSpec[], quantities: readonly Quantity[], opts: RunOptions): RowResult[] {
  const cache = makeCache();
  return rows.map((r, i) => {
    const res = evaluateRow(r, quantities, cache);
    opts.progress?.(i + 1, rows.length);
    return res;
  });
}

function onWorkers(script: string, rows: readonly RowSpec[], quantities: readonly Quantity[], opts: RunOptions, n: number): Promise<RowResult[]> {
  const queue = chunked(workGroups(rows), Math.max(1, Math.ceil(rows.length / (2 * n))));
  const results = new Array<RowResult | undefined>(rows.length);
  const position = new Map(rows.map((r, i) => [r.index, i])); // a shard's rows carry their indices in the full grid
  let done = 0;
  const record = (r: RowResult) => {
    const at = position.get(r.index)!;
    if (results[at] === undefined) done++;
    results[at] = r;
    opts.progress?.(done, rows.length);
  };
  const one = () =>
    new Promise<void>((resolve) => {
      const w = new Worker(script, { workerData: { quantities } });
      let current: RowSpec[] = [];
      let finished = false;
      const crash = (why: string) => {
        for (const r of current)
          if (results[position.get(r.index)!] === undefined)
            record({ index: r.index, params: r.params, values: {}, status: 'failed', message: `worker thread crashed: ${why}`, seconds: 0 });
        finish();
      };
      const finish = () => {
        if (finished) return;
        finished = true;
        w.removeAllListeners();
        void w.terminate();
        resolve();
      };
      w.on('message', (m: FromWorker) => {
        if (m.type === 'row') record(m.result);
        else {
          const next = queue.shift();
          current = next ?? [];
          if (next) w.postMessage({ type: 'group', rows: next } satisfies ToWorker);
          else {
            w.postMessage({ type: 'exit' } satisfies ToWorker);
            finish();
          }
        }
      });
      w.on('error', (e) => crash(e.message));
      w.on('exit', (code) => crash(`exited with code ${code}`));
    });
  return Promise.all(Array.from({ length: n }, one)).then(() =>
    results.map(
      (r, i) => r ?? { index: rows[i]!.index, params: rows[i]!.params, values: {}, status: 'failed' as const, message: 'not evaluated: every worker thread crashed', seconds: 0 },
    ),
  );
}

/** Evaluate every row; `execution` says how (and why in-process if workers were requested). */
export async function runTable(rows: readonly RowSpec[], quantities: readonly Quantity[], opts: RunOptions): Promise<{ rows: RowResult[]; execution: Execution }> {
  const n = Math.max(1, Math.min(opts.workers, rows.length));
  if (n === 1) return { rows: inProcess(rows, quantities, opts), execution: { mode: 'in-process', workers: 1 } };
  const script = workerScript();
  if (!script.path) return { rows: inProcess(rows, quantities, opts), execution: { mode: 'in-process', workers: 1, reason: script.reason! } };
  return { rows: await onWorkers(script.path, rows, quantities, opts, n), execution: { mode: 'worker-threads', workers: n } };
}
