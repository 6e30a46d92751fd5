// Markdown tables from the JSON written by analyse.mjs / analyse_hessian.mjs.
// Usage: node dist/scripts/experiments/finiteSize/tables.js spectral FILE.json | hessian FILE.json
import { readFileSync } from "node:fs";

// parsed JSON of analyse.ts / analyseHessian.ts
type Json = any;
const [kind, file] = process.argv.slice(2);
if (!file || (kind !== "spectral" && kind !== "hessian")) {
  process.stderr.write("usage: node dist/scripts/experiments/finiteSize/tables.js spectral|hessian FILE.json\n");
  process.exit(2);
}
const o: Json = JSON.parse(readFileSync(file, "utf8"));
const f = (x: number | null | undefined, k = 4) => (x === null || x === undefined ? "—" : x.toFixed(k));
const chi = (x: Json) => `${f(x.chi2, 1)} (${f(x.p_value, 2)})`;
const names: Record<string, string> = { top: "top eigenvalue", second: "2nd eigenvalue (vs bulk edge)", overlap2: "overlap²" };
const lines: string[] = [];
if (kind === "spectral") {
  for (const c of o.cases) {
    lines.push(`#### δ = ${c.delta} (theory: outlier ${f(c.theory.top)}, bulk edge ${f(c.theory.second)}, overlap² ${f(c.theory.overlap2)})`, "");
    lines.push("| d | n | seeds | top: mean ± se | gap (theory − mean) | gap/se | 2nd: mean ± se | gap | gap/se | overlap²: mean ± se | gap | gap/se |");
    lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of c.rows) {
      const cell = (q: string) => `${f(r[q].mean)} ± ${f(r[q].se)} | ${f(r[q].gap)} | ${f(r[q].z, 1)}`;
      const s = r.seeds;
      const seeds = s.length > 3 && s.every((x: number, i: number) => x === s[0] + i) ? `${s[0]}–${s[s.length - 1]} (${s.length})` : s.join(",");
      lines.push(`| ${r.d} | ${r.n} | ${seeds} | ${cell("top")} | ${cell("second")} | ${cell("overlap2")} |`);
    }
    lines.push("", "Fits of gap(d) = c·d^(−p) (weighted by 1/se²; χ² over the d values):", "");
    lines.push("| quantity | p = 0 (gap not vanishing): c ± se, χ²/dof (P) | p = 1/2: χ² (P) | p = 2/3: χ² (P) | p = 1: χ² (P) | free p: best, Δχ² ≤ 1 range | log–log slope ± se (gap > 0 points) |");
    lines.push("|---|---|---|---|---|---|---|");
    for (const q of ["top", "second", "overlap2"]) {
      const F = c.fits[q];
      const fx = (p: number) => F.fixed.find((x: Json) => Math.abs(x.p - p) < 1e-9);
      const ll = F.loglog ? `${f(F.loglog.slope, 2)} ± ${f(F.loglog.se, 2)}${F.loglog.excluded_nonpositive ? ` (${F.loglog.excluded_nonpositive} d dropped)` : ""}` : "—";
      lines.push(`| ${names[q]} | ${f(fx(0).c)} ± ${f(fx(0).c_se)}, ${f(fx(0).chi2, 1)}/${fx(0).dof} (${f(fx(0).p_value, 2)}) | ${chi(fx(1 / 2))} | ${chi(fx(2 / 3))} | ${chi(fx(1))} | ${f(F.profile.p_best, 2)}, [${f(F.profile.p_range_dchi2_1[0], 2)}, ${f(F.profile.p_range_dchi2_1[1], 2)}] | ${ll} |`);
    }
    lines.push("");
  }
} else {
  const t = o.theory;
  lines.push(`Theory (\`flcalc nn --delta 8\`): edge ${f(t.edge, 5)}, outlier ${f(t.outlier, 5)}, overlap² ${f(t.overlap2, 4)} (δ* = ${f(t.delta_star, 3)}, ${t.status}).`, "");
  lines.push("| d | n | seeds | lowest: mean ± se | theory − mean | 2nd lowest: mean ± se | overlap²(lowest): mean ± se | per seed: lowest / 2nd / overlap² (sum over lowest 3) |");
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const r of o.rows) {
    const ps = r.per_seed.map((s: Json) => `s${s.seed}: ${f(s.eigenvalues[0], 5)} / ${f(s.eigenvalues[1], 5)} / ${f(s.overlap2_hard[0], 3)} (${f(s.overlap2_lowest3_sum, 3)})`).join("; ");
    lines.push(`| ${r.d} | ${r.n} | ${r.seeds.join(",")} | ${f(r.lowest, 5)} ± ${f(r.lowest_se, 5)} | ${f(t.outlier - r.lowest, 5)} | ${f(r.second, 5)} ± ${f(r.second_se, 5)} | ${f(r.overlap2)} ± ${f(r.overlap2_se)} | ${ps} |`);
  }
}
console.log(lines.join("\n"));
