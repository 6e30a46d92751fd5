// Worker-thread entry for `flcalc table` (compiled to dist/src/present/table/worker.js). Receives groups of rows,
// evaluates them with one cache for the worker's lifetime, posts each row's result, then asks for more.
import { parentPort, workerData } from 'node:worker_threads';
import { makeCache } from './cache.js';
import { evaluateRow } from './evaluate.js';
import type { Quantity } from './config.js';
import type { RowSpec } from './grid.js';

export type ToWorker = { type: 'group'; rows: RowSpec[] } | { type: 'exit' };
export type FromWorker = { type: 'row'; result: ReturnType<typeof evaluateRow> } | { type: 'idle' };

const port = parentPort;
if (port) {
  const quantities = (workerData as { quantities: Quantity[] }).quantities;
  const cache = makeCache();
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'exit') {
      port.close();
      return;
    }
    for (const row of msg.rows) port.postMessage({ type: 'row', result: evaluateRow(row, quantities, cache) } satisfies FromWorker);
    port.postMessage({ type: 'idle' } satisfies FromWorker);
  });
  port.postMessage({ type: 'idle' } satisfies FromWorker);
}
