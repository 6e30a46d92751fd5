// Draws figures in the page with Vega (SVG renderer) from the Vega-Lite specs of src/present/plot/vegaLite.ts: the same
// specs the CLI renders headless for --plot.
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { Figure } from '../src/present/plot/figure.js';
import { figureSpec } from '../src/present/plot/vegaLite.js';

export interface Drawn {
  fig: Figure;
  spec: TopLevelSpec;
  view: View;
}

const drawn = new Map<string, Drawn>();

/** Draws `fig` into the element with id `name` (replacing what was there); sets data-rendered when done. */
export async function draw(name: string, fig: Figure): Promise<void> {
  const el = document.getElementById(name);
  if (!el) return;
  const spec = figureSpec({ ...fig, width: fig.width ?? 340 });
  drawn.get(name)?.view.finalize();
  el.innerHTML = '';
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container: el, hover: false });
  drawn.set(name, { fig, spec, view });
  await view.runAsync();
  el.dataset['rendered'] = String(Number(el.dataset['rendered'] ?? 0) + 1);
}

/** Marks a plot as waiting for new results (greyed until redrawn). */
export function markStale(name: string, stale: boolean): void {
  document.getElementById(name)?.classList.toggle('stale', stale);
}

export function drawnPlots(): ReadonlyMap<string, Drawn> {
  return drawn;
}

export async function svgOf(name: string): Promise<string | null> {
  const d = drawn.get(name);
  return d ? d.view.toSVG() : null;
}
