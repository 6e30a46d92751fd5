// Plain-text and JSON formatting shared by the CLI and the report writers.

/** JSON paths ($.a.b[2]) of the non-finite numbers in a value. */
export function nonFinitePaths(value: unknown): string[] {
  const bad: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) bad.push(`${path}=${v}`);
    } else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      Array.from(v as ArrayLike<unknown>).forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    }
  };
  walk(value, '$');
  return bad;
}

/** JSON.stringify that refuses NaN/±Infinity instead of silently printing null (no silent NaN). */
export function toJson(value: unknown, indent = 2): string {
  const bad = nonFinitePaths(value);
  if (bad.length > 0) throw new Error(`internal error: non-finite numbers in output: ${bad.slice(0, 5).join(', ')}`);
  return JSON.stringify(
    value,
    (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v),
    indent,
  );
}

/** Format a number for tables: 6 significant digits, exponent form for tiny/huge magnitudes. */
export function fmt(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e7) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/** A two-column key/value table. */
export function kvTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

/** A column table with a header row (Markdown-compatible pipes). */
export function gridTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, j) => (c ?? '').padEnd(widths[j]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
