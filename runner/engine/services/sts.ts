/**
 * AWS STS's quirks: role trust policies must allow.
 *
 * "IAM role trust policies and KMS key policies are exceptions to this logic, because they must
 * explicitly allow access for principals"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html):
 * assuming a role (`sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity` on
 * `arn:PARTITION:iam::ACCOUNT:role/...`) needs an Allow in the role's trust policy (the scenario's
 * resource-based policy), even within the role's account. A trust policy naming the account
 * delegates to the caller's identity-based policies; one naming the caller allows on its own.
 *
 * Session actions: passing session tags is an `sts:TagSession` request on the role, and setting a
 * source identity an `sts:SetSourceIdentity` request; the role's trust policy must allow each of
 * them beside the assume-role action, as AWS's pages say in substance
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html, section "Permissions
 * required to add session tags": the trust policy must allow `sts:TagSession`;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html,
 * section "Permissions required to set source identity"). Transitive tags are session tags:
 * `sts:TransitiveTagKeys` is a condition key of the `sts:TagSession` request, which the trust
 * policy's conditions read. Not modelled: `sts:SetContext`, which the usual rules decide.
 */
import type { RequestResource } from '../types';
import type { ServiceRules } from './types';

const roleArn = /^arn:[^:]+:iam::\d{12}:role\//;

/** True when the resource is an IAM role. */
export function isRole(resource: RequestResource): boolean {
  return roleArn.test(resource.arn);
}

/** Actions on a role that its trust policy must allow (lowercase names without the prefix). */
const trustPolicyActions: ReadonlySet<string> = new Set([
  'assumerole',
  'assumerolewithsaml',
  'assumerolewithwebidentity',
  'tagsession',
  'setsourceidentity',
]);

/** STS's role trust policy rule. */
export const stsRules: ServiceRules = {
  prefix: 'sts',
  rcp: true,
  requiredResourcePolicy(request) {
    return trustPolicyActions.has(request.actionName) && request.resource && isRole(request.resource) ? 'role trust policy' : undefined;
  },
};
