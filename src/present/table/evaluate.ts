// One table row: run each requested family's evaluator, merge their columns, combine their statuses. Errors
// never drop the row: a thrown error marks it 'failed' with the message (UsageError/ConvergenceError text).
import { ConvergenceError } from '../../core/errors.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import type { Quantity } from './config.js';
import type { EvalCache } from './cache.js';
import type { Cell, Evaluator, FamilyOutput } from './family.js';
import { familyOf, type FamilyName, type Params, type RowSpec } from './grid.js';
import { evaluateSpectral } from './spectralFamily.js';
import { evaluateAlg } from './algFamily.js';
import { evaluateOnestep } from './onestepFamily.js';
import { evaluateNN } from './nnFamily.js';

/** The families wired to a library evaluator. */
export const EVALUATORS: Partial<Record<FamilyName, Evaluator>> = {
  spectral: evaluateSpectral,
  alg: evaluateAlg,
  onestep: evaluateOnestep,
  nn: evaluateNN,
};

export type RowStatus = 'converged' | 'not_converged' | 'failed';

export interface RowResult {
  index: number;
  params: Params;
  values: Record<string, Cell>;
  status: RowStatus;
  /** Combined solver status (absent for failed rows). */
  solver?: SolverStatus;
  message?: string;
  notes?: Record<string, string>;
  numerics?: Record<string, unknown>;
  seconds: number;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0]!;
  return String(e);
}

/** Evaluate one row (every family needed by `quantities`). */
export function evaluateRow(row: RowSpec, quantities: readonly Quantity[], cache: EvalCache): RowResult {
  const t0 = performance.now();
  const families = [...new Set(quantities.map(familyOf))];
  const outputs: FamilyOutput[] = [];
  const failures: string[] = [];
  const convergenceFailures: SolverStatus[] = [];
  for (const f of families) {
    const ev = EVALUATORS[f];
    if (!ev) {
      failures.push(`${f}: this quantity family is not available in this build`);
      continue;
    }
    try {
      outputs.push(ev(row.params, quantities.filter((q) => familyOf(q) === f), cache));
    } catch (e) {
      if (e instanceof ConvergenceError) convergenceFailures.push(e.status);
      failures.push(`${f}: ${errorMessage(e)}`);
    }
  }
  const values: Record<string, Cell> = {};
  const notes: Record<string, string> = {};
  const numerics: Record<string, unknown> = {};
  outputs.forEach((o) => {
    Object.assign(values, o.values);
    Object.assign(notes, o.notes ?? {});
    Object.assign(numerics, o.numerics ?? {});
  });
  // A non-finite number is never printed: it becomes null with a note and fails the row's status.
  for (const [k, v] of Object.entries(values))
    if (typeof v === 'number' && !Number.isFinite(v)) {
      values[k] = null;
      failures.push(`${k}: non-finite value ${v}`);
    }
  const parts = [...outputs.map((o) => o.status), ...convergenceFailures];
  const solver = parts.length ? combineStatus(parts.map((p) => p.method).join(' + '), parts) : undefined;
  const hard = failures.length > convergenceFailures.length;
  const status: RowStatus = hard ? 'failed' : failures.length || (solver && !solver.converged) ? 'not_converged' : 'converged';
  const message = [...failures, ...(solver && !solver.converged && solver.message ? [solver.message] : [])].join('; ');
  return {
    index: row.index,
    params: row.params,
    values,
    status,
    ...(solver ? { solver } : {}),
    ...(message ? { message } : {}),
    ...(Object.keys(notes).length ? { notes } : {}),
    ...(Object.keys(numerics).length ? { numerics } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
}
