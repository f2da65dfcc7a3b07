/**
 * Reading yaml syntax-tree nodes: the one reader the loader, the scenario model and the policy
 * parser share. Aliases are followed, every node has its span, keys and scalars have their text as
 * written, collections have their entries and items.
 *
 * JSON goes through the same node classes (`runner/load/json.ts` builds `YAMLMap`, `YAMLSeq` and
 * `Scalar` nodes with ranges into the JSON text), so JSON and YAML read the same here.
 *
 * INVARIANT: results are arrays, Maps and spans, never objects keyed by user text, so keys such as
 * `__proto__` and `constructor` stay ordinary data and never reach a prototype.
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from '../diagnostics';

/** The file a node belongs to, and the document that holds its anchors. */
export interface TreeSource {
  file: string;
  /** The document, for following aliases; without it an alias stays an alias. */
  document?: Document;
}

/** A parsed tree: its root node (absent for an empty document), file and document. */
export interface Tree {
  file: string;
  document: Document;
  root: unknown;
}

/**
 * A mapping entry. Worked example, for `Effect: &e Deny` followed by `Also: *e`: the second entry
 * has the key `Also`, `value` the anchored `Deny` scalar and `valueSpan` the span of `Deny`, where
 * the value is written.
 */
export interface Entry {
  /** The key's text (see {@link keyText}); `''` for a key with no text, such as a complex key. */
  key: string;
  keySpan: Span;
  /** The value node, aliases followed; null for an empty value. */
  value: unknown;
  /** The span of the value node (the anchored node for an alias), or the key's for an empty value. */
  valueSpan: Span;
}

/** Reads a key's text; {@link keyText} unless an entry reader says otherwise. */
export type KeyReader = (key: unknown, source: TreeSource) => string | undefined;

/** The kinds of node a grammar distinguishes. */
export type NodeShape = 'map' | 'seq' | 'string' | 'number' | 'boolean' | 'null' | 'other';

interface Ranged {
  range?: [number, number, number] | null;
}

/** Follows an alias to its anchored node (once: an alias to an alias is not valid YAML). */
export function deref(node: unknown, source: TreeSource): unknown {
  return isAlias(node) && source.document ? node.resolve(source.document) : node;
}

/**
 * The span of a node in `file`, or `fallback` when it has no range (a node built in code, an
 * empty value). Default fallback: the empty span at the start of the file.
 */
export function nodeSpan(node: unknown, file: string, fallback?: Span): Span {
  const range = (node as Ranged | null | undefined)?.range;
  if (range && Number.isInteger(range[0]) && Number.isInteger(range[1])) return { file, start: range[0], end: range[1] };
  return fallback ?? { file, start: 0, end: 0 };
}

/** {@link nodeSpan} in the source's file. */
export function spanOf(node: unknown, source: TreeSource, fallback?: Span): Span {
  return nodeSpan(node, source.file, fallback);
}

/**
 * The text of a mapping key (an alias followed when `document` is given): a string as it is, an
 * empty key as `''`, any other scalar as written (`012: x` gives `012`, a `!!timestamp` key its
 * date as written); undefined for a complex key (a mapping or list used as a key).
 */
export function keyText(key: unknown, document?: Document): string | undefined {
  const k = isAlias(key) && document ? key.resolve(document) : key;
  if (!isScalar(k)) return undefined;
  const v = k.value;
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof k.source === 'string' && k.source !== '' ? k.source : String(v);
}

/**
 * The text of a scalar of plain data as written: strings as they are, numbers and booleans as
 * their source text (`1.50` stays `1.50`, `012345678901` keeps its leading zero), so values
 * compare as AWS compares them, as text. Undefined for collections, empty values and scalars that
 * are not plain data (`!!binary`, `!!timestamp`).
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

/** {@link scalarText} of a node after following an alias. */
export function textOf(node: unknown, source: TreeSource): string | undefined {
  return scalarText(deref(node, source));
}

/** A {@link KeyReader} for grammars whose keys are plain data only ({@link scalarText}). */
export function plainKeyText(key: unknown, source: TreeSource): string | undefined {
  return scalarText(deref(key, source));
}

/** A {@link KeyReader} reading keys with {@link keyText}. */
function anyKeyText(key: unknown, source: TreeSource): string | undefined {
  return keyText(key, source.document);
}

/** The shape of a node as it is (an alias not followed is `other`). */
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

/** True when the node (after following an alias) is a mapping. */
export function isMapping(node: unknown, source: TreeSource): boolean {
  return isMap(deref(node, source));
}

