/**
 * `.json` policy files are read by our JSON loader (runner/load/json.ts), `.yaml` ones by the YAML
 * parser; both must give the same tree (values and every node's range) and, loaded in a scenario,
 * the same diagnostics and decisions.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNode, parse, stringify, visit, type Document } from 'yaml';
import { loadCatalog } from '../../catalog/catalog';
import { lineCol, type Diagnostic } from '../diagnostics';
import { evaluate } from '../engine';
import { buildScenario } from '../model/build';
import { planScenario } from '../plan';
import { checkPolicyWithCatalog } from '../policy/check-catalog';
import { parseJson } from './json';
import { loadScenario } from './load-scenario';
import { parseYaml } from './yaml';

/** Every node's constructor name, range and value in document order. */
function shape(document: Document): string[] {
  const out: string[] = [];
  visit(document, (_key, node) => {
    if (!isNode(node)) return;
    // The third end (past trailing blanks) is not compared: no reader of the tree uses it.
    const range = node.range ? [node.range[0], node.range[1]] : null;
    out.push(`${node.constructor.name} ${JSON.stringify(range)} ${JSON.stringify((node as { source?: unknown }).source ?? null)}`);
  });
  return out;
}

describe('parseJson', () => {
  it('builds the tree the YAML parser builds from the same JSON: values and every range', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const ours = parseJson(text, 'x.json');
        const theirs = parseYaml(text, 'x.json');
        expect(ours.diagnostics).to.deep.equal([]);
        expect(ours.value!.document.toJS()).to.deep.equal(JSON.parse(text));
        expect(shape(ours.value!.document)).to.deep.equal(shape(theirs.value!.document));
      }),
      { numRuns: 300 },
    );
  });

  const syntax: { text: string; message: string; at: string }[] = [
    { text: '{"a": 1,}', message: 'JSON allows no comma after the last entry', at: '1:8' },
    { text: '[1, 2,\n]', message: 'JSON allows no comma after the last entry', at: '1:6' },
    { text: '{"a" 1}', message: 'expected `:` after the property name', at: '1:6' },
    { text: '{a: 1}', message: 'expected a property name in double quotes', at: '1:2' },
    { text: '{"a": 1, b: 2}', message: 'expected a property name in double quotes', at: '1:10' },
    { text: "{'a': 1}", message: 'JSON strings take double quotes', at: '1:2' },
    { text: '{"a": 1} // note', message: 'JSON has no comments', at: '1:10' },
    { text: '{\n  # note\n  "a": 1}', message: 'JSON has no comments', at: '2:3' },
    { text: '[1 2]', message: 'expected `,` between two entries', at: '1:4' },
    { text: '{"a": "x', message: 'the string is not closed', at: '1:7' },
    { text: '{"a": [1, 2}', message: 'expected `]` to close the list opened at 1:7', at: '1:12' },
    { text: '[{"a": 1]', message: 'expected `}` to close the object opened at 1:2', at: '1:9' },
    { text: 'Version: "2012-10-17"', message: 'this is not JSON: a JSON policy starts with `{`', at: '1:1' },
    { text: '{"a": 1}\n{"b": 2}', message: 'text after the end of the document', at: '2:1' },
    { text: '{"a": "\\q"}', message: 'invalid escape in a string', at: '1:7' },
  ];
  for (const row of syntax) {
    it(`reports ${JSON.stringify(row.text)} as "${row.message}" at ${row.at}`, () => {
      const got = parseJson(row.text, 'x.json');
      expect(got.value).to.equal(undefined);
      expect(got.diagnostics.map((d) => d.code)).to.deep.equal(['YAML_SYNTAX']);
      const d = got.diagnostics[0];
      const { line, column } = lineCol(row.text, d.span!.start);
      expect(`${d.message} at ${line}:${column}`).to.equal(`${row.message} at ${row.at}`);
    });
  }

  it('skips a leading byte order mark, which stays a character of the text for every offset', () => {
    const text = '\ufeff{"a": [1]}';
    const got = parseJson(text, 'x.json');
    expect(got.diagnostics).to.deep.equal([]);
    expect(got.value!.text).to.equal(text);
    expect(got.value!.document.toJS()).to.deep.equal({ a: [1] });
    expect(shape(got.value!.document)).to.deep.equal(shape(parseJson(' {"a": [1]}', 'x.json').value!.document));
  });

  it('reports a byte order mark anywhere but at the start', () => {
    for (const text of ['{"a": 1}\ufeff', '{\ufeff"a": 1}', ' \ufeff{"a": 1}']) {
      expect(
        parseJson(text, 'x.json').diagnostics.map((d) => d.code),
        JSON.stringify(text),
      ).to.deep.equal(['YAML_SYNTAX']);
    }
  });

  it('reports a key given twice and keeps the tree', () => {
    const got = parseJson('{"Effect": "Allow",\n "Effect": "Deny"}', 'x.json');
    expect(got.diagnostics.map((d) => [d.code, lineCol('{"Effect": "Allow",\n "Effect": "Deny"}', d.span!.start).line])).to.deep.equal([
      ['DUPLICATE_KEY', 2],
    ]);
    expect(got.value).to.not.equal(undefined);
  });

  it('stops at nesting past the limit before parsing', () => {
    const got = parseJson('['.repeat(100_000), 'x.json');
    expect(got.diagnostics.map((d) => d.code)).to.deep.equal(['NESTING_TOO_DEEP']);
  });

  it('reads an empty text as no document', () => {
    expect(parseJson('  \n', 'x.json')).to.deep.include({ diagnostics: [] });
    expect(parseJson('  \n', 'x.json').value!.root).to.equal(undefined);
  });
});

