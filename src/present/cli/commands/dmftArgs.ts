// Flags of the DMFT commands (`nn --state dmft`, `threshold dmft`): the GD problem as in `simulate gd`, the horizon
// (default 100, at most DMFT_MAX_STEPS), the Monte Carlo size, and the time coarse-graining of long horizons
// (docs/dmft.md "Long horizons"): --window W (a cell of length L merges with its neighbour once W·L steps old;
// "exact" = no coarse-graining, the default up to EXACT_DEFAULT_STEPS so that results there are the exact march's)
// and --early E (the first E steps always exact).
import { parseNumber } from '../args.js';
import { UsageError } from '../../../core/errors.js';
import { triRow } from '../../../theory/dmft/kernels.js';
import type { DmftSpec } from '../../../theory/dmft/march.js';
import type { GdConfig } from '../../../model/problem.js';
import type { CompressionPolicy } from '../../../theory/dmft/cells.js';
import { defaultEvery, longMarchCells } from '../../../theory/dmft/longMarch.js';

/** Largest number of stored numbers (per-path Jacobians, exact triangles or cell sums; 8 bytes each): 2.4 GB. */
export const DMFT_MEMORY_LIMIT = 3e8;
/** Largest horizon accepted (the coarse-grained march costs O(samples·K²) per step, K = O(E + W log T) cells). */
export const DMFT_MAX_STEPS = 5000;
/** Up to this horizon the default is the exact march (no coarse-graining). */
export const EXACT_DEFAULT_STEPS = 200;
export const DEFAULT_WINDOW = 8;
export const DEFAULT_EARLY = 32;

export interface DmftArgs {
  spec: Omit<DmftSpec, 'delta'>;
  compression: CompressionPolicy;
}

export function dmftSpec(argv: Record<string, unknown>, cfg: GdConfig, samplesDefault: number): DmftArgs {
  const samples = parseNumber(argv, 'samples', { example: String(samplesDefault), default: samplesDefault, min: 2, max: 2 ** 20, integer: true });
  if (!Number.isInteger(Math.log2(samples))) throw new UsageError('--samples', `must be a power of 2 (antithetic pairs, Hadamard mixing), got ${samples}`, String(samplesDefault));
  if (cfg.steps > DMFT_MAX_STEPS) throw new UsageError('--steps', `the DMFT horizon is capped at ${DMFT_MAX_STEPS} steps, got ${cfg.steps}`, '2000');
  const rawWindow = argv['window'];
  const exact = rawWindow === 'exact' || (rawWindow === undefined && cfg.steps <= EXACT_DEFAULT_STEPS);
  const window = exact ? Infinity : parseNumber(argv, 'window', { example: String(DEFAULT_WINDOW), default: DEFAULT_WINDOW, min: 2, max: 4096, integer: true });
  if (!exact && window % 2 !== 0) throw new UsageError('--window', `must be even (the error estimate solves again with window W/2) or "exact", got ${window}`, String(DEFAULT_WINDOW));
  const early = parseNumber(argv, 'early', { example: String(DEFAULT_EARLY), default: DEFAULT_EARLY, min: 0, max: DMFT_MAX_STEPS, integer: true });
  const m = cfg.readout.length;
  const cells = exact ? samples * triRow(cfg.steps + 1) * m * m : longMarchCells({ steps: cfg.steps, samples, readout: cfg.readout }, { window, early, every: defaultEvery(window) });
  if (cells > DMFT_MEMORY_LIMIT)
    throw new UsageError('--steps', `with --samples ${samples}, m = ${m} and --window ${exact ? 'exact' : window} needs ${(cells * 8e-9).toFixed(1)} GB for the path Jacobians (limit ${(DMFT_MEMORY_LIMIT * 8e-9).toFixed(1)} GB); lower --steps or --samples${exact ? ', or coarse-grain with --window 8' : ' or --window'}`, '100');
  if (cfg.hard !== undefined) throw new UsageError('--hard', 'the DMFT tracks the single hard direction of a single-index target; drop --hard', 'tanh(z^2)');
  return {
    spec: {
      act: cfg.act, loss: cfg.loss, target: cfg.target, noise: cfg.noise, readout: cfg.readout, initScale: cfg.initScale,
      lr: cfg.lr, steps: cfg.steps, ridge: cfg.ridge, samples,
      seed: parseNumber(argv, 'seed', { example: '1', default: 1, min: 0, max: 2 ** 31, integer: true }),
    },
    compression: { window, early },
  };
}

/** Progress of one long march on stderr: a line every ≥ 10 s with the step, the elapsed time and the ETA. */
export function marchProgress(label: string, T: number, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): (t: number) => void {
  const t0 = Date.now();
  let last = t0;
  return (t) => {
    const now = Date.now();
    if (now - last < 10000 || t === 0) return;
    last = now;
    const el = (now - t0) / 1000, eta = (el / t) * (T - t);
    write(`${label}: step ${t}/${T}, ${el.toFixed(0)} s elapsed, ETA ${eta.toFixed(0)} s`);
  };
}
