// Benchmark driver: runs every bench/*.bench.ts (compiled to dist/bench/*.bench.js) in its own Node process,
// one after the other, and passes their output through. Usage: npx tsc -p . && node dist/bench/run.js [filter]
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js') && f.includes(filter))
  .sort();
let failures = 0;
for (const f of files) {
  process.stdout.write(`\n## ${f.replace(/\.js$/, '')}\n\n`);
  const r = spawnSync(process.execPath, [join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failures++;
    process.stdout.write(`(${f} exited with status ${r.status ?? r.signal})\n`);
  }
}
if (files.length === 0) process.stdout.write(`no *.bench.js files${filter ? ` matching "${filter}"` : ''} in ${here}\n`);
process.exitCode = failures > 0 ? 1 : 0;
