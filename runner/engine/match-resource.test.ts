import { expect } from 'chai';
import { compileArnPattern, splitArn } from './conditions/arn';
import { compileResources, matchResource } from './match-resource';
import type { ContextLookup } from './variables';

const span = { file: 'p.json', start: 0, end: 0 };
const lookup = (values: Record<string, string>): ContextLookup => ({ get: (k) => values[k] });

describe('matchResource with policy variables (per-entry cache of resolved patterns)', () => {
  const entries = compileResources([{ value: 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*', span }], true);

  it('resolves the template per request: the same entry matches per the current value', () => {
    const arn = 'arn:aws:s3:::b/payments/x';
    expect(matchResource(entries, arn, lookup({ 'aws:principaltag/team': 'payments' }))).to.equal(0);
    expect(matchResource(entries, arn, lookup({ 'aws:principaltag/team': 'ops' }))).to.equal(-1);
    expect(matchResource(entries, arn, lookup({ 'aws:principaltag/team': 'payments' }))).to.equal(0);
    expect(matchResource(entries, arn, lookup({}))).to.equal(-1);
  });

  it('keeps a substituted `*` literal, even after the same text was seen with a wildcard', () => {
    const wild = compileResources([{ value: 'arn:aws:s3:::b/*/*', span }], true);
    expect(matchResource(wild, 'arn:aws:s3:::b/a/x', lookup({}))).to.equal(0);
    const star = lookup({ 'aws:principaltag/team': '*' });
    expect(matchResource(entries, 'arn:aws:s3:::b/a/x', star), 'a substituted `*` is a literal star').to.equal(-1);
    expect(matchResource(entries, 'arn:aws:s3:::b/*/x', star)).to.equal(0);
    expect(matchResource(entries, 'arn:aws:s3:::b/a/x', star), 'again').to.equal(-1);
  });
});

describe('splitArn', () => {
  it('splits six components, the resource keeping its colons, and refuses fewer', () => {
    expect(splitArn('arn:aws:iam::111122223333:role/a:b')).to.deep.equal(['arn', 'aws', 'iam', '', '111122223333', 'role/a:b']);
    expect(splitArn('not-an-arn')).to.equal(undefined);
  });
});

describe('compileArnPattern on repeated values (split once, cached)', () => {
  it('gives the same answer for a value seen before, ARN or not', () => {
    const m = compileArnPattern({ text: 'arn:aws:iam::*:role/admin' })!;
    for (let i = 0; i < 2; i++) {
      expect(m('arn:aws:iam::111122223333:role/admin'), `round ${i}`).to.equal(true);
      expect(m('arn:aws:iam::111122223333:role/other'), `round ${i}`).to.equal(false);
      expect(m('admin'), `round ${i}: not an ARN`).to.equal(false);
    }
  });
});
