// Per-worker memo for expensive objects shared across rows (resolved formulas, Laws, δ*, δ_alg), passed
// explicitly to the evaluators. A build that throws is memoised too, so every row of a group reports the same
// error once without rebuilding.
export interface EvalCache {
  entries: Map<string, { ok: true; value: unknown } | { ok: false; error: unknown }>;
}

export function makeCache(): EvalCache {
  return { entries: new Map() };
}

/** The cached value for `key`, built by `make` on first use (a thrown error is cached and rethrown). */
export function memo<T>(cache: EvalCache, key: string, make: () => T): T {
  let e = cache.entries.get(key);
  if (!e) {
    try {
      e = { ok: true, value: make() };
    } catch (error) {
      e = { ok: false, error };
    }
    cache.entries.set(key, e);
  }
  if (!e.ok) throw e.error;
  return e.value as T;
}
