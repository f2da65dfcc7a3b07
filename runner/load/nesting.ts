/**
 * A linear pre-scan of YAML or JSON text for nesting depth and number of values, run before the
 * parser: the `yaml` package composes nested collections recursively, so a document nested 10,000
 * deep would exhaust the stack inside it, and it needs seconds for a few hundred thousand values.
 * Depth is the number of collections (mappings and lists) around a point, as the tree walk in
 * `yaml.ts` counts it: open flow brackets (`[`, `{`, outside quotes and comments) plus the stack of
 * block collections (a `key: ` line and each `- `, `? ` or `: ` indicator opens one at its
 * column). Values are flow commas plus block lines. The scan stops at the first offset past a
 * limit. With a limit of 2:
 *
 *     a:           depth 1 (the root mapping)
 *       - b: [x]   depth 2 at `- `, 3 at `b:` (the mapping in the list): past the limit
 *
 * It may over-count in odd texts (a literal block whose lines step deeper and deeper, a bracket
 * inside a plain scalar), never under-count real nesting by much; the exact limits are enforced
 * again on the parsed tree, and yaml running out of stack is reported as nesting too.
 *
 * Measured (issue #10 item 5, yaml 2.9.1, loaded 2-core machine): on the five 10,000-deep forms of
 * test/hostile (`[[[`, `{a: {a:`, `- - -`, `? ? ?`, indented block mappings) this scan stops in
 * 0.1–0.7 ms, while yaml's CST parser (not recursive) takes 0.3–1.0 s and `parseDocument` ends in
 * RESOURCE_EXHAUSTION (its composer is recursive), so a depth check on the tree would come after
 * the stack is gone; 100,000 `[`: 1 ms here, 3.8 s in the CST parser; 52 MB of list lines: 1.0 s
 * here, 94 s in the CST parser. Hence the scan stays in front of the parser.
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
    ? diagnostic(
        'NESTING_TOO_DEEP',
        `nesting is deeper than the limit of ${maxDepth} levels`,
        span,
        'flatten the document; a scenario needs about 10 levels',
      )
    : diagnostic(
        'FILE_TOO_LARGE',
        `the document holds more than ${maxValues} values`,
        span,
        'split the file; a scenario rarely needs more than a few thousand values',
      );
}

/** Where the text first goes past a limit, and which. */
function scan(text: string, max: number, maxValues: number): { kind: 'deep' | 'many'; at: number } | undefined {
  const deep = (at: number) => ({ kind: 'deep' as const, at });
  let values = 0;
  let flow = 0;
  // Columns of the open block nodes and their kinds: a sequence, a mapping, or a leaf (a scalar
  // or flow collection, counted by its brackets). `block` counts the collections.
  const indents: number[] = [];
  const kinds: ('seq' | 'map' | 'leaf')[] = [];
  let block = 0;
  const push = (col: number, kind: 'seq' | 'map' | 'leaf') => {
    indents.push(col);
    kinds.push(kind);
    if (kind !== 'leaf') block++;
  };
  const pop = () => {
    indents.pop();
    if (kinds.pop() !== 'leaf') block--;
  };
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
      else if (quote === "'" && ch === "'" && text[i + 1] === "'")
        i++; // `''` is a quote inside '...'
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
      // A `- ` line at a mapping's own column is that mapping's value (`key:` then `- item` below
      // it at the same indentation), not its sibling: the mapping stays open.
      const seqLine = text[i] === '-' && isBlank(text[i + 1]);
      while (indents.length > 0 && indents[indents.length - 1] >= col) {
        if (seqLine && indents[indents.length - 1] === col && kinds[kinds.length - 1] === 'map') break;
        pop();
      }
      // `- ` (a sequence entry), `? ` and `: ` (an explicit mapping key and its value) make the node
      // at this column a collection and hold one more node, at the column after them.
      while (isBlockIndicator(text[i]) && isBlank(text[i + 1])) {
        push(col, text[i] === '-' ? 'seq' : 'map');
        // Checked at each `- `, so `- - - ...` ten thousand deep stops at the first dash past the limit.
        if (block + flow > max) return deep(i);
        i++;
        col++;
        while (text[i] === ' ' || text[i] === '\t') {
          i++;
          col++;
        }
      }
      // The node the line holds: a mapping when it is a `key: ` line; a scalar or a flow
      // collection (whose brackets count) otherwise.
      if (i < n && !isBlank(text[i]) && text[i] !== '#') {
        push(col, isKeyLine(text, i) ? 'map' : 'leaf');
        if (block + flow > max) return deep(i);
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
        if (block + flow > max) return deep(i);
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

/** A space, tab, line end, or the end of the text. */
function isBlank(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/**
 * True when the line from `i` (after its indentation and indicators) is a `key: ` entry of a block
 * mapping: a plain or quoted key followed by `:` and a blank, before any comment. Reads one line.
 */
function isKeyLine(text: string, i: number): boolean {
  let j = i;
  const first = text[i];
  if (first === '[' || first === '{' || first === '|' || first === '>') return false;
  if (first === '"' || first === "'") {
    // An implicit key is on one line: find the closing quote on it.
    for (j = i + 1; j < text.length && text[j] !== '\n'; j++) {
      if (first === '"' && text[j] === '\\') j++;
      else if (text[j] === first) {
        if (first === "'" && text[j + 1] === "'") j++;
        else break;
      }
    }
    if (text[j] !== first) return false;
    j++;
  }
  for (; j < text.length; j++) {
    const c = text[j];
    if (c === '\n' || c === '\r') return false;
    if (c === '#' && (text[j - 1] === ' ' || text[j - 1] === '\t')) return false;
    if (c === ':' && isBlank(text[j + 1])) return true;
  }
  return false;
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
