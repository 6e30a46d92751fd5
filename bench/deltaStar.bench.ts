// Timing of δ* (docs/theory.md §1) for a one-dimensional weight: law construction and solving timed separately,
// median of 60 runs after 5 warm-up runs. The issue asks for a median δ* solve < 20 ms.
// Run: npx tsc -p . && node dist/bench/deltaStar.bench.js
import { performance } from 'node:perf_hooks';
import { buildSpectralLaw } from '../src/model/law.js';
import { resolveTarget, resolveWeight } from '../src/model/formulas.js';
import { deltaStar } from '../src/theory/spectral/deltaStar.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

const RUNS = 60;
const WARMUP = 5;
const cases = [
  { target: 'z^2', weight: 'min(y,3)-1' },
  { target: 'tanh(z^2)', weight: 'tanh(y)' },
  { target: 'abs(z)', weight: 'clip(y, 0, 2) - 0.8' },
];
for (const c of cases) {
  const target = resolveTarget(c.target);
  const weight = resolveWeight(c.weight);
  const build: number[] = [];
  const solve: number[] = [];
  let value: number | null = null;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const law = buildSpectralLaw(target, weight);
    const t1 = performance.now();
    value = deltaStar(law, 'upper').delta_star;
    const t2 = performance.now();
    if (i >= WARMUP) {
      build.push(t1 - t0);
      solve.push(t2 - t1);
    }
  }
  console.log(
    `target ${c.target.padEnd(10)} weight ${c.weight.padEnd(20)} δ* = ${value === null ? 'none' : value.toPrecision(6)}  ` +
      `law build median ${median(build).toFixed(2)} ms, δ* solve median ${median(solve).toFixed(2)} ms (max ${Math.max(...solve).toFixed(2)} ms, ${RUNS} runs)`,
  );
}
