// What one quantity family (spectral, alg, nn, onestep) returns for one table row.
import type { SolverStatus } from '../../core/status.js';
import type { Quantity } from './config.js';
import type { EvalCache } from './cache.js';
import type { Params } from './grid.js';

export type Cell = number | string | null;

export interface FamilyOutput {
  /** Column name → value (null: not defined at this row, with the reason in `notes`). */
  values: Record<string, Cell>;
  status: SolverStatus;
  notes?: Record<string, string>;
  /** Quadrature orders, rules, tolerances and error estimates used (recorded in the provenance sidecar). */
  numerics?: Record<string, unknown>;
}

/** Evaluate the requested quantities of one family at one row; expensive objects go through `cache`. */
export type Evaluator = (params: Params, quantities: readonly Quantity[], cache: EvalCache) => FamilyOutput;

/** The row's value of a string axis (validated by expandGrid, so present when the family needs it). */
export function str(params: Params, axis: keyof Params): string {
  const v = params[axis];
  if (typeof v !== 'string') throw new Error(`internal error: grid axis ${axis} missing or not a string`);
  return v;
}

export function num(params: Params, axis: keyof Params): number {
  const v = params[axis];
  if (typeof v !== 'number') throw new Error(`internal error: grid axis ${axis} missing or not a number`);
  return v;
}
