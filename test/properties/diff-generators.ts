/**
 * fast-check generators of identity-based policy pairs and requests for the `iamspec diff`
 * properties (diff.test.ts, and the 1,000-pair run diff-pairs.slow.ts). The vocabulary is small on
 * purpose, so random statements overlap, nest and contradict each other often.
 */
import fc from 'fast-check';
import type { AuthorizationRequest, ContextValue } from '../../runner/engine/types';
import { parsePolicyText } from '../../runner/policy/parse';
import type { Policy } from '../../runner/policy/types';

const actions = [
  's3:GetObject',
  's3:PutObject',
  's3:Get*',
  's3:*',
  's3:List*',
  'sqs:SendMessage',
  'sqs:*',
  'ec2:Describe*',
  'iam:PassRole',
  '*',
];
const resources = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/x*',
  'arn:aws:s3:::c/*',
  'arn:aws:s3:::b',
  'arn:aws:sqs:us-east-1:111122223333:q',
  'arn:aws:sqs:*:111122223333:*',
  'arn:aws:s3:::?/*',
];
const conditions: Record<string, Record<string, string | string[]>>[] = [
  { StringEquals: { 'aws:PrincipalTag/team': 'a' } },
  { StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } },
  { StringLike: { 'aws:PrincipalTag/team': 'a*' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'b' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } },
  { NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } },
  { NumericLessThan: { 's3:max-keys': '10' } },
  { NumericGreaterThanEquals: { 's3:max-keys': '5' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { Null: { 'aws:TokenIssueTime': 'true' } },
  { StringEqualsIfExists: { 'aws:RequestedRegion': 'us-east-1' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
  { DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
  { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } },
];

/** One statement as written in a policy file. */
export type StatementJson = Record<string, unknown>;

const someOf = <T>(items: readonly T[]): fc.Arbitrary<T[]> => fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: 2 });

/** A statement: Allow four times in five; Action (or NotAction), Resource (or NotResource), maybe a condition. */
export const statementArb: fc.Arbitrary<StatementJson> = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
    actions: someOf(actions),
    notResource: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    resources: someOf(resources),
    condition: fc.option(fc.constantFrom(...conditions), { freq: 2 }),
    notActionRoll: fc.integer({ min: 0, max: 9 }),
  })
  .map((r) => ({
    Effect: r.effect,
    [r.notActionRoll === 0 ? 'NotAction' : 'Action']: r.actions,
    [r.notResource ? 'NotResource' : 'Resource']: r.resources,
    ...(r.condition ? { Condition: r.condition } : {}),
  }));

/** One to four statements. */
export const statementsArb: fc.Arbitrary<StatementJson[]> = fc.array(statementArb, { minLength: 1, maxLength: 4 });

/** Parses statements as an identity-based policy (Version 2012-10-17). */
export function policyOf(statements: readonly StatementJson[], name: string): Policy {
  const r = parsePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: statements }), {
    file: `${name}.json`,
    name,
    kind: 'identity',
  });
  if (!r.value) throw new Error(`generated policy does not parse: ${JSON.stringify(r.diagnostics)}`);
  return r.value;
}

const requestActions = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  'sqs:SendMessage',
  'ec2:DescribeInstances',
  'iam:PassRole',
  'kms:Decrypt',
];
const requestResources = [
  'arn:aws:s3:::b/x',
  'arn:aws:s3:::b/xy',
  'arn:aws:s3:::b/k',
  'arn:aws:s3:::c/k',
  'arn:aws:s3:::b',
  'arn:aws:sqs:us-east-1:111122223333:q',
  'arn:aws:sqs:eu-west-1:111122223333:z',
  undefined,
];
const contextChoices: Record<string, readonly ContextValue[]> = {
  'aws:PrincipalTag/team': ['a', 'b', 'ab', 'c'],
  'aws:SourceIp': ['10.1.2.3', '10.2.0.1', '192.0.2.1'],
  's3:max-keys': ['3', '5', '10', '20'],
  'aws:SecureTransport': ['true', 'false'],
  'aws:TokenIssueTime': ['2025-01-01T00:00:00Z'],
  'aws:RequestedRegion': ['us-east-1', 'eu-west-1'],
  'aws:TagKeys': [['a'], ['a', 'c'], ['c'], []],
  'aws:CurrentTime': ['2025-06-01T00:00:00Z', '2026-06-01T00:00:00Z'],
  'aws:SourceArn': ['arn:aws:sns:us-east-1:111122223333:t', 'arn:aws:sns:us-east-1:444455556666:t'],
};

/** A request of the same vocabulary; each context key absent or one of a few values. */
export const requestArb: fc.Arbitrary<AuthorizationRequest> = fc
  .record({
    action: fc.constantFrom(...requestActions),
    resource: fc.constantFrom(...requestResources),
    context: fc.record(
      Object.fromEntries(Object.entries(contextChoices).map(([k, vs]) => [k, fc.option(fc.constantFrom(...vs), { nil: undefined })])),
    ),
  })
  .map((r) => {
    const context: Record<string, ContextValue> = {};
    for (const [k, v] of Object.entries(r.context)) if (v !== undefined) context[k] = v;
    return {
      action: r.action,
      principal: { arn: 'arn:aws:iam::111122223333:user/iamspec-diff' },
      ...(r.resource !== undefined ? { resource: { arn: r.resource } } : {}),
      context,
    };
  });
