// Convergence status carried by every numerical answer (DEVELOPERS.md "Standards").

export interface SolverStatus {
  converged: boolean;
  /** Final residual |f(x)| for root finders, bracket width for minimisers, ‖Av − λv‖ for eigensolvers. */
  residual: number;
  iterations: number;
  /** Name of the method, e.g. "brent", "lanczos", "gauss-hermite". */
  method: string;
  message?: string;
}

/** Worst-of combination: converged only if all are; residual and iterations are maxima / sums. */
export function combineStatus(method: string, parts: readonly SolverStatus[]): SolverStatus {
  const bad = parts.filter((p) => !p.converged);
  return {
    converged: bad.length === 0,
    residual: parts.reduce((r, p) => Math.max(r, p.residual), 0),
    iterations: parts.reduce((s, p) => s + p.iterations, 0),
    method,
    ...(bad.length > 0 ? { message: bad.map((p) => `${p.method}: ${p.message ?? 'not converged'}`).join('; ') } : {}),
  };
}

/** The string printed in JSON outputs: "converged" or "not_converged". */
export function statusLabel(s: SolverStatus): 'converged' | 'not_converged' {
  return s.converged ? 'converged' : 'not_converged';
}
