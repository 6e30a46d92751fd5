import { describe, expect, it } from 'vitest';
import { figureSpec } from '../../../src/present/plot/vegaLite.js';
import { renderSvg, svgToPng } from '../../../src/present/plot/write.js';
import type { Figure } from '../../../src/present/plot/figure.js';

const FIG: Figure = {
  title: 'a < b & c',
  xlabel: 'δ',
  ylabel: 'overlap²',
  series: [
    { kind: 'line', label: 'theory', x: [0, 1, 2], y: [0, 0.5, 0.7] },
    { kind: 'points', label: 'sim', x: [1, 2, 3], y: [0.45, 0.72, NaN], err: [0.03, 0.02, 0.01] },
    { kind: 'histogram', label: 'eigs', edges: [0, 1, 2], density: [0.3, 0.6] },
    { kind: 'vline', label: 'δ*', at: 0.66, color: '#2ca02c' },
  ],
};

describe('plot (Vega-Lite)', () => {
  it('one layer per series part, shared x/y fields, non-finite points dropped, colours kept in the legend', () => {
    const spec = figureSpec(FIG) as unknown as { layer: Array<{ mark: { type: string }; data: { values: Array<Record<string, number>> }; encoding: Record<string, { field?: string; title?: string; scale?: { domain: string[]; range: string[] } }> }> };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['line', 'rule', 'point', 'rect', 'rule']);
    for (const l of spec.layer) if (l.encoding['x']) expect(l.encoding['x']!.field).toBe('x');
    expect(spec.layer[0]!.encoding['x']!.title).toBe('δ');
    const pts = spec.layer[2]!.data.values;
    expect(pts).toHaveLength(2);
    expect(pts[0]).toEqual({ x: 1, y: 0.45, i: 0, lo: 0.45 - 0.03, hi: 0.45 + 0.03 });
    // Lines keep the given point order (a curve may turn back in x).
    expect(spec.layer[0]!.encoding['order']!.field).toBe('i');
    const scale = spec.layer[4]!.encoding['color']!.scale!;
    expect(scale.domain).toEqual(['theory', 'sim', 'eigs', 'δ*']);
    expect(scale.range[3]).toBe('#2ca02c');
  });
  it('renders headless to SVG (escaped title, legend labels) and to PNG', async () => {
    const svg = await renderSvg(FIG);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &lt; b &amp; c');
    for (const label of ['theory', 'sim', 'eigs', 'δ*']) expect(svg).toContain(`>${label}</text>`);
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
  // The Vega-Lite spec is written next to the figure and names the same title.
  const spec = JSON.parse(readFileSync(file.replace(/\.svg$/, '.vl.json'), 'utf8')) as { title: string; layer: unknown[] };
  expect(spec.layer.length).toBeGreaterThan(0);
  const svg = readFileSync(file, 'utf8');
  expect(svg).toContain(spec.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  return svg;
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
