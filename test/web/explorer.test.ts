/// <reference lib="dom" />
// The explorer page in a real browser (playwright-core driving the system Chromium): the page is built from web/
// into test-output/, served by flcalc's static server, and checked against the library computed here in Node.
// Waits are for conditions (text, attributes), never fixed sleeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic } from '../../src/present/explore/staticServer.js';
import { resolveTarget, UsageError } from '../../src/library.js';
import * as C from '../../web/compute.js';
import { DEFAULTS, fromQuery } from '../../web/inputs.js';
import { findChromium, inCi } from './browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-output', 'explorer');
const WAIT = 90_000;
const browserPath = findChromium();
if (!browserPath && inCi) throw new Error('browser tests: no Chromium found in CI (apt-get install -y chromium, or set CHROMIUM_PATH)');
if (!browserPath) console.warn('browser tests SKIPPED: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)');

describe.skipIf(!browserPath)('explorer page in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let url = '';

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'web'), logLevel: 'error', build: { outDir: join(OUT, 'dist-web'), emptyOutDir: true } });
    ({ server, url } = await serveStatic(join(OUT, 'dist-web'), 0));
    browser = await chromium.launch({ executablePath: browserPath!, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(WAIT);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url + query);
    (page as unknown as { errors: string[] }).errors = errors;
    return page;
  }
  const cell = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
  /** Waits until the cell is no longer pending and its text satisfies `ok`; returns the text. */
  async function settled(page: Page, id: string, ok: (text: string) => boolean): Promise<string> {
    await page.waitForFunction(
      ([sel, src]) => {
        const el = document.querySelector(sel as string);
        return !!el && !el.classList.contains('pending') && new Function('t', `return (${src})(t)`)(el.textContent ?? '');
      },
      [`[data-testid="${id}"]`, ok.toString()],
    );
    return (await cell(page, id).textContent()) ?? '';
  }

  it('shows the reference δ* = 5.224 (GELU, square loss, y = tanh(z²), m = 1, ‖w‖ = 1) with its status, as the library computes it', async () => {
    const page = await open();
    const text = await settled(page, 'delta-star', (t) => /\d/.test(t));
    const lib = C.fixedState(C.readProblem(DEFAULTS)).thresholds;
    expect(lib.delta_nn!.toPrecision(4)).toBe('5.224');
    expect(text).toContain('5.224');
    expect(text).toContain('converged');
    // δNN of GD from the stationary state (docs/theory.md §6), the number `flcalc nn` prints beside δ*.
    const gdText = await settled(page, 'delta-gd', (t) => /\d/.test(t));
    const gd = C.gdThreshold(DEFAULTS);
    expect(gd.delta_gd).not.toBeNull();
    expect(gdText).toContain(gd.delta_gd!.toPrecision(4));
    expect(gdText).toContain('converged');
    await page.locator('#plot-density svg').waitFor();
    await page.screenshot({ path: join(OUT, 'explorer.png'), fullPage: true });
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  }, WAIT + 30_000);

  it('typing relu gives the library’s relu answer in place of 5.224', async () => {
    const page = await open();
    await settled(page, 'delta-star', (t) => t.includes('5.224'));
    await page.fill('input[name="act"]', 'relu');
    const text = await settled(page, 'delta-star', (t) => !t.includes('5.224') && !t.includes('computing'));
    const lib = C.fixedState(C.readProblem({ ...DEFAULTS, act: 'relu' })).thresholds;
    if (lib.delta_nn === null) expect(text).toContain(`none — ${lib.blocks[0]!.reason}`);
    else expect(text).toContain(lib.delta_nn.toPrecision(4));
    expect(page.url()).toContain('act=relu');
    await page.close();
  }, WAIT + 30_000);

  it('changing δ moves the outlier marker of the spectrum plot to the library’s outlier', async () => {
    const page = await open();
    // The marker is a vertical rule: Vega places it with transform="translate(x,0)" (x in plot pixels).
    const marker = page.locator('#plot-density g.outlier_marks line');
    const position = async () => {
      await marker.waitFor({ state: 'attached' });
      const m = /translate\(([-\d.e]+),/.exec((await marker.getAttribute('transform')) ?? '');
      expect(m).not.toBeNull();
      return Number(m![1]);
    };
    const before = await position();
    const rendered = Number(await page.getAttribute('#plot-density', 'data-rendered'));
    await page.fill('input[name="delta"]', '12');
    await page.waitForFunction((n) => Number(document.getElementById('plot-density')!.dataset['rendered']) > n, rendered);
    const lib = C.atDelta(C.readProblem({ ...DEFAULTS, delta: '12' }));
    expect(lib.outlier).not.toBeNull();
    expect(await settled(page, 'outlier', (t) => /\d/.test(t))).toContain(lib.outlier!.toPrecision(4));
    expect(await page.locator('#plot-density').textContent()).toContain(`hard outlier ${lib.outlier!.toPrecision(4)}`);
    const after = await position();
    expect(Math.abs(after - before)).toBeGreaterThan(1);
    await page.close();
  }, WAIT + 30_000);

  it('a bad target expression shows the library’s UsageError text next to the field', async () => {
    const page = await open();
    await page.fill('input[name="target"]', 'tanh(q^2');
    let expected = '';
    try {
      resolveTarget('tanh(q^2', '--target');
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expected = (e as UsageError).message;
    }
    expect(expected).not.toBe('');
    await page.waitForFunction((msg) => document.querySelector('.error[data-for="target"]')?.textContent === msg, expected);
    expect(await page.getAttribute('input[name="target"]', 'class')).toContain('invalid');
    await page.close();
  }, WAIT + 30_000);

  it('the URL holds the state: a copied link reproduces the inputs and the results', async () => {
    const page = await open();
    await page.fill('input[name="noise"]', '0.1');
    await page.fill('input[name="delta"]', '6');
    await page.fill('input[name="alpha"]', '0.28');
    await page.waitForFunction(() => location.search.includes('alpha=0.28') && location.search.includes('delta=6') && location.search.includes('noise=0.1'));
    const shared = new URL(page.url()).search;
    const first = await settled(page, 'delta-star', (t) => /\d/.test(t) && !t.includes('5.224'));
    await page.close();
    const again = await open(shared);
    for (const [k, v] of Object.entries(fromQuery(shared))) expect(await again.inputValue(`input[name="${k}"]`)).toBe(v);
    expect(await settled(again, 'delta-star', (t) => /\d/.test(t))).toBe(first);
    await again.close();
  }, 2 * WAIT);
  it('simulate: a seeded finite-d check reports progress, matches the library run in Node, overlays the plots, and can be cancelled', async () => {
    const page = await open('?simd=120&seeds=2&seed=7');
    await page.locator('#plot-edge svg').waitFor();
    await page.click('#simulate');
    await page.waitForFunction(() => /\(2\/2\)/.test(document.getElementById('simstatus')!.textContent ?? ''));
    const lib = C.simulateSeed(C.readProblem(DEFAULTS), 120, 8);
    const status = (await page.textContent('#simstatus')) ?? '';
    expect(status).toContain(`lowest eigenvalue ${lib.eigenvalues[0]!.toPrecision(4)}`);
    expect(status).toContain(`Lanczos ${lib.status.label}`);
    await page.waitForFunction(() => (document.getElementById('plot-edge')!.textContent ?? '').includes('simulation (± 1 se)'));
    await page.fill('input[name="simd"]', '1000');
    await page.fill('input[name="seeds"]', '8');
    await page.click('#simulate');
    expect(await page.isEnabled('#cancel')).toBe(true);
    await page.click('#cancel');
    expect(await page.textContent('#simstatus')).toBe('cancelled');
    expect(await page.isHidden('#simprogress')).toBe(true);
    await page.close();
  }, WAIT + 30_000);
  it('exports what is shown: JSON with inputs, statuses and provenance; CSV with a status column; SVG of a figure', async () => {
    const page = await open('?delta=7');
    await page.locator('#plot-edge svg').waitFor();
    await page.waitForFunction(() => !document.getElementById('plot-edge')!.classList.contains('stale'));
    const read = async (selector: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      return readFileSync((await file.path())!, 'utf8');
    };
    const json = JSON.parse(await read('#json')) as { provenance: { tool: string; version: string }; inputs: Record<string, string>; url: string; results: { thresholds: { delta_nn: number; status: { label: string } } } };
    expect(json.provenance.tool).toBe('flcalc');
    expect(json.provenance.version).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect(json.inputs['delta']).toBe('7');
    expect(json.url).toContain('delta=7');
    expect(json.results.thresholds.delta_nn.toPrecision(4)).toBe('5.224');
    expect(json.results.thresholds.status.label).toBe('converged');
    const csv = (await read('#csv')).split('\n');
    expect(csv[0]).toBe('table,x_name,x,y_name,y,status');
    expect(csv.some((l) => l.startsWith('"delta_sweep","delta",7,"edge",'))).toBe(true);
    const svg = await read('button[data-plot="plot-edge"]');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('δ* = 5.224');
    await page.close();
  }, WAIT + 30_000);
});
