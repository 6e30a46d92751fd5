// Flags of the DMFT commands (`nn --state dmft`, `threshold dmft`): the GD problem as in `simulate gd`, the horizon
// (default 100: the solver costs O(samples·T³/6) time and samples·T²/2 numbers of memory), and the Monte Carlo size.
import { parseNumber } from '../args.js';
import { UsageError } from '../../../core/errors.js';
import { triRow } from '../../../theory/dmft/kernels.js';
import type { DmftSpec } from '../../../theory/dmft/march.js';
import type { GdConfig } from '../../../model/problem.js';

/** Largest samples·(T+1)(T+2)/2·m² (the per-path Jacobian triangles; 8 bytes each): 2.4 GB. */
export const DMFT_MEMORY_LIMIT = 3e8;

export function dmftSpec(argv: Record<string, unknown>, cfg: GdConfig, samplesDefault: number): Omit<DmftSpec, 'delta'> {
  const samples = parseNumber(argv, 'samples', { example: String(samplesDefault), default: samplesDefault, min: 2, max: 2 ** 20, integer: true });
  if (!Number.isInteger(Math.log2(samples))) throw new UsageError('--samples', `must be a power of 2 (antithetic pairs, Hadamard mixing), got ${samples}`, String(samplesDefault));
  const m = cfg.readout.length;
  const cells = samples * triRow(cfg.steps + 1) * m * m;
  if (cells > DMFT_MEMORY_LIMIT)
    throw new UsageError('--steps', `with --samples ${samples} and m = ${m} needs ${(cells * 8e-9).toFixed(1)} GB for the path Jacobians (limit ${(DMFT_MEMORY_LIMIT * 8e-9).toFixed(1)} GB); lower --steps or --samples`, '100');
  if (cfg.hard !== undefined) throw new UsageError('--hard', 'the DMFT tracks the single hard direction of a single-index target; drop --hard', 'tanh(z^2)');
  return {
    act: cfg.act, loss: cfg.loss, target: cfg.target, noise: cfg.noise, readout: cfg.readout, initScale: cfg.initScale,
    lr: cfg.lr, steps: cfg.steps, ridge: cfg.ridge, samples,
    seed: parseNumber(argv, 'seed', { example: '1', default: 1, min: 0, max: 2 ** 31, integer: true }),
  };
}
