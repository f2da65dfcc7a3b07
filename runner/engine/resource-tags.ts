/**
 * A resource's tag by key, as the `aws:ResourceTag/KEY` and service `…:ResourceTag/KEY` condition
 * keys read it: tag keys compare case-insensitively, as condition keys do. Its own module so that
 * both the request context (`request.ts`) and the service rules (`services/*.ts`, which
 * `request.ts` imports through the registry) use it without an import cycle.
 */
import type { RequestResource } from './types';

/** The value of the resource's tag whose key, lowercased, is `lowerTag`; undefined when untagged. */
export function tagValue(r: RequestResource, lowerTag: string): string | undefined {
  for (const [k, v] of Object.entries(r.tags ?? {})) if (k.toLowerCase() === lowerTag) return v;
  return undefined;
}
