/**
 * AWS KMS's quirks.
 *
 * Key policies must allow: "Unless the key policy explicitly allows it, you cannot use IAM policies
 * to allow access to a KMS key. Without permission from the key policy, IAM policies that allow
 * permissions have no effect" and "No AWS principal, including the account root user or key
 * creator, has any permissions to a KMS key unless they are explicitly allowed, and never denied,
 * in a key policy, IAM policy, or grant" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html,
 * introduction); also the policy evaluation logic page: "IAM role trust policies and KMS key
 * policies are exceptions to this logic, because they must explicitly allow access for principals"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
 * So every `kms:` action on a key (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`) needs an Allow in the
 * key policy (the scenario's resource-based policy). A key policy naming the account delegates to
 * the account's IAM policies, as the default key policy does ("The default key policy enables IAM
 * policies", same page); one naming the caller allows on its own. Grants are not modelled.
 *
 * RCPs do not apply to AWS managed keys ("Resource control policies in your organization do not
 * apply to AWS managed keys", https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html, note). The
 * request says a key is AWS managed with the resource attribute `keyManager: AWS` (DescribeKey's
 * `KeyManager`, https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html); without
 * it a key is taken to be customer managed.
 *
 * Cross-account operations: "Cross-account permission is effective only for the following
 * operations" and "If you give a user in a different account permission for other operations,
 * those permissions have no effect. For example, if you give a principal in a different account
 * kms:ListKeys permission in an IAM policy, or kms:ScheduleKeyDeletion permission on a KMS key in a
 * key policy, the user's attempts to call those operations on your resources still fail"
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html,
 * "Allowing users in other accounts to use a KMS key"; the "Cross-account use" column of
 * https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html and the
 * "Cross-account use" line of each API reference page): CreateGrant, Decrypt, DeriveSharedSecret,
 * DescribeKey, Encrypt, GenerateDataKey, GenerateDataKeyPair,
 * GenerateDataKeyPairWithoutPlaintext, GenerateDataKeyWithoutPlaintext, GenerateMac,
 * GetKeyRotationStatus, GetPublicKey, ListGrants, ReEncrypt (the permissions `kms:ReEncryptFrom`
 * and `kms:ReEncryptTo`), RetireGrant, RevokeGrant, Sign, Verify, VerifyMac. Any other action on a
 * key of another account (ScheduleKeyDeletion, PutKeyPolicy, DisableKey, ...) is implicitly denied
 * by the `service` layer, whatever the key policy and the caller's policies allow.
 */
import type { RequestResource } from '../types';
import type { ServiceRequest, ServiceRules } from './types';

/** The key operations for which cross-account permission is effective (lowercase names). */
export const kmsCrossAccountActions: ReadonlySet<string> = new Set([
  'creategrant',
  'decrypt',
  'derivesharedsecret',
  'describekey',
  'encrypt',
  'generatedatakey',
  'generatedatakeypair',
  'generatedatakeypairwithoutplaintext',
  'generatedatakeywithoutplaintext',
  'generatemac',
  'getkeyrotationstatus',
  'getpublickey',
  'listgrants',
  'reencryptfrom',
  'reencryptto',
  'retiregrant',
  'revokegrant',
  'sign',
  'verify',
  'verifymac',
]);

/** KMS's reasons to deny, by id (the explanation carries the id; reporters word it). */
export const kmsDenials = ['notCrossAccount'] as const;

const keyArn = /^arn:[^:]+:kms:[^:]*:\d{12}:key\//;

/** True when the resource is a KMS key (not an alias or `*`). */
export function isKmsKey(resource: RequestResource): boolean {
  return keyArn.test(resource.arn);
}

/** KMS's key policy rule, its cross-account operations and its AWS managed key RCP exemption. */
export const kmsRules: ServiceRules = {
  prefix: 'kms',
  rcp: true,
  attributes: {
    keyManager: {
      description: 'KMS: `AWS` for an AWS managed key, `CUSTOMER` (default) for a customer managed key.',
      type: 'string',
      pattern: '^(AWS|CUSTOMER|.*[$][{][A-Za-z_][A-Za-z0-9_]*[}].*)$',
      expected: '`AWS` or `CUSTOMER`',
    },
  },
  requiredResourcePolicy(request) {
    return request.resource && isKmsKey(request.resource) ? 'key policy' : undefined;
  },
  deny(request: ServiceRequest) {
    const { resource, resourceAccount, principal } = request;
    // Only callers of another account: anonymous callers and service principals have no account.
    if (
      !resource ||
      !isKmsKey(resource) ||
      principal.account === undefined ||
      resourceAccount === undefined ||
      principal.account === resourceAccount
    )
      return undefined;
    return kmsCrossAccountActions.has(request.actionName) ? undefined : ('notCrossAccount' satisfies (typeof kmsDenials)[number]);
  },
  rcpExempt(resource) {
    return resource.attributes?.keyManager?.toUpperCase() === 'AWS';
  },
};
