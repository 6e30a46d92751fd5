// The explorer's Web Worker: runs one job (compute.ts), posting each stage's result as soon as it is known.
/// <reference lib="webworker" />
import * as C from './compute.js';
import type { Job, Reply, Stage } from './protocol.js';

const post = (r: Reply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(r);

/** Runs f; a UsageError (bad input) is reported for `stage`, anything else as an internal error. */
function guarded<T>(stage: Stage, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    let error;
    try {
      error = C.failure(e);
    } catch {
      error = { argument: '', message: `internal error: ${e instanceof Error ? e.message : String(e)}` };
    }
    post({ stage, error });
    return undefined;
  }
}

function hessian(job: Extract<Job, { kind: 'hessian' }>): void {
  const p = guarded('problem', () => C.readProblem(job.inputs));
  if (!p) return;
  let deltaStar = job.cached?.deltaStar ?? null;
  if (!job.cached) {
    const th = guarded('thresholds', () => C.thresholds(p));
    if (th) post({ stage: 'thresholds', result: th });
    deltaStar = th?.delta_nn ?? null;
  }
  const at = guarded('atDelta', () => C.atDelta(p));
  if (at) post({ stage: 'atDelta', result: at });
  if (!job.cached) {
    const alg = guarded('alg', () => C.alg(p));
    if (alg) post({ stage: 'alg', result: alg });
    const h = guarded('hermite', () => C.hermite(p));
    if (h) post({ stage: 'hermite', result: h });
  }
  const dens = guarded('density', () => C.density(p));
  if (dens) post({ stage: 'density', result: dens });
  const sw = guarded('sweep', () => C.sweep(p, deltaStar));
  if (sw) post({ stage: 'sweep', result: sw });
  if (!job.cached) {
    const ns = guarded('norms', () => C.normSweep(p));
    if (ns) post({ stage: 'norms', result: ns });
  }
}

function simulate(job: Extract<Job, { kind: 'simulate' }>): void {
  const p = guarded('problem', () => C.readProblem(job.inputs));
  if (!p) return;
  const cfg = guarded('simulate', () => C.readSim(job.inputs, p.delta));
  if (!cfg) return;
  cfg.seeds.forEach((seed, i) => {
    const r = guarded('simulate', () => C.simulateSeed(p, cfg.d, seed));
    if (r) post({ stage: 'simSeed', result: r, progress: [i + 1, cfg.seeds.length] });
  });
}

self.onmessage = (ev: MessageEvent<Job>) => {
  const job = ev.data;
  if (job.kind === 'hessian') hessian(job);
  else if (job.kind === 'simulate') simulate(job);
  else {
    const os = guarded('onestep', () => C.onestep(job.inputs));
    if (os) post({ stage: 'onestep', result: os });
  }
  post({ stage: 'done' });
};
