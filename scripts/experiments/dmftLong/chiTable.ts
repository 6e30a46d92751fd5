// Section 5 of validation/experiments/dmft_long/theta_response.md: the integrated response χ(t) of finite-d GD ⊥ θ
// (data/gd_chi_*, written by integratedResponse.ts) against the d = ∞ DMFT's χ(t) (docs/theory.md (5.14); the
// theta_response_* records), and, at the horizon, the same probe's ξᵀH⊥⊥⁻¹ξ/n and the lowest eigenvalue of H⊥⊥ at the
// point GD has reached, beside the trace of the Newton-polished minimum (validation/experiments/gd_stationary, same seeds)
// and the resolvent traces κ_m (6.17) and κ (6.6).
import { join } from 'node:path';
import { experimentDir, meanSe, readRecords } from '../record.js';

export interface ChiRecord {
  file: string;
  config: { d: number; delta: number; steps: number; field: number };
  result: {
    seed: number; t: number[]; chi: number[]; grad_norm: number[]; trace_at_end: number | null;
    lowest_perp?: { values: number[]; converged: boolean };
  };
}
interface DmftResponse { config: { delta: number; samples: number }; series: { t: number[]; chi?: number[] } }
interface Polished { result?: { seed: number; d: number; trace_inverse: { mean: number } | null }; seed?: number; d?: number; trace_inverse?: { mean: number } | null }

const T_CHI = [25, 100, 250, 500, 1000, 2000, 3000];

/** The section's lines; `kappa(δ)` gives [κ_m, κ]. */
export function chiSection(
  all: ReadonlyArray<Record<string, unknown> & { file: string }>,
  kappa: (delta: number) => [number, number],
  fmt: (x: number | null | undefined, p?: number) => string,
): string[] {
  const chis = all.filter((r) => r.file.startsWith('gd_chi_')) as unknown as ChiRecord[];
  if (chis.length === 0) return [];
  const dmft = all.filter((r) => r.file.startsWith('theta_response_')) as unknown as DmftResponse[];
  const polished = readRecords<Polished>(join(experimentDir('gd_stationary'), 'data')).filter((r) => r.file.startsWith('gelu_'));
  const polishedTrace = (d: number, delta: number, seed: number) => {
    const r = polished.find((p) => p.file === `gelu_d${d}_delta${delta}_seed${seed}.json`);
    return (r?.result ?? r)?.trace_inverse?.mean ?? null;
  };
  const dmftAt = (delta: number, t: number) => {
    // One value per population: the T = 2000 records and, for t beyond, the longer record of population 1.
    const vals = dmft.filter((r) => r.config.delta === delta && r.series.chi && r.series.t.includes(t))
      .map((r) => ({ pop: (r as unknown as { seeds: { population: number } }).seeds.population, v: r.series.chi![r.series.t.indexOf(t)]! }));
    const byPop = new Map(vals.map((x) => [x.pop, x.v]));
    return byPop.size === 0 ? null : [...byPop.values()].reduce((a, b) => a + b, 0) / byPop.size;
  };
  const lines = [
    '## 5. The integrated response χ(t): finite-d GD ⊥ θ against the DMFT',
    '',
    'χ̂(t) = ξᵀ(w⁺(t) − w⁻(t))/(2εn) from two GD runs ⊥ θ on the same data and w(0) with fields ±εξ, ξ a Rademacher probe ⊥ θ',
    '(src/simulate/stationary/integratedResponse.ts; ε = 1e-8, linear to 1e-8 relative). One probe per seed, so the se over seeds',
    'holds the probe and the data. DMFT: mean of χ(t) (5.14) over the populations of section 1. At the horizon T: the same probe\'s',
    'ξᵀH⊥⊥⁻¹ξ/n at the point GD has reached (— where H⊥⊥ is indefinite there) and the lowest eigenvalue of H⊥⊥; "polished" is',
    '(1/n)tr H⊥⊥⁻¹ at the Newton-polished minimum of gd_stationary (same seeds; Newton from ‖∇‖ ≤ 1e-3, about step 400–700).',
    '',
    `| d | δ | T | seeds | ${T_CHI.map((t) => `χ(${t}) GD mean ± se / DMFT`).join(' | ')} | verdict | ξᵀH⊥⊥⁻¹ξ/n at T (indefinite) | λ_min(H⊥⊥) at T, per seed | polished trace | κ_m / κ |`,
    `|---|---|---|---|${T_CHI.map(() => '---|').join('')}---|---|---|---|---|`,
  ];
  const groups = [...new Set(chis.map((r) => `${r.config.d}:${r.config.delta}:${r.config.steps}`))]
    .map((k) => k.split(':').map(Number) as [number, number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  let pass = 0, fail = 0;
  for (const [d, delta, T] of groups) {
    const rs = chis.filter((r) => r.config.d === d && r.config.delta === delta && r.config.steps === T).sort((a, b) => a.result.seed - b.result.seed);
    let ok = true;
    const cells = T_CHI.map((t) => {
      if (t > T) return '';
      const xs = rs.map((r) => r.result.chi[r.result.t.indexOf(t)]!).filter((x) => Number.isFinite(x));
      const s = meanSe(xs);
      const ref = dmftAt(delta, t);
      if (ref !== null && s.se !== null && xs.length >= 3 && Math.abs(ref - s.mean) > 3 * s.se) ok = false;
      return `${fmt(s.mean, 3)}${s.se === null ? '' : ` ± ${fmt(s.se, 2)}`} / ${fmt(ref, 3)}`;
    });
    const verdict = rs.length < 3 ? 'no verdict' : ok ? 'pass' : 'fail';
    if (verdict === 'pass') pass++; else if (verdict === 'fail') fail++;
    const traces = rs.map((r) => r.result.trace_at_end);
    const tr = meanSe(traces.filter((x): x is number => x !== null));
    const lam = rs.map((r) => fmt(r.result.lowest_perp?.values[0], 2)).join(', ');
    const pol = meanSe(rs.map((r) => polishedTrace(d, delta, r.result.seed)).filter((x): x is number => x !== null));
    const [km, k] = kappa(delta);
    lines.push(`| ${d} | ${delta} | ${T} | ${rs.map((r) => r.result.seed).join(', ')} | ${cells.join(' | ')} | ${verdict} | ${traces.some((x) => x !== null) ? `${fmt(tr.mean, 3)}${tr.se === null ? '' : ` ± ${fmt(tr.se, 2)}`}` : '—'} (${traces.filter((x) => x === null).length}) | ${lam} | ${Number.isNaN(pol.mean) ? '—' : `${fmt(pol.mean, 3)}${pol.se === null ? '' : ` ± ${fmt(pol.se, 2)}`}`} | ${fmt(km, 3)} / ${fmt(k, 3)} |`);
  }
  lines.push('', `Verdicts: ${pass} pass, ${fail} fail (pass iff the DMFT lies within 3 se of GD's seed mean at every listed t ≤ T; rows with fewer than 3 seeds get no verdict).`, '');
  return lines;
}
