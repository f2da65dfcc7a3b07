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
 */
import type { RequestResource } from '../types';
import type { ServiceRules } from './types';

const keyArn = /^arn:[^:]+:kms:[^:]*:\d{12}:key\//;

/** True when the resource is a KMS key (not an alias or `*`). */
export function isKmsKey(resource: RequestResource): boolean {
  return keyArn.test(resource.arn);
}

/** KMS's key policy rule and its AWS managed key RCP exemption. */
export const kmsRules: ServiceRules = {
  prefix: 'kms',
  rcp: true,
  attributes: {
    keyManager: { description: 'KMS: `AWS` for an AWS managed key, `CUSTOMER` (default) for a customer managed key.', type: 'string', pattern: '^(AWS|CUSTOMER|.*[$][{][A-Za-z_][A-Za-z0-9_]*[}].*)$', expected: '`AWS` or `CUSTOMER`' },
  },
  requiredResourcePolicy(request) {
    return request.resource && isKmsKey(request.resource) ? 'key policy' : undefined;
  },
  rcpExempt(resource) {
    return resource.attributes?.keyManager?.toUpperCase() === 'AWS';
  },
};
