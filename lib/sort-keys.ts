/**
 * Deterministic JSON: a copy of a value with object keys sorted, shared by the catalog data files
 * (`data-format.ts`) and `iamspec catalog --json`. (The JSON reporter writes its keys in a fixed
 * order instead, reports/json-explanation.ts: sorting every case's explanation cost too much.) It
 * lives in `lib/`, the leaf every part may import (.dependency-cruiser.cjs `lib-is-a-leaf`).
 */

/**
 * A copy of `value` with object keys sorted at every level (arrays keep their order). Copies are
 * objects without a prototype, so every key, `__proto__` included, is an ordinary own key that
 * `JSON.stringify` writes; plain assignment to `out['__proto__']` would set the prototype instead
 * and drop the key.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
  return out;
}
