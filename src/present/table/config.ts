// Sweep configuration for `flcalc table` (TOML or JSON), validated with zod. Every invalid field is
// reported with its path. A grid axis is a list of values or, for numeric axes, {from, to, num[, log]}.
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';

const numericRange = z
  .object({ from: z.number(), to: z.number(), num: z.number().int().min(1).max(10_000), log: z.boolean().optional() })
  .strict()
  .refine((r) => !r.log || (r.from > 0 && r.to > 0), { message: 'a log-spaced range needs from > 0 and to > 0' });
const numericAxis = z.union([z.array(z.number()).min(1), numericRange]);
const stringAxis = z.array(z.string().min(1)).min(1);

export const QUANTITIES = [
  'delta_alg',
  'delta_star',
  'bulk_edge',
  'outlier',
  'overlap2',
  'delta_nn',
  'nn_edge',
  'nn_outlier',
  'overlap2_hard',
  'num_spikes',
  'spike_singular_values',
  'learned_components',
] as const;
export type Quantity = (typeof QUANTITIES)[number];

export const tableConfigSchema = z
  .object({
    title: z.string().optional(),
    quantities: z.array(z.enum(QUANTITIES)).min(1),
    grid: z
      .object({
        target: stringAxis.optional(),
        weight: stringAxis.optional(),
        side: z.array(z.enum(['upper', 'lower'])).min(1).optional(),
        noise: numericAxis.optional(),
        delta: numericAxis.optional(),
        act: stringAxis.optional(),
        loss: stringAxis.optional(),
        width: z.array(z.number().int().min(1).max(64)).min(1).optional(),
        /** Mean-field readout a_j = readout_scale/m for all j (docs/theory.md §4; m = 1: a = readout_scale). */
        readout_scale: numericAxis.optional(),
        alpha: numericAxis.optional(),
        c: numericAxis.optional(),
        ratio_d: numericAxis.optional(),
        ratio_N: numericAxis.optional(),
        /** One-step ridge λ and the finite n at which singular values are evaluated (docs/theory.md §7). */
        ridge: numericAxis.optional(),
        n: z.array(z.number().int().min(10).max(1e7)).min(1).optional(),
      })
      .strict(),
    format: z.enum(['md', 'csv', 'json']).default('md'),
    out: z.string().optional(),
    workers: z.number().int().min(1).max(16).optional(),
  })
  .strict();

export type TableConfig = z.infer<typeof tableConfigSchema>;
export type Axis = keyof TableConfig['grid'];

/** Validate a parsed object; every issue is reported as "path: message". */
export function validateConfig(raw: unknown, source: string): TableConfig {
  const r = tableConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new UsageError(
    `--config ${source}`,
    `invalid configuration — ${problems.join('; ')}`,
    '{"quantities":["delta_star"],"grid":{"target":["z^2"],"weight":["min(y,3)-1"]}}',
  );
}

/** Parse a .toml or .json file without validating it (flag overrides are applied before validation). */
export function readRawConfig(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError('--config', `cannot read file "${path}"`, 'formulas/tables/spectral.toml');
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.toml') ? parseToml(text) : JSON.parse(text);
  } catch (e) {
    throw new UsageError('--config', `cannot parse "${path}": ${(e as Error).message.split('\n')[0]}`, 'a .toml or .json file');
  }
  return raw;
}

/** Expand a numeric axis to its values. */
export function axisValues(a: number[] | { from: number; to: number; num: number; log?: boolean | undefined }): number[] {
  if (Array.isArray(a)) return a;
  if (a.num === 1) return [a.from];
  return Array.from({ length: a.num }, (_, i) => {
    const t = i / (a.num - 1);
    return a.log ? a.from * (a.to / a.from) ** t : a.from + (a.to - a.from) * t;
  });
}
