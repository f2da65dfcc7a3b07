/**
 * Secrets Manager's quirks.
 *
 * Condition keys derived from the secret (Service Authorization Reference, "Actions, resources,
 * and condition keys for AWS Secrets Manager", section "Condition keys for AWS Secrets Manager":
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html):
 * `secretsmanager:SecretId` (the secret's ARN), `secretsmanager:ResourceTag/<key>` (derived for
 * every service that has such keys, services/resource-tag-keys.ts),
 * `secretsmanager:resource/AllowRotationLambdaArn` (attribute `rotationLambdaArn`),
 * `secretsmanager:SecretPrimaryRegion` (attribute `primaryRegion`).
 *
 * Cross-account operations: "Cross-account permission is effective only for the following
 * operations" (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html):
 * CancelRotateSecret, DeleteResourcePolicy, DeleteSecret, DescribeSecret, GetRandomPassword,
 * GetResourcePolicy, GetSecretValue, ListSecretVersionIds, PutResourcePolicy, PutSecretValue,
 * RemoveRegionsFromReplication, ReplicateSecretToRegions, RestoreSecret, RotateSecret,
 * StopReplicationToReplica, TagResource, UntagResource, UpdateSecret, UpdateSecretVersionStage,
 * ValidateResourcePolicy. Any other action on a secret of another account (BatchGetSecretValue,
 * ListSecrets, ...) is implicitly denied by the `service` layer, whatever the policies allow.
 *
 * The AWS managed key rule: "you can't use the AWS managed key (aws/secretsmanager) for
 * cross-account access" (same page). A secret encrypted with it (attribute `kmsKeyId` absent, or
 * naming that alias) cannot be read (GetSecretValue, BatchGetSecretValue) nor written
 * (PutSecretValue, which encrypts the new value with the secret's key) from another account.
 * UpdateSecret and RotateSecret encrypt a value only when the request carries one (a new
 * SecretString or SecretBinary; a rotation whose function calls PutSecretValue), which the request
 * model does not say: they are left to the policies.
 * Sources: AWS re:Post, "How do I apply a resource-based policy on an AWS Secrets Manager secret?"
 * (https://repost.aws/knowledge-center/secrets-manager-resource-policy: "When the secret is encrypted by a default AWS KMS key, an IAM principal in a
 * third-party account can't retrieve the secret"), and "Access AWS Secrets Manager secrets from a
 * different account" (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html):
 * the secret must be encrypted with a customer managed key whose key policy lets the other account
 * decrypt. The failure is the KMS key policy of the AWS managed key not allowing `kms:Decrypt` to
 * the other account: no statement denies it, so the decision is `implicitDeny`, decided by the
 * `service` layer. An explicit Deny anywhere still makes it `explicitDeny`.
 *
 * Customer managed keys: reading the value of a secret encrypted with a customer managed key is
 * also a `kms:Decrypt` request by the caller on that key, and writing it a `kms:GenerateDataKey`
 * request, which Secrets Manager makes in the caller's name (dependent requests, dependents.ts;
 * rule `dependentRequest` in decide.ts). Its encryption context is the secret's ARN under the key
 * `SecretARN` and the version under `SecretVersionId`, and it calls KMS through itself, so `kms:ViaService` is `secretsmanager.REGION.amazonaws.com`
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html, sections
 * "Secrets Manager encryption context" and "How Secrets Manager uses your KMS key";
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html, section
 * "kms:ViaService"). The version id is not known offline, so only its name is in
 * `kms:EncryptionContextKeys`. The request is made only when the scenario declares the key (the
 * policy set's `related` map, built by runner/plan.ts from the secret's `kmsKeyId`).
 */
import type { RequestResource } from '../types';
import type { DependentRequestSpec, ServiceRequest, ServiceRules } from './types';

/** Actions that decrypt or encrypt the secret value with the secret's KMS key. */
const keyActions: ReadonlySet<string> = new Set(['getsecretvalue', 'batchgetsecretvalue', 'putsecretvalue']);

/** The KMS request Secrets Manager makes for each value action, with its id (reporters word it). */
const keyRequests: ReadonlyMap<string, { id: string; action: string }> = new Map([
  ['getsecretvalue', { id: 'decryptSecretValue', action: 'kms:Decrypt' }],
  ['batchgetsecretvalue', { id: 'decryptSecretValue', action: 'kms:Decrypt' }],
  ['putsecretvalue', { id: 'encryptSecretValue', action: 'kms:GenerateDataKey' }],
]);

/** The ids of Secrets Manager's dependent requests (reports/explain-words.ts words them). */
export const secretsManagerDependents = ['decryptSecretValue', 'encryptSecretValue'] as const;

