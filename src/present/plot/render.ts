// Headless rendering of a Vega-Lite spec to SVG with Vega's View.toSVG (renderer 'none': no browser, no canvas).
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';

/** The SVG document of a Vega-Lite spec. */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
