/**
 * Reading the scenario's syntax tree after the schema check: mapping entries, list items, scalar
 * text and spans, with aliases followed. Results are arrays and Maps, never objects keyed by user
 * text, so keys such as `__proto__` stay ordinary data.
 */
import { isAlias, isMap, isSeq, type Document } from 'yaml';
import type { Span } from '../diagnostics';
import { keyText, nodeSpan } from '../load/yaml';
import { scalarText } from '../policy/yaml-node';

/** The file and document a node belongs to. */
export interface Source {
  file: string;
  document: Document;
}

/** A mapping entry. */
export interface Entry {
  key: string;
  keySpan: Span;
  /** The value node (aliases followed); null for an empty value. */
  node: unknown;
  span: Span;
}

/** Follows an alias. */
export function deref(node: unknown, src: Source): unknown {
  return isAlias(node) ? node.resolve(src.document) : node;
}

/** Entries of a mapping node, in order (empty for anything else). */
export function entries(node: unknown, src: Source): Entry[] {
  const n = deref(node, src);
  if (!isMap(n)) return [];
  return n.items.map((pair) => {
    const keySpan = nodeSpan(pair.key, src.file);
    const value = deref(pair.value, src) ?? null;
    return { key: keyText(pair.key, src.document) ?? '', keySpan, node: value, span: nodeSpan(value, src.file, keySpan) };
  });
}

/** The value node of `key` in a mapping, or undefined. */
export function field(node: unknown, key: string, src: Source): Entry | undefined {
  return entries(node, src).find((e) => e.key === key);
}

/** Items of a list node (aliases followed); a single non-list value is a one-item list. */
export function items(node: unknown, src: Source): unknown[] {
  const n = deref(node, src);
  if (isSeq(n)) return n.items.map((i) => deref(i, src));
  return n === null || n === undefined ? [] : [n];
}

/** True when the node is a list. */
export function isList(node: unknown, src: Source): boolean {
  return isSeq(deref(node, src));
}

/** True when the node is a mapping. */
export function isMapping(node: unknown, src: Source): boolean {
  return isMap(deref(node, src));
}

/**
 * A scalar's text: strings as they are, numbers and booleans as written (`012345` keeps its
 * leading zero), undefined for collections and empty values — the policy parser's rule, shared.
 */
export function text(node: unknown, src: Source): string | undefined {
  return scalarText(deref(node, src));
}

/** The span of a node. */
export function spanOf(node: unknown, src: Source, fallback?: Span): Span {
  return nodeSpan(node, src.file, fallback);
}
