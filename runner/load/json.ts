/**
 * JSON documents (policy files named `*.json`, the policy strings of Terraform plans, AWS managed
 * policies) parsed as JSON, with positions, into the same tree the YAML loader builds: yaml's
 * `Document`, `YAMLMap`, `YAMLSeq` and `Scalar` nodes whose `range` points into the text. Every
 * later stage (variables, bounds, the policy parser, spans in messages) reads one kind of tree,
 * whatever the file's syntax.
 *
 * Why not the YAML parser, which reads JSON too: it reads about 3–4 MB/s here and was 43% of the
 * time to load every AWS managed policy (issue #17); `jsonc-parser`'s scanner, driven as events
 * with no tree of its own, builds the same nodes several times faster (see the bench's `managed`
 * part). It is also stricter, as IAM is: IAM accepts a policy only as JSON
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html, "Policy
 * grammar notes": "the policy must be valid JSON"), so YAML's comments, single quotes, plain
 * scalars and trailing commas inside a `.json` file are syntax errors here, where the YAML parser
 * let them through.
 *
 * Worked example: `{"Effect": "Deny"}` gives a YAMLMap with range [0, 18, 18] holding one pair
 * whose key is the Scalar `Effect` at [1, 9, 9] (quotes included, as yaml ranges a quoted scalar)
 * and whose value is the Scalar `Deny` at [11, 17, 17].
 */
import { ParseErrorCode, visit } from 'jsonc-parser';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { diagnostic, lineCol, type Diagnostic, type Result, type Span } from '../diagnostics';
import { checkStructure } from './nesting';
import type { ParsedYaml } from './yaml';

/** A collection being built, with the key waiting for its value (objects only). */
interface Open {
  node: YAMLMap | YAMLSeq;
  key?: Scalar | undefined;
  keys?: Set<string>;
}

/**
 * Parses `text` as one strict JSON document (RFC 8259: no comments, no trailing commas). Syntax
 * errors stop the parse with one diagnostic (the first: later ones are mostly its echoes); a key
 * given twice in one object is a DUPLICATE_KEY error, as in YAML files, and the tree is kept.
 */
export function parseJson(text: string, file: string): Result<ParsedYaml> {
  const tooBig = checkStructure(text, file);
  if (tooBig) return { diagnostics: [tooBig] };
  const stack: Open[] = [];
  const diagnostics: Diagnostic[] = [];
  let root: YAMLMap | YAMLSeq | Scalar | undefined;
  let syntax: Diagnostic | undefined;
  // A leading byte order mark (U+FEFF) is not JSON (RFC 8259 section 8.1: a parser "MAY ignore the
  // presence of a BOM"), but editors write one: skip it, as the file reader (read.ts) does for a
  // `.json` file, so a policy string of a Terraform plan reads the same. The scanner sees a space
  // in its place, so every offset still counts the BOM as the character of `text` it is.
  const scanned = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;

  const place = (node: YAMLMap | YAMLSeq | Scalar): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) root = node;
    else if (top.node instanceof YAMLSeq) top.node.items.push(node);
    else if (top.key) {
      top.node.items.push(new Pair(top.key, node));
      top.key = undefined;
    }
  };
  const open = (node: YAMLMap | YAMLSeq, offset: number): void => {
    node.range = [offset, offset, offset];
    place(node);
    stack.push(node instanceof YAMLMap ? { node, keys: new Set() } : { node });
  };
  const close = (offset: number, length: number): void => {
    const top = stack.pop();
    if (top?.node.range) top.node.range = [top.node.range[0], offset + length, offset + length];
  };

  visit(
    scanned,
    {
      onObjectBegin: (offset) => open(new YAMLMap(), offset),
      onObjectEnd: close,
      onArrayBegin: (offset) => open(new YAMLSeq(), offset),
      onArrayEnd: close,
      onObjectProperty: (property, offset, length) => {
        const top = stack[stack.length - 1];
        if (!top) return;
        const key = scalar(property, text, offset, length);
        if (top.keys?.has(property)) {
          const span: Span = { file, start: offset, end: offset + length };
          diagnostics.push(diagnostic('DUPLICATE_KEY', 'this key is given twice in one mapping', span, 'remove one of the two entries'));
        }
        top.keys?.add(property);
        top.key = key;
      },
      onLiteralValue: (value: unknown, offset, length) => place(scalar(value, text, offset, length)),
      onError: (error, offset, length) => {
        syntax ??= syntaxError(error, text, file, offset, length, stack[stack.length - 1]?.node);
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true },
  );
  if (syntax) return { diagnostics: [syntax] };
  const document = new Document();
  document.contents = root ?? null;
  return { value: { file, text, document, root }, diagnostics };
}

/** A scalar node for a JSON literal or key; `source` keeps numbers as written (`1.10`). */
function scalar(value: unknown, text: string, offset: number, length: number): Scalar {
  const node = new Scalar(value);
  node.range = [offset, offset + length, offset + length];
  if (typeof value === 'string') {
    node.type = Scalar.QUOTE_DOUBLE;
    node.source = value;
  } else {
    node.type = Scalar.PLAIN;
    node.source = text.slice(offset, offset + length);
  }
  return node;
}

