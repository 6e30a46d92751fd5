// Exports of what the page shows: CSV (the tables behind the figures), JSON (inputs, results, provenance) and
// SVG (each figure, with its Vega-Lite spec in the JSON).
import { provenance } from './provenance.js';
import type { Inputs } from './inputs.js';

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
