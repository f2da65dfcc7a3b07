import { expect } from 'chai';
import fc from 'fast-check';
import { evaluate } from './evaluate';
import { toPolicy } from './testdata/fixtures';
import { withoutTraces } from './testdata/without-traces';
import type { AuthorizationRequest, PolicySet } from './types';

/**
 * The fast path and the explaining path apply the same rules: on random requests and random
 * policy sets, they give the same decision, and the explanation is consistent with it.
 */

const A = '111122223333';
const B = '444455556666';
const principals = [
  { arn: `arn:aws:iam::${A}:user/alice`, tags: { team: 'payments' } },
  { arn: `arn:aws:iam::${B}:user/mary` },
  { arn: `arn:aws:sts::${A}:assumed-role/app/s1`, tags: { team: 'web' } },
  { arn: `arn:aws:sts::${B}:assumed-role/reader/s2` },
  { arn: `arn:aws:sts::${A}:federated-user/carol` },
  { arn: `arn:aws:iam::${A}:root` },
  { arn: '*' },
  { service: 'lambda.amazonaws.com' },
];
const actions = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets', 's3:GetObject'];
const resources = [
  undefined,
  { arn: `arn:aws:secretsmanager:us-east-1:${A}:secret:payments-AbCdEf`, tags: { env: 'prod' } },
  { arn: `arn:aws:secretsmanager:us-east-1:${A}:secret:shared-AbCdEf`, attributes: { kmsKeyId: `arn:aws:kms:us-east-1:${A}:key/k` } },
  { arn: 'arn:aws:s3:::bucket/home/alice/x' },
];
const actionPatterns = [
  '*',
  'secretsmanager:*',
  'secretsmanager:Get*',
  'secretsmanager:DescribeSecret',
  's3:*',
  'SecretsManager:getsecretvalue',
];
const resourcePatterns = [
  '*',
  `arn:aws:secretsmanager:*:${A}:secret:payments-*`,
  'arn:aws:s3:::bucket/home/${aws:username}/*',
  `arn:aws:secretsmanager:us-east-1:${A}:secret:shared-??????`,
];
const principalEntries: unknown[] = [
  '*',
  { AWS: A },
  { AWS: `arn:aws:iam::${B}:root` },
  { AWS: `arn:aws:iam::${A}:role/app` },
  { AWS: `arn:aws:sts::${A}:assumed-role/app/s1` },
  { AWS: `arn:aws:iam::${A}:user/alice` },
  { Service: 'lambda.amazonaws.com' },
];
const conditions: unknown[] = [
  { StringEquals: { 'aws:PrincipalTag/team': 'payments' } },
  { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
  { StringLikeIfExists: { 'aws:ResourceTag/env': 'pr*' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
  { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } },
  { 'ForAllValues:StringLike': { 'aws:TagKeys': ['e*'] } },
  { Null: { 'aws:PrincipalOrgID': 'true' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:*` } },
  { NumericLessThan: { 's3:max-keys': '10' } },
];
const contexts: Record<string, string | string[]>[] = [
  {},
  { 'aws:SecureTransport': 'true', 'aws:SourceIp': '203.0.113.9' },
  { 'aws:SecureTransport': 'false', 'aws:RequestedRegion': 'eu-west-1', 'aws:TagKeys': ['env', 'team'] },
  { 'aws:SourceIp': '10.1.2.3', 's3:max-keys': '5', 'aws:TagKeys': [] as string[] },
];

const statement = (withPrincipal: boolean) =>
  fc
    .record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      action: fc.tuple(fc.boolean(), fc.subarray(actionPatterns, { minLength: 1, maxLength: 2 })),
      resource: fc.tuple(fc.boolean(), fc.subarray(resourcePatterns, { minLength: 1, maxLength: 2 })),
      principal: fc.constantFrom(...principalEntries),
      condition: fc.subarray(conditions, { maxLength: 2 }),
    })
    .map((s) => {
      const out: Record<string, unknown> = { Effect: s.Effect };
      out[s.action[0] ? 'NotAction' : 'Action'] = s.action[1];
      out[s.resource[0] && s.Effect === 'Deny' ? 'NotResource' : 'Resource'] = s.resource[1];
      if (withPrincipal) out.Principal = s.principal;
      if (s.condition.length > 0) out.Condition = Object.assign({}, ...(s.condition as object[]));
      return out;
    });
// RCPs: Deny only, `Principal: "*"`, no NotAction (runner/policy/kind-rules.ts).
const rcpDoc = fc.array(statement(true), { minLength: 1, maxLength: 2 }).map((st) => ({
  Version: '2012-10-17',
  Statement: st.map(({ NotAction, ...rest }) => ({ ...rest, Effect: 'Deny', Principal: '*', Action: rest.Action ?? NotAction })),
}));
const doc = (withPrincipal: boolean) =>
  fc.array(statement(withPrincipal), { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const input = fc.record({
  principal: fc.constantFrom(...principals),
  action: fc.constantFrom(...actions),
  resource: fc.constantFrom(...resources),
  context: fc.constantFrom(...contexts),
  identity: fc.array(doc(false), { maxLength: 2 }),
  boundary: fc.option(doc(false), { nil: undefined }),
  session: fc.option(fc.array(doc(false), { maxLength: 1 }), { nil: undefined }),
  resourcePolicy: fc.option(doc(true), { nil: undefined }),
  org: fc.option(
    fc.record({
      scps: fc.array(fc.array(doc(false), { minLength: 1, maxLength: 1 }), { maxLength: 2 }),
      rcps: fc.array(fc.array(rcpDoc, { maxLength: 1 }), { maxLength: 2 }),
    }),
    { nil: undefined },
  ),
});

describe('fast and explaining paths', () => {
  it('agree on random requests and policy sets', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(input, (x) => {
        const request: AuthorizationRequest = {
          principal: x.principal,
          action: x.action,
          context: x.context,
          ...(x.resource ? { resource: x.resource } : {}),
        };
        const policies: PolicySet = { identity: x.identity.map((d, i) => toPolicy(d, `identity-${i}`, 'identity')) };
        if (x.boundary) policies.boundary = toPolicy(x.boundary, 'boundary', 'boundary');
        if (x.session) policies.session = x.session.map((d, i) => toPolicy(d, `session-${i}`, 'session'));
        if (x.resourcePolicy) policies.resource = toPolicy(x.resourcePolicy, 'resource', 'resource');
        if (x.org) {
          policies.organization = {
            id: 'o-a1b2c3d4e5',
            accounts: [A],
            scps: x.org.scps.map((l, i) => l.map((d, j) => toPolicy(d, `scp-${i}-${j}`, 'scp'))),
            rcps: x.org.rcps.map((l, i) => l.map((d, j) => toPolicy(d, `rcp-${i}-${j}`, 'rcp'))),
          };
        }
        const fast = evaluate(request, policies);
        const slow = evaluate(request, policies, { explain: true });
        expect(slow.decision).to.equal(fast.decision);
        seen.add(fast.decision);
        const x2 = slow.explanation!;
        // Without statement traces: the same explanation, `policies` empty.
        expect(evaluate(request, policies, { explain: true, statementTraces: false }).explanation).to.deep.equal(withoutTraces(x2));
        expect(x2.decision).to.equal(fast.decision);
        if (fast.decision === 'explicitDeny') expect(x2.deciding.length).to.be.greaterThan(0);
        if (fast.decision === 'implicitDeny') expect(x2.deciding).to.deep.equal([]);
        // Compiled policies are cached: a second fast evaluation decides the same.
        expect(evaluate(request, policies).decision).to.equal(fast.decision);
      }),
      { numRuns: 300, seed: 20261123 },
    );
    // The generator reaches every outcome, so the agreement is not vacuous.
    expect([...seen].sort()).to.deep.equal(['allow', 'explicitDeny', 'implicitDeny']);
  });
});
