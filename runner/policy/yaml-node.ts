/**
 * Reading yaml AST nodes for the policy parser: spans, scalar text, mapping entries.
 *
 * The same reader serves JSON and YAML policy documents, since both go through the `yaml`
 * package (JSON is a subset of YAML 1.2), so every element keeps its offsets into the user's text.
 */
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import type { Span } from '../diagnostics';

/** The kinds of node the policy grammar distinguishes. */
export type NodeShape = 'map' | 'seq' | 'string' | 'number' | 'boolean' | 'null' | 'other';

/** A mapping entry: its key text, the key's span, and the value node. */
export interface Entry {
  key: string;
  keySpan: Span;
  value: unknown;
  /** Span of the key through the end of the value. */
  span: Span;
}

/** What the reader needs to know about the document a node came from. */
export interface NodeSource {
  file: string;
  /** The document, for resolving aliases; absent when the caller only has the node. */
  document?: Document;
}

interface Ranged {
  range?: [number, number, number] | null;
}

/** Follows an alias to its anchored node (once: aliases to aliases are not valid YAML). */
export function deref(node: unknown, source: NodeSource): unknown {
  if (isAlias(node) && source.document) return node.resolve(source.document);
  return node;
}

/** The span of a node's value, or `fallback` when the node has no range (built in code). */
export function spanOf(node: unknown, source: NodeSource, fallback: Span): Span {
  const range = (node as Ranged | null | undefined)?.range;
  if (range && Number.isInteger(range[0]) && Number.isInteger(range[1])) {
    return { file: source.file, start: range[0], end: range[1] };
  }
  return fallback;
}

/** The shape of a node (after alias resolution). */
export function shapeOf(node: unknown): NodeShape {
  if (node === null || node === undefined) return 'null';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return 'string';
    if (typeof v === 'number' || typeof v === 'bigint') return 'number';
    if (typeof v === 'boolean') return 'boolean';
    if (v === null || v === undefined) return 'null';
  }
  return 'other';
}

/**
 * The text of a scalar as written: strings as they are, numbers and booleans as their source text
 * (`1.50` stays `1.50`, `012345678901` keeps its leading zero), so values compare as AWS compares
 * them, as text.
 */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') {
    return typeof node.source === 'string' && node.source !== '' ? node.source : String(v);
  }
  return undefined;
}

/** User-facing name of a shape, for messages. */
export function shapeName(shape: NodeShape): string {
  switch (shape) {
    case 'map':
      return 'a mapping';
    case 'seq':
      return 'a list';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'empty';
    case 'other':
      return 'a YAML value that is not plain data (an alias, tag or binary)';
  }
}

/** A key for messages: its text, or a note that it is not a plain string. */
export function keyName(entry: Entry): string {
  return entry.key !== '' ? `\`${entry.key}\`` : 'a key that is not a plain string';
}

/**
 * The entries of a mapping node, in order. Keys are their scalar text; a key that is not a scalar
 * (a YAML complex key) has the text `''`, which no policy element is named.
 * INVARIANT: the result is an array, never an object keyed by user text, so `__proto__` and
 * `constructor` are ordinary keys.
 */
export function entriesOf(node: unknown, source: NodeSource, fallback: Span): Entry[] {
  if (!isMap(node)) return [];
  const out: Entry[] = [];
  for (const pair of node.items) {
    const keyNode = deref(pair.key, source);
    const keySpan = spanOf(pair.key, source, fallback);
    const valueNode = deref(pair.value, source);
    const valueSpan = spanOf(pair.value, source, keySpan);
    out.push({
      key: scalarText(keyNode) ?? '',
      keySpan,
      value: valueNode,
      span: { file: keySpan.file, start: keySpan.start, end: Math.max(keySpan.end, valueSpan.end) },
    });
  }
  return out;
}

/** The items of a sequence node (aliases resolved). */
export function itemsOf(node: unknown, source: NodeSource): unknown[] {
  if (!isSeq(node)) return [];
  return node.items.map((item) => deref(item, source));
}
