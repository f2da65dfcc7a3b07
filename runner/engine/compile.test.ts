import { expect } from 'chai';
import { compilePolicy, layerPlan, type PlanCache } from './compile';
import { evaluate } from './evaluate';
import type { AuthorizationRequest } from './types';
import { toPolicy } from './testdata/fixtures';

describe('compilePolicy', () => {
  const policy = toPolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Sm', Effect: 'Allow', Action: ['secretsmanager:Get*', 'SecretsManager:Describe*'], Resource: '*' },
        { Sid: 'S3', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'Any', Effect: 'Deny', Action: '*', Resource: '*' },
        { Sid: 'WildService', Effect: 'Allow', Action: 'secrets*:List*', Resource: '*' },
        { Sid: 'Not', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      ],
    },
    'p',
    'identity',
  );

  it('compiles a policy once and reuses it', () => {
    expect(compilePolicy(policy)).to.equal(compilePolicy(policy));
  });

  it('indexes statements by the services their actions can match', () => {
    const sids = (service: string): string[] =>
      compilePolicy(policy)
        .forService(service)
        .map((s) => s.source.sid!.value);
    expect(sids('secretsmanager')).to.deep.equal(['Sm', 'Any', 'WildService', 'Not']);
    expect(sids('s3')).to.deep.equal(['S3', 'Any', 'WildService', 'Not']);
    expect(sids('kms')).to.deep.equal(['Any', 'WildService', 'Not']);
    expect(compilePolicy(policy).forService('kms')).to.equal(compilePolicy(policy).forService('kms'));
  });

  it('indexes statements by the actions they match', () => {
    const sids = (action: string): string[] =>
      compilePolicy(policy)
        .forAction(action, action.split(':')[0])
        .map((s) => s.source.sid!.value);
    expect(sids('secretsmanager:getsecretvalue')).to.deep.equal(['Sm', 'Any', 'Not']);
    expect(sids('secretsmanager:listsecrets')).to.deep.equal(['Any', 'WildService', 'Not']);
    expect(sids('iam:getuser')).to.deep.equal(['Any']);
  });
});

describe("layerPlan (the fast path's per-action plan of a layer)", () => {
  const doc = (statements: unknown[]): unknown => ({ Version: '2012-10-17', Statement: statements });
  const a = toPolicy(
    doc([
      { Sid: 'A1', Effect: 'Allow', Action: 'secretsmanager:Get*', Resource: '*' },
      { Sid: 'D1', Effect: 'Deny', Action: 'secretsmanager:*', Resource: 'arn:aws:secretsmanager:*:*:secret:x' },
      { Sid: 'S3', Effect: 'Deny', Action: 's3:*', Resource: '*' },
    ]),
    'a',
    'identity',
  );
  const b = toPolicy(
    doc([
      { Sid: 'D2', Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
      { Sid: 'A2', Effect: 'Allow', Action: '*', Resource: '*' },
    ]),
    'b',
    'identity',
  );
  const action = 'secretsmanager:getsecretvalue';
  const sids = (list: readonly { cs: { source: { sid?: { value: string } } } }[]): string[] => list.map((e) => e.cs.source.sid!.value);

  it('splits the matching statements of every policy into Denies and Allows, each in document order', () => {
    const plan = layerPlan(new WeakMap(), [a, b], action, 'secretsmanager');
    expect(sids(plan.denies)).to.deep.equal(['D1', 'D2']);
    expect(sids(plan.allows)).to.deep.equal(['A1', 'A2']);
    expect(plan.denies.map((d) => d.denyVerdict)).to.deep.equal([
      { deny: true, denyPolicy: 'a', allow: false },
      { deny: true, denyPolicy: 'b', allow: false },
    ]);
    expect(Object.isFrozen(plan.denies[0].denyVerdict)).to.equal(true);
  });

  it('caches a plan per array (or policy) identity, and a new array gets its own plan', () => {
    const cache: PlanCache = new WeakMap();
    const layer = [a];
    const first = layerPlan(cache, layer, action, 'secretsmanager');
    expect(layerPlan(cache, layer, action, 'secretsmanager')).to.equal(first);
    expect(layerPlan(cache, a, action, 'secretsmanager'), 'a single policy is its own key').to.not.equal(first);
    const grown = [a, b];
    expect(sids(layerPlan(cache, grown, action, 'secretsmanager').denies)).to.deep.equal(['D1', 'D2']);
    expect(sids(layerPlan(cache, layer, action, 'secretsmanager').denies), 'the old array keeps its plan').to.deep.equal(['D1']);
  });

  it('gives each action its own plans through evaluate: the same policies decide per action', () => {
    const policies = { identity: [a] };
    const req = (act: string, arn: string): AuthorizationRequest => ({
      principal: { arn: 'arn:aws:iam::111122223333:user/alice' },
      action: act,
      resource: { arn },
      context: {},
    });
    const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:y';
    expect(evaluate(req('secretsmanager:GetSecretValue', secret), policies).decision).to.equal('allow');
    expect(evaluate(req('secretsmanager:PutSecretValue', secret), policies).decision).to.equal('implicitDeny');
    expect(
      evaluate(req('SecretsManager:GETSecretValue', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x'), policies).decision,
    ).to.equal('explicitDeny');
    expect(evaluate(req('s3:GetObject', 'arn:aws:s3:::b/k'), policies).decision).to.equal('explicitDeny');
  });
});
