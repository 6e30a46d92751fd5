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
    const fs = guarded('thresholds', () => C.fixedState(p));
    if (fs) {
      post({ stage: 'thresholds', result: fs.thresholds });
      post({ stage: 'alg', result: fs.alg });
    }
    const gd = guarded('gd', () => C.gdThreshold(job.inputs));
    if (gd) post({ stage: 'gd', result: gd });
    deltaStar = fs?.thresholds.delta_nn ?? null;
  }
  const t0 = performance.now();
  const at = guarded('atDelta', () => C.atDelta(p));
  if (at) post({ stage: 'atDelta', result: at });
  const secondsPerDelta = (performance.now() - t0) / 1000;
  if (!job.cached) {
    const h = guarded('hermite', () => C.hermite(p));
    if (h) post({ stage: 'hermite', result: h });
  }
  const dens = guarded('density', () => C.density(p));
  if (dens) post({ stage: 'density', result: dens });
  // About a minute of sweep at most: fewer δ points when one δ is slow (e.g. m > 1 with a 3-D joint law).
  const grid = C.sweepGrid(p, deltaStar, Math.max(4, Math.min(14, Math.floor(60 / Math.max(secondsPerDelta, 1e-3)))));
  const rows: C.AtDelta[] = [];
  for (const delta of grid) {
    const row = guarded('sweep', () => C.atDelta(p, delta));
    if (!row) break;
    rows.push(row);
    // Redraw every few points (and at the end) rather than after each one.
    if (rows.length % 4 === 0 || rows.length === grid.length) post({ stage: 'sweep', result: { rows: [...rows], remaining: grid.length - rows.length } });
  }
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

function onestep(job: Extract<Job, { kind: 'onestep' }>): void {
  const plan = guarded('onestep', () => C.onestepPlan(job.inputs));
  if (!plan) return;
  const rows: C.OnestepRow[] = [];
  for (const alpha of plan.alphas) {
    const row = guarded('onestep', () => C.onestepAt(plan, alpha));
    if (!row) return;
    rows.push(row);
    post({ stage: 'onestep', result: C.onestepSweep(plan, rows) });
  }
}

self.onmessage = (ev: MessageEvent<Job>) => {
  const job = ev.data;
  if (job.kind === 'hessian') hessian(job);
  else if (job.kind === 'simulate') simulate(job);
  else onestep(job);
  post({ stage: 'done' });
};