/** True when the node (after following an alias) is a list. */
export function isList(node: unknown, source: TreeSource): boolean {
  return isSeq(deref(node, source));
}

/**
 * The entries of a mapping node (after following an alias), in order; empty for anything else.
 * `fallback` spans a key without a range. `readKey`: how keys read. Default: {@link keyText}.
 */
export function entriesOf(node: unknown, source: TreeSource, fallback?: Span, readKey: KeyReader = anyKeyText): Entry[] {
  const n = deref(node, source);
  if (!isMap(n)) return [];
  return n.items.map((pair) => entryOf(pair.key, pair.value, source, fallback, readKey));
}

/**
 * The entry of `key` in a mapping node, or undefined (the first, should the key be given twice).
 * Keys read with {@link keyText}; only the entry found is built.
 */
export function field(node: unknown, key: string, source: TreeSource): Entry | undefined {
  const n = deref(node, source);
  if (!isMap(n)) return undefined;
  for (const pair of n.items) {
    if (keyText(pair.key, source.document) === key) return entryOf(pair.key, pair.value, source, undefined, anyKeyText);
  }
  return undefined;
}

function entryOf(keyNode: unknown, valueNode: unknown, source: TreeSource, fallback: Span | undefined, readKey: KeyReader): Entry {
  const keySpan = nodeSpan(keyNode, source.file, fallback);
  const value = deref(valueNode, source) ?? null;
  return { key: readKey(keyNode, source) ?? '', keySpan, value, valueSpan: nodeSpan(value, source.file, keySpan) };
}

/** The items of a list node (after following an alias), aliases followed; empty for anything else. */
export function itemsOf(node: unknown, source: TreeSource): unknown[] {
  const n = deref(node, source);
  return isSeq(n) ? n.items.map((item) => deref(item, source)) : [];
}

/**
 * The items of a value that may be one item or a list of them (`principal: alice` or
 * `principal: [alice, bob]`): a list's items, a single value as a one-item list, nothing for an
 * empty value.
 */
export function oneOrMany(node: unknown, source: TreeSource): unknown[] {
  const n = deref(node, source);
  if (isSeq(n)) return n.items.map((item) => deref(item, source));
  return n === null || n === undefined ? [] : [n];
}

/**
 * The node at a path of keys and list indexes from the tree's root (aliases followed), with the
 * span to report: the key's span when `preferKey` and the last step is a mapping key; for a
 * path that leads nowhere, the node and span of its last step that exists.
 */
export function nodeAtPath(tree: Tree, path: readonly string[], preferKey = false): { node: unknown; span: Span } {
  const file = tree.file;
  let node: unknown = tree.root;
  let span = nodeSpan(node, file);
  for (let i = 0; i < path.length; i++) {
    node = deref(node, tree);
    const step = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key, tree.document) === step);
      if (!pair) break;
      const last = i === path.length - 1;
      if (last && preferKey) return { node: pair.value, span: nodeSpan(pair.key, file, span) };
      span = nodeSpan(pair.value ?? pair.key, file, nodeSpan(pair.key, file, span));
      node = pair.value;
      if (node === null || node === undefined) span = nodeSpan(pair.key, file, span);
    } else if (isSeq(node)) {
      const item = node.items[Number(step)];
      if (item === undefined) break;
      node = item;
      span = nodeSpan(item, file, span);
    } else break;
  }
  return { node: deref(node, tree), span };
}

/**
 * Called for each node by {@link eachNode}: the collection holding it (undefined for the root) and
 * whether it is a mapping key. Returning `false` skips the node's children.
 */
export type NodeVisitor = (node: Node, parent: YAMLMap | YAMLSeq | undefined, isKey: boolean) => boolean | void;

/**
 * Visits every node from `root` down in document order, a node before its children and a key
 * before its value. Aliases are visited as themselves, not followed, so each node written in the
 * text is visited once. (yaml's own `visit` does the same, and builds a frozen path per node.)
 */
export function eachNode(root: unknown, visit: NodeVisitor): void {
  visitNode(root, undefined, false, visit);
}

function visitNode(node: unknown, parent: YAMLMap | YAMLSeq | undefined, isKey: boolean, visit: NodeVisitor): void {
  if (!isNode(node) || visit(node, parent, isKey) === false) return;
  if (!isMap(node) && !isSeq(node)) return;
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      visitNode(item.key, node, true, visit);
      visitNode(item.value, node, false, visit);
    } else visitNode(item, node, false, visit);
  }
}
