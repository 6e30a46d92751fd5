// Write a figure to disk as SVG or PNG (chosen by the file extension), with its Vega-Lite spec next to it
// (out.svg → out.vl.json): the spec opens in the Vega editor or in Altair (alt.Chart.from_dict).
// PNG through resvg (no browser).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UsageError } from '../../core/errors.js';
import type { Figure } from './figure.js';
import { figureSpec } from './vegaLite.js';
import { specToSvg } from './render.js';

const require = createRequire(import.meta.url);

export function svgToPng(svg: string, scale = 2): Buffer {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}

/** The path of the Vega-Lite spec written next to a figure: out.svg | out.png → out.vl.json. */
export function specPath(path: string): string {
  return path.replace(/\.(svg|png)$/, '.vl.json');
}

/** The SVG document of a figure. */
export function renderSvg(fig: Figure): Promise<string> {
  return specToSvg(figureSpec(fig));
}

/** Writes `fig` to `path` (.svg or .png) and its spec to specPath(path); returns the path. */
export async function writeFigure(fig: Figure, path: string): Promise<string> {
  if (!path.endsWith('.svg') && !path.endsWith('.png'))
    throw new UsageError('--plot', `file name must end in .svg or .png, got "${path}"`, 'spectrum.svg');
  const spec = figureSpec(fig);
  const svg = await specToSvg(spec);
  writeFileSync(path, path.endsWith('.svg') ? svg : svgToPng(svg));
  writeFileSync(specPath(path), JSON.stringify(spec, null, 1) + '\n');
  return path;
}
