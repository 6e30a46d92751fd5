// Section 6 of validation/experiments/dmft_long/theta_response.md: the two-time integrated response χ(t_w + Δ, t_w)
// of GD ⊥ θ, d = ∞ DMFT (data/two_time_*, twoTimeResponse.ts) and finite-d GD (data/gd_chi_*_from{t_w}_*,
// integratedResponse.ts --from), beside the resolvent traces κ_m (6.17) and κ (6.6). Short lags probe the point the
// path sits at (time-translation invariant part), long lags add aging (χ at fixed Δ falls as t_w grows).
import { meanSe } from '../record.js';
import type { ChiRecord } from './chiTable.js';
import { aitken } from './records.js';

interface TwoTime {
  file: string;
  /** Configuration of gdLongHorizon.ts (absent: the GELU reference). */
  name?: string;
  config: { delta: number; samples: number; steps: number };
  seeds: { population: number };
  two_time: Array<{ from: number; lags: Array<{ lag: number; chi: number; compression_error: number }> }>;
}

const LAGS = [10, 50, 100, 200, 500, 1000, 2000];
/** Waiting times and lags of the extrapolation: t_w doubling (Aitken in t_w), lags doubling with Δ/t_w ≤ 0.4 at the largest t_w. */
const EX_FROM = [500, 1000, 2000], EX_LAGS = [50, 100, 200];

/** The stationary part χ_st(Δ) = lim_{t_w→∞} χ(t_w + Δ, t_w) by Aitken Δ² over t_w = 500, 1000, 2000 (exact for
 *  χ_st(Δ) + b·t_w^{−α}), then its Δ → ∞ limit two ways: least squares of χ_st(Δ) = χ∞ − cΔ^{−1/2} (the approach of
 *  (1/n) tr H⁻¹(1 − (1 − ηH)^Δ) to (1/n) tr H⁻¹ when the spectrum of H has a square-root edge at 0, i.e. is marginal),
 *  and Aitken over Δ = 50, 100, 200 (free exponent; a gapped spectrum would give a fast approach). */
function extrapolate(r: TwoTime): { st: Array<number | null>; edge: number | null; free: number | null; freeExponent: number | null } | null {
  const at = (from: number, lag: number) => r.two_time.find((x) => x.from === from)?.lags.find((x) => x.lag === lag)?.chi;
  if (!EX_FROM.every((f) => EX_LAGS.every((l) => at(f, l) !== undefined))) return null;
  const st = EX_LAGS.map((l) => aitken(at(EX_FROM[0]!, l)!, at(EX_FROM[1]!, l)!, at(EX_FROM[2]!, l)!).limit);
  if (st.some((x) => x === null)) return { st, edge: null, free: null, freeExponent: null };
  const y = st as number[], x = EX_LAGS.map((l) => l ** -0.5);
  const mx = x.reduce((a, b) => a + b) / 3, my = y.reduce((a, b) => a + b) / 3;
  const c = -x.reduce((a, xi, i) => a + (xi - mx) * (y[i]! - my), 0) / x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
  const free = aitken(y[0]!, y[1]!, y[2]!);
  return { st, edge: my + c * mx, free: free.limit, freeExponent: free.limit === null ? null : -Math.log2(free.ratio) };
}

type Fmt = { fmt: (x: number | null | undefined, p?: number) => string; pm: (s: { mean: number; se: number | null }) => string };

/** κ_m and κ of a configuration at δ, and its θ curvature Λ(χ) = λ + E[z²A/(1 + χA)] on the stationary law (6.30). */
export interface Resolvents { kappaM: number; kappa: number; lambda: (chi: number) => number }

