// `--set path=value` overrides of a raw (not yet validated) table config, e.g. --set grid.delta=[1,2,4],
// --set 'grid.target=["z^2","tanh(z)"]', --set title=T. The value is JSON when it parses as JSON, else a string.
import { UsageError } from '../../core/errors.js';

const EXAMPLE = 'grid.delta=[1,2,4]';

/** Apply one assignment to `raw` in place (creating intermediate objects). */
export function applyOverride(raw: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError('--set', `expected path=value, got "${assignment}"`, EXAMPLE);
  const path = assignment.slice(0, eq).trim().split('.');
  if (path.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) || p === '__proto__' || p === 'constructor' || p === 'prototype'))
    throw new UsageError('--set', `invalid path "${assignment.slice(0, eq)}" (dot-separated names)`, EXAMPLE);
  const text = assignment.slice(eq + 1).trim();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  let node = raw;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next))
      throw new UsageError('--set', `"${key}" in "${path.join('.')}" is not a table`, EXAMPLE);
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
