/**
 * Action and NotAction matching: `service:Action` patterns, case-insensitive, with `*` and `?`.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * ("Action element": action names are case-insensitive; wildcards `*` and `?`) and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 * (NotAction matches every action except those listed).
 */
import type { Spanned } from '../policy/types';
import { compileWildcard, hasWildcard, type WildcardMatcher } from '../../catalog/wildcard';

/** Compiled Action or NotAction entries. */
export interface ActionMatcher {
  matchers: WildcardMatcher[];
  /** Results for actions seen before (bounded): requests repeat a few actions many times. */
  memo: Map<string, number>;
  /**
   * The lowercase service prefixes the entries can match, or undefined when an entry's service part
   * has a wildcard (it may match any service). Used to index statements by service.
   */
  services: Set<string> | undefined;
}

/** Compiles the entries of an Action or NotAction element. */
export function compileActions(entries: readonly Spanned[]): ActionMatcher {
  let services: Set<string> | undefined = new Set();
  const matchers = entries.map((e) => {
    const colon = e.value.indexOf(':');
    const svc = colon < 0 ? e.value : e.value.slice(0, colon);
    if (colon < 0 || hasWildcard(svc)) services = undefined;
    else services?.add(svc.toLowerCase());
    // Patterns are lowercased once; callers pass the action lowercased once per request.
    return compileWildcard(e.value.toLowerCase());
  });
  return { matchers, services, memo: new Map() };
}

/** Index of the first entry matching `action` (lowercase), or -1. */
export function matchAction(m: ActionMatcher, action: string): number {
  const known = m.memo.get(action);
  if (known !== undefined) return known;
  let found = -1;
  for (let i = 0; i < m.matchers.length; i++) {
    if (m.matchers[i](action)) {
      found = i;
      break;
    }
  }
  if (m.memo.size >= 1024) m.memo.clear();
  m.memo.set(action, found);
  return found;
}
