import { describe, expect, it } from 'vitest';
import { niceTicks, renderSvg } from '../src/plot/svg.js';
import { svgToPng } from '../src/plot/write.js';

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
