// The figure model shared by the CLI's --plot figures and the explorer page: one panel with lines, points with
// error bars, histograms and vertical/horizontal reference lines. src/plot/vegaLite.ts turns it into a Vega-Lite
// spec, which Vega renders (headless in Node for --plot, in the browser for the page).

export interface LineSeries {
  kind: 'line';
  label?: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  dash?: boolean;
}
export interface PointSeries {
  kind: 'points';
  label?: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Half-widths of the vertical error bars (e.g. 1 standard error). */
  err?: ArrayLike<number>;
  color?: string;
}
export interface HistogramSeries {
  kind: 'histogram';
  label?: string;
  /** Bin edges (length bins+1) and densities (length bins). */
  edges: ArrayLike<number>;
  density: ArrayLike<number>;
  color?: string;
}
export interface RuleSeries {
  kind: 'vline' | 'hline';
  label?: string;
  /** Name of the drawn mark (Vega-Lite layer name), for pages and tests that locate it. */
  id?: string;
  at: number;
  color?: string;
  /** Reference lines are dashed unless dash is false. */
  dash?: boolean;
}
export type Series = LineSeries | PointSeries | HistogramSeries | RuleSeries;

export interface Figure {
  title: string;
  xlabel: string;
  ylabel: string;
  series: Series[];
  width?: number;
  height?: number;
  xlim?: [number, number];
  ylim?: [number, number];
}

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];
