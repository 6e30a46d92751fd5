// The θ channel of the long-horizon DMFT (the GELU reference; `learning` also the other configurations of gdLongHorizon.ts;
// docs/dmft.md "θ-channel linear response"):
//   response  d → ∞: ψ(t) = ∂M^t/∂M^0 along GD ⊥ θ (the tangent of the march at M ≡ 0), with its compression error
//             (window 8 vs 4 on the same population), the integrated response χ(t) (5.14) beside the leave-one-out κ
//             of §6, and Λ(t) = E[z² A^t/(1 + χ(t) A^t)] on the path's law (the θ curvature (6.9) with κ → χ(t));
//             one record per (δ, population seed). With --noise-draws Q also v(t) = d·Var[M_ε^t], the finite-n fluctuation ε of
//             (5.8) propagated by the same linear channel from M(0) = 0, over Q draws (docs/theory.md (5.15)); such records
//             are named theta_response_noise{Q}_….
//   learning  finite d (--config: a configuration of gdLongHorizon.ts, default the GELU reference; records of another
//             configuration are named learning_{config}_…): the full march with the finite-d θ channel (M(0) ~ N(0, s²/d), the fluctuation ε of (5.8)),
//             one march per realisation, stopped when the U_H overlap² reaches 1/2 (t_learn, criterion (5.2)) or at T;
//             one record per (d, δ, population seed) holding every realisation.
//   gd        finite-d GD with the θ-component of w(0) set to ±m0 on the same data (docs/theory.md (5.11)):
//             ψ(t) = (M⁺ − M⁻)/(2m0) and the even part max_t |M⁺ + M⁻|/2 (the drive without a planted component: once it
//             is O(1) the run is learning on its own and ψ is no longer a linear response); one record per (d, δ, seed).
// Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/dmftLong/thetaResponse.js response [--deltas 11,14] [--samples 4096] [--steps 2000] [--seeds 1,2,3] [--noise-draws 32] [--force]
//   node dist/scripts/experiments/dmftLong/thetaResponse.js learning --d 1000 [--config gelu|quadratic|logistic|ridge] [--deltas 14,16] [--samples 4096] [--steps 6000] [--seed 1] [--realisations 1,2,3,4] [--force]
//   node dist/scripts/experiments/dmftLong/thetaResponse.js gd --d 1000 [--deltas 11,14] [--steps 2000] [--seeds 1,2,3,4] [--m0 0.005] [--force]
// writes validation/experiments/dmft_long/data/theta_response_delta{δ}_N{N}_T{T}_seed{s}.json and
// learning_d{d}_delta{δ}_N{N}_T{T}_seed{s}.json, gd_theta_response_d{d}_delta{δ}_T{T}_seed{s}.json (each written as it finishes).
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { argValue, checkWritable, cpuSeconds, experimentDir, write } from '../record.js';
import { longDmftPath } from '../../../src/theory/dmft/longMarch.js';
import type { DmftSpec } from '../../../src/theory/dmft/march.js';
import { provenance } from '../../../src/core/provenance.js';
import { thetaResponse } from '../../../src/simulate/gd/linearResponse.js';
import type { GdConfig } from '../../../src/model/problem.js';
import { stationaryPoint } from '../../../src/theory/stationary/fixedPoint.js';
import { LONG_CONFIGS, REFERENCE, dmftSpecOf, stationaryProblemOf } from '../gdLongHorizon.js';