/** The section's lines; `at(config, δ)` gives that configuration's resolvents and θ curvature. */
export function twoTimeSection(all: ReadonlyArray<Record<string, unknown> & { file: string }>, at: (config: string, delta: number) => Resolvents, { fmt, pm }: Fmt): string[] {
  const dmft = all.filter((r) => r.file.startsWith('two_time_')) as unknown as TwoTime[];
  const gd = (all.filter((r) => r.file.startsWith('gd_chi_')) as unknown as Array<ChiRecord & { config: { fieldFrom?: number } }>).filter((r) => (r.config.fieldFrom ?? 0) > 0);
  if (dmft.length === 0 && gd.length === 0) return [];
  const lines = [
    '## 6. The two-time response χ(t_w + Δ, t_w): the point the path sits at, and aging',
    '',
    'The field is switched on at t_w: χ(t_w + Δ, t_w) = (η/δ) Σ_{t_w ≤ s < t_w + Δ} G(t_w + Δ, s + 1). Where GD sits near a fixed point with',
    'Hessian H⊥⊥, χ(t_w + Δ, t_w) = (η/n) tr Σ_{k<Δ} (I − ηH⊥⊥)^k, independent of t_w, rising to (1/n) tr H⊥⊥⁻¹ as Δ grows. DMFT (d = ∞): mean',
    'over populations ± se over populations (compression error |window 8 − window 4| in brackets, largest over populations). GD (d = 1000,',
    'integratedResponse.ts --from t_w): mean ± se over seeds (one Rademacher probe per seed), beside the DMFT with the largest N. Verdict',
    'per cell where both exist and GD has ≥ 3 seeds: pass iff |GD − DMFT| ≤ 3·√(se_GD² + se_DMFT²).',
    '',
  ];
  const nameOf = (r: TwoTime) => r.name ?? 'gelu';
  const groups = [...new Set(dmft.map((r) => `${nameOf(r)}:${r.config.delta}:${r.config.samples}:${r.config.steps}`))]
    .map((k) => { const [name, ...x] = k.split(':'); return [name!, ...x.map(Number)] as [string, number, number, number]; })
    .sort((a, b) => (a[0] === b[0] ? 0 : a[0] === 'gelu' ? -1 : b[0] === 'gelu' ? 1 : a[0] < b[0] ? -1 : 1) || a[1] - b[1] || b[2] - a[2] || b[3] - a[3]);
  let pass = 0, fail = 0;
  const compared = new Set<number>();
  /** Per configuration and δ (largest N first), Λ at the mean Δ^{−1/2} and free-exponent extrapolations of χ_st. */
  const curvature = new Map<string, Map<number, { edge: number; free: number | null }>>();
  for (const [name, delta, N, T] of groups) {
    // GD (the GELU reference) enters beside the first group of each δ (the largest N) only.
    const withGd = name === 'gelu' && !compared.has(delta);
    if (name === 'gelu') compared.add(delta);
    const rs = dmft.filter((r) => nameOf(r) === name && r.config.delta === delta && r.config.samples === N && r.config.steps === T);
    const res = at(name, delta), km = res.kappaM, k = res.kappa;
    const froms = [...new Set(rs.flatMap((r) => r.two_time.map((x) => x.from)))].sort((a, b) => a - b);
    lines.push(`${name === 'gelu' ? '' : `Configuration ${name}: `}δ = ${delta}, DMFT N = ${N}, T = ${T}, populations ${rs.map((r) => r.seeds.population).join(', ')}; κ_m = ${fmt(km, 4)}, κ = ${fmt(k, 4)}.`, '');
    lines.push(`| t_w | ${LAGS.map((l) => withGd ? `Δ = ${l}: DMFT / GD d = 1000` : `Δ = ${l}: DMFT`).join(' | ')} |`, `|---|${LAGS.map(() => '---|').join('')}`);
    for (const from of froms) {
      const cells = LAGS.map((lag) => {
        const vals = rs.map((r) => r.two_time.find((x) => x.from === from)?.lags.find((x) => x.lag === lag)).filter((x) => x !== undefined);
        if (vals.length === 0) return '';
        const s = meanSe(vals.map((x) => x.chi));
        const ce = Math.max(...vals.map((x) => x.compression_error));
        const g = !withGd ? [] : gd.filter((r) => r.config.delta === delta && r.config.fieldFrom === from && r.result.t.includes(from + lag)).map((r) => r.result.chi[r.result.t.indexOf(from + lag)]!);
        const gs = g.length ? meanSe(g) : null;
        let mark = '';
        if (gs && gs.se !== null && g.length >= 3) {
          const ok = Math.abs(gs.mean - s.mean) <= 3 * Math.hypot(gs.se, s.se ?? 0);
          if (ok) pass++; else fail++;
          mark = ok ? ' ✓' : ' ✗';
        }
        return `${pm(s)} [${fmt(ce, 1)}]${withGd ? ` / ${gs ? `${pm(gs)} (${g.length})${mark}` : '—'}` : ''}`;
      });
      lines.push(`| ${from} | ${cells.join(' | ')} |`);
    }
    lines.push('');
    const ex = rs.map((r) => ({ pop: r.seeds.population, e: extrapolate(r) })).filter((x) => x.e !== null);
    if (ex.length > 0) {
      lines.push(`Stationary part and its limit (${name === 'gelu' ? '' : `${name}, `}δ = ${delta}, N = ${N}): χ_st(Δ) = lim_{t_w→∞} χ(t_w + Δ, t_w) by Aitken Δ² over t_w = ${EX_FROM.join(', ')}; ` +
        `χ∞ = lim_{Δ→∞} χ_st(Δ) from Δ = ${EX_LAGS.join(', ')}, assuming a marginal spectrum (χ∞ − cΔ^{−1/2}, least squares) and with a free exponent (Aitken Δ² in Δ).`, '');
      lines.push(`| population | ${EX_LAGS.map((l) => `χ_st(${l})`).join(' | ')} | χ∞, edge at 0 (Δ^{−1/2}) | χ∞, free exponent (exponent) | κ_m | κ | Λ(χ∞ edge) / Λ_m / Λ (6.30) |`, `|---|${EX_LAGS.map(() => '---|').join('')}---|---|---|---|---|`);
      const L = (x: number | null) => (x === null ? '—' : fmt(res.lambda(x), 3));
      for (const { pop, e } of ex) lines.push(`| ${pop} | ${e!.st.map((x) => fmt(x, 4)).join(' | ')} | ${fmt(e!.edge, 4)} | ${fmt(e!.free, 4)} (${fmt(e!.freeExponent, 2)}) | ${fmt(km, 4)} | ${fmt(k, 4)} | ${L(e!.edge)} / ${L(km)} / ${L(k)} |`);
      const edges = ex.map((x) => x.e!.edge).filter((x): x is number => x !== null), frees = ex.map((x) => x.e!.free).filter((x): x is number => x !== null);
      if (edges.length > 1) lines.push(`| mean ± se | ${EX_LAGS.map(() => '').join(' | ')} | ${pm(meanSe(edges))} | ${frees.length > 1 ? pm(meanSe(frees)) : '—'} | | | ${L(meanSe(edges).mean)} |`);
      const byDelta = curvature.get(name) ?? new Map<number, { edge: number; free: number | null }>();
      if (edges.length > 0 && !byDelta.has(delta)) byDelta.set(delta, { edge: res.lambda(meanSe(edges).mean), free: frees.length > 0 ? res.lambda(meanSe(frees).mean) : null });
      curvature.set(name, byDelta);
      lines.push('');
    }
  }
  const zero = (pts: Array<[number, number]>, form: string) => {
    const k = pts.findIndex(([, l], i) => i > 0 && Math.sign(l) !== Math.sign(pts[i - 1]![1]));
    return k < 0 ? `no sign change of Λ(χ_st) over δ = ${pts.map((p) => p[0]).join(', ')} (${form})`
      : `Λ(χ_st) changes sign between δ = ${pts[k - 1]![0]} (${fmt(pts[k - 1]![1], 3)}) and ${pts[k]![0]} (${fmt(pts[k]![1], 3)}); linear interpolation puts its zero, the threshold (6.30), at ${fmt(pts[k - 1]![0] + (pts[k]![0] - pts[k - 1]![0]) * pts[k - 1]![1] / (pts[k - 1]![1] - pts[k]![1]), 4)} (${form})`;
  };
  for (const [name, byDelta] of curvature) {
    const rows = [...byDelta].sort((a, b) => a[0] - b[0]);
    if (rows.length < 2) continue;
    const frees = rows.filter(([, v]) => v.free !== null).map(([d, v]) => [d, v.free!] as [number, number]);
    lines.push(`${name === 'gelu' ? 'GELU reference' : name}: ${zero(rows.map(([d, v]) => [d, v.edge]), 'χ_st from the Δ^{−1/2} extrapolation, mean over populations')}; ` +
      `${frees.length > 1 ? zero(frees, 'free-exponent extrapolation') : 'no free-exponent estimate'}.`, '');
  }
  lines.push(`Verdicts (GD vs DMFT, ✓/✗ in the cells): ${pass} pass, ${fail} fail.`, '');
  return lines;
}