/** The KMS request of a value action on a secret encrypted with a customer managed key. */
function keyRequest(request: ServiceRequest): DependentRequestSpec[] | undefined {
  const { resource, principal } = request;
  const kind = keyRequests.get(request.actionName);
  if (!kind || !resource || usesAwsManagedKey(resource)) return undefined;
  const region = resource.arn.split(':')[3];
  const context: Record<string, string | string[]> = {
    'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
    'kms:EncryptionContext:SecretARN': resource.arn,
    'kms:EncryptionContextKeys': ['SecretARN', 'SecretVersionId'],
  };
  // kms:CallerAccount: the account of the caller (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html, section "kms:CallerAccount").
  if (principal.account !== undefined) context['kms:CallerAccount'] = principal.account;
  return [{ id: kind.id, action: kind.action, resource: resource.attributes!.kmsKeyId!, context }];
}

/** The actions for which cross-account permission is effective (lowercase names). */
export const crossAccountActions: ReadonlySet<string> = new Set([
  'cancelrotatesecret',
  'deleteresourcepolicy',
  'deletesecret',
  'describesecret',
  'getrandompassword',
  'getresourcepolicy',
  'getsecretvalue',
  'listsecretversionids',
  'putresourcepolicy',
  'putsecretvalue',
  'removeregionsfromreplication',
  'replicatesecrettoregions',
  'restoresecret',
  'rotatesecret',
  'stopreplicationtoreplica',
  'tagresource',
  'untagresource',
  'updatesecret',
  'updatesecretversionstage',
  'validateresourcepolicy',
]);

/** True when the secret uses the AWS managed key `aws/secretsmanager`. */
export function usesAwsManagedKey(resource: RequestResource): boolean {
  const key = resource.attributes?.kmsKeyId;
  return key === undefined || key === 'alias/aws/secretsmanager' || key.endsWith(':alias/aws/secretsmanager');
}

const attributeKeys: readonly [string, string][] = [
  ['secretsmanager:resource/AllowRotationLambdaArn', 'rotationLambdaArn'],
  ['secretsmanager:SecretPrimaryRegion', 'primaryRegion'],
];

const attributeByKey: ReadonlyMap<string, string> = new Map(attributeKeys.map(([key, attribute]) => [key.toLowerCase(), attribute]));

/**
 * Secrets Manager's reasons to deny, by id (the explanation carries the id; reporters word it):
 * an action outside the cross-account list, or a secret encrypted with the AWS managed key.
 */
export const secretsManagerDenials = ['notCrossAccount', 'awsManagedKey'] as const;

type Denial = (typeof secretsManagerDenials)[number];

/** Secrets Manager's derived keys, its cross-account operations and its AWS managed key rule. */
export const secretsManagerRules: ServiceRules = {
  prefix: 'secretsmanager',
  rcp: true,
  attributes: {
    kmsKeyId: {
      description:
        'Secrets Manager: the KMS key that encrypts the secret (an id, alias or ARN); default: the AWS managed key `aws/secretsmanager`.',
      type: 'string',
      minLength: 1,
      expected: 'a KMS key id, alias or ARN',
    },
    rotationLambdaArn: {
      description: "Secrets Manager: the secret's rotation function, which `secretsmanager:resource/AllowRotationLambdaArn` takes.",
      type: 'string',
      minLength: 1,
      expected: 'a Lambda function ARN',
    },
    primaryRegion: {
      description: 'Secrets Manager: the Region of the primary secret of a replica.',
      type: 'string',
      minLength: 1,
      expected: 'a region such as `us-east-1`',
    },
  },
  contextValue(lowerKey, resource) {
    if (!lowerKey.startsWith('secretsmanager:')) return undefined;
    if (lowerKey === 'secretsmanager:secretid') return resource.arn;
    const attribute = attributeByKey.get(lowerKey);
    return attribute === undefined ? undefined : resource.attributes?.[attribute];
  },
  contextKeys(resource) {
    const out: Record<string, string> = { 'secretsmanager:SecretId': resource.arn };
    for (const [key, attribute] of attributeKeys) {
      const v = resource.attributes?.[attribute];
      if (v !== undefined) out[key] = v;
    }
    return out;
  },
  dependents: keyRequest,
  deny(request: ServiceRequest) {
    const { resource, resourceAccount, principal } = request;
    // Only callers of another account: anonymous callers and service principals have no account.
    if (!resource || resourceAccount === undefined || principal.account === undefined || principal.account === resourceAccount)
      return undefined;
    if (!crossAccountActions.has(request.actionName)) return 'notCrossAccount' satisfies Denial;
    if (!keyActions.has(request.actionName) || !usesAwsManagedKey(resource)) return undefined;
    return 'awsManagedKey' satisfies Denial;
  },
};
