// Runs GD over several seeds, in parallel on worker threads when the compiled worker (dist/…/worker.js, or
// dist/bundle/gd-worker.js in the bundle) sits next to this module, otherwise sequentially in-process (e.g.
// when vitest runs the TypeScript sources).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { UsageError, ConvergenceError } from '../../core/errors.js';
import { runGd, type GdRun, type Progress } from './gd.js';
import type { GdConfig } from '../../model/problem.js';
import type { FromWorker, SerializedError, ToWorker } from './worker.js';

export interface SeedRunOptions {
  /** Maximum number of worker threads (default: available parallelism). 1 forces in-process. */
  threads?: number;
  progress?: Progress;
}

/** The compiled worker: worker.js next to this module (tsc output) or gd-worker.js next to the bundle chunk. */
function workerUrl(): URL | null {
  if (!import.meta.url.endsWith('.js')) return null;
  for (const name of ['./worker.js', './gd-worker.js']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

function reviveError(e: SerializedError): Error {
  if (e.name === 'UsageError') return new UsageError(e.argument ?? '', e.problem ?? e.message, e.example ?? '');
  if (e.name === 'ConvergenceError' && e.status) return new ConvergenceError(e.what ?? 'GD', e.status);
  return new Error(e.message);
}

/** How the seeds were run, for the provenance of the output. */
export function executionMode(seeds: number, threads?: number): string {
  const t = Math.min(threads ?? availableParallelism(), seeds);
  return t > 1 && workerUrl() ? `${t} worker threads` : 'in-process (sequential)';
}

/** runGd for every seed; results in the order of `seeds`. */
export async function runSeeds(cfg: GdConfig, seeds: readonly number[], opts: SeedRunOptions = {}): Promise<GdRun[]> {
  const threads = Math.min(opts.threads ?? availableParallelism(), seeds.length);
  const url = workerUrl();
  if (threads <= 1 || !url) return seeds.map((s) => runGd(cfg, s, opts.progress));
  const results: GdRun[] = new Array(seeds.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: threads }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(url);
          workers.push(w);
          let current = -1;
          const feed = (): void => {
            if (next >= seeds.length) {
              w.postMessage({ type: 'exit' } satisfies ToWorker);
              resolve();
              return;
            }
            current = next++;
            w.postMessage({ type: 'run', cfg, seed: seeds[current]! } satisfies ToWorker);
          };
          w.on('message', (msg: FromWorker) => {
            if (msg.type === 'progress') opts.progress?.(msg);
            else if (msg.type === 'result') {
              results[current] = msg.run;
              feed();
            } else reject(reviveError(msg.error));
          });
          w.on('error', reject);
          feed();
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
