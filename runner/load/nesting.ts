/**
 * A linear pre-scan of YAML or JSON text for nesting depth, run before the parser: the `yaml`
 * package composes nested collections recursively, so a document nested 10,000 deep would exhaust
 * the stack inside it. The scan estimates depth as open flow brackets (`[`, `{`, outside quotes and
 * comments) plus the stack of block indentation levels (each deeper indent and each `- ` opens
 * one), and stops at the first offset past the limit.
 *
 * It may over-count in odd texts (a literal block whose lines step deeper and deeper), never
 * under-count real nesting by much; the exact limit is enforced again on the parsed tree.
 */
import { diagnostic, type Diagnostic } from '../diagnostics';
import { MAX_NESTING } from './limits';

/** A NESTING_TOO_DEEP diagnostic when `text` nests deeper than `max`, else undefined. */
export function checkNesting(text: string, file: string, max: number = MAX_NESTING): Diagnostic | undefined {
  const at = deepOffset(text, max);
  if (at < 0) return undefined;
  return diagnostic(
    'NESTING_TOO_DEEP',
    `nesting is deeper than the limit of ${max} levels`,
    { file, start: at, end: at + 1 },
    'flatten the document; a scenario needs about 10 levels',
  );
}

/** The offset where the depth first exceeds `max`, or -1. */
function deepOffset(text: string, max: number): number {
  let flow = 0;
  const indents: number[] = [];
  let quote = '';
  let lastToken = '\n'; // the last non-space character outside quotes
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quote !== '') {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) {
        quote = '';
        lastToken = ch;
      }
      i++;
      continue;
    }
    if (lastToken === '\n' && flow === 0) {
      // A line start in block context: measure its indentation and sequence indicators.
      let col = 0;
      while (i < n && text[i] === ' ') {
        i++;
        col++;
      }
      if (i >= n || text[i] === '\n' || text[i] === '\r' || text[i] === '#') {
        lastToken = text[i] === '#' ? '#' : '\n';
        if (text[i] === '#') i = skipComment(text, i);
        else i++;
        continue;
      }
      while (indents.length > 0 && indents[indents.length - 1] >= col) indents.pop();
      indents.push(col);
      while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
        i += 2;
        col += 2;
        while (text[i] === ' ') {
          i++;
          col++;
        }
        indents.push(col);
      }
      if (indents.length + flow > max) return i;
      lastToken = ' ';
      continue;
    }
    switch (ch) {
      case '\n':
        lastToken = '\n';
        i++;
        continue;
      case '#':
        if (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t') {
          i = skipComment(text, i);
          continue;
        }
        break;
      case '"':
      case "'":
        if ('[{,:-? \n'.includes(lastToken)) {
          quote = ch;
          i++;
          continue;
        }
        break;
      case '[':
      case '{':
        flow++;
        if (indents.length + flow > max) return i;
        break;
      case ']':
      case '}':
        if (flow > 0) flow--;
        break;
    }
    if (ch !== ' ' && ch !== '\t' && ch !== '\r') lastToken = ch;
    else if (lastToken !== '\n') lastToken = lastToken === ':' || lastToken === ',' || lastToken === '-' ? lastToken : ' ';
    i++;
  }
  return -1;
}

/** The offset of the newline ending the comment at `i` (or the end). */
function skipComment(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}
