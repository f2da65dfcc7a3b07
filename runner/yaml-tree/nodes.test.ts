/**
 * The shared yaml-tree reader, on YAML and JSON text (runner/yaml-tree/testdata/reader.yaml). A span
 * is written `START TEXT`: its start offset and the text it covers.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../test/support/fixture-tests';
import type { Span } from '../diagnostics';
import { parseJson } from '../load/json';
import { parseYaml, type ParsedYaml } from '../load/yaml';
import { eachNode, entriesOf, field, itemsOf, keyText, nodeAtPath, oneOrMany, plainKeyText, shapeOf, textOf, type Entry } from './nodes';

interface ReaderCase extends FixtureFocus {
  /** The parsers to read `text` with. Default: `[yaml]`. */
  formats?: ('yaml' | 'json')[];
  text: string;
  /** What to read, at the node that `at` leads to (default: the root). */
  read: 'entries' | 'plainEntries' | 'items' | 'oneOrMany' | 'field' | 'at' | 'atKey' | 'walk';
  at?: string[];
  /** For `field`: the key to find. */
  key?: string;
  want: unknown;
}

function parse(format: 'yaml' | 'json', text: string): ParsedYaml {
  const parsed = format === 'json' ? parseJson(text, 'f') : parseYaml(text, 'f');
  expect(parsed.diagnostics).to.deep.equal([]);
  return parsed.value!;
}

function span(tree: ParsedYaml, s: Span): string {
  expect(s.file).to.equal('f');
  return `${s.start} ${tree.text.slice(s.start, s.end)}`;
}

function node(tree: ParsedYaml, n: unknown): { shape: string; text?: string; span: string } {
  const out: { shape: string; text?: string; span: string } = { shape: shapeOf(n), span: span(tree, nodeAtSpan(n)) };
  const text = textOf(n, tree);
  if (text !== undefined) out.text = text;
  return out;
}

function nodeAtSpan(n: unknown): Span {
  const range = (n as { range?: number[] } | null)?.range;
  return range ? { file: 'f', start: range[0], end: range[1] } : { file: 'f', start: 0, end: 0 };
}

function entry(tree: ParsedYaml, e: Entry): unknown {
  const out: Record<string, unknown> = {
    key: e.key,
    keySpan: span(tree, e.keySpan),
    valueSpan: span(tree, e.valueSpan),
    shape: shapeOf(e.value),
  };
  const text = textOf(e.value, tree);
  if (text !== undefined) out.text = text;
  return out;
}

function read(tree: ParsedYaml, c: ReaderCase): unknown {
  const at = c.at ? nodeAtPath(tree, c.at).node : tree.root;
  switch (c.read) {
    case 'entries':
      return entriesOf(at, tree).map((e) => entry(tree, e));
    case 'plainEntries':
      return entriesOf(at, tree, undefined, plainKeyText).map((e) => entry(tree, e));
    case 'items':
      return itemsOf(at, tree).map((n) => node(tree, n));
    case 'oneOrMany':
      return oneOrMany(at, tree).map((n) => node(tree, n));
    case 'field': {
      const found = field(at, c.key ?? '', tree);
      return found ? entry(tree, found) : null;
    }
    case 'at':
    case 'atKey': {
      const found = nodeAtPath(tree, c.at ?? [], c.read === 'atKey');
      return { shape: shapeOf(found.node), span: span(tree, found.span) };
    }
    case 'walk': {
      const out: string[] = [];
      eachNode(at, (n, _parent, isKey) => {
        out.push(`${isKey ? 'key ' : ''}${shapeOf(n)} ${span(tree, nodeAtSpan(n))}`);
      });
      return out;
    }
  }
}

describe('yaml-tree reader (testdata/reader.yaml)', () => {
  const cases = readFixtureCases<ReaderCase>(join(__dirname, 'testdata', 'reader.yaml'));
  for (const format of ['yaml', 'json'] as const) {
    describe(`from ${format.toUpperCase()}`, () => {
      defineFixtureTests(
        cases.filter((c) => (c.formats ?? ['yaml']).includes(format)),
        (c) => {
          expect(read(parse(format, c.text), c)).to.deep.equal(c.want);
        },
      );
    });
  }

  it('reads `__proto__` and `constructor` keys as data, never touching a prototype', () => {
    const tree = parse('json', '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}');
    expect(entriesOf(tree.root, tree).map((e) => e.key)).to.deep.equal(['__proto__', 'constructor']);
    expect(field(tree.root, '__proto__', tree)?.key).to.equal('__proto__');
    expect(({} as { polluted?: string }).polluted).to.equal(undefined);
  });

  it('reads a key as the loader does (any scalar as written) or as plain data only', () => {
    const tree = parse('yaml', '? !!timestamp 2001-12-14\n: x\n');
    const [pair] = entriesOf(tree.root, tree);
    expect(pair.key).to.equal('2001-12-14');
    expect(keyText(nodeKey(tree), tree.document)).to.equal('2001-12-14');
    expect(plainKeyText(nodeKey(tree), tree)).to.equal(undefined);
  });
});

function nodeKey(tree: ParsedYaml): unknown {
  return (tree.root as { items: { key: unknown }[] }).items[0].key;
}
