import { expect } from 'chai';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases } from '../../test/support/fixture-tests';
import { loadCatalog } from '../../catalog/catalog';
import { lineCol, type Diagnostic } from '../diagnostics';
import { checkPolicyWithCatalog } from './check-catalog';
import { parsePolicyText } from './parse';
import type { PolicyKind } from './types';

interface Case {
  name: string;
  source: string;
  kind: PolicyKind;
  policy: string;
  diagnostics?: { code: string; at: string; message: string; help: string }[];
  only?: boolean;
  skip?: string;
}

const cases = readFixtureCases<Case>(join(__dirname, 'testdata', 'check-catalog.yaml'));

function render(d: Diagnostic, text: string): unknown {
  const { line, column } = lineCol(text, d.span?.start ?? 0);
  return { code: d.code, at: `${line}:${column}`, message: d.message, help: d.help ?? '' };
}

describe('checkPolicyWithCatalog', () => {
  const catalog = loadCatalog();
  defineFixtureTests(cases, (c) => {
    expect(c.source, 'every case cites the AWS page it encodes').to.match(/^https:\/\//);
    expect(c.diagnostics, 'a case with no expectation fails').to.be.an('array');
    const parsed = parsePolicyText(c.policy, { file: 'policy.json', name: 'p', kind: c.kind });
    expect(parsed.diagnostics, 'the fixture policy is valid grammar').to.deep.equal([]);
    const found = checkPolicyWithCatalog(parsed.value!, catalog);
    expect(found.map((d) => render(d, c.policy))).to.deep.equal(c.diagnostics);
    for (const d of found) expect(d.severity).to.equal('warning');
  });
});
