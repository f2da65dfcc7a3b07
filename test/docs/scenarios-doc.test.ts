/**
 * docs/scenarios.md is the reference of the scenario format; runner/load/scenario.schema.json is
 * its machine twin (editor hover help, the loader's check). This test keeps them in step: every
 * key of the schema has a `### \`PATH\`` entry whose first paragraph is the key's `description`
 * and which shows a YAML example; every entry names a key the schema has.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import schema from '../../runner/load/scenario.schema.json';

/** A schema node, as far as the walk needs it. */
interface Node {
  $ref?: string;
  description?: string;
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
  then?: Node;
  anyOf?: Node[];
}

/** One documented key: its path (`principals.NAME.arn`) and its schema description. */
export interface SchemaKey {
  path: string;
  description: string | undefined;
}

const root = schema as unknown as Node & { definitions: Record<string, Node> };

function resolve(node: Node): Node {
  if (node.$ref === undefined) return node;
  const name = node.$ref.replace('#/definitions/', '');
  const target = root.definitions[name];
  if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
  return target;
}

/**
 * Every key a scenario can hold, by path: `NAME` stands for a name the user chooses, `[]` for a
 * list item. A definition reached twice (the selector under `allow`, `deny`, ...) is listed once,
 * at its first path.
 */
export function schemaKeys(): SchemaKey[] {
  const keys: SchemaKey[] = [];
  const seen = new Set<object>();
  const walk = (at: Node, prefix: string): void => {
    const node = resolve(at);
    if (node.properties && !seen.has(node.properties)) {
      seen.add(node.properties);
      for (const [key, value] of Object.entries(node.properties)) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        keys.push({ path, description: value.description });
        walk(value, path);
      }
    }
    const named = prefix === '' ? 'NAME' : `${prefix}.NAME`;
    if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, named);
    if (node.items) walk(node.items, `${prefix}[]`);
    if (node.then) walk(node.then, prefix);
    for (const alt of node.anyOf ?? []) walk(alt, prefix);
  };
  walk(root, '');
  return keys;
}

/** One `### \`PATH\`` entry of the doc: its first paragraph and its fenced YAML examples. */
interface DocEntry {
  path: string;
  firstParagraph: string;
  yaml: string[];
}

export function docEntries(markdown: string): DocEntry[] {
  const entries: DocEntry[] = [];
  const sections = markdown.split(/^### /m).slice(1);
  for (const section of sections) {
    const heading = /^`([^`]+)`\s*\n/.exec(section);
    if (!heading) continue;
    const body = section.slice(heading[0].length).split(/^## /m)[0];
    const firstParagraph = body
      .trim()
      .split(/\n\s*\n/)[0]
      .replace(/\s*\n\s*/g, ' ');
    const yaml = [...body.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1]);
    entries.push({ path: heading[1], firstParagraph, yaml });
  }
  return entries;
}

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'scenarios.md'), 'utf8');
const keys = schemaKeys();
const entries = new Map(docEntries(doc).map((e) => [e.path, e]));

describe('docs/scenarios.md and the scenario schema', () => {
  it('walks the schema to every key, nested ones included', () => {
    const paths = keys.map((k) => k.path);
    expect(paths).to.include.members([
      'expect',
      'principals.NAME.arn',
      'policies.NAME.file',
      'organization.rcps',
      'expect[].allow[].accessLevel',
    ]);
  });

  for (const key of keys) {
    it(`documents \`${key.path}\` with its schema description and a YAML example`, () => {
      expect(key.description, `schema key \`${key.path}\` has no description`).to.be.a('string').that.is.not.empty;
      const entry = entries.get(key.path);
      expect(entry, `docs/scenarios.md has no entry \`### \\\`${key.path}\\\`\``).to.not.equal(undefined);
      expect(entry?.firstParagraph).to.equal(key.description);
      expect(entry?.yaml.length, `the entry for \`${key.path}\` has no yaml example`).to.be.greaterThan(0);
      for (const example of entry?.yaml ?? []) {
        for (const d of parseAllDocuments(example))
          expect(
            d.errors.map((e) => e.message),
            example,
          ).to.deep.equal([]);
      }
    });
  }

  it('has no entry for a key the schema lacks', () => {
    const known = new Set(keys.map((k) => k.path));
    expect([...entries.keys()].filter((p) => !known.has(p))).to.deep.equal([]);
  });

  it('fails on a key without an entry (the check can fail)', () => {
    const partial = docEntries('### `name`\n\nThe suite.\n\n```yaml\nname: x\n```\n');
    expect(partial.map((e) => e.path)).to.deep.equal(['name']);
    expect(keys.filter((k) => !partial.some((e) => e.path === k.path)).length).to.equal(keys.length - 1);
  });
});
