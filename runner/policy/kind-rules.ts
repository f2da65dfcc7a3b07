/**
 * Which elements each policy kind requires or rejects: the rules AWS applies when a policy is
 * created or attached, by kind.
 */
import type { PrincipalType } from './principal';
import type { PolicyKind } from './types';

/** Per-kind rules for Principal, NotPrincipal and Resource. */
export interface KindRules {
  /**
   * `forbidden`: AWS rejects Principal and NotPrincipal in this kind. "You cannot use the
   * Principal element in an identity-based policy"
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html);
   * boundaries and session policies are identity-side policies with the same grammar; SCPs
   * "can't specify Principal or NotPrincipal"
   * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html).
   * `required`: every statement names Principal or NotPrincipal ("You must use the Principal
   * element in resource-based policies", Principal page).
   */
  principal: 'forbidden' | 'required';
  /** False when NotPrincipal is rejected even though Principal is allowed (RCPs). */
  notPrincipal: boolean;
  /** When true, Principal must be exactly `"*"` (RCPs). */
  principalMustBeStar: boolean;
  /**
   * True when a statement without Resource or NotResource is rejected. Resource-based policies
   * may omit it: a role trust policy has no Resource, and elsewhere the statement then applies to
   * the resource the policy is attached to.
   */
  resourceRequired: boolean;
  /** False when NotAction is rejected (RCPs). */
  notAction: boolean;
  /** True when the Sid must be ASCII letters and digits (IAM-stored policies, Sid page). */
  strictSid: boolean;
  /**
   * True when the document must say `Version: "2012-10-17"`: "Every SCP must include a Version
   * element with the value "2012-10-17"" (SCP syntax page, section "Version element"), and the
   * same sentence for RCPs
   * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).
   */
  versionRequired: boolean;
  /**
   * True when `Effect: Allow` is rejected except in the RCPFullAWSAccess statement: "The effect of
   * Allow is only supported for the RCPFullAWSAccess policy" (RCP syntax page, "Elements summary").
   */
  denyOnly: boolean;
}

const identityLike: KindRules = {
  principal: 'forbidden',
  notPrincipal: false,
  principalMustBeStar: false,
  resourceRequired: true,
  notAction: true,
  strictSid: true,
  versionRequired: false,
  denyOnly: false,
};

/** The rules for each kind. */
export const kindRules: Readonly<Record<PolicyKind, KindRules>> = {
  identity: identityLike,
  boundary: identityLike,
  session: identityLike,
  resource: {
    principal: 'required',
    notPrincipal: true,
    principalMustBeStar: false,
    resourceRequired: false,
    notAction: true,
    strictSid: false,
    versionRequired: false,
    denyOnly: false,
  },
  // SCPs take the full IAM language except Principal and NotPrincipal: the SCP syntax page's
  // "Elements summary" lists Action, NotAction, Resource, NotResource and Condition for Allow and
  // Deny, and "Unsupported elements" lists Principal and NotPrincipal.
  scp: { ...identityLike, strictSid: false, versionRequired: true },
  // VPC endpoint policies: "An endpoint policy is a JSON policy document that uses the IAM policy
  // language. It must contain a Principal element"; it is "a resource-based policy that you attach
  // to a VPC endpoint" (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html,
  // section "Considerations"), so it takes the resource-based grammar.
  endpoint: {
    principal: 'required',
    notPrincipal: true,
    principalMustBeStar: false,
    resourceRequired: false,
    notAction: true,
    strictSid: false,
    versionRequired: false,
    denyOnly: false,
  },
  // RCPs: the RCP syntax page's "Elements summary" lists Version, Statement, Sid, Effect, Principal,
  // Action, Resource, NotResource and Condition; there is no NotAction or NotPrincipal, and the
  // Principal element takes only "*" (section "Principal element"), narrowed with conditions.
  rcp: {
    principal: 'required',
    notPrincipal: false,
    principalMustBeStar: true,
    resourceRequired: true,
    notAction: false,
    strictSid: false,
    versionRequired: true,
    denyOnly: true,
  },
};

/** Rules of one kind of resource-based policy, beyond {@link kindRules}.resource. */
export interface ResourcePolicyRules {
  /** How messages name it: `a role trust policy`. */
  name: string;
  /** False when a Resource or NotResource element is rejected. */
  resourceElement: boolean;
  /** The principal types its Principal and NotPrincipal may name. */
  principalTypes: readonly PrincipalType[];
}

/**
 * Resource-based policies by the resource they are attached to, picked from its ARN by
 * {@link resourcePolicyTypeOf}. IAM Access Analyzer validates each with its own grammar
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html,
 * the `policyType`/`validatePolicyResourceType` of ValidatePolicy: role trust policy, S3 bucket
 * policy, ...).
 */
export const resourcePolicyTypes = {
  // A role trust policy names who may assume the role; the role itself is the resource, so the
  // policy has no Resource element: Access Analyzer's "Error – Role trust policy syntax error
  // resource" (same page); CreateRole answers such a document with MalformedPolicyDocument. Its
  // principals are accounts, IAM entities, services and identity providers
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
  // sections "AWS account principals" through "Federated user principals"); a canonical user id
  // is Amazon S3's notion (section "Canonical user principals").
  trust: { name: 'role trust policy', resourceElement: false, principalTypes: ['AWS', 'Service', 'Federated'] },
  // A bucket policy takes AWS, Service and CanonicalUser principals; a web identity or SAML
  // provider is not a principal S3 authorizes: Access Analyzer's "Error – Federated principal not
  // supported" (same page); the Principal page describes identity-provider principals for role
  // trust policies (section "Federated user principals").
  bucket: { name: 'bucket policy', resourceElement: true, principalTypes: ['AWS', 'Service', 'CanonicalUser'] },
  // Every other resource-based policy: the Principal page's general rules.
  other: { name: 'resource-based policy', resourceElement: true, principalTypes: ['AWS', 'Service', 'Federated', 'CanonicalUser'] },
} as const satisfies Record<string, ResourcePolicyRules>;

/** A kind of resource-based policy. */
export type ResourcePolicyType = keyof typeof resourcePolicyTypes;

/**
 * Which resource-based policy a resource takes, from its ARN: an IAM role's is its trust policy,
 * an S3 bucket's is a bucket policy (`arn:aws:s3:::bucket`, with no object path).
 */
export function resourcePolicyTypeOf(arn: string | undefined): ResourcePolicyType {
  if (arn === undefined) return 'other';
  if (/^arn:[^:]+:iam::[^:]*:role\//.test(arn)) return 'trust';
  if (/^arn:[^:]+:s3:::[^/]+$/.test(arn)) return 'bucket';
  return 'other';
}
