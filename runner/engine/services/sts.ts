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
 * Not modelled: the trust policy checks of `sts:TagSession`, `sts:SetSourceIdentity` and
 * `sts:SetContext`, which the usual rules decide.
 */
import type { RequestResource } from '../types';
import type { ServiceRules } from './types';

const roleArn = /^arn:[^:]+:iam::\d{12}:role\//;

/** True when the resource is an IAM role. */
export function isRole(resource: RequestResource): boolean {
  return roleArn.test(resource.arn);
}

/** STS's role trust policy rule. */
export const stsRules: ServiceRules = {
  prefix: 'sts',
  rcp: true,
  requiredResourcePolicy(request) {
    return request.actionName.startsWith('assumerole') && request.resource && isRole(request.resource) ? 'role trust policy' : undefined;
  },
};
