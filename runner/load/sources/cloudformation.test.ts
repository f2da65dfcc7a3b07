import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../../test/support/fixture-tests';
import { check } from './terraform.test';

interface Want {
  code: string;
  at?: string;
  file?: string;
  message?: string;
  help?: string;
}
interface Case extends FixtureFocus {
  scenario: string;
  /** A template to write as stacks/extra.yaml, for cases the shared fixture cannot hold. */
  extra?: string;
  want: Want[];
}

describe('policies, principals and resources from a CloudFormation template', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'iamspec-cloudformation-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  describe('reports what it cannot resolve offline, positioned, never a guess', () => {
    let i = 0;
    defineFixtureTests(readFixtureCases<Case>(join(__dirname, 'testdata/cloudformation-errors.yaml')), (c) => {
      expect(c.want, 'a case needs an expectation').to.not.be.empty;
      const dir = join(root, `case-${i++}`);
      mkdirSync(join(dir, 'stacks'), { recursive: true });
      copyFileSync(join(__dirname, 'testdata/template.yaml'), join(dir, 'stacks/template.yaml'));
      if (c.extra !== undefined) writeFileSync(join(dir, 'stacks/extra.yaml'), c.extra);
      writeFileSync(join(dir, 'scenario.yaml'), c.scenario);
      const got = check(dir);
      expect(
        got.map((d) => d.code),
        JSON.stringify(got, null, 1),
      ).to.deep.equal(c.want.map((w) => w.code));
      c.want.forEach((w, k) => {
        const d = got[k];
        expect(d.file).to.equal(w.file ?? 'scenario.yaml');
        if (w.at !== undefined) expect(`${d.line}:${d.column}`).to.equal(w.at);
        if (w.message !== undefined) expect(d.message).to.equal(w.message);
        if (w.help !== undefined) expect(d.help).to.equal(w.help);
        expect(d.help, 'every diagnostic has a help').to.be.a('string');
      });
    });
  });
});