interface Row {
  name: string;
  source: string;
  policy: unknown;
  expect?: object[];
}

describe('a policy as a .json file and as a .yaml file', () => {
  const catalog = loadCatalog();
  const rows = parse(readFileSync(join(__dirname, 'testdata/json-vs-yaml.yaml'), 'utf8')) as Row[];

  /** Diagnostics with the text each points at (parsed, so `"Permit"` and `Permit` compare equal), and decisions. */
  function outcome(dir: string, file: string): { diagnostics: string[]; decisions: string[] } {
    const text = readFileSync(join(dir, file), 'utf8');
    const at = (d: Diagnostic): string => {
      if (!d.span || d.span.file !== file) return d.span?.file ?? '';
      const written = text.slice(d.span.start, d.span.end);
      try {
        return JSON.stringify(parse(written));
      } catch {
        return written;
      }
    };
    const loaded = loadScenario('scenario.yaml', 'scenario.yaml', { cwd: dir });
    const built = loaded.value ? buildScenario(loaded.value) : undefined;
    const all = [
      ...loaded.diagnostics,
      ...(built?.diagnostics ?? []),
      ...(built?.policies ?? []).flatMap((p) => checkPolicyWithCatalog(p, catalog)),
    ];
    const diagnostics = all.map((d) => `${d.severity} ${d.code} ${d.message.replaceAll(file, 'FILE')} @ ${at(d)}`).sort();
    const planned = built && !all.some((d) => d.severity === 'error') ? planScenario(built.value, catalog) : undefined;
    const decisions = (planned?.value ?? []).map((c) => `${c.name}: ${evaluate(c.request, c.policies).decision}`);
    diagnostics.push(...(planned?.diagnostics ?? []).map((d) => `plan: ${d.severity} ${d.code} ${d.message}`));
    return { diagnostics, decisions };
  }

  for (const row of rows) {
    it(`${row.name} (${row.source})`, () => {
      const results = ['p.json', 'p.yaml'].map((file) => {
        const dir = mkdtempSync(join(tmpdir(), 'iamspec-json-yaml-'));
        try {
          writeFileSync(join(dir, file), file.endsWith('.json') ? JSON.stringify(row.policy, null, 2) : stringify(row.policy));
          const scenario = {
            policies: { p: { file } },
            principals: { app: { arn: 'arn:aws:iam::111122223333:role/app', policies: ['p'] } },
            resources: { secret: { arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:payments-AbCdEf' } },
            expect: (row.expect ?? [{ allow: ['s3:ListAllMyBuckets'] }]).map((e) => ({ principal: 'app', ...e })),
          };
          writeFileSync(join(dir, 'scenario.yaml'), stringify(scenario));
          return outcome(dir, file);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
      expect(results[0]).to.deep.equal(results[1]);
      if (row.expect) expect(results[0].decisions, JSON.stringify(results[0].diagnostics)).to.have.length.greaterThan(0);
      else
        expect(
          results[0].diagnostics.some((d) => d.startsWith('error')),
          'the row expects an input error',
        ).to.equal(true);
    });
  }
});
