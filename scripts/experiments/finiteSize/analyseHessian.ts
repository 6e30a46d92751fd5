// docs/theory.md §4 fixed-state Hessian reference at δ = 8 (m = 1, GELU, square loss, y = tanh(z²), ‖w‖ = 1, w ⊥ θ):
// tabulates the simulated lowest eigenvalues and overlap² (data/hessian_delta8_d{d}_seeds{k}.json, output of
// `flcalc simulate hessian --json`) against `flcalc nn --delta 8` (edge, outlier, overlap²).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/finiteSize/analyseHessian.js
import { readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

// parsed JSON records of the CLI
type Json = any;
const dir = "validation/experiments/finite_size/data";
const th = JSON.parse(execFileSync("node", ["bin/flcalc.js", "nn", "--act", "gelu", "--loss", "square",
  "--target", "tanh(z^2)", "--delta", "8", "--json"], { encoding: "utf8" }));
const rows: Json[] = [];
for (const f of readdirSync(dir).filter((f) => /^hessian_delta8_d\d+_seeds\d+\.json$/.test(f))) {
  const r = JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
  rows.push({
    d: r.d, n: r.n, seeds: r.config.seeds,
    lowest: r.eigenvalues[0], lowest_se: r.eigenvalues_se[0],
    second: r.eigenvalues[1], second_se: r.eigenvalues_se[1],
    overlap2: r.overlap2_hard, overlap2_se: r.overlap2_hard_se,
    per_seed: r.per_seed.map((s: Json) => ({ seed: s.seed, eigenvalues: s.eigenvalues, overlap2_hard: s.overlap2_hard,
      overlap2_lowest3_sum: s.overlap2_hard.reduce((a: number, b: number) => a + b, 0), lanczos_residual: s.lanczos_residual })),
  });
}
rows.sort((a, b) => a.d - b.d);
console.log(JSON.stringify({ theory: { edge: th.edge, outlier: th.outlier, overlap2: th.overlap2_hard,
  delta_star: th.delta_nn, status: th.status }, rows }, null, 2));
