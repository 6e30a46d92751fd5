// Section 6 of validation/experiments/dmft_long/theta_response.md: the two-time integrated response χ(t_w + Δ, t_w)
// of GD ⊥ θ, d = ∞ DMFT (data/two_time_*, twoTimeResponse.ts) and finite-d GD (data/gd_chi_*_from{t_w}_*,
// integratedResponse.ts --from), beside the resolvent traces κ_m (6.17) and κ (6.6). Short lags probe the point the
// path sits at (time-translation invariant part), long lags add aging (χ at fixed Δ falls as t_w grows).
import { meanSe } from '../record.js';
import type { ChiRecord } from './chiTable.js';

interface TwoTime {
  file: string;
  config: { delta: number; samples: number; steps: number };
  seeds: { population: number };
  two_time: Array<{ from: number; lags: Array<{ lag: number; chi: number; compression_error: number }> }>;
}

const LAGS = [10, 50, 100, 200, 500, 1000, 2000];

type Fmt = { fmt: (x: number | null | undefined, p?: number) => string; pm: (s: { mean: number; se: number | null }) => string };

/** The section's lines; `kappa(δ)` gives [κ_m, κ]. */
export function twoTimeSection(all: ReadonlyArray<Record<string, unknown> & { file: string }>, kappa: (delta: number) => [number, number], { fmt, pm }: Fmt): string[] {
  const dmft = all.filter((r) => r.file.startsWith('two_time_')) as unknown as TwoTime[];
  const gd = (all.filter((r) => r.file.startsWith('gd_chi_')) as unknown as Array<ChiRecord & { config: { fieldFrom?: number } }>).filter((r) => (r.config.fieldFrom ?? 0) > 0);
  if (dmft.length === 0 && gd.length === 0) return [];
  const lines = [
    '## 6. The two-time response χ(t_w + Δ, t_w): the point the path sits at, and aging',
    '',
    'The field is switched on at t_w: χ(t_w + Δ, t_w) = (η/δ) Σ_{t_w ≤ s < t_w + Δ} G(t_w + Δ, s + 1). Where GD sits near a fixed point with',
    'Hessian H⊥⊥, χ(t_w + Δ, t_w) = (η/n) tr Σ_{k<Δ} (I − ηH⊥⊥)^k, independent of t_w, rising to (1/n) tr H⊥⊥⁻¹ as Δ grows. DMFT (d = ∞): mean',
    'over populations ± se over populations (compression error |window 8 − window 4| in brackets, largest over populations). GD (d = 1000,',
    'integratedResponse.ts --from t_w): mean ± se over seeds (one Rademacher probe per seed). Verdict per cell where both exist and GD has',
    '≥ 3 seeds: pass iff |GD − DMFT| ≤ 3·√(se_GD² + se_DMFT²).',
    '',
  ];
  const groups = [...new Set([...dmft.map((r) => `${r.config.delta}:${r.config.samples}:${r.config.steps}`)])]
    .map((k) => k.split(':').map(Number) as [number, number, number]).sort((a, b) => a[0] - b[0] || b[1] - a[1] || b[2] - a[2]);
  let pass = 0, fail = 0;
  for (const [delta, N, T] of groups) {
    const rs = dmft.filter((r) => r.config.delta === delta && r.config.samples === N && r.config.steps === T);
    const [km, k] = kappa(delta);
    const froms = [...new Set(rs.flatMap((r) => r.two_time.map((x) => x.from)))].sort((a, b) => a - b);
    lines.push(`δ = ${delta}, DMFT N = ${N}, T = ${T}, populations ${rs.map((r) => r.seeds.population).join(', ')}; κ_m = ${fmt(km, 4)}, κ = ${fmt(k, 4)}.`, '');
    lines.push(`| t_w | ${LAGS.map((l) => `Δ = ${l}: DMFT / GD d = 1000`).join(' | ')} |`, `|---|${LAGS.map(() => '---|').join('')}`);
    for (const from of froms) {
      const cells = LAGS.map((lag) => {
        const vals = rs.map((r) => r.two_time.find((x) => x.from === from)?.lags.find((x) => x.lag === lag)).filter((x) => x !== undefined);
        if (vals.length === 0) return '';
        const s = meanSe(vals.map((x) => x.chi));
        const ce = Math.max(...vals.map((x) => x.compression_error));
        const g = gd.filter((r) => r.config.delta === delta && r.config.fieldFrom === from && r.result.t.includes(from + lag)).map((r) => r.result.chi[r.result.t.indexOf(from + lag)]!);
        const gs = g.length ? meanSe(g) : null;
        let mark = '';
        if (gs && gs.se !== null && g.length >= 3) {
          const ok = Math.abs(gs.mean - s.mean) <= 3 * Math.hypot(gs.se, s.se ?? 0);
          if (ok) pass++; else fail++;
          mark = ok ? ' ✓' : ' ✗';
        }
        return `${pm(s)} [${fmt(ce, 1)}] / ${gs ? `${pm(gs)} (${g.length})${mark}` : '—'}`;
      });
      lines.push(`| ${from} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(`Verdicts (GD vs DMFT, ✓/✗ in the cells): ${pass} pass, ${fail} fail.`, '');
  return lines;
}
