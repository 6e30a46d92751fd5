import { describe, expect, it } from 'vitest';
import { niceTicks, renderSvg } from '../../../src/present/plot/svg.js';
import { svgToPng } from '../../../src/present/plot/write.js';

describe('plot', () => {
  it('nice ticks cover the range with round steps', () => {
    const t = niceTicks(0.13, 2.71);
    expect(t[0]).toBeGreaterThanOrEqual(0.13);
    expect(t[t.length - 1]).toBeLessThanOrEqual(2.71);
    const step = t[1]! - t[0]!;
    expect([0.2, 0.25, 0.5, 0.1, 1]).toContain(Number(step.toPrecision(3)));
  });
  it('renders every series kind and escapes text', () => {
    const svg = renderSvg({
      title: 'a < b & c',
      xlabel: 'δ',
      ylabel: 'overlap²',
      series: [
        { kind: 'line', label: 'theory', x: [0, 1, 2], y: [0, 0.5, 0.7] },
        { kind: 'points', label: 'sim', x: [1, 2], y: [0.45, 0.72], err: [0.03, 0.02] },
        { kind: 'histogram', label: 'eigs', edges: [0, 1, 2], density: [0.3, 0.6] },
        { kind: 'vline', label: 'δ*', at: 0.66 },
      ],
    });
    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg.match(/<circle/g)!.length).toBeGreaterThanOrEqual(3);
    expect(svg).toContain('<polyline');
    expect(svg).not.toMatch(/NaN/);
    const png = svgToPng(svg, 1);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/present/cli/main.js';

const PLOT_DIR = process.env['FLCALC_PLOT_DIR'];
const quiet = { out: () => {}, err: () => {} };

/** Runs `flcalc ARGS --plot FILE` (FILE.svg in a temp dir; also FILE.png in FLCALC_PLOT_DIR when set). */
async function plotted(name: string, args: string[]): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'flcalc-plot-')), `${name}.svg`);
  expect(await main([...args, '--plot', file], quiet)).toBe(0);
  if (PLOT_DIR) expect(await main([...args, '--plot', join(PLOT_DIR, `${name}.png`)], quiet)).toBe(0);
  expect(existsSync(file)).toBe(true);
  return readFileSync(file, 'utf8');
}

describe('--plot on the commands', () => {
  it('simulate spectral', async () => {
    const svg = await plotted('simulate-spectral', ['simulate', 'spectral', '--d', '300', '--seeds', '2', '--delta', '2']);
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/NaN/);
    expect(svg).toContain('theory: bulk density');
  }, 60_000);
  it('simulate hessian', async () => {
    const svg = await plotted('simulate-hessian', ['simulate', 'hessian', '--d', '200', '--seeds', '2', '--delta', '8']);
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/NaN/);
    expect(svg).toContain('theory: bulk edge');
  }, 60_000);
  it('simulate gd', async () => {
    const svg = await plotted('simulate-gd', ['simulate', 'gd', '--delta', '8', '--d', '100', '--steps', '150', '--seeds', '2', '--threads', '1', '--hessian-at', '0', '--hessian-k', '1', '--n-test', '200']);
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/NaN/);
    expect(svg).toContain('U_H, seed 2');
  }, 60_000);
  it('onestep', async () => {
    const svg = await plotted('onestep', ['onestep', '--act', 'sin(x)+cos(x)', '--target', 'z + z^2/2', '--alpha', '0.3', '--c', '1', '--ratios', '1,1', '--n', '500']);
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/NaN/);
    expect(svg).toContain('spike k = 2');
  }, 60_000);
  it('spectral', async () => {
    const svg = await plotted('spectral', ['spectral', '--delta', '2']);
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/NaN/);
    expect(svg).toContain('δ*');
  }, 60_000);
  it('rejects a --plot file that is neither .svg nor .png (exit 2, before any work)', async () => {
    const errs: string[] = [];
    expect(await main(['spectral', '--plot', 'edge.pdf'], { out: () => {}, err: (s) => errs.push(s) })).toBe(2);
    expect(errs.join('\n')).toContain('--plot');
  });
});
