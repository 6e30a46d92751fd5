// Explorer page benchmark: bundle size of dist-web/ (raw and gzip) and, in Chromium (playwright-core), the time
// from navigation to the first result (δ* of the reference network) and to the last figure, next to the same
// first-result computation in Node in the same run (ratio browser/Node). Needs `npm run build` and a Chromium
// ($CHROMIUM_PATH or chromium on the PATH). `--screenshot FILE` also writes a screenshot once everything is shown.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from '../src/present/explore/staticServer.js';
import { PAGE_DIR, pageIndex } from '../src/present/cli/commands/explore.js';
import { gridTable } from '../src/core/format.js';
import { nnThresholds } from '../src/theory/hessian/thresholds.js';
import { problemAndState } from '../src/present/cli/stateArgs.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

function chromiumPath(): string {
  if (process.env['CHROMIUM_PATH']) return process.env['CHROMIUM_PATH'];
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser || command -v google-chrome']).toString().trim();
}

pageIndex();
const rows = files(PAGE_DIR).filter((f) => /\.(js|css|html)$/.test(f)).map((f) => {
  const b = readFileSync(f);
  return { file: f.slice(PAGE_DIR.length + 1), raw: b.length, gzip: gzipSync(b).length };
});
const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
console.log(gridTable(['file', 'bytes', 'gzip bytes'], [...rows.map((r) => [r.file, String(r.raw), String(r.gzip)]), ['total', String(total.raw), String(total.gzip)]]));

const t0 = performance.now();
const { problem, state } = problemAndState({});
const th = nnThresholds(problem, state);
const nodeSeconds = (performance.now() - t0) / 1000;

const shot = process.argv.indexOf('--screenshot');
const { server, url } = await serveStatic(PAGE_DIR, 0);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(300_000);
  const start = performance.now();
  await page.goto(url);
  await page.waitForFunction(`/\\d/.test(document.querySelector('[data-testid="delta-star"]')?.textContent ?? '')`);
  const first = (performance.now() - start) / 1000;
  await page.waitForFunction(`document.body.dataset.busy === 'no' && document.querySelectorAll('.plot svg').length === 7`);
  const all = (performance.now() - start) / 1000;
  console.log(
    '\n' +
      gridTable(
        ['measure', 'seconds'],
        [
          ['Node: δ* of the reference network (nnThresholds)', nodeSeconds.toFixed(2)],
          ['Chromium: navigation → δ* shown', first.toFixed(2)],
          ['Chromium: navigation → all figures drawn', all.toFixed(2)],
          ['ratio first result browser / Node', (first / nodeSeconds).toFixed(2)],
        ],
      ),
  );
  console.log(`δ* (Node) = ${th.delta_nn}, page shows: ${(await page.textContent('[data-testid="delta-star"]'))?.trim()}`);
  if (shot > 0) {
    await page.screenshot({ path: process.argv[shot + 1]!, fullPage: false });
    console.log(`screenshot written to ${process.argv[shot + 1]}`);
  }
} finally {
  await browser.close();
  server.close();
}
