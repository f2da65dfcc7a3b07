/**
 * IAM wildcard patterns (`*` matches any run of characters, `?` exactly one), compiled once into
 * linear-time matchers. No regular expressions: a pattern like `a*a*a*a*b` against a long ARN must
 * not backtrack exponentially.
 *
 * How it works, on `arn:aws:s3:::bucket/*.txt` against `arn:aws:s3:::bucket/a/b.txt`:
 * the pattern splits at `*` into segments [`arn:aws:s3:::bucket/`, `.txt`]; the first segment must be
 * a prefix, the last a suffix, and every middle segment is found greedily, leftmost first, between
 * them. Greedy leftmost placement is always safe for `*`-only gaps, so no backtracking is needed.
 */

/** A compiled pattern. */
export type WildcardMatcher = (input: string) => boolean;

/** Options for {@link compileWildcard}. */
export interface WildcardOptions {
  /** Compare case-insensitively (actions). Default: `false` (ARNs are case-sensitive). */
  ignoreCase?: boolean | undefined;
}

/** True when `pattern` has `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Compiles an IAM wildcard pattern into a matcher. */
export function compileWildcard(pattern: string, options: WildcardOptions = {}): WildcardMatcher {
  const ignoreCase = options.ignoreCase === true;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (!hasWildcard(p)) {
    return ignoreCase ? (s) => s.length === p.length && s.toLowerCase() === p : (s) => s === p;
  }
  if (p === '*') return () => true;
  const segments = p.split('*');
  const first = segments[0];
  const last = segments[segments.length - 1];
  const middle = segments.slice(1, -1).filter((s) => s.length > 0);
  const fixedLength = segments.reduce((n, s) => n + s.length, 0);
  const single = segments.length === 1; // only `?` wildcards: exact length
  return (input: string): boolean => {
    const s = ignoreCase ? input.toLowerCase() : input;
    if (single) return s.length === first.length && segmentAt(s, first, 0);
    if (s.length < fixedLength) return false;
    if (!segmentAt(s, first, 0)) return false;
    const tailStart = s.length - last.length;
    if (!segmentAt(s, last, tailStart)) return false;
    let pos = first.length;
    for (const seg of middle) {
      const found = findSegment(s, seg, pos, tailStart);
      if (found < 0) return false;
      pos = found + seg.length;
    }
    return pos <= tailStart;
  };
}

/** True when `seg` (which may hold `?`) matches `s` at `at`. */
function segmentAt(s: string, seg: string, at: number): boolean {
  if (at < 0 || at + seg.length > s.length) return false;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c !== 63 /* ? */ && c !== s.charCodeAt(at + i)) return false;
  }
  return true;
}

/** Leftmost position ≥ `from` where `seg` matches and ends by `limit`, or -1. */
function findSegment(s: string, seg: string, from: number, limit: number): number {
  if (!seg.includes('?')) {
    const i = s.indexOf(seg, from);
    return i >= 0 && i + seg.length <= limit ? i : -1;
  }
  for (let i = from; i + seg.length <= limit; i++) {
    if (segmentAt(s, seg, i)) return i;
  }
  return -1;
}
