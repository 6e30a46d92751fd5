import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { serveStatic } from '../../../src/present/explore/staticServer.js';
import { pageIndex, PAGE_DIR } from '../../../src/present/cli/commands/explore.js';
import { PACKAGE_ROOT } from '../../../src/core/provenance.js';
import { UsageError } from '../../../src/core/errors.js';
import { runCli } from '../../helpers.js';

describe('static server of the explorer page', () => {
  const root = mkdtempSync(join(tmpdir(), 'flcalc-explore-'));
  let server: Server;
  let url = '';
  beforeAll(async () => {
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'assets', 'a.js'), 'export {};');
    ({ server, url } = await serveStatic(root, 0));
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 only and serves files with their content type', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    const js = await fetch(url + 'assets/a.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(url + 'missing.js')).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });
  it('refuses paths outside the page directory', async () => {
    const res = await fetch(url + '..%2f..%2fetc%2fpasswd');
    expect([403, 404]).toContain(res.status);
  });
});

describe('flcalc explore', () => {
  it('validates --port before serving (exit 2, names the flag)', async () => {
    for (const bad of ['80', '70000', 'x', '1.5']) {
      const r = await runCli(['explore', '--port', bad]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--port');
    }
  });
  it('says clearly when the page is not built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flcalc-nopage-'));
    expect(() => pageIndex(dir)).toThrow(UsageError);
    expect(() => pageIndex(dir)).toThrow(/not built.*npm run build/);
  });
});

describe.skipIf(!existsSync(join(PAGE_DIR, 'index.html')) || !existsSync(join(PACKAGE_ROOT, 'dist', 'src', 'present', 'cli', 'main.js')))('npx flcalc explore (built package)', () => {
  it('prints a 127.0.0.1 URL that serves the page', async () => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'flcalc.js'), 'explore', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((ok, fail) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) ok(buf);
        });
        child.once('exit', (code) => fail(new Error(`exited with ${code}`)));
      });
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(line)?.[0];
      expect(url).toBeDefined();
      const res = await fetch(url!);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('flcalc explorer');
    } finally {
      child.kill();
    }
  }, 60_000);
});
