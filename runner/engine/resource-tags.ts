/**
 * A resource's tag by key, as the `aws:ResourceTag/KEY` and service `…:ResourceTag/KEY` condition
 * keys read it: tag keys compare case-insensitively, as condition keys do. Its own module so that
 * both the request context (`request.ts`) and the service rules (`services/*.ts`, which
 * `request.ts` imports through the registry) use it without an import cycle.
 */
import type { RequestResource } from './types';

// Tags by lowercase key, built once per resource object (inputs are immutable once passed in,
// evaluate.ts), so a condition on a tag key costs one Map lookup, not a scan of the tags.
const lowered = new WeakMap<RequestResource, ReadonlyMap<string, string>>();

/** The value of the resource's tag whose key, lowercased, is `lowerTag`; undefined when untagged. */
export function tagValue(r: RequestResource, lowerTag: string): string | undefined {
  if (r.tags === undefined) return undefined;
  let tags = lowered.get(r);
  if (!tags) {
    const m = new Map<string, string>();
    // The first key of one lowercase spelling wins, as the scan this replaces returned it.
    for (const [k, v] of Object.entries(r.tags)) if (!m.has(k.toLowerCase())) m.set(k.toLowerCase(), v);
    tags = m;
    lowered.set(r, tags);
  }
  return tags.get(lowerTag);
}
