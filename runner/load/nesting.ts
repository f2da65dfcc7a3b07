/**
 * A linear pre-scan of YAML or JSON text for nesting depth and number of values, run before the
 * parser: the `yaml` package composes nested collections recursively, so a document nested 10,000
 * deep would exhaust the stack inside it, and it needs seconds for a few hundred thousand values.
 * The scan estimates depth as open flow brackets (`[`, `{`, outside quotes and comments) plus the
 * stack of block indentation levels (each deeper indent and each `- `, `? ` or `: ` opens one), and values as
 * flow commas plus block lines; it stops at the first offset past a limit.
 *
 * It may over-count in odd texts (a literal block whose lines step deeper and deeper), never
 * under-count real nesting by much; the exact limits are enforced again on the parsed tree.
 */
import { diagnostic, type Diagnostic } from '../diagnostics';
import { MAX_NESTING, MAX_NODES } from './limits';

/** Limits for {@link checkStructure}. */
export interface StructureLimits {
  /** Default: {@link MAX_NESTING}. */
  maxDepth?: number;
  /** Default: {@link MAX_NODES}. */
  maxValues?: number;
}

/**
 * A NESTING_TOO_DEEP or FILE_TOO_LARGE diagnostic when `text` nests deeper or holds more values
 * than the limits, else undefined.
 */
export function checkStructure(text: string, file: string, limits: StructureLimits = {}): Diagnostic | undefined {
  const maxDepth = limits.maxDepth ?? MAX_NESTING;
  const maxValues = limits.maxValues ?? MAX_NODES;
  const found = scan(text, maxDepth, maxValues);
  if (!found) return undefined;
  const span = { file, start: found.at, end: found.at + 1 };
  return found.kind === 'deep'
    ? diagnostic('NESTING_TOO_DEEP', `nesting is deeper than the limit of ${maxDepth} levels`, span, 'flatten the document; a scenario needs about 10 levels')
    : diagnostic('FILE_TOO_LARGE', `the document holds more than ${maxValues} values`, span, 'split the file; a scenario rarely needs more than a few thousand values');
}

/** Where the text first goes past a limit, and which. */
function scan(text: string, max: number, maxValues: number): { kind: 'deep' | 'many'; at: number } | undefined {
  const deep = (at: number) => ({ kind: 'deep' as const, at });
  let values = 0;
  let flow = 0;
  const indents: number[] = [];
  let quote = '';
  let lineStart = true; // at the start of a line in block context
  // True where a node may begin (line start, after `- `, `? `, `: `, `[`, `{`, `,`): only there does
  // a quote open a quoted string; `a 'b` is one plain scalar, whose `'` hides nothing after it.
  let valueStart = true;
  let prev = ''; // the last non-space character outside quotes
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quote !== '') {
      if (quote === '"' && ch === '\\') i++;
      else if (quote === "'" && ch === "'" && text[i + 1] === "'") i++; // `''` is a quote inside '...'
      else if (ch === quote) {
        quote = '';
        prev = ch;
        valueStart = false;
      }
      i++;
      continue;
    }
    if (lineStart && flow === 0) {
      // A line start in block context: measure its indentation and sequence indicators.
      let col = 0;
      while (i < n && text[i] === ' ') {
        i++;
        col++;
      }
      if (i >= n || text[i] === '\n' || text[i] === '\r' || text[i] === '#') {
        if (text[i] === '#') i = skipComment(text, i);
        else i++;
        continue;
      }
      lineStart = false;
      valueStart = true;
      while (indents.length > 0 && indents[indents.length - 1] >= col) indents.pop();
      indents.push(col);
      if (indents.length + flow > max) return deep(i);
      // `- ` (a sequence entry), `? ` and `: ` (an explicit mapping key and its value) each hold a
      // node one level deeper, at the column after them.
      while (isBlockIndicator(text[i]) && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
        const dash = i;
        i += 2;
        col += 2;
        while (text[i] === ' ') {
          i++;
          col++;
        }
        indents.push(col);
        // Checked at each `- `, so `- - - ...` ten thousand deep stops at the first dash past the limit.
        if (indents.length + flow > max) return deep(dash);
      }
      if (++values > maxValues) return { kind: 'many', at: i };
      continue;
    }
    switch (ch) {
      case '\n':
        if (flow === 0) lineStart = true;
        i++;
        continue;
      case ' ':
      case '\t':
      case '\r':
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
        if (valueStart) {
          quote = ch;
          i++;
          continue;
        }
        break;
      case '&':
      case '!':
        if (valueStart) {
          // An anchor or tag comes before the node it names: a value may still start after it.
          while (i < n && !' \t\r\n'.includes(text[i]) && !(flow > 0 && ',[]{}'.includes(text[i]))) i++;
          continue;
        }
        break;
      case '[':
      case '{':
        flow++;
        if (indents.length + flow > max) return deep(i);
        prev = ch;
        valueStart = true;
        i++;
        continue;
      case ',':
        if (flow > 0) {
          if (++values > maxValues) return { kind: 'many', at: i };
          prev = ch;
          valueStart = true;
          i++;
          continue;
        }
        break;
      case ':':
        // `: ` starts a value; so does `:` right after a quoted key or a flow collection (`{"a":"b"}`).
        if (' \t\r\n'.includes(text[i + 1] ?? '\n') || '"\']}'.includes(prev)) {
          prev = ch;
          valueStart = true;
          i++;
          continue;
        }
        break;
      case ']':
      case '}':
        if (flow > 0) flow--;
        break;
    }
    prev = ch;
    valueStart = false;
    i++;
  }
  return undefined;
}

/** `-`, `?` or `:`, which followed by a space open a nested block node. */
function isBlockIndicator(ch: string | undefined): boolean {
  return ch === '-' || ch === '?' || ch === ':';
}

/** The offset of the newline ending the comment at `i` (or the end). */
function skipComment(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}
