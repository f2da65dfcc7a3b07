/**
 * YAML (and JSON, a subset of YAML 1.2) parsing with source positions, and a bounded walk of the
 * syntax tree that turns it into plain values for the schema check.
 *
 * The walk is where hostile documents stop: nesting past {@link MAX_NESTING}, more than
 * {@link MAX_ALIASES} aliases, or more than {@link MAX_NODES} nodes once aliases are expanded (the
 * "billion laughs" bomb: `a: &a [x, x]`, `b: &b [*a, *a]`, ... doubles at every line) each end
 * with one positioned error. Plain values are built as null-prototype objects, so keys such as
 * `__proto__` and `constructor` are ordinary data and never reach a prototype.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Tags } from 'yaml';
import { diagnostic, type Diagnostic, type Result, type Span } from '../diagnostics';
import { MAX_ALIASES, MAX_NESTING, MAX_NODES } from './limits';
import { keyText, nodeSpan, type Tree } from '../yaml-tree/nodes';
import { checkStructure } from './nesting';

/** A parsed document and the file it came from. */
export interface ParsedYaml extends Tree {
  /** The source text (offsets in spans point into it). */
  text: string;
}

/**
 * Parses `text` as one YAML document, mapping every syntax error to a positioned diagnostic.
 * `customTags` adds local tags (CloudFormation's `!Ref`, `!Sub`, ...). Default: none.
 */
export function parseYaml(text: string, file: string, customTags?: Tags): Result<ParsedYaml> {
  const tooBig = checkStructure(text, file);
  if (tooBig) return { diagnostics: [tooBig] };
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, ...(customTags ? { customTags } : {}) });
  // The pre-scan estimates nesting; should a text still nest past what yaml's recursive composer
  // can hold, yaml reports RESOURCE_EXHAUSTION (`maximum call stack size exceeded`), once per level
  // it unwinds. That is one nesting error, at its first position.
  const exhausted = document.errors.filter((e) => e.code === 'RESOURCE_EXHAUSTION');
  if (exhausted.length > 0) {
    const at = exhausted.reduce((min, e) => Math.min(min, e.pos[0]), text.length);
    const span: Span = { file, start: Math.min(at, text.length), end: Math.min(at + 1, text.length) };
    return {
      diagnostics: [
        diagnostic(
          'NESTING_TOO_DEEP',
          'nesting is deeper than the parser can read',
          span,
          'flatten the document; a scenario needs about 10 levels',
        ),
      ],
    };
  }
  const diagnostics: Diagnostic[] = document.errors.map((e) => {
    // yaml reports an error at the end of input as [length, length + 1]: keep spans inside the text.
    const start = Math.min(e.pos[0], text.length);
    const span: Span = { file, start, end: Math.min(Math.max(e.pos[1], start), text.length) };
    const message = yamlMessage(e.message);
    switch (e.code) {
      case 'DUPLICATE_KEY':
        return diagnostic('DUPLICATE_KEY', 'this key is given twice in one mapping', span, 'remove one of the two entries');
      case 'MULTIPLE_DOCS':
        return diagnostic('YAML_SYNTAX', 'a file holds one document; found a second one', span, 'remove the `---` line, or split the file');
      default:
        return diagnostic('YAML_SYNTAX', message, span, 'check the indentation, brackets and quoting on this line');
    }
  });
  // A template's own tags (`!Ref`, `!Sub`) are its caller's to report (cloudformation-template.ts).
  if (!customTags) diagnostics.push(...unknownTags(document, file, text.length));
  return { value: { file, text, document, root: document.contents ?? undefined }, diagnostics };
}

/**
 * A tag the yaml package could not resolve (`!Sub`, `!Deny`, `!!foo`) as an error: the package
 * keeps the untagged value and only warns, so `Action: !Sub s3:GetObject` would be read as
 * `s3:GetObject` and `Condition: !If {}` as an empty condition, silently. Scenarios and policies
 * are plain YAML; the core tags (`!!str`, `!!int`, ...) resolve and are not reported.
 */
export function unknownTags(document: Document, file: string, length: number, prefix = ''): Diagnostic[] {
  return document.warnings
    .filter((w) => w.code === 'TAG_RESOLVE_FAILED')
    .map((w) => {
      const tag = /: (\S+)/.exec(w.message)?.[1] ?? 'tag';
      const start = Math.min(w.pos[0], length);
      return diagnostic(
        'YAML_SYNTAX',
        `${prefix}unknown tag \`${tag}\`: scenarios and policies are plain YAML, whose values carry no tag`,
        { file, start, end: Math.min(Math.max(w.pos[1], start), length) },
        'remove the tag; a CloudFormation template (`!Ref`, `!Sub`) is read through `cloudformation:` (docs/scenarios.md)',
      );
    });
}

