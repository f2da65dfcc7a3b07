/**
 * Span → Location for reporters. Explanations carry spans (offsets into the user's files); the
 * reporters print `FILE:LINE:COL`, so the CLI hands them a `Locate` built from the source texts
 * (eemeli/yaml's `LineCounter`: line starts computed once per file, then a binary search).
 */
import { lineIndex, locateOffset } from './events';
import type { Location, Span } from './events';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Resolves a span to a printable location, or undefined when its file's text is unknown. */
export type Locate = (span: Span) => Location | undefined;

/**
 * A `Locate` over the given file texts (path → text, the same paths spans use). Line and column
 * are 1-based; the column counts UTF-16 code units. The line index is the one diagnostics use
 * (`lineIndex` and `locateOffset` in runner/diagnostics), shared per sources map.
 */
export function spanLocator(sources: ReadonlyMap<string, string>): Locate {
  return (span) => {
    const index = lineIndex(sources, span.file);
    if (!index) return undefined;
    return { file: span.file, ...locateOffset(index, span.start) };
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

/** A path relative to `cwd` (when given and below it) with `/` separators: what the consumers match against `git ls-files`. */
export function repositoryPath(file: string, cwd: string | undefined): string {
  let path = file;
  if (cwd !== undefined) {
    const rel = relative(cwd, resolve(cwd, file));
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) path = rel;
  }
  return sep === '\\' ? path.split(sep).join('/') : path;
}
