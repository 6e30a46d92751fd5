// The δ-search flags shared by `threshold empirical` and `threshold dmft`: dimensions, the initial bracket, the
// largest δ tried when expanding it, and the number of bisections in log δ.
import { parseNumber, parseNumberList } from '../args.js';
import { UsageError } from '../../../core/errors.js';

export interface SearchArgs {
  dims: number[];
  lo: number;
  hi: number;
  maxDelta: number;
  bisections: number;
}

/** `maxDim`: the largest d accepted (the simulator holds n×d data; the DMFT passes Infinity: its cost does not grow with d). */
export function searchArgs(argv: Record<string, unknown>, maxDim: number): SearchArgs {
  const dims = parseNumberList(argv, 'dims', '250,500,1000');
  dims.forEach((d) => {
    if (!Number.isInteger(d) || d < 2 || d > maxDim)
      throw new UsageError('--dims', `entries must be integers ${Number.isFinite(maxDim) ? `in [2, ${maxDim}]` : '≥ 2'}, got ${d}`, '250,500,1000');
  });
  const range = parseNumberList(argv, 'delta-range', '2,16');
  if (range.length !== 2) throw new UsageError('--delta-range', 'needs two numbers lo,hi', '2,16');
  return {
    dims,
    lo: range[0]!,
    hi: range[1]!,
    maxDelta: parseNumber(argv, 'max-delta', { example: '128', default: 128, exclusiveMin: 0 }),
    bisections: parseNumber(argv, 'bisections', { example: '3', default: 3, min: 0, max: 20, integer: true }),
  };
}