/** yaml's first message line, without its own position suffix, in our message style. */
function yamlMessage(raw: string): string {
  const first = raw
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** A plain value: null-prototype objects, arrays, strings, numbers, booleans, null. */
export type Plain = null | string | number | boolean | Plain[] | { [key: string]: Plain };

/**
 * Converts the tree to plain values, enforcing the nesting, alias and node limits. Returns no
 * value when a limit is hit (the tree is then not safe to walk further).
 */
export function toPlain(parsed: ParsedYaml): Result<Plain> {
  const walker = new Walker(parsed);
  const value = parsed.root === undefined ? null : walker.walk(parsed.root, 0);
  if (walker.failure) return { diagnostics: [walker.failure] };
  return walker.keyProblems.length > 0 ? { diagnostics: walker.keyProblems } : { value, diagnostics: [] };
}

class Walker {
  failure?: Diagnostic;
  /**
   * Keys given twice in one mapping (checked here with a Set, not by yaml's `uniqueKeys`, whose
   * pairwise comparison is quadratic in the size of a mapping), and keys that are not plain text.
   */
  keyProblems: Diagnostic[] = [];
  private nodes = 0;
  private aliases = 0;
  /** The outermost alias being expanded: a node limit hit inside it is reported there. */
  private expanding?: unknown;
  constructor(private readonly parsed: ParsedYaml) {}

  /** `depth`: how many mappings and lists enclose `node` (scalars and aliases add none). */
  walk(node: unknown, depth: number): Plain {
    if (this.failure) return null;
    const file = this.parsed.file;
    if (++this.nodes > MAX_NODES) {
      this.failure =
        this.aliases > 0
          ? diagnostic(
              'YAML_ALIAS_LIMIT',
              `the document expands to more than ${MAX_NODES} values through its aliases`,
              nodeSpan(this.expanding ?? node, file),
              'this looks like an alias bomb; write the values out or use fewer aliases',
            )
          : diagnostic(
              'FILE_TOO_LARGE',
              `the document holds more than ${MAX_NODES} values`,
              nodeSpan(node, file),
              'split the file; a scenario rarely needs more than a few thousand values',
            );
      return null;
    }
    if ((isMap(node) || isSeq(node)) && ++depth > MAX_NESTING) {
      this.failure = diagnostic(
        'NESTING_TOO_DEEP',
        `nesting is deeper than the limit of ${MAX_NESTING} levels`,
        nodeSpan(node, file),
        'flatten the document; a scenario needs about 10 levels',
      );
      return null;
    }
    if (isAlias(node)) {
      if (++this.aliases > MAX_ALIASES) {
        this.failure = diagnostic(
          'YAML_ALIAS_LIMIT',
          `more than ${MAX_ALIASES} aliases in one file`,
          nodeSpan(node, file),
          'write the values out or use fewer aliases',
        );
        return null;
      }
      const target = node.resolve(this.parsed.document);
      if (target === undefined) return null;
      // The anchored node itself is written once, elsewhere: what blows up is the alias copying it.
      const outermost = this.expanding === undefined;
      if (outermost) this.expanding = node;
      const value = this.walk(target, depth);
      if (outermost) this.expanding = undefined;
      return value;
    }
    if (isMap(node)) {
      const out = Object.create(null) as { [key: string]: Plain };
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = keyText(pair.key, this.parsed.document);
        if (key === undefined) {
          // `? [a, b]: c` or `? {a: b}: c`: no key of a scenario, a policy or a template is a
          // list or a mapping, and such an entry would otherwise vanish from the plain value.
          this.keyProblems.push(
            diagnostic(
              'YAML_SYNTAX',
              'a mapping key must be text or a number, not a list or a mapping',
              nodeSpan(pair.key, file),
              'write the key as plain text (a `?` key holding a list or a mapping is not read)',
            ),
          );
        } else if (seen.has(key)) {
          this.keyProblems.push(
            diagnostic(
              'DUPLICATE_KEY',
              'this key is given twice in one mapping',
              nodeSpan(pair.key, file),
              'remove one of the two entries',
            ),
          );
        }
        if (key !== undefined) seen.add(key);
        const value = pair.value === null || pair.value === undefined ? null : this.walk(pair.value, depth);
        if (key !== undefined) out[key] = value;
      }
      return out;
    }
    if (isSeq(node)) return node.items.map((item) => (item === null ? null : this.walk(item, depth)));
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      if (typeof v === 'bigint') return Number(v);
      if (v instanceof Date) return (node.source as string | undefined) ?? v.toISOString();
      return null;
    }
    return null;
  }
}
