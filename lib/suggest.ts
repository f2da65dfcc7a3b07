/**
 * Did-you-mean: the one shared edit-distance helper behind every "did you mean" help (cedar's
 * `fuzzy_match.rs`). Catalog, loader, policy checker and planner all use it.
 *
 * A leaf: it imports nothing of ours (enforced by .dependency-cruiser.cjs).
 */
import { distance } from 'fastest-levenshtein';

/**
 * The nearest candidate to `input` by edit distance (case-insensitive), or undefined when none
 * is close enough. The one shared did-you-mean helper (cedar's `fuzzy_match`).
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  // Allow roughly one edit per three characters, at least 2 and at most 5.
  const limit = Math.min(5, Math.max(2, Math.floor(needle.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (Math.abs(lower.length - needle.length) > limit) continue;
    const d = distance(needle, lower);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Formats `did you mean X?` for a suggestion, or the fallback. */
export function didYouMean(suggestion: string | undefined, fallback: string): string;
export function didYouMean(suggestion: string | undefined, fallback?: string): string | undefined;
export function didYouMean(suggestion: string | undefined, fallback?: string): string | undefined {
  return suggestion !== undefined ? `did you mean \`${suggestion}\`?` : fallback;
}
