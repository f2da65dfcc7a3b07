/**
 * Span → Location for reporters. Explanations carry spans (offsets into the user's files); the
 * reporters print `FILE:LINE:COL`, so the CLI hands them a `Locate` built from the source texts
 * (eemeli/yaml's `LineCounter`: line starts computed once per file, then a binary search).
 */
import type { Location, Span } from './events';

/** Resolves a span to a printable location, or undefined when its file's text is unknown. */
export type Locate = (span: Span) => Location | undefined;

/** Offsets at which each line of `text` starts (the first is always 0). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * A `Locate` over the given file texts (path → text, the same paths spans use). Line and column
 * are 1-based; the column counts UTF-16 code units, as `lineCol` in runner/diagnostics does.
 */
export function spanLocator(sources: ReadonlyMap<string, string>): Locate {
  const cache = new Map<string, number[]>();
  return (span) => {
    const text = sources.get(span.file);
    if (text === undefined) return undefined;
    let starts = cache.get(span.file);
    if (!starts) {
      starts = lineStarts(text);
      cache.set(span.file, starts);
    }
    const offset = Math.max(0, Math.min(span.start, text.length));
    // Largest index whose line start is <= offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: span.file, line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

/** `FILE:LINE:COL`, the form editors and terminals turn into links. */
export function formatLocation(location: Location): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** `FILE:LINE:COL` of a span when it can be located, else the span's file. */
export function formatSpan(span: Span, locate: Locate | undefined): string {
  const location = locate?.(span);
  return location ? formatLocation(location) : span.file;
}
