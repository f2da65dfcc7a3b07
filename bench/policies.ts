/**
 * The engine workload's policy documents, written as IAM JSON and parsed by the real policy parser
 * (`parsePolicyText`), so the bench measures the policies a user would write.
 *
 * Accounts: {@link accounts}. The owner and the peer account are members of one organization;
 * the partner account is outside it.
 */
import { parsePolicyText } from '../runner/policy/parse';
import type { Policy, PolicyKind } from '../runner/policy/types';

/** The workload's accounts. */
export const accounts = {
  owner: '111122223333',
  peer: '222233334444',
  partner: '444455556666',
} as const;

const sm = (names: string[]): string[] => names.map((n) => `secretsmanager:${n}`);
const { owner, peer, partner } = accounts;

/** Identity-based policies, by name: wildcards in Action and Resource, a policy variable, noise for other services. */
export const identityDocs: Record<string, unknown> = {
  'sm-read': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: sm(['Get*', 'Describe*', 'List*']), Resource: `arn:aws:secretsmanager:*:${owner}:secret:app/*` },
      { Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' },
    ],
  },
  'sm-write-team': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: sm(['Put*', 'Update*', '*Rotat*', 'TagResource']),
        Resource: `arn:aws:secretsmanager:us-east-1:${owner}:secret:app/\${aws:PrincipalTag/team}-*`,
      },
    ],
  },
  'sm-admin': {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'All', Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' },
      {
        Sid: 'OnlyAdminsDelete',
        Effect: 'Deny',
        Action: sm(['Delete*', '*ResourcePolicy']),
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalTag/role': 'admin' } },
      },
    ],
  },
  'cross-read': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: sm(['GetSecretValue', 'Describe*']),
        Resource: `arn:aws:secretsmanager:us-east-1:${owner}:secret:shared/*`,
      },
    ],
  },
  'sm-read-wild': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*Secret*', Resource: 'arn:aws:secretsmanager:*:*:secret:*' }],
  },
  noise: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:List*'], Resource: ['arn:aws:s3:::app-bucket', 'arn:aws:s3:::app-bucket/*'] },
      { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:us-east-1:${owner}:table/orders` },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: `arn:aws:kms:us-east-1:${owner}:key/*` },
      { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
    ],
  },
};

/** Deny statements every secret's resource policy carries: TLS only, known networks, team tags. */
const guardStatements = (teams: string[], ipActions: string[]): unknown[] => [
  {
    Sid: 'TlsOnly',
    Effect: 'Deny',
    Principal: '*',
    Action: 'secretsmanager:*',
    Resource: '*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
  {
    Sid: 'KnownNetworks',
    Effect: 'Deny',
    Principal: '*',
    Action: ipActions,
    Resource: '*',
    Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '203.0.113.0/24'] } },
  },
  {
    Sid: 'TeamsOnly',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: sm(['GetSecretValue', 'PutSecretValue', 'Delete*']),
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:PrincipalTag/team': teams } },
  },
];

/** Resource-based policies, by name. */
export const resourceDocs: Record<string, unknown> = {
  'app-secret': {
    Version: '2012-10-17',
    Statement: guardStatements(['payments', 'platform'], sm(['GetSecretValue', 'PutSecretValue'])),
  },
  'shared-secret': {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Share',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${peer}:root`, `arn:aws:iam::${partner}:user/mary`, `arn:aws:iam::${partner}:role/auditor`] },
        Action: sm(['GetSecretValue', 'DescribeSecret']),
        Resource: '*',
      },
      ...guardStatements(['payments', 'reporting'], ['secretsmanager:*']),
    ],
  },
};

/** SCP levels: root (FullAWSAccess) and one OU (allow-list, region lock, delete protection). */
export const scpDocs: Record<string, unknown>[] = [
  { 'full-aws-access': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
  {
    'allow-list': {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['secretsmanager:*', 's3:*', 'kms:*', 'logs:*'], Resource: '*' }],
    },
    'region-lock': {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        },
      ],
    },
    'protect-secrets': {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: sm(['DeleteSecret', 'RemoveRegionsFromReplication']),
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } },
        },
      ],
    },
  },
];

/** Parses one document with the real parser; a document it rejects is a bug in the bench. */
export function parseDoc(doc: unknown, name: string, kind: PolicyKind): Policy {
  const r = parsePolicyText(JSON.stringify(doc, null, 2), { file: `bench/${name}.json`, name, kind });
  if (!r.value) throw new Error(`bench policy \`${name}\` is invalid: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

/** Parses every document of a name → document map. */
export function parseAll(docs: Record<string, unknown>, kind: PolicyKind): Map<string, Policy> {
  return new Map(Object.entries(docs).map(([name, doc]) => [name, parseDoc(doc, name, kind)]));
}