const USAGE = 'usage: thetaResponse.js response [--deltas 11,14] [--samples 4096] [--steps ≥ 200] [--seeds 1,2,3] [--noise-draws 32] [--force] | learning --d 1000 [--config gelu] [--deltas 14,16] [--samples 4096] [--steps ≤ 20000] [--seed 1] [--realisations 1,2,3,4] [--force] | gd --d 1000 [--deltas 11,14] [--steps 2000] [--seeds 1,2,3,4] [--m0 0.005] [--force]';
const fail = (msg: string): never => {
  process.stderr.write(`error: ${msg}\n${USAGE}\n`);
  process.exit(2);
};
const arg = (name: string, fallback: string): string => argValue(process.argv, name, fallback);
const ints = (name: string, fallback: string): number[] => {
  const xs = arg(name, fallback).split(',').map(Number);
  if (!xs.every((x) => Number.isInteger(x) && x >= 1)) fail(`--${name} must be positive integers, e.g. ${fallback}`);
  return xs;
};
const mode = process.argv[2];
if (mode !== 'response' && mode !== 'learning' && mode !== 'gd') fail('the first argument must be response, learning or gd');
const deltas = arg('deltas', mode === 'response' ? '11,14' : '14,16').split(',').map(Number);
if (!deltas.every((d) => d > 1 && d <= 64)) fail('--deltas must lie in (1, 64], e.g. 14,16');
const [samples] = ints('samples', '4096'), [steps] = ints('steps', mode === 'response' ? '2000' : '6000');
if (!Number.isInteger(Math.log2(samples!)) || samples! < 64 || samples! > 16384) fail('--samples must be a power of 2 in [64, 16384], e.g. 4096');
if (steps! < 200 || steps! > 20000) fail('--steps must lie in [200, 20000], e.g. 2000');
const POLICY = { window: 8, early: 32 };
const configName = arg('config', 'gelu');
if (!Object.hasOwn(LONG_CONFIGS, configName) || (mode !== 'learning' && configName !== 'gelu')) fail(`--config must be one of ${Object.keys(LONG_CONFIGS).join(', ')} (learning only), e.g. --config quadratic`);
const cfgOf = LONG_CONFIGS[configName]!;
const spec = (delta: number, seed: number): DmftSpec => dmftSpecOf(cfgOf, { delta, samples: samples!, steps: steps!, seed });
const dir = join(experimentDir('dmft_long'), 'data');
const progress = (label: string) => {
  const t0 = Date.now();
  let last = t0;
  return (t: number) => {
    if (Date.now() - last > 60000) {
      last = Date.now();
      process.stderr.write(`${label}: step ${t}/${steps}, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  };
};

/** Times at which the series is kept: every step to 100, then every 10. */
const kept = (T: number): number[] => Array.from({ length: T + 1 }, (_, t) => t).filter((t) => t <= 100 || t % 10 === 0 || t === T);
/** Local exponent of ψ ∝ t^a between t/2 and t; null where ψ changes sign. */
const exponent = (psi: number[], t: number): number | null => {
  const a = psi[t / 2]!, b = psi[t]!;
  return a > 0 && b > 0 ? Math.log2(b / a) : null;
};

if (mode === 'gd') {
  const d = Number(arg('d', 'NaN')), m0 = Number(arg('m0', '0.005'));
  if (!(Number.isInteger(d) && d >= 10 && d <= 4000)) fail('--d must be an integer in [10, 4000], e.g. 1000');
  if (!(m0 > 0 && m0 <= 0.1)) fail('--m0 must lie in (0, 0.1], e.g. 0.005');
  const seeds = ints('seeds', '1,2,3,4');
  const jobs = deltas.flatMap((delta) => seeds.map((seed) => ({ delta, seed, file: join(dir, `gd_theta_response_d${d}_delta${delta}_T${steps}_seed${seed}.json`) })));
  checkWritable(jobs.map((j) => j.file), process.argv);
  for (const { delta, seed, file } of jobs) {
    const c0 = process.cpuUsage(), t0 = Date.now();
    const cfg: GdConfig = { act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 0.5, steps: steps!, ridge: 0, delta, d, hessianAt: [], hessianK: 0, nTest: 1, recordEvery: 10 };
    const r = thetaResponse(cfg, seed, m0);
    const times = kept(steps!);
    const even = r.mPlus.map((x, i) => Math.abs(x + r.mMinus[i]!) / 2);
    const record = {
      experiment: 'GD θ-response: ψ(t) = (M⁺ − M⁻)/(2 m0) on the same data (docs/theory.md (5.11))',
      config: { ...cfg, m0 },
      seeds: { data: seed },
      n: Math.round(delta * d),
      wall_s: (Date.now() - t0) / 1000,
      cpu_s: cpuSeconds(process.cpuUsage(c0)),
      load_average: loadavg(),
      series: { t: times, psi: times.map((t) => r.psi[t]!), even_part: times.map((t) => even[t]!) },
      max_even_part: Math.max(...even),
      exponents: [250, 500, 1000, 2000, 4000].filter((t) => t <= steps!).map((t) => ({ t, a: exponent(r.psi, t) })),
      provenance: provenance(),
    };
    write(file, JSON.stringify(record, null, 1));
    process.stderr.write(`GD d = ${d}, δ = ${delta}, seed ${seed}: ψ(${steps}) = ${r.psi[steps!]!.toPrecision(4)}, max even part ${record.max_even_part.toPrecision(3)}, ${record.cpu_s.toFixed(0)} s CPU; ${file}\n`);
  }
} else if (mode === 'response') {
  const seeds = ints('seeds', '1,2,3');
  const draws = Number(arg('noise-draws', '0'));
  if (!(Number.isInteger(draws) && draws >= 0 && draws <= 256)) fail('--noise-draws must be an integer in [0, 256], e.g. 32');
  const noise = draws > 0 ? { count: draws, seed: 1 } : undefined;
  const stem = draws > 0 ? `theta_response_noise${draws}` : 'theta_response';
  const jobs = deltas.flatMap((delta) => seeds.map((seed) => ({ delta, seed, file: join(dir, `${stem}_delta${delta}_N${samples}_T${steps}_seed${seed}.json`) })));
  checkWritable(jobs.map((j) => j.file), process.argv);
  for (const { delta, seed, file } of jobs) {
    const c0 = process.cpuUsage(), t0 = Date.now();
    const lawAt = [250, 500, 1000, 2000, 4000, 8000, 16000].filter((t) => t <= steps!);
    const s = { ...spec(delta, seed), lawAt }, theta = { d: Infinity, seed: 0 };
    const fine = longDmftPath(s, theta, POLICY, { thetaTangent: [1], thetaNoise: noise, progress: progress(`δ = ${delta}, seed ${seed}`) });
    const coarse = longDmftPath(s, theta, { ...POLICY, window: POLICY.window / 2 }, { thetaTangent: [1], thetaNoise: noise });
    const psi = fine.psi!, psiC = coarse.psi!;
    const T = psi.length - 1;
    const times = kept(T);
    const octaves = [250, 500, 1000, 2000, 4000, 8000, 16000].filter((t) => t <= T);
    const sp = stationaryPoint(stationaryProblemOf(REFERENCE), delta);
    // Λ(t) on the path's own law of (z, A^t), with the path's χ(t) in place of κ
    const lambda = fine.laws.map((L) => {
      const chi = fine.chi[L.t]!;
      let acc = 0, bad = 0;
      for (let i = 0; i < L.z.length; i++) {
        const A = L.A[i]!, den = 1 + chi * A;
        if (den <= 0) bad++;
        acc += (L.z[i]! ** 2 * A) / den;
      }
      return { t: L.t, chi, Lambda: bad ? null : acc / L.z.length, paths_with_1_plus_chi_A_le_0: bad };
    });
    const record = {
      experiment: 'long-horizon DMFT, θ-channel linear response at d → ∞ (tangent of GD ⊥ θ)',
      config: { ...s, d: 'infinity', compression: POLICY, error_window: POLICY.window / 2 },
      seeds: noise ? { population: seed, noise_draws: `${noise.seed}–${noise.seed + draws - 1}` } : { population: seed },
      status: fine.diverged === undefined && coarse.diverged === undefined ? 'finite' : `diverged at ${fine.diverged ?? coarse.diverged}`,
      wall_s_both_levels: (Date.now() - t0) / 1000,
      cpu_s_both_levels: cpuSeconds(process.cpuUsage(c0)),
      load_average: loadavg(),
      series: {
        t: times,
        psi: times.map((t) => psi[t]!),
        psi_compression_error: times.map((t) => Math.abs(psi[t]! - psiC[t]!)),
        w_norm2: times.map((t) => fine.w_norm[t]! ** 2),
        train_risk: times.map((t) => fine.train_risk[t]!),
        chi: times.map((t) => fine.chi[t]!),
        chi_compression_error: times.map((t) => Math.abs(fine.chi[t]! - coarse.chi[t]!)),
        ...(fine.thetaNoise && coarse.thetaNoise
          ? {
              v: times.map((t) => fine.thetaNoise!.v[t]!),
              v_se: times.map((t) => fine.thetaNoise!.se[t]!),
              v_compression_error: times.map((t) => Math.abs(fine.thetaNoise!.v[t]! - coarse.thetaNoise!.v[t]!)),
            }
          : {}),
      },
      theta_curvature: lambda,
      stationary_law: { kappa: sp.kappa, r: sp.r, stability: sp.stability, status: sp.status.converged ? 'converged' : 'not converged' },
      exponents: octaves.map((t) => ({ t, a: exponent(psi, t), a_window4: exponent(psiC, t) })),
      provenance: provenance(),
    };
    write(file, JSON.stringify(record, null, 1));
    process.stderr.write(`δ = ${delta}, seed ${seed}: ψ(${T}) = ${psi[T]!.toPrecision(4)} (window 4: ${psiC[T]!.toPrecision(4)}), χ(${T}) = ${fine.chi[T]!.toPrecision(4)} vs κ = ${sp.kappa.toPrecision(4)}, Λ(${T}) = ${lambda.at(-1)?.Lambda?.toPrecision(3)}; ${record.cpu_s_both_levels.toFixed(0)} s CPU; ${file}\n`);
  }
} else {
  const d = Number(arg('d', 'NaN'));
  if (!(Number.isInteger(d) && d >= 10 && d <= 1e9)) fail('--d must be an integer in [10, 1e9], e.g. 1000');
  const [seed] = ints('seed', '1'), realisations = ints('realisations', '1,2,3,4');
  const jobs = deltas.map((delta) => ({ delta, file: join(dir, `learning_${configName === 'gelu' ? '' : `${configName}_`}d${d}_delta${delta}_N${samples}_T${steps}_seed${seed}.json`) }));
  checkWritable(jobs.map((j) => j.file), process.argv);
  for (const { delta, file } of jobs) {
    const c0 = process.cpuUsage(), t0 = Date.now();
    const s = spec(delta, seed!);
    const runs = realisations.map((r) => {
      const p = longDmftPath(s, { d, seed: r }, POLICY, { stopWhenLearned: true, progress: progress(`δ = ${delta}, realisation ${r}`) });
      const last = p.t.length - 1;
      return { realisation: r, m0: p.M[0]![0]!, t_learn: p.t_learn, diverged: p.diverged ?? null, last_step: p.t[last]!, overlap_at_last: p.overlap_h[last]!, w_norm_at_last: p.w_norm[last]! };
    });
    const record = {
      experiment: 'long-horizon DMFT with the finite-d θ channel: learning times (overlap² ≥ 1/2) per realisation',
      config: { ...s, d, compression: POLICY },
      seeds: { population: seed, theta: realisations },
      wall_s: (Date.now() - t0) / 1000,
      cpu_s: cpuSeconds(process.cpuUsage(c0)),
      load_average: loadavg(),
      runs,
      provenance: provenance(),
    };
    write(file, JSON.stringify(record, null, 1));
    process.stderr.write(`d = ${d}, δ = ${delta}: t_learn ${runs.map((r) => r.t_learn ?? `>${steps}`).join(', ')}; ${record.cpu_s.toFixed(0)} s CPU; ${file}\n`);
  }
}
