// From a validated TableConfig to the list of rows: which quantity families are requested, which grid axes
// they use (with defaults for optional ones), and the cartesian product of those axes in a fixed order with δ
// innermost, so that rows sharing an expensive object (a Law, a δ*) are contiguous and form one work group.
import { UsageError } from '../../core/errors.js';
import { axisValues, type Axis, type Quantity, type TableConfig } from './config.js';

export type AxisValue = string | number;
export type Params = Partial<Record<Axis, AxisValue>>;

export interface RowSpec {
  index: number;
  params: Params;
}

export type FamilyName = 'spectral' | 'alg' | 'nn' | 'onestep';

interface FamilyAxes {
  quantities: readonly Quantity[];
  required: readonly Axis[];
  /** Axes needed only by some of the family's quantities. */
  requiredFor?: Partial<Record<Axis, readonly Quantity[]>>;
  defaults: Partial<Record<Axis, AxisValue>>;
}

/** Quantities per family, the axes each family reads, and the default of every optional axis. */
export const FAMILIES: Record<FamilyName, FamilyAxes> = {
  spectral: {
    quantities: ['delta_star', 'bulk_edge', 'outlier', 'overlap2'],
    required: ['target', 'weight'],
    requiredFor: { delta: ['bulk_edge', 'outlier', 'overlap2'] },
    defaults: { noise: 0, side: 'upper' },
  },
  alg: { quantities: ['delta_alg'], required: ['target'], defaults: { noise: 0 } },
  nn: {
    quantities: ['delta_nn', 'nn_edge', 'nn_outlier', 'overlap2_hard'],
    required: ['act', 'loss', 'target'],
    requiredFor: { delta: ['nn_edge', 'nn_outlier', 'overlap2_hard'] },
    defaults: { width: 1, readout_scale: 1, noise: 0 },
  },
  onestep: {
    quantities: ['num_spikes', 'spike_singular_values', 'learned_components'],
    required: ['act', 'target', 'alpha'],
    defaults: { c: 1, ratio_d: 1, ratio_N: 1, noise: 0, ridge: 0.1, n: 2000 },
  },
};

/** Canonical column order of the parameter axes; δ last (innermost loop). */
export const AXIS_ORDER: readonly Axis[] = [
  'act', 'loss', 'target', 'weight', 'width', 'readout_scale', 'side', 'noise', 'alpha', 'c', 'ratio_d', 'ratio_N', 'ridge', 'n', 'delta',
];

export function familyOf(q: Quantity): FamilyName {
  for (const [name, f] of Object.entries(FAMILIES)) if (f.quantities.includes(q)) return name as FamilyName;
  throw new Error(`internal error: quantity ${q} has no family`);
}

export function requestedFamilies(quantities: readonly Quantity[]): FamilyName[] {
  return [...new Set(quantities.map(familyOf))];
}

/** Explicit values of every grid axis given in the config. */
function givenAxes(cfg: TableConfig): Partial<Record<Axis, AxisValue[]>> {
  const out: Partial<Record<Axis, AxisValue[]>> = {};
  for (const [k, v] of Object.entries(cfg.grid) as Array<[Axis, unknown]>) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? (v as AxisValue[]) : axisValues(v as { from: number; to: number; num: number; log?: boolean });
  }
  return out;
}

/** Domain checks on numeric axis values; each problem is reported with its path. */
const DOMAIN: Partial<Record<Axis, { ok: (x: number) => boolean; rule: string }>> = {
  delta: { ok: (x) => x > 0, rule: 'must be > 0' },
  noise: { ok: (x) => x >= 0, rule: 'must be ≥ 0' },
  readout_scale: { ok: (x) => x !== 0, rule: 'must be non-zero' },
  alpha: { ok: (x) => x >= 0 && x < 0.5, rule: 'must lie in [0, 1/2)' },
  c: { ok: (x) => x > 0, rule: 'must be > 0' },
  ratio_d: { ok: (x) => x > 0, rule: 'must be > 0' },
  ratio_N: { ok: (x) => x > 0, rule: 'must be > 0' },
  ridge: { ok: (x) => x > 0, rule: 'must be > 0' },
};

export interface Grid {
  families: FamilyName[];
  /** The axes that vary or are fixed in the table, in column order, with their values. */
  axes: Array<{ name: Axis; values: AxisValue[]; defaulted: boolean }>;
  rows: RowSpec[];
}

/** Expand the config into rows; throws one UsageError listing every missing, unused or out-of-domain axis. */
export function expandGrid(cfg: TableConfig, source: string): Grid {
  const families = requestedFamilies(cfg.quantities);
  const given = givenAxes(cfg);
  const problems: string[] = [];
  const used = new Map<Axis, { values: AxisValue[]; defaulted: boolean }>();
  for (const fam of families) {
    const f = FAMILIES[fam];
    const needs = new Set<Axis>(f.required);
    for (const [axis, qs] of Object.entries(f.requiredFor ?? {}) as Array<[Axis, Quantity[]]>)
      if (qs.some((q) => cfg.quantities.includes(q))) needs.add(axis);
    for (const axis of needs) {
      if (given[axis]) used.set(axis, { values: given[axis]!, defaulted: false });
      else problems.push(`grid.${axis}: required by ${cfg.quantities.filter((q) => familyOf(q) === fam).join(', ')}`);
    }
    for (const [axis, dflt] of Object.entries(f.defaults) as Array<[Axis, AxisValue]>) {
      if (given[axis]) used.set(axis, { values: given[axis]!, defaulted: false });
      else if (!used.has(axis)) used.set(axis, { values: [dflt], defaulted: true });
    }
  }
  for (const axis of Object.keys(given) as Axis[])
    if (!used.has(axis)) problems.push(`grid.${axis}: not used by the requested quantities (${cfg.quantities.join(', ')})`);
  for (const [axis, { values }] of used) {
    const dom = DOMAIN[axis];
    if (!dom) continue;
    values.forEach((v, i) => {
      if (typeof v === 'number' && !dom.ok(v)) problems.push(`grid.${axis}[${i}]: ${dom.rule}, got ${v}`);
    });
  }
  if (problems.length > 0)
    throw new UsageError(`--config ${source}`, `invalid grid — ${problems.join('; ')}`, 'grid = { target = ["z^2"], weight = ["min(y,3)-1"], delta = [2, 4] }');

  const axes = AXIS_ORDER.filter((a) => used.has(a)).map((name) => ({ name, ...used.get(name)! }));
  const rows: RowSpec[] = [];
  const walk = (i: number, params: Params): void => {
    if (i === axes.length) {
      rows.push({ index: rows.length, params: { ...params } });
      return;
    }
    for (const v of axes[i]!.values) walk(i + 1, { ...params, [axes[i]!.name]: v });
  };
  walk(0, {});
  return { families, axes, rows };
}

/** Group contiguous rows that differ only in δ (they share every cached object): the unit of work. */
export function workGroups(rows: readonly RowSpec[]): RowSpec[][] {
  const groups: RowSpec[][] = [];
  let key = '';
  for (const r of rows) {
    const { delta: _d, ...rest } = r.params;
    const k = JSON.stringify(rest);
    if (k !== key || groups.length === 0) groups.push([]);
    groups[groups.length - 1]!.push(r);
    key = k;
  }
  return groups;
}
