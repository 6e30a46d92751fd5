// Write a figure to disk as SVG or PNG (chosen by the file extension); PNG through resvg (no browser).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UsageError } from '../../core/errors.js';
import { renderSvg, type Figure } from './svg.js';

const require = createRequire(import.meta.url);

export function svgToPng(svg: string, scale = 2): Buffer {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}

/** Writes `fig` to `path` (.svg or .png); returns the path. */
export function writeFigure(fig: Figure, path: string): string {
  const svg = renderSvg(fig);
  if (path.endsWith('.svg')) writeFileSync(path, svg);
  else if (path.endsWith('.png')) writeFileSync(path, svgToPng(svg));
  else throw new UsageError('--plot', `file name must end in .svg or .png, got "${path}"`, 'spectrum.svg');
  return path;
}
