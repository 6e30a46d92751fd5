// Exports of what the page shows: CSV (the tables behind the figures), JSON (inputs, results, provenance) and
// SVG (each figure, with its Vega-Lite spec in the JSON).
import { provenance } from './provenance.js';
import type { Inputs } from './inputs.js';
import type { StageResults } from './protocol.js';
import type { SimSeed } from './compute.js';

export function download(name: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const csvCell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : `"${String(v).replace(/"/g, '""')}"`);

/** CSV of a list of flat records (one column per key of the first). */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>): string {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]!);
  return [keys.join(','), ...rows.map((r) => keys.map((k) => csvCell(r[k])).join(','))].join('\n') + '\n';
}

/** The JSON export: inputs, the shareable URL, every result shown (with statuses) and provenance. */
export function toJsonExport(inputs: Inputs, url: string, results: Record<string, unknown>, specs: Record<string, unknown>): string {
  return JSON.stringify({ provenance: provenance(), url, inputs, results, vega_lite_specs: specs }, null, 1) + '\n';
}

/** CSV of the tables behind the figures, long format: table, x name, x, y name, y, status. */
export function resultsCsv(results: Partial<StageResults>, sims: readonly SimSeed[]): string {
  const rows: Record<string, unknown>[] = [];
  const add = (table: string, x_name: string, x: number, y_name: string, y: number | null, status: string) => rows.push({ table, x_name, x, y_name, y, status });
  for (const r of results.sweep?.rows ?? []) {
    add('delta_sweep', 'delta', r.delta, 'edge', r.edge, r.status.label);
    add('delta_sweep', 'delta', r.delta, 'outlier', r.outlier, r.status.label);
    add('delta_sweep', 'delta', r.delta, 'overlap2_hard', r.overlap2_hard, r.status.label);
  }
  const ns = results.norms;
  ns?.norm1.forEach((w, i) => add('norm_sweep', 'norm_w1', w, 'delta_nn', ns.delta_nn[i]!, ns.status[i]!.label));
  const h = results.hermite;
  h?.k.forEach((k) => {
    add('hermite', 'k', k, 'mu_sigma', h.sigma[k]!, h.status.label);
    if (h.g) add('hermite', 'k', k, 'mu_g', h.g[k]!, h.status.label);
  });
  const o = results.onestep;
  o?.alpha.forEach((a, i) => {
    add('onestep', 'alpha', a, 'num_spikes', o.num_spikes[i]!, o.status.label);
    for (const s of o.spikes) add('onestep', 'alpha', a, `s${s.k}_over_sqrt_n`, s.values[i]!, o.status.label);
  });
  for (const s of sims) {
    add('simulation', 'delta', s.delta, `lowest_eigenvalue_seed${s.seed}_d${s.d}`, s.eigenvalues[0]!, s.status.label);
    add('simulation', 'delta', s.delta, `overlap2_hard_seed${s.seed}_d${s.d}`, s.overlap2_hard[0]!, s.status.label);
  }
  return toCsv(rows);
}
