// The thresholds table: every number with its status; a value whose solver did not converge is shown greyed and
// marked, never as a plain result.
import type { Alg, AtDelta, GdThreshold, Status, Thresholds } from './compute.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(4));

function badge(st: Status | undefined): string {
  if (!st) return '';
  if (st.label === 'converged') return `<span class="ok" title="residual ${st.residual.toExponential(1)}">converged</span>`;
  return `<span class="bad">not converged${st.message ? ': ' + esc(st.message) : ''}</span>`;
}

/** One value with its status; null shows `none` with the reason. */
export function cell(v: number | null, st: Status | undefined, none = 'none'): string {
  if (v === null || !Number.isFinite(v)) return `<span class="none">${esc(none)}</span> ${badge(st)}`;
  const cls = st && st.label !== 'converged' ? 'num unconverged' : 'num';
  return `<span class="${cls}">${num(v)}</span> ${badge(st)}`;
}

export function thresholdRows(th: Thresholds): string {
  const rows = th.blocks.map((b) => `<tr><td>δ*<sub>${b.neuron}</sub> (block ${b.neuron})</td><td data-testid="block-${b.neuron}">${cell(b.delta_star, b.status, `none — ${b.reason ?? 'no transition'}`)}</td></tr>`);
  return rows.join('');
}

export function thresholdSummary(th: Thresholds): string {
  const reason = th.blocks.find((b) => b.reason)?.reason ?? 'no transition';
  return cell(th.delta_nn, th.status, `none — ${reason}`) + (th.error_estimate !== null ? ` <span class="aside">quadrature error ${th.error_estimate.toExponential(1)} (${esc(th.resolution)})</span>` : '');
}

export function algCell(a: Alg): string {
  return a.delta_alg === null ? `<span class="none">${esc(a.note ?? 'none')}</span>` : cell(a.delta_alg, a.status);
}

export function gdCell(g: GdThreshold): string {
  return cell(g.delta_gd, g.status, g.note ?? 'none') + (g.error_estimate !== undefined && g.delta_gd !== null ? ` <span class="aside">quadrature error ${g.error_estimate.toExponential(1)}</span>` : '');
}

export function atDeltaCells(a: AtDelta): { edge: string; outlier: string; overlap: string } {
  return {
    edge: cell(a.edge, a.status),
    outlier: cell(a.outlier, a.status, 'none — no eigenvalue leaves the bulk along U_H'),
    overlap: cell(a.overlap2_hard, a.status) + (a.warning ? ` <span class="bad">${esc(a.warning)}</span>` : ''),
  };
}

export function notes(list: readonly string[]): string {
  return list.map((n) => `<li>${esc(n)}</li>`).join('');
}
