import { expect } from 'chai';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../../test/support/fixture-tests';
import type { Diagnostic } from '../../diagnostics';
import { Resolver } from './cloudformation-intrinsics';
import { FAIL, NO_VALUE, plainOf } from './cloudformation-values';
import { TemplateNames } from './cloudformation-refs';
import { member, readTemplate } from './cloudformation-template';

interface Case extends FixtureFocus {
  /** A template; the value resolved is `Resources.R.Properties.Value`. */
  template: string;
  parameters?: Record<string, string | string[]>;
  /** The resolved value, or `removed` for `AWS::NoValue`. */
  want?: unknown;
  /** Or the one diagnostic expected: its code and message. */
  error?: { code: string; message: string };
}

const at = { file: 'scenario.yaml', start: 0, end: 0 };

/** Resolves `Resources.R.Properties.Value` of `template` with `parameters`. */
function resolveValue(c: Case): { value: unknown; diagnostics: Diagnostic[] } {
  const read = readTemplate(c.template, 'template.yaml', at);
  expect(read.diagnostics, JSON.stringify(read.diagnostics)).to.deep.equal([]);
  const template = read.value!;
  const diagnostics: Diagnostic[] = [];
  const resolver = new Resolver(template, new TemplateNames(new Map(Object.entries(c.parameters ?? {}))), diagnostics, '`R` `Value`');
  const r = resolver.resolve(member(template.resources.get('R')?.properties, 'Value'));
  return { value: r === NO_VALUE ? 'removed' : r === FAIL ? FAIL : plainOf(r), diagnostics };
}

describe('CloudFormation intrinsic functions, resolved offline', () => {
  defineFixtureTests(readFixtureCases<Case>(join(__dirname, 'testdata/cloudformation-intrinsics.yaml')), (c) => {
    expect(c.want !== undefined || c.error !== undefined, 'a case needs an expectation').to.equal(true);
    const got = resolveValue(c);
    if (c.error) {
      expect(got.value).to.equal(FAIL);
      expect(got.diagnostics.map((d) => ({ code: d.code, message: d.message }))).to.deep.equal([c.error]);
      expect(got.diagnostics[0].help).to.be.a('string').and.not.equal('');
    } else {
      expect(got.diagnostics, JSON.stringify(got.diagnostics)).to.deep.equal([]);
      expect(got.value).to.deep.equal(c.want);
    }
  });

  it('positions a resolved value at the function that produced it', () => {
    const text = 'Resources:\n  R:\n    Type: X\n    Properties:\n      Value: { Policy: !Sub "arn:${AWS::Partition}:s3:::b" }\n';
    const template = readTemplate(text, 'template.yaml', at).value!;
    const resolver = new Resolver(template, new TemplateNames(new Map()), []);
    const r = resolver.resolve(member(template.resources.get('R')?.properties, 'Value'));
    const value = member(r, 'Policy') as { range?: number[]; value?: unknown };
    expect(value.value).to.equal('arn:aws:s3:::b');
    expect(text.slice(value.range![0], value.range![1])).to.equal('"arn:${AWS::Partition}:s3:::b"');
  });
});
