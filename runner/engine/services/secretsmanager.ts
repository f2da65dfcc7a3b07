/**
 * Secrets Manager's quirks.
 *
 * Condition keys derived from the secret (Service Authorization Reference, "Actions, resources,
 * and condition keys for AWS Secrets Manager", section "Condition keys for AWS Secrets Manager":
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html):
 * `secretsmanager:SecretId` (the secret's ARN), `secretsmanager:ResourceTag/<key>`,
 * `secretsmanager:resource/AllowRotationLambdaArn` (attribute `rotationLambdaArn`),
 * `secretsmanager:SecretPrimaryRegion` (attribute `primaryRegion`).
 *
 * The AWS managed key rule: a secret encrypted with the AWS managed key `aws/secretsmanager`
 * (attribute `kmsKeyId` absent, or naming that alias) cannot be read from another account.
 * Sources: seed 002 ("When the secret is encrypted by a default AWS KMS key, an IAM principal in a
 * third-party account can't retrieve the secret"), and "Access AWS Secrets Manager secrets from a
 * different account" (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html):
 * the secret must be encrypted with a customer managed key whose key policy lets the other account
 * decrypt. The failure is the KMS key policy of the AWS managed key not allowing `kms:Decrypt` to
 * the other account: no statement denies it, so the decision is `implicitDeny`, decided by the
 * `service` layer. An explicit Deny anywhere still makes it `explicitDeny`.
 * Not modelled: key policies of customer managed keys (a customer managed key is assumed to allow).
 */
import type { RequestResource } from '../types';
import type { ServiceRequest, ServiceRules } from './registry';

/** Actions that decrypt the secret value. */
const readActions: ReadonlySet<string> = new Set(['getsecretvalue', 'batchgetsecretvalue']);

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

/** Secrets Manager's derived keys and its AWS managed key rule. */
export const secretsManagerRules: ServiceRules = {
  prefix: 'secretsmanager',
  contextValue(lowerKey, resource) {
    if (!lowerKey.startsWith('secretsmanager:')) return undefined;
    if (lowerKey === 'secretsmanager:secretid') return resource.arn;
    if (lowerKey.startsWith('secretsmanager:resourcetag/')) {
      const tag = lowerKey.slice('secretsmanager:resourcetag/'.length);
      for (const [k, v] of Object.entries(resource.tags ?? {})) if (k.toLowerCase() === tag) return v;
      return undefined;
    }
    const attribute = attributeByKey.get(lowerKey);
    return attribute === undefined ? undefined : resource.attributes?.[attribute];
  },
  contextKeys(resource) {
    const out: Record<string, string> = { 'secretsmanager:SecretId': resource.arn };
    for (const [k, v] of Object.entries(resource.tags ?? {})) out[`secretsmanager:ResourceTag/${k}`] = v;
    for (const [key, attribute] of attributeKeys) {
      const v = resource.attributes?.[attribute];
      if (v !== undefined) out[key] = v;
    }
    return out;
  },
  deny(request: ServiceRequest) {
    const { resource, resourceAccount, principal } = request;
    if (!resource || resourceAccount === undefined || !readActions.has(request.actionName) || principal.account === resourceAccount) return undefined;
    if (!usesAwsManagedKey(resource)) return undefined;
    return (
      `the secret is encrypted with the AWS managed key \`aws/secretsmanager\`, ` +
      `which principals of another account cannot use to decrypt it`
    );
  },
};
