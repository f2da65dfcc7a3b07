import { expect } from 'chai';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../test/support/fixture-tests';
import { kindOfDocument, kindOfText, splitReference, type DocumentKind } from './policy-ref';

interface KindCase extends FixtureFocus {
  document: unknown;
  want: DocumentKind;
}

describe('policy references', () => {
  describe('kindOfDocument', () => {
    const cases = readFixtureCases<KindCase>(join(__dirname, 'testdata', 'document-kinds.yaml'));
    defineFixtureTests(cases, (c) => {
      expect(kindOfDocument(c.document)).to.deep.equal(c.want);
      // diff reads the document from its text: JSON and YAML alike.
      expect(kindOfText(JSON.stringify(c.document))).to.deep.equal(c.want);
    });
    it('reads text that does not parse as identity-based', () => {
      expect(kindOfText('{"Statement": [')).to.deep.equal({ kind: 'identity' });
    });
  });

  describe('splitReference', () => {
    const cases = [
      { name: 'a path alone', input: 'policy.json', want: { path: 'policy.json' } },
      { name: 'a plan and an address', input: 'plan.json#aws_iam_policy.app', want: { path: 'plan.json', address: 'aws_iam_policy.app' } },
      { name: 'the first # splits', input: 'plan.json#module.a#b', want: { path: 'plan.json', address: 'module.a#b' } },
      { name: 'an empty address', input: 'plan.json#', want: { path: 'plan.json', address: '' } },
    ];
    for (const c of cases) it(c.name, () => expect(splitReference(c.input)).to.deep.equal(c.want));
  });
});