/** What each parse error means, in our message style, with the help line. */
const messages: Record<ParseErrorCode, [string, string]> = {
  [ParseErrorCode.InvalidSymbol]: ['unexpected character', 'JSON values are objects, arrays, "strings", numbers, true, false or null'],
  [ParseErrorCode.InvalidNumberFormat]: ['invalid number', 'write numbers as JSON does: `12`, `-1.5`, `2e3`'],
  [ParseErrorCode.PropertyNameExpected]: ['expected a property name in double quotes', 'JSON keys are "double-quoted"'],
  [ParseErrorCode.ValueExpected]: ['expected a value', 'JSON values are objects, arrays, "strings", numbers, true, false or null'],
  [ParseErrorCode.ColonExpected]: ['expected `:` after the property name', 'write `"Key": value`'],
  [ParseErrorCode.CommaExpected]: ['expected `,` between two entries', 'separate the entries of an object or array with commas'],
  [ParseErrorCode.CloseBraceExpected]: ['expected `}`', 'close every `{` that is opened'],
  [ParseErrorCode.CloseBracketExpected]: ['expected `]`', 'close every `[` that is opened'],
  [ParseErrorCode.EndOfFileExpected]: ['text after the end of the document', 'a file holds one JSON document'],
  [ParseErrorCode.InvalidCommentToken]: [
    'JSON has no comments',
    'remove the comment, or write the policy as YAML (`.yaml`), where `#` comments are allowed',
  ],
  [ParseErrorCode.UnexpectedEndOfComment]: ['JSON has no comments', 'remove the comment'],
  [ParseErrorCode.UnexpectedEndOfString]: ['the string is not closed', 'end the string with `"`'],
  [ParseErrorCode.UnexpectedEndOfNumber]: ['the number is not complete', 'write numbers as JSON does: `12`, `-1.5`, `2e3`'],
  [ParseErrorCode.InvalidUnicode]: ['invalid `\\u` escape', 'a `\\u` escape takes four hexadecimal digits'],
  [ParseErrorCode.InvalidEscapeCharacter]: ['invalid escape in a string', 'JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX'],
  [ParseErrorCode.InvalidCharacter]: ['a control character inside a string', 'write it as an escape (`\\n`, `\\t`, `\\u0001`)'],
};

/** The first syntax error as a YAML_SYNTAX diagnostic (the code of every syntax error in our files). */
function syntaxError(
  error: ParseErrorCode,
  text: string,
  file: string,
  offset: number,
  length: number,
  open?: YAMLMap | YAMLSeq,
): Diagnostic {
  const start = Math.min(offset, text.length);
  const span: Span = { file, start, end: Math.min(Math.max(offset + length, start), text.length) };
  const before = text.slice(0, start).trimEnd();
  // `[1, 2}`: the bracket closes the wrong collection; name the one still open.
  const wrongClose = (open instanceof YAMLSeq && text[start] === '}') || (open instanceof YAMLMap && text[start] === ']');
  if (wrongClose && open?.range) {
    const { line, column } = lineCol(text, open.range[0]);
    const [bracket, what] = open instanceof YAMLSeq ? [']', 'list'] : ['}', 'object'];
    return diagnostic(
      'YAML_SYNTAX',
      `expected \`${bracket}\` to close the ${what} opened at ${line}:${column}`,
      span,
      `close every \`${bracket === ']' ? '[' : '{'}\` that is opened`,
    );
  }
  if (open === undefined && error === ParseErrorCode.InvalidSymbol && before === '')
    return diagnostic('YAML_SYNTAX', 'this is not JSON: a JSON policy starts with `{`', span, 'write YAML policies in a `.yaml` file');
  if (text[start] === '#') return diagnostic('YAML_SYNTAX', 'JSON has no comments', span, messages[ParseErrorCode.InvalidCommentToken][1]);
  // `[1, 2,]` and `{"a": 1,}`: the parser sees a missing value or name at the bracket.
  const closes = text[start] === '}' || text[start] === ']';
  if (closes && before.endsWith(',') && (error === ParseErrorCode.ValueExpected || error === ParseErrorCode.PropertyNameExpected)) {
    const comma = before.length - 1;
    return diagnostic(
      'YAML_SYNTAX',
      'JSON allows no comma after the last entry',
      { file, start: comma, end: comma + 1 },
      'remove this `,`',
    );
  }
  if (error === ParseErrorCode.InvalidSymbol && text[start] === "'")
    return diagnostic('YAML_SYNTAX', 'JSON strings take double quotes', span, 'write `"text"`, not `\'text\'`');
  if (error === ParseErrorCode.InvalidSymbol && (before.endsWith('{') || (before.endsWith(',') && /^[A-Za-z_$]/.test(text[start] ?? ''))))
    return diagnostic('YAML_SYNTAX', 'expected a property name in double quotes', span, 'JSON keys are "double-quoted"');
  const [message, help] = messages[error] ?? ['JSON syntax error', 'check the brackets, commas and quotes on this line'];
  return diagnostic('YAML_SYNTAX', message, span, help);
}
