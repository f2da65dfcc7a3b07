import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bySpecificity, compileTemplate, isTemplate } from './templates';

interface Case {
  name: string;
  template: string;
  input: string;
  ignoreCase?: boolean;
  want: boolean;
}

const cases = parse(readFileSync(join(__dirname, 'testdata', 'templates.yaml'), 'utf8')) as Case[];

describe('compileTemplate', () => {
  for (const c of cases) {
    it(c.name, () => expect(compileTemplate(c.template, { ignoreCase: c.ignoreCase === true }).matches(c.input)).to.equal(c.want));
  }

  it('ranks an object template above a bucket template', () => {
    const bucket = compileTemplate('arn:${Partition}:s3:::${BucketName}', { ignoreCase: false });
    const object = compileTemplate('arn:${Partition}:s3:::${BucketName}/${ObjectName}', { ignoreCase: false });
    expect([bucket, object].sort(bySpecificity)[0]).to.equal(object);
  });
});

describe('isTemplate', () => {
  const table: [string, boolean][] = [
    ['aws:ResourceTag/${TagKey}', true],
    ['secretsmanager:ResourceTag/tag-key', true],
    ['s3:ExistingObjectTag/<key>', true],
    ['aws:TagKeys', false],
    ['secretsmanager:tag-keys', false],
  ];
  for (const [input, want] of table)
    it(`${want ? 'sees' : 'sees no'} variable in \`${input}\``, () => expect(isTemplate(input)).to.equal(want));
});
