// Worker-thread entry: runs GD seeds sent by the parent (src/simulate/gd/seeds.ts) and posts progress and
// results back. Runs only from compiled JS (dist/src/simulate/gd/worker.js).
import { parentPort } from 'node:worker_threads';
import { runGd } from './gd.js';
import type { GdConfig } from '../../model/problem.js';
import { UsageError, ConvergenceError } from '../../core/errors.js';

export type ToWorker = { type: 'run'; cfg: GdConfig; seed: number } | { type: 'exit' };
export type FromWorker =
  | { type: 'progress'; seed: number; t: number; steps: number; overlap_h: number; train_risk: number }
  | { type: 'result'; run: ReturnType<typeof runGd> }
  | { type: 'error'; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  argument?: string;
  problem?: string;
  example?: string;
  what?: string;
  status?: ConvergenceError['status'];
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof UsageError) return { name: e.name, message: e.message, argument: e.argument, problem: e.problem, example: e.example };
  if (e instanceof ConvergenceError) return { name: e.name, message: e.message, what: e.what, status: e.status };
  return { name: 'Error', message: e instanceof Error ? e.message : String(e) };
}

const port = parentPort;
if (port) {
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'exit') {
      port.close();
      return;
    }
    try {
      const run = runGd(msg.cfg, msg.seed, (p) => port.postMessage({ type: 'progress', ...p } satisfies FromWorker));
      port.postMessage({ type: 'result', run } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ type: 'error', error: serializeError(e) } satisfies FromWorker);
    }
  });
}
