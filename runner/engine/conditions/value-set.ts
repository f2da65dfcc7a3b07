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
 * - wildcard patterns ({@link compileLikeSet}): literal patterns go to a hash set, `P*` patterns to
 *   a set of prefixes per length, `*S` to a set of suffixes per length, `*` matches everything, and
 *   only the remaining patterns are tried one by one.
 */
import { hasWildcard } from '../../../catalog/wildcard';
import { compilePattern, type PatternText } from '../pattern';
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

/** Strings of one length each, looked up by slicing the request value to that length. */
class AffixSet {
  private readonly byLength = new Map<number, Set<string>>();

  add(text: string): void {
    let set = this.byLength.get(text.length);
    if (!set) this.byLength.set(text.length, (set = new Set()));
    set.add(text);
  }

  /** True when some prefix (or suffix) of `s` is in the set. */
  has(s: string, suffix: boolean): boolean {
    for (const [length, set] of this.byLength) {
      if (length > s.length) continue;
      if (set.has(suffix ? s.slice(s.length - length) : s.slice(0, length))) return true;
    }
    return false;
  }
}

/**
 * StringLike over many patterns, case-sensitive, as ORed {@link compilePattern} matchers.
 *
 * Example: [`app`, `app/*`, `team-*`, `*-prod`, `a?c*d`] becomes the literal set {`app`}, the
 * prefixes {`app/`, `team-`}, the suffixes {`-prod`} and one pattern tried in turn (`a?c*d`).
 * A pattern with a literal `*` or `?` (from `${*}` or substituted text) is always tried in turn.
 */
export function compileLikeSet(patterns: readonly PatternText[]): ValuePredicate {
  const literals = new Set<string>();
  const prefixes = new AffixSet();
  const suffixes = new AffixSet();
  const others: ValuePredicate[] = [];
  let everything = false;
  for (const p of patterns) {
    const t = p.text;
    if (p.literal !== undefined) others.push(compilePattern(p));
    else if (!hasWildcard(t)) literals.add(t);
    else if (t === '*') everything = true;
    else if (isAffix(t, t.length - 1)) prefixes.add(t.slice(0, -1));
    else if (isAffix(t, 0)) suffixes.add(t.slice(1));
    else others.push(compilePattern(p));
  }
  if (everything) return () => true;
  return (v) => {
    if (literals.has(v) || prefixes.has(v, false) || suffixes.has(v, true)) return true;
    for (let i = 0; i < others.length; i++) if (others[i](v)) return true;
    return false;
  };
}

/** True when the only wildcard of `t` is one `*` at `star`. */
function isAffix(t: string, star: number): boolean {
  if (t[star] !== '*' || t.includes('?')) return false;
  return t.indexOf('*') === star && t.lastIndexOf('*') === star;
}
