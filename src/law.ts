// A Law is a discrete representation (quadrature atoms or an empirical sample) of the joint law of the
// per-sample variables of THEORY §1–§3: E[f] ≈ Σ_i weights[i] f(columns[·][i]).
// Column conventions: T (the weight), z (single latent coordinate) or z1..zk (multi-index), xi (label noise).

export interface Law {
  size: number;
  weights: Float64Array;
  columns: Record<string, Float64Array>;
  /** e.g. "kink-aware gaussian atoms over (z, xi)" or "empirical". */
  origin: string;
  /** Quadrature order (nodes per panel / per axis); 0 for empirical laws. */
  order: number;
  /** Name of the quadrature rule. */
  rule?: string;
  /** |difference| of a reference functional between this order and a lower one (see the builder). */
  errorEstimate?: number;
  /** Warnings collected while building the law (e.g. unbounded weight). */
  warnings?: string[];
}

/** The named column, or an error naming what is available. */
export function column(law: Law, name: string): Float64Array {
  const c = law.columns[name];
  if (!c) throw new Error(`law has no column "${name}" (columns: ${Object.keys(law.columns).join(', ')})`);
  return c;
}

/** Names of the latent columns: ['z'] for a single-index law, ['z1', …, 'zk'] for a multi-index one. */
export function latentNames(law: Law): string[] {
  if (law.columns['z']) return ['z'];
  const names: string[] = [];
  for (let j = 1; law.columns[`z${j}`]; j++) names.push(`z${j}`);
  if (names.length === 0) throw new Error(`law has no latent column z or z1 (columns: ${Object.keys(law.columns).join(', ')})`);
  return names;
}

/** E[f] = Σ w_i f(i) over the law's atoms. */
export function expectation(law: Law, f: (i: number) => number): number {
  let s = 0;
  const w = law.weights;
  for (let i = 0; i < law.size; i++) s += w[i]! * f(i);
  return s;
}

/** The same law with column T replaced by −T (lower spectral side, THEORY §1 "apply the same to −T"). */
export function negateWeight(law: Law): Law {
  const T = column(law, 'T');
  const neg = new Float64Array(T.length);
  for (let i = 0; i < T.length; i++) neg[i] = -T[i]!;
  return { ...law, columns: { ...law.columns, T: neg } };
}

/** An empirical law: equal weights 1/n on the given samples (e.g. a simulated (z_i, T_i) sample). */
export function empiricalLaw(columns: Record<string, Float64Array>, origin = 'empirical'): Law {
  const sizes = Object.values(columns).map((c) => c.length);
  const n = sizes[0] ?? 0;
  if (n === 0 || sizes.some((s) => s !== n)) throw new Error(`empiricalLaw: columns must be non-empty and of equal length, got ${sizes.join(', ')}`);
  return { size: n, weights: new Float64Array(n).fill(1 / n), columns, origin, order: 0 };
}
