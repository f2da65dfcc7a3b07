/**
 * Wildcard patterns whose `*` and `?` may be literal characters.
 *
 * A policy variable `${*}` or `${?}` stands for a literal `*` or `?`, and text a variable
 * substitutes from the request is literal too, so after substitution some `*` and `?` are
 * wildcards and some are not. Patterns without literal wildcard characters (the common case) go to
 * the shared linear-time {@link compileWildcard}; the rest use the same greedy algorithm here with
 * a mask of literal positions.
 *
 * Example: the policy text `arn:aws:s3:::b/${*}/*` becomes the text `arn:aws:s3:::b/*` + `/*` with
 * the first `*` literal: it matches `arn:aws:s3:::b/*` + `/x` but not `arn:aws:s3:::b/a/x`.
 */
import { compileWildcard, type WildcardMatcher } from '../../catalog/wildcard';

/** A pattern after variable substitution: its text and which positions are literal. */
export interface PatternText {
  text: string;
  /** Positions whose `*` or `?` is a literal character; absent when there are none. */
  literal?: readonly boolean[] | undefined;
}

/** True when some `*` or `?` of the pattern is a literal character (not a wildcard). */
export function hasLiteralWildcard(p: PatternText): boolean {
  return p.literal !== undefined && p.literal.some((l, i) => l && (p.text[i] === '*' || p.text[i] === '?'));
}

/** Compiles a pattern into a matcher. `ignoreCase` compares case-insensitively. */
export function compilePattern(p: PatternText, ignoreCase = false): WildcardMatcher {
  if (!hasLiteralWildcard(p)) {
    return compileWildcard(p.text, { ignoreCase });
  }
  const text = ignoreCase ? p.text.toLowerCase() : p.text;
  // Split at wildcard stars into segments; inside a segment a `?` is a wildcard unless literal.
  const segments: { chars: string; any: boolean[] }[] = [{ chars: '', any: [] }];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const lit = p.literal?.[i] === true;
    if (c === '*' && !lit) {
      segments.push({ chars: '', any: [] });
      continue;
    }
    const seg = segments[segments.length - 1];
    seg.chars += c;
    seg.any.push(c === '?' && !lit);
  }
  const first = segments[0];
  const last = segments[segments.length - 1];
  const single = segments.length === 1;
  const middle = segments.slice(1, -1).filter((s) => s.chars.length > 0);
  return (input: string): boolean => {
    const s = ignoreCase ? input.toLowerCase() : input;
    if (single) return s.length === first.chars.length && at(s, first, 0);
    if (!at(s, first, 0)) return false;
    const tail = s.length - last.chars.length;
    if (tail < first.chars.length || !at(s, last, tail)) return false;
    let pos = first.chars.length;
    for (const seg of middle) {
      let found = -1;
      for (let i = pos; i + seg.chars.length <= tail; i++) {
        if (at(s, seg, i)) {
          found = i;
          break;
        }
      }
      if (found < 0) return false;
      pos = found + seg.chars.length;
    }
    return pos <= tail;
  };
}

function at(s: string, seg: { chars: string; any: boolean[] }, pos: number): boolean {
  if (pos < 0 || pos + seg.chars.length > s.length) return false;
  for (let i = 0; i < seg.chars.length; i++) {
    if (!seg.any[i] && seg.chars.charCodeAt(i) !== s.charCodeAt(pos + i)) return false;
  }
  return true;
}
