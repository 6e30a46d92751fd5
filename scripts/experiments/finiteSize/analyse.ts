// Finite-size analysis of the docs/theory.md §1 reference case (y = z², T = min(y,3) − 1).
// Reads data/spectral_delta{δ}_d{d}_seed{s}.json (per-seed `flcalc simulate spectral --json` output),
// computes the theory with `flcalc spectral`, tabulates gap = theory − mean ± se per d and fits
// log|gap| = a + b log d by weighted least squares (weights from the delta-method se of log|gap|).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/finiteSize/analyse.js [maxSeed]
import { readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import erfc from "@stdlib/math-base-special-erfc";

// parsed JSON records of the CLI
type Json = any;

// P(χ²_k > x) for integer k: even k, e^{-x/2} Σ_{j<k/2} (x/2)^j/j!; odd k, erfc(√(x/2)) + e^{-x/2} Σ_{j=1}^{(k−1)/2} (x/2)^{j−1/2}/Γ(j+1/2).
function chi2Sf(x: number, k: number): number | null {
  if (k < 1) return null;
  const h = x / 2;
  let sum = 0, term: number;
  if (k % 2 === 0) { term = 1; for (let j = 0; j < k / 2; j++) { sum += term; term *= h / (j + 1); } return Math.exp(-h) * sum; }
  term = Math.sqrt(h) / Math.sqrt(Math.PI) * 2; // (x/2)^{1/2}/Γ(3/2)
  for (let j = 1; j <= (k - 1) / 2; j++) { sum += term; term *= h / (j + 0.5); }
  return erfc(Math.sqrt(h)) + Math.exp(-h) * sum;
}

const dir = "validation/experiments/finite_size/data";
const maxSeed = Number(process.argv[2] ?? Infinity);
const theory = (delta: number): Json =>
  JSON.parse(execFileSync("node", ["bin/flcalc.js", "spectral", "--target", "z^2", "--weight", "min(y,3)-1",
    "--delta", String(delta), "--json"], { encoding: "utf8" }));

const runs = new Map<number, Map<number, Json[]>>(); // key δ → d → [per-seed record]
for (const f of readdirSync(dir)) {
  const m = /^spectral_delta([\d.]+)_d(\d+)_seed(\d+)\.json$/.exec(f);
  if (!m || Number(m[3]) > maxSeed) continue;
  const r = JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
  if (r.status !== "converged") throw new Error(`${f}: status ${r.status}`);
  const [delta, d] = [Number(m[1]), Number(m[2])];
  if (!runs.has(delta)) runs.set(delta, new Map());
  const byD = runs.get(delta)!;
  if (!byD.has(d)) byD.set(d, []);
  byD.get(d)!.push({ seed: Number(m[3]), top: r.eigenvalues[0], second: r.eigenvalues[1], overlap2: r.overlap2, n: r.n });
}

const meanSe = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, se: Math.sqrt(v / xs.length) };
};

// Weighted least squares of y = a + b x with weights w; returns b and its standard error.
function wls(x: number[], y: number[], w: number[]) {
  const W = w.reduce((a, b) => a + b, 0);
  const xm = x.reduce((a, xi, i) => a + w[i]! * xi, 0) / W;
  const ym = y.reduce((a, yi, i) => a + w[i]! * yi, 0) / W;
  const sxx = x.reduce((a, xi, i) => a + w[i]! * (xi - xm) ** 2, 0);
  const sxy = x.reduce((a, xi, i) => a + w[i]! * (xi - xm) * (y[i]! - ym), 0);
  const b = sxy / sxx;
  const resid = y.map((yi, i) => yi - ym - b * (x[i]! - xm));
  const chi2 = resid.reduce((a, r, i) => a + w[i]! * r * r, 0);
  return { slope: b, se: Math.sqrt(1 / sxx), chi2, dof: x.length - 2 };
}

// gap_i = c · d_i^{-p}: c = Σ w g f / Σ w f², f = d^{-p}; returns c, se(c), χ², dof.
function powerFit(d: number[], g: number[], w: number[], p: number) {
  const f = d.map((x) => x ** -p);
  const sff = f.reduce((a, fi, i) => a + w[i]! * fi * fi, 0);
  const c = f.reduce((a, fi, i) => a + w[i]! * fi * g[i]!, 0) / sff;
  const chi2 = g.reduce((a, gi, i) => a + w[i]! * (gi - c * f[i]!) ** 2, 0);
  return { c, c_se: Math.sqrt(1 / sff), chi2, dof: d.length - 1, p_value: chi2Sf(chi2, d.length - 1) };
}

function profile(d: number[], g: number[], w: number[]) {
  const ps = Array.from({ length: 401 }, (_, i) => -1 + i * 0.01);
  const chis = ps.map((p) => powerFit(d, g, w, p).chi2);
  const k = chis.indexOf(Math.min(...chis));
  const inside = ps.filter((_, i) => chis[i]! <= chis[k]! + 1);
  return { p_best: ps[k], chi2_min: chis[k]!, p_range_dchi2_1: [Math.min(...inside), Math.max(...inside)] };
}

const out: Json = { maxSeed: Number.isFinite(maxSeed) ? maxSeed : null, cases: [] };
for (const delta of [...runs.keys()].sort((a, b) => a - b)) {
  const th = theory(delta);
  const ref: Record<string, number> = { top: th.outlier, second: th.bulk_edge, overlap2: th.overlap2 };
  const rows: Json[] = [];
  for (const d of [...runs.get(delta)!.keys()].sort((a, b) => a - b)) {
    const recs = runs.get(delta)!.get(d)!;
    const row: Json = { d, n: recs[0].n, seeds: recs.map((r) => r.seed).sort((a: number, b: number) => a - b) };
    for (const q of ["top", "second", "overlap2"]) {
      const s = meanSe(recs.map((r) => r[q]));
      row[q] = { mean: s.mean, se: s.se, gap: ref[q]! - s.mean, z: (ref[q]! - s.mean) / s.se };
    }
    rows.push(row);
  }
  const fits: Json = {};
  for (const q of ["top", "second", "overlap2"]) {
    const use: Json[] = rows.filter((r) => r.seeds.length >= 2);
    const d = use.map((r) => r.d), g = use.map((r) => r[q].gap), w = use.map((r) => 1 / r[q].se ** 2);
    fits[q] = {
      // gap = c · d^{-p} for fixed p (p = 0: a gap that does not vanish), c by weighted least squares.
      fixed: [0, 1 / 2, 2 / 3, 1].map((p) => ({ p, ...powerFit(d, g, w, p) })),
      // free p: χ² profile over p ∈ [−1, 3]; best p and the Δχ² ≤ 1 interval.
      profile: profile(d, g, w),
      // log–log slope (only d with gap > 0), weights (gap/se)².
      loglog: (() => {
        const k = g.map((_x, i) => i).filter((i) => g[i]! > 0);
        if (k.length < 2) return null;
        return { ...wls(k.map((i) => Math.log(d[i]!)), k.map((i) => Math.log(g[i]!)), k.map((i) => (g[i]! * Math.sqrt(w[i]!)) ** 2)),
          excluded_nonpositive: d.length - k.length };
      })(),
    };
  }
  out.cases.push({ delta, theory: ref, rows, fits });
}
console.log(JSON.stringify(out, null, 2));
