// What δ_alg needs from a target (structurally compatible with formulas.ts `Target`).
import type { CompiledFn } from '../../numerics/expr/compile.js';

export interface LatentTarget {
  name?: string;
  /** Number of latent coordinates (vars z, or z1..zk). */
  k: number;
  fn: CompiledFn;
  /** True if y takes finitely many values (e.g. sign(z1 z2)). */
  discrete?: boolean;
}

/** True if the compiled function takes finitely many values (sign/heaviside only). */
export function isDiscrete(target: LatentTarget): boolean {
  return Boolean(target.discrete ?? target.fn.piecewiseConstant);
}
