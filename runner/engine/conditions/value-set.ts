/**
 * One predicate for all of a condition's values, so that a set operator over n policy values and
 * m request values costs O(n + m) (hashing) instead of O(n × m) (each pair compared).
 *
 * Each helper is exact, not an approximation: ORing the per-value predicates of a family's
 * `compile` gives the same answer (runner/engine/equivalence.test.ts checks the fast path, which
 * uses these, against the explaining path, which ORs the per-value predicates).
 *
 * - equality operators: a hash set of the values in the family's canonical form (numbers, epoch
 *   milliseconds, lowercase text, decoded bytes); the request value is put in the same form and
 *   looked up;
 * - ordered operators: "some policy value p has c < p" is "c < max(p)", and so on, so only the
 *   extreme policy value is kept;
 * - wildcard patterns ({@link compileLikeSet}): literal patterns go to a hash set, the others are
 *   filed by their literal prefix or suffix, so a request value only tries the patterns filed under
 *   its own prefixes and suffixes (and those with neither, `*x*`).
 */
import { hasWildcard } from '../../../catalog/wildcard';
import type { PatternText } from '../pattern';
import type { ValuePredicate } from './types';

/**
 * A predicate true when `canonical(v)` is one of `keys`. `canonical` returns undefined for a
 * request value it cannot read, which then matches nothing.
 */
export function hashedAnyOf<K>(keys: Iterable<K>, canonical: (v: string) => K | undefined): ValuePredicate {
  const set = new Set<K>(keys);
  return (v) => {
    const k = canonical(v);
    return k !== undefined && set.has(k);
  };
}

/**
 * The ordered comparison of a positive operator (`…LessThan`, `…GreaterThanEquals`) against the
 * extreme of `policy`: `c < p` for some p ⇔ `c < max(p)`; `c > p` for some p ⇔ `c > min(p)`.
 * `parse` returns NaN for a request value it cannot read, which then matches nothing (every
 * comparison with NaN is false, as in the per-value predicate). Undefined for other operators.
 */
export function orderedAnyOf(operator: string, policy: readonly number[], parse: (v: string) => number): ValuePredicate | undefined {
  if (policy.length === 0) return () => false;
  let max = -Infinity;
  let min = Infinity;
  for (const p of policy) {
    if (p > max) max = p;
    if (p < min) min = p;
  }
  if (operator.endsWith('LessThanEquals')) return (v) => parse(v) <= max;
  if (operator.endsWith('LessThan')) return (v) => parse(v) < max;
  if (operator.endsWith('GreaterThanEquals')) return (v) => parse(v) >= min;
  if (operator.endsWith('GreaterThan')) return (v) => parse(v) > min;
  return undefined;
}

/**
 * Patterns filed under a literal key (the text before their first wildcard, or after their last),
 * by key length: a request value only tries the patterns whose key it starts (or ends) with.
 */
class KeyedPatterns {
  private readonly byLength = new Map<number, Map<string, ValuePredicate[]>>();

  add(key: string, matcher: ValuePredicate): void {
    let byKey = this.byLength.get(key.length);
    if (!byKey) this.byLength.set(key.length, (byKey = new Map()));
    const list = byKey.get(key);
    if (list) list.push(matcher);
    else byKey.set(key, [matcher]);
  }

  /** True when a pattern filed under a prefix (or suffix) of `s` matches `s`. */
  test(s: string, suffix: boolean): boolean {
    for (const [length, byKey] of this.byLength) {
      if (length > s.length) continue;
      const list = byKey.get(suffix ? s.slice(s.length - length) : s.slice(0, length));
      if (list) for (let i = 0; i < list.length; i++) if (list[i](s)) return true;
    }
    return false;
  }
}

const always: ValuePredicate = () => true;

/**
 * StringLike over many patterns, case-sensitive, as ORed pattern matchers (pattern.ts)
 * (`compiled[i]` is the matcher of `patterns[i]`).
 *
 * Every pattern that matches `s` starts with its leading literal text (before the first `*` or
 * `?`) and ends with its trailing literal text, so patterns are filed by one of those and a request
 * value only tries the patterns filed under its own prefixes or suffixes. Patterns with no literal
 * wildcard are a hash set; `P*` needs no further check once `P` is found.
 *
 * Example: [`app`, `app/*`, `team-*`, `*-prod`, `a?c*d`, `*x*`] becomes the literal set {`app`},
 * prefixes `app/` and `team-` (found means matched), prefix `a` (then `a?c*d` is tried), suffix
 * `-prod` (found means matched), and `*x*`, tried for every value. The worst case, patterns that
 * start and end with `*`, stays one check per pattern and value.
 * A pattern with a literal `*` or `?` (from `${*}` or substituted text) is always tried in turn.
 */
export function compileLikeSet(patterns: readonly PatternText[], compiled: readonly ValuePredicate[]): ValuePredicate {
  const literals = new Set<string>();
  const prefixes = new KeyedPatterns();
  const suffixes = new KeyedPatterns();
  const others: ValuePredicate[] = [];
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i];
    const t = p.text;
    if (p.literal !== undefined) {
      others.push(compiled[i]);
      continue;
    }
    if (!hasWildcard(t)) {
      literals.add(t);
      continue;
    }
    if (/^\**$/.test(t)) return always;
    const first = t.search(/[*?]/);
    const last = Math.max(t.lastIndexOf('*'), t.lastIndexOf('?'));
    const pure = first === last && t[first] === '*';
    if (first > 0) prefixes.add(t.slice(0, first), pure && last === t.length - 1 ? always : compiled[i]);
    else if (last < t.length - 1) suffixes.add(t.slice(last + 1), pure && first === 0 ? always : compiled[i]);
    else others.push(compiled[i]);
  }
  return (v) => {
    if (literals.has(v) || prefixes.test(v, false) || suffixes.test(v, true)) return true;
    for (let i = 0; i < others.length; i++) if (others[i](v)) return true;
    return false;
  };
}
