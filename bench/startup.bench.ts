// CLI start-up: wall time of `flcalc --version`, `--help` and the default job (`npx flcalc` = `flcalc nn`) as child
// processes, interleaved with bare `node -e 0` in every round so that the ratios hold on a loaded machine; and,
// for the default job, how much of it is start-up (importing the bundle) and how much the δNN computation.
// Needs the bundle (npm run build). Run: npx tsc -p . && node dist/bench/startup.bench.js [rounds]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/core/provenance.js';
import { fmt, gridTable } from '../src/core/format.js';

const ROUNDS = Number(process.argv[2] ?? 7);
const bin = join(PACKAGE_ROOT, 'bin', 'flcalc.js');
const bundle = join(PACKAGE_ROOT, 'dist', 'bundle', 'flcalc.js');
if (!existsSync(bundle)) {
  console.log(`no ${bundle}: run npm run build first`);
  process.exit(0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function wall(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

// Import of the bundle and the default job in one process: [import seconds, computation seconds].
const SPLIT = `const t0 = performance.now(); const { main } = await import(${JSON.stringify('file://' + bundle)});
const t1 = performance.now(); await main(['nn'], { out() {}, err() {} });
console.log(JSON.stringify([(t1 - t0) / 1000, (performance.now() - t1) / 1000]));`;

const cases: Array<{ name: string; args: string[]; target?: string }> = [
  { name: 'node -e 0 (bare Node start-up)', args: ['-e', '0'] },
  { name: 'flcalc --version', args: [bin, '--version'], target: '≤ 0.2 s' },
  { name: 'flcalc --help', args: [bin, '--help'], target: '≤ 0.2 s' },
  { name: 'npx flcalc (default job: nn)', args: [bin], target: '≤ 0.5 s' },
];
const times = cases.map(() => [] as number[]);
const split: Array<[number, number]> = [];
for (let r = 0; r < ROUNDS; r++) {
  cases.forEach((c, i) => times[i]!.push(wall(c.args)));
  const s = spawnSync(process.execPath, ['--input-type=module', '-e', SPLIT], { encoding: 'utf8' });
  split.push(JSON.parse(s.stdout.trim()) as [number, number]);
}
const base = median(times[0]!);
const rows = cases.map((c, i) => {
  const m = median(times[i]!);
  const ratios = times[i]!.map((t, r) => t / times[0]![r]!);
  return [c.name, fmt(m, 3), i === 0 ? '1' : `${fmt(median(ratios), 3)}×`, `${fmt(m - base, 3)}`, c.target ?? '', i === 0 ? '' : `${fmt(base * (m / base), 3)}`];
});
console.log(gridTable(['command', 'median wall (s)', 'ratio to node -e 0 (median of rounds)', 'above node -e 0 (s)', 'target'], rows.map((r) => r.slice(0, 5))));
console.log(
  `\ndefault job split (in one process, medians): import of the CLI bundle ${fmt(median(split.map((s) => s[0])), 3)} s, ` +
    `δNN computation ${fmt(median(split.map((s) => s[1])), 3)} s.`,
);
console.log(`${ROUNDS} interleaved rounds; Node ${process.version}. On a loaded machine compare the ratios, not the absolute times.`);
