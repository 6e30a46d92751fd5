// Markdown tables of the long-horizon DMFT records (validation/experiments/dmft_long/data/stationarity_*.json).
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/dmftLong/table.js
import { g, readStationarityRecords } from './records.js';

const recs = readStationarityRecords();
for (const r of recs) {
  const c = r.config;
  console.log(`### δ = ${c.delta} (N = ${c.samples}, η = ${c.lr}, T = ${c.steps}, population seed ${c.seed}, recorded at ${r.provenance.git_commit.slice(0, 7)}; status ${r.status.converged ? 'converged' : 'not converged'}, max compression/MC ratio of the train risk ${g(r.status.residual, 2)})\n`);
  console.log('| t | ‖w‖² | ± compression | train risk | ± MC se | ± compression | test risk | ± compression |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const s of r.series) console.log(`| ${s.t} | ${g(s.w_norm2, 5)} | ${g(s.w_norm2_compression_error, 2)} | ${g(s.train_risk, 5)} | ${g(s.train_risk_mc_se, 2)} | ${g(s.train_risk_compression_error, 2)} | ${g(s.test_risk, 5)} | ${g(s.test_risk_compression_error, 2)} |`);
  if (r.extrapolation) {
    const e = r.extrapolation;
    console.log(`\nt → ∞ (Aitken Δ² on t = 500, 1000, 2000; ratio = 2^(−α) of successive increments): ‖w‖² → ${e.w_norm2.limit === null ? "no limit (increments not shrinking)" : g(e.w_norm2.limit, 5)} (ratio ${g(e.w_norm2.ratio, 2)}, last increment ${g(e.w_norm2.last_increment, 2)}); train risk → ${e.train_risk.limit === null ? "no limit (increments not shrinking)" : g(e.train_risk.limit, 5)} (ratio ${g(e.train_risk.ratio, 2)}, last increment ${g(e.train_risk.last_increment, 2)}); test risk → ${e.test_risk.limit === null ? "no limit (increments not shrinking)" : g(e.test_risk.limit, 5)} (ratio ${g(e.test_risk.ratio, 2)}).`);
  }
  console.log(`\nLaw of u^t (quantiles ${r.law_of_u.quantiles.join(', ')}; E[u²]):\n`);
  console.log('| t | quantiles of u | E[u²] |');
  console.log('|---|---|---|');
  for (const L of r.law_of_u.at) console.log(`| ${L.t} | ${L.u_quantiles.map((x) => g(x, 4)).join(', ')} | ${g(L.u_mean_square, 5)} |`);
  console.log(`\nCost (both windows): ${g(r.cpu_s_both_levels, 3)} s CPU, ${g(r.wall_s_both_levels, 3)} s wall at load ${r.load_average.map((x) => x.toFixed(0)).join('/')}; ${r.max_cells} cells; march arrays ${(r.march_memory_bytes / 1e6).toFixed(0)} MB.\n`);
}
