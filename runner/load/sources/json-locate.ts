/**
 * Positions inside a large JSON text without building a tree with positions: `JSON.parse` builds
 * the values (fast, native), and {@link locate} scans the text once along one path to find where
 * a value is written, skipping everything else. A 5 MB plan is parsed by V8 in tens of
 * milliseconds; parsing it with positions (the YAML parser) would take seconds.
 *
 * Worked example: in `{"a":[1,{"b":"x\"y"}]}`, `locate(text, ['a', 1, 'b'])` is
 * `{ start: 13, end: 19 }` (the string literal with its quotes), and
 * `stringOffsets(text, 13)` maps each character of the decoded `x"y` to its offset: `[14, 15, 17, 18]`
 * (the last entry is the closing quote, for spans that end at the end of the string).
 */

/** A range of the text: `start` at the value's first character, `end` just past its last. */
export interface TextRange {
  start: number;
  end: number;
}

/** One step of a path: an object key or an array index. */
export type PathStep = string | number;

/** Where the value at `path` is written in the JSON `text`, or undefined when it is not there. */
export function locate(text: string, path: readonly PathStep[]): TextRange | undefined {
  let i = skipSpace(text, 0);
  for (const step of path) {
    const c = text.charCodeAt(i);
    if (typeof step === 'number' && c === 0x5b /* [ */) {
      i = skipSpace(text, i + 1);
      for (let n = 0; n < step; n++) {
        if (text.charCodeAt(i) === 0x5d /* ] */) return undefined;
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) !== 0x2c /* , */) return undefined;
        i = skipSpace(text, i + 1);
      }
      if (text.charCodeAt(i) === 0x5d) return undefined;
    } else if (typeof step === 'string' && c === 0x7b /* { */) {
      i = skipSpace(text, i + 1);
      let found = false;
      while (!found && text.charCodeAt(i) === 0x22 /* " */) {
        const keyEnd = skipString(text, i);
        const key = decodeKey(text.slice(i, keyEnd));
        i = skipSpace(text, keyEnd);
        if (text.charCodeAt(i) !== 0x3a /* : */) return undefined;
        i = skipSpace(text, i + 1);
        if (key === step) {
          found = true;
          break;
        }
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
      }
      if (!found) return undefined;
    } else {
      return undefined;
    }
  }
  return { start: i, end: skipValue(text, i) };
}

/**
 * For the string literal starting at `start` (its opening quote): the offset in `text` of each
 * UTF-16 unit of the decoded string, plus one entry for the closing quote.
 */
export function stringOffsets(text: string, start: number): number[] {
  const out: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) break;
    out.push(i);
    if (c === 0x5c /* \ */) i += text.charCodeAt(i + 1) === 0x75 /* u */ ? 6 : 2;
    else i += 1;
  }
  out.push(i);
  return out;
}

function decodeKey(literal: string): string {
  return literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** The offset just past the string literal at `i` (its opening quote). */
function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return text.length;
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** The offset just past the value at `i`. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === 0x22) {
        j = skipString(text, j);
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return text.length;
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    j++;
  }
  return j;
}
