/**
 * Requests and policies whose explanations the tests read twice: runner/engine/explain.test.ts
 * asserts the explanation as data (rule, layers, statements, spans), reports/explain-words.test.ts
 * the words reporters give it. Each situation is built here once, so the two agree on what they
 * describe and each assertion has one home.
 */
import { evaluate } from '../evaluate';
import type { AuthorizationRequest, Explanation, PolicySet } from '../types';
import type { Policy } from '../../policy/types';
import { toPolicy } from './fixtures';

/** Alice's home secret. */
export const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:home/alice-AbCdEf';

/** Alice reads her secret from 203.0.113.9 (no `aws:SecureTransport`). */
export const request: AuthorizationRequest = {
  principal: { arn: 'arn:aws:iam::111122223333:user/alice' },
  action: 'secretsmanager:GetSecretValue',
  resource: { arn: secret },
  context: { 'aws:SourceIp': '203.0.113.9' },
};

/** `app-read`: an s3 statement, and `Home`, which needs the address range and TLS. */
export const identity: Policy = toPolicy(
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

/** The explanation of `req` under `policies`. */
export function explain(req: AuthorizationRequest, policies: PolicySet): Explanation {
  return evaluate(req, policies, { explain: true }).explanation!;
}

const allowGet = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const role: AuthorizationRequest = { ...request, principal: { arn: 'arn:aws:iam::111122223333:role/app' } };
const own = toPolicy({ Version: '2012-10-17', Statement: [allowGet] }, 'own', 'identity');
const to = (arn: string): Policy =>
  toPolicy({ Version: '2012-10-17', Statement: [{ ...allowGet, Principal: { AWS: arn } }] }, 'res', 'resource');

/** Who granted, in four settings of identity-based and resource-based policies. */
export function grants(): Record<'sameAccountUser' | 'identityOnly' | 'roleResourceOnly' | 'roleBoth', Explanation> {
  return {
    sameAccountUser: explain(request, { identity: [], resource: to('arn:aws:iam::111122223333:user/alice') }),
    identityOnly: explain(request, { identity: [own] }),
    roleResourceOnly: explain(role, { identity: [], resource: to('arn:aws:iam::111122223333:role/app') }),
    roleBoth: explain(role, { identity: [own], resource: to('arn:aws:iam::111122223333:role/app') }),
  };
}

/** `kms:Decrypt` on a key the scenario gives no key policy for. */
export function missingKeyPolicy(): Explanation {
  const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const kmsAll = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }, 'kms-all', 'identity');
  return explain({ ...request, action: 'kms:Decrypt', resource: { arn: key } }, { identity: [kmsAll] });
}

/** SCP levels 0 and 1 allow everything, level 2 only s3. */
export function scpLevelWithoutAllow(): Explanation {
  const allowAll = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'full-access', 'scp');
  const s3Only = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, 's3-only', 'scp');
  return explain(request, {
    identity: [identity],
    organization: { id: 'o-a1b2c3d4e5', accounts: ['111122223333'], scps: [[allowAll], [allowAll], [s3Only]], rcps: [] },
  });
}

/** `deny-alice`, a resource-based policy, denies Alice; `app-read` would allow. */
export function resourceDeny(): { explanation: Explanation; deny: Policy } {
  const deny = toPolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' },
      ],
    },
    'deny-alice',
    'resource',
  );
  const withTls = { ...request, context: { 'aws:SourceIp': '203.0.113.9', 'aws:SecureTransport': 'true' } };
  return { explanation: explain(withTls, { identity: [identity], resource: deny }), deny };
}

/** Another account reads a secret encrypted with the AWS managed key (Secrets Manager's rule). */
export function serviceRuleDenial(): Explanation {
  const share = toPolicy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'secretsmanager:*', Resource: '*' }] },
    'share',
    'resource',
  );
  const all = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'all', 'identity');
  const mary = { principal: { arn: 'arn:aws:iam::444455556666:user/mary' }, action: request.action, resource: { arn: secret }, context: {} };
  return explain(mary, { identity: [all], resource: share });
}

/** Through a VPC endpoint whose policy allows only `DescribeSecret`; and the same request without an endpoint. */
export function endpointWithoutAllow(): { via: Explanation; plain: Explanation } {
  const all = toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] }, 'own', 'identity');
  const onlyDescribe = toPolicy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:DescribeSecret', Resource: '*' }] },
    'endpoint-policy',
    'endpoint',
  );
  return {
    via: explain({ ...request, endpoint: { id: 'vpce-1a2b3c4d', type: 'interface' } }, { identity: [all], endpoint: onlyDescribe }),
    plain: explain(request, { identity: [all] }),
  };
}

/** A GitHub Actions caller assumes a role that has no trust policy. */
export function federatedWithoutTrust(): Explanation {
  const github = { federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' };
  return explain(
    { principal: github, action: 'sts:AssumeRoleWithWebIdentity', resource: { arn: 'arn:aws:iam::111122223333:role/deploy' }, context: {} },
    { identity: [] },
  );
}
