import { expect } from 'chai';
import { didYouMean, suggest } from './suggest';

describe('suggest', () => {
  const candidates = ['secretsmanager:GetSecretValue', 's3:GetObject', 's3:PutObject'];
  const cases: { name: string; input: string; want: string | undefined }[] = [
    { name: 'finds the nearest candidate within the edit limit', input: 's3:GetObjet', want: 's3:GetObject' },
    { name: 'ignores case', input: 'S3:PUTOBJECT', want: 's3:PutObject' },
    { name: 'returns undefined when nothing is close', input: 'ec2:RunInstances', want: undefined },
    { name: 'allows at least two edits for short inputs', input: 'ab', want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(suggest(c.input, candidates)).to.equal(c.want);
    });
  }

  it('breaks ties by the smaller candidate', () => {
    expect(suggest('ab', ['ac', 'aa'])).to.equal('aa');
  });
});

describe('didYouMean', () => {
  it('formats a suggestion', () => {
    expect(didYouMean('s3:GetObject')).to.equal('did you mean `s3:GetObject`?');
  });
  it('falls back when there is no suggestion', () => {
    expect(didYouMean(undefined, 'expected `Allow` or `Deny`')).to.equal('expected `Allow` or `Deny`');
  });
});
