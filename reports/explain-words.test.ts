import { expect } from 'chai';
import { evaluate } from '../runner/engine/evaluate';
import { toPolicy } from '../runner/engine/testdata/fixtures';
import type { AuthorizationRequest, PolicySet } from '../runner/engine/types';
import { layerReason, ruleSentence } from './explain-words';

const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:home/alice-AbCdEf';

describe("explain-words: the engine's explanation in words", () => {
  const request: AuthorizationRequest = {
    principal: { arn: 'arn:aws:iam::111122223333:user/alice' },
    action: 'secretsmanager:GetSecretValue',
    resource: { arn: secret },
    context: { 'aws:SourceIp': '203.0.113.9' },
  };
  const identity = toPolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Other', Effect: 'Allow', Action: 's3:*', Resource: '*' },
        {
          Sid: 'Home',
          Effect: 'Allow',
          Action: 'secretsmanager:Get*',
          Resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:home/${aws:username}-*',
          Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
    },
    'app-read',
    'identity',
  );

  it('words the rule that decided', () => {
    const x = evaluate(request, { identity: [identity] }, { explain: true }).explanation!;
    expect(ruleSentence(x)).to.equal('no identity-based policy allows `secretsmanager:GetSecretValue`');
  });

  it('agrees the verb with the layers that granted', () => {
    const allowGet = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
    const toAlice = toPolicy(
      { Version: '2012-10-17', Statement: [{ ...allowGet, Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' } }] },
      'res',
      'resource',
    );
    const own = toPolicy({ Version: '2012-10-17', Statement: [allowGet] }, 'own', 'identity');
    const summary = (policies: PolicySet): string => ruleSentence(evaluate(request, policies, { explain: true }).explanation!);
    expect(summary({ identity: [], resource: toAlice })).to.equal(
      'the resource-based policy in the same account names the caller: it allows `secretsmanager:GetSecretValue`',
    );
    expect(summary({ identity: [own] })).to.equal('the identity-based policies allow `secretsmanager:GetSecretValue`');
    const role: AuthorizationRequest = { ...request, principal: { arn: 'arn:aws:iam::111122223333:role/app' } };
    const toRole = toPolicy(
      { Version: '2012-10-17', Statement: [{ ...allowGet, Principal: { AWS: 'arn:aws:iam::111122223333:role/app' } }] },
      'res',
      'resource',
    );
    expect(ruleSentence(evaluate(role, { identity: [], resource: toRole }, { explain: true }).explanation!)).to.equal(
      'the resource-based policy allows `secretsmanager:GetSecretValue`',
    );
    expect(ruleSentence(evaluate(role, { identity: [own], resource: toRole }, { explain: true }).explanation!)).to.equal(
      'the identity-based policies and the resource-based policy allow `secretsmanager:GetSecretValue`',
    );
  });

  it('words a VPC endpoint policy that does not allow, and an endpoint layer that takes no part', () => {
    const own = toPolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] },
      'own',
      'identity',
    );
    const onlyDescribe = toPolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:DescribeSecret', Resource: '*' }] },
      'endpoint-policy',
      'endpoint',
    );
    const via: AuthorizationRequest = { ...request, endpoint: { id: 'vpce-1a2b3c4d', type: 'interface' } };
    const x = evaluate(via, { identity: [own], endpoint: onlyDescribe }, { explain: true }).explanation!;
    expect(x.decidedBy).to.equal('endpoint');
    expect(ruleSentence(x)).to.equal(
      'the VPC endpoint policy has no Allow for `secretsmanager:GetSecretValue` by this caller, and a request through the endpoint needs one',
    );
    const plain = evaluate(request, { identity: [own] }, { explain: true }).explanation!;
    const endpointLayer = plain.layers.find((l) => l.layer === 'endpoint')!;
    expect(layerReason(plain, endpointLayer)).to.equal(
      'no VPC endpoint policy applies (no endpoint, or one with the default full-access policy)',
    );
  });

  it('names a federated caller that no trust policy statement allows', () => {
    const role = { arn: 'arn:aws:iam::111122223333:role/deploy' };
    const github = { federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' };
    const x = evaluate(
      { principal: github, action: 'sts:AssumeRoleWithWebIdentity', resource: role, context: {} },
      { identity: [] },
      { explain: true },
    ).explanation!;
    expect(ruleSentence(x)).to.equal('no resource-based policy statement allows the federated caller `sts:AssumeRoleWithWebIdentity`');
  });

  it('names a missing key policy that had to allow on the deciding layer line', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const kmsAll = toPolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] },
      'kms-all',
      'identity',
    );
    const x = evaluate(
      { ...request, action: 'kms:Decrypt', resource: { arn: key } },
      { identity: [kmsAll] },
      { explain: true },
    ).explanation!;
    expect(x.decision).to.equal('implicitDeny');
    expect(x.decidedBy).to.equal('resource');
    expect(ruleSentence(x)).to.equal('the scenario gives no key policy, and a key policy must allow `kms:Decrypt` even within one account');
    const resource = x.layers.find((l) => l.layer === 'resource')!;
    expect(resource).to.deep.equal({ layer: 'resource', result: 'implicitDeny' });
    expect(layerReason(x, resource)).to.equal(ruleSentence(x));
  });

  it('names the SCP level that has no Allow', () => {
    const allowAll = toPolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      'full-access',
      'scp',
    );
    const s3Only = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, 's3-only', 'scp');
    const policies: PolicySet = {
      identity: [identity],
      organization: { id: 'o-a1b2c3d4e5', accounts: ['111122223333'], scps: [[allowAll], [allowAll], [s3Only]], rcps: [] },
    };
    const x = evaluate(request, policies, { explain: true }).explanation!;
    expect(x.decision).to.equal('implicitDeny');
    expect(x.decidedBy).to.equal('scp');
    expect(ruleSentence(x)).to.equal('SCP level 2 has no Allow for `secretsmanager:GetSecretValue`');
    expect(x.layers.filter((l) => l.layer === 'scp').map((l) => [l.level, l.result])).to.deep.equal([
      [0, 'allow'],
      [1, 'allow'],
      [2, 'implicitDeny'],
    ]);
    expect(x.layers.find((l) => l.layer === 'rcp')).to.include({ result: 'notApplicable' });
  });

  it('lists the statements that decided, with their spans', () => {
    const deny = toPolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          },
        ],
      },
      'deny-alice',
      'resource',
    );
    const x = evaluate(
      { ...request, context: { 'aws:SourceIp': '203.0.113.9', 'aws:SecureTransport': 'true' } },
      { identity: [identity], resource: deny },
      { explain: true },
    ).explanation!;
    expect(x.decision).to.equal('explicitDeny');
    expect(ruleSentence(x)).to.equal('policy `deny-alice` (resource-based policy) explicitly denies `secretsmanager:GetSecretValue`');
    expect(x.deciding.map((d) => [d.policy, d.layer, d.index])).to.deep.equal([['deny-alice', 'resource', 0]]);
    expect(x.deciding[0].span).to.deep.equal(deny.statements[0].span);
    const principal = x.policies.find((p) => p.name === 'deny-alice')!.statements[0].elements.find((e) => e.element === 'Principal');
    expect(principal).to.include({ matched: true, entry: 'arn:aws:iam::111122223333:user/alice' });
  });

  it('reports the service rule as the deciding layer', () => {
    const share = toPolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'secretsmanager:*', Resource: '*' }],
      },
      'share',
      'resource',
    );
    const all = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'all', 'identity');
    const r = evaluate(
      {
        principal: { arn: 'arn:aws:iam::444455556666:user/mary' },
        action: 'secretsmanager:GetSecretValue',
        resource: { arn: secret },
        context: {},
      },
      { identity: [all], resource: share },
      { explain: true },
    );
    expect(r.decision).to.equal('implicitDeny');
    expect(r.explanation!.decidedBy).to.equal('service');
    expect(ruleSentence(r.explanation!)).to.match(/aws\/secretsmanager/);
    expect(r.explanation!.layers.find((l) => l.layer === 'service')).to.include({ result: 'implicitDeny' });
  });
});
