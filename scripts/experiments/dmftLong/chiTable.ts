// Section 5 of validation/experiments/dmft_long/theta_response.md: the integrated response χ(t) of finite-d GD ⊥ θ
// (data/gd_chi_*, written by integratedResponse.ts) against the d = ∞ DMFT's χ(t) (docs/theory.md (5.14); the
// theta_response_* records), and, at the horizon, the same probe's ξᵀH⊥⊥⁻¹ξ/n and the lowest eigenvalue of H⊥⊥ at the
// point GD has reached, beside the trace of the Newton-polished minimum (validation/experiments/gd_stationary, same seeds)
// and the resolvent traces κ_m (6.17) and κ (6.6).
import { join } from 'node:path';
import { experimentDir, meanSe, readRecords } from '../record.js';

export interface ChiRecord {
  file: string;
  config: { d: number; delta: number; steps: number; field: number; fieldFrom?: number };
  result: {
    seed: number; t: number[]; chi: number[]; grad_norm: number[]; trace_at_end: number | null;
    lowest_perp?: { values: number[]; converged: boolean };
  };
}
interface DmftResponse { config: { delta: number; samples: number }; series: { t: number[]; chi?: number[] } }
interface Polished { result?: { seed: number; d: number; trace_inverse: { mean: number } | null }; seed?: number; d?: number; trace_inverse?: { mean: number } | null }

const T_CHI = [25, 100, 250, 500, 1000, 2000, 3000];

/** The section's lines; `kappa(δ)` gives [κ_m, κ]; `fmt` writes a number, `pm` a mean ± se (the page's formats). */
export function chiSection(
  all: ReadonlyArray<Record<string, unknown> & { file: string }>,
  kappa: (delta: number) => [number, number],
  { fmt, pm }: { fmt: (x: number | null | undefined, p?: number) => string; pm: (s: { mean: number; se: number | null }) => string },
): string[] {
  // Records with the field switched on later (fieldFrom > 0) are two-time responses (twoTimeTable.ts).
  const chis = (all.filter((r) => r.file.startsWith('gd_chi_')) as unknown as ChiRecord[]).filter((r) => (r.config.fieldFrom ?? 0) === 0);
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
    const byPop = [...new Map(vals.map((x) => [x.pop, x.v])).values()];
    return byPop.length === 0 ? null : meanSe(byPop);
  };
  const lines = [
    '## 5. The integrated response χ(t): finite-d GD ⊥ θ against the DMFT',
    '',
    'χ̂(t) = ξᵀ(w⁺(t) − w⁻(t))/(2εn) from two GD runs ⊥ θ on the same data and w(0) with fields ±εξ, ξ a Rademacher probe ⊥ θ',
    '(src/simulate/stationary/integratedResponse.ts; ε = 1e-8, linear to 1e-8 relative). One probe per seed, so the se over seeds',
    'holds the probe and the data; at each t every seed whose horizon reaches t enters. DMFT: mean of χ(t) (5.14) over the',
    'populations of section 1 (exact march up to t = 32) ± its standard error over populations (none where one population reaches t).',
    '',
    `| d | δ | seeds | ${T_CHI.map((t) => `χ(${t}) GD mean ± se (seeds) / DMFT`).join(' | ')} | verdict | κ_m / κ |`,
    `|---|---|---|${T_CHI.map(() => '---|').join('')}---|---|`,
  ];
  const groups = [...new Set(chis.map((r) => `${r.config.d}:${r.config.delta}`))]
    .map((k) => k.split(':').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let pass = 0, fail = 0;
  for (const [d, delta] of groups) {
    const rs = chis.filter((r) => r.config.d === d && r.config.delta === delta).sort((a, b) => a.result.seed - b.result.seed);
    let ok = true, seen = false;
    const cells = T_CHI.map((t) => {
      const xs = rs.filter((r) => r.result.t.includes(t)).map((r) => r.result.chi[r.result.t.indexOf(t)]!);
      if (xs.length === 0) return '';
      const s = meanSe(xs);
      const ref = dmftAt(delta, t);
      if (ref !== null && s.se !== null && xs.length >= 3) {
        seen = true;
        if (Math.abs(ref.mean - s.mean) > 3 * Math.hypot(s.se, ref.se ?? 0)) ok = false;
      }
      return `${pm(s)} (${xs.length}) / ${ref === null ? '—' : pm(ref)}`;
    });
    const verdict = !seen ? 'no verdict' : ok ? 'pass' : 'fail';
    if (verdict === 'pass') pass++; else if (verdict === 'fail') fail++;
    const [km, k] = kappa(delta);
    lines.push(`| ${d} | ${delta} | ${rs.map((r) => r.result.seed).join(', ')} | ${cells.join(' | ')} | ${verdict} | ${fmt(km, 3)} / ${fmt(k, 3)} |`);
  }
  lines.push('', `Verdicts: ${pass} pass, ${fail} fail (pass iff |GD − DMFT| ≤ 3·√(se_GD² + se_DMFT²) at every listed t with at least 3 seeds).`, '');
  lines.push('Where each run stands at its horizon T: χ̂(T), the same probe\'s ξᵀH⊥⊥⁻¹ξ/n at the point w(T) GD has reached (— where',
    'conjugate gradients meet negative curvature: H⊥⊥ is indefinite there), the lowest eigenvalue of H⊥⊥ at w(T) (Lanczos), ‖∇⊥R̂‖ at T,',
    'and (1/n)tr H⊥⊥⁻¹ at the Newton-polished minimum of validation/experiments/gd_stationary (same data and w(0); Newton from',
    '‖∇‖ ≤ 1e-3, about step 400–700; 4 probes).', '',
    '| d | δ | seed | T | χ̂(T) | ξᵀH⊥⊥⁻¹ξ/n at w(T) | λ_min(H⊥⊥) at w(T) | ‖∇⊥R̂‖ at T | polished-minimum trace |',
    '|---|---|---|---|---|---|---|---|---|');
  for (const r of [...chis].sort((a, b) => a.config.d - b.config.d || a.config.delta - b.config.delta || a.result.seed - b.result.seed || a.config.steps - b.config.steps)) {
    const { d, delta, steps } = r.config;
    lines.push(`| ${d} | ${delta} | ${r.result.seed} | ${steps} | ${fmt(r.result.chi.at(-1), 3)} | ${fmt(r.result.trace_at_end, 3)} | ${fmt(r.result.lowest_perp?.values[0], 2)} | ${fmt(r.result.grad_norm.at(-1), 2)} | ${fmt(polishedTrace(d, delta, r.result.seed), 3)} |`);
  }
  lines.push('');
  return lines;
}
