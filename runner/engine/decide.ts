/**
 * The decision, in one place: an exhaustive table with one step per evaluation rule, tried in the
 * order AWS's evaluation logic reads them. Each step either decides or passes to the next rule.
 *
 * Main sources:
 * - [denyallow] https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * - [single] https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * - [cross] https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * - [boundaries] https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * - [session] https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
import type { PrincipalMatchKind } from './match-principal';
import type { Facts, Verdict } from './policy-types';
import type { Decision, Layer } from './types';

/** The evaluation rules, in the order they are tried. */
export const evaluationRules = {
  explicitDeny: 'an explicit Deny in any applicable policy overrides every Allow',
  rcpFullAccess: 'RCPFullAWSAccess is attached at every RCP level, so RCPs only deny explicitly',
  scpEveryLevel: 'every SCP level must allow the action',
  endpointAllow: 'the VPC endpoint policy must allow the request too; it grants nothing',
  serviceRule: 'the service denies the request itself',
  resourceOnlyCaller: 'anonymous callers, service principals and federated callers are allowed only by a resource-based policy',
  resourcePolicyRequired: 'KMS key policies and role trust policies must allow, even within one account',
  rootUser: 'the account root user has full access in its own account',
  sameAccountResourceGrant: 'in one account, a resource-based policy naming the user or session allows on its own',
  crossAccountResourceSide: 'across accounts, the resource-based policy must allow the principal',
  identityAllow: 'an identity-based policy (or, in one account, a resource-based policy naming the role) must allow',
  boundaryAllow: 'the permissions boundary must allow',
  sessionAllow: 'the session policies must allow',
  dependentRequest: "the requests the service makes with the caller's credentials (kms:Decrypt of a secret's key) must be allowed too",
  allow: 'every applicable layer allows',
} as const;

/** One evaluation rule. */
export type EvaluationRule = keyof typeof evaluationRules;

const ruleOrder = Object.keys(evaluationRules) as EvaluationRule[];

/** The decision and the rule and layer that made it. */
export interface Outcome {
  decision: Decision;
  rule: EvaluationRule;
  layer: Layer;
  level?: number;
  /** Layers whose Allow statements granted the request (for `allow`). */
  grantedBy: readonly Layer[];
  /** Resource policy Principal matches that count as the grant (for `allow` by the resource layer). */
  grantKinds?: readonly PrincipalMatchKind[];
}

/** For exhaustive switches over closed vocabularies. */
export function assertNever(x: never): never {
  throw new Error(`unhandled evaluation rule ${String(x)}`);
}

function deny(rule: EvaluationRule, layer: Layer, level?: number): Outcome {
  const o: Outcome = { decision: 'implicitDeny', rule, layer, grantedBy: noLayers };
  if (level !== undefined) o.level = level;
  return o;
}

function allowed(rule: EvaluationRule, layer: Layer, grantedBy: readonly Layer[], grantKinds?: readonly PrincipalMatchKind[]): Outcome {
  const o: Outcome = { decision: 'allow', rule, layer, grantedBy };
  if (grantKinds) o.grantKinds = grantKinds;
  return o;
}

const noLayers: readonly Layer[] = [];
const resourceLayer: readonly Layer[] = ['resource'];
const directKinds: readonly PrincipalMatchKind[] = ['direct', 'any'];
const roleKinds: readonly PrincipalMatchKind[] = ['role'];

const grants = (v: Verdict | undefined, kinds: readonly PrincipalMatchKind[]): boolean =>
  v !== undefined && v.allow && v.allowKind !== undefined && v.allowKind !== 'none' && kinds.includes(v.allowKind);

const anyKind: readonly PrincipalMatchKind[] = ['direct', 'any', 'role', 'account'];

/** One step per evaluation rule: an outcome when the rule decides, undefined to go on to the next. */
type Step = (f: Facts) => Outcome | undefined;

/** The evaluation rules as steps, one per rule (the Record type makes the table exhaustive). */
const steps: Record<EvaluationRule, Step> = {
  // [denyallow] "Deny evaluation": an explicit Deny in any policy type (SCP, RCP, resource-based,
  // boundary, session, identity-based) makes the final decision Deny.
  explicitDeny(f) {
    const d = f.explicitDeny;
    if (!d) return undefined;
    const o: Outcome = { decision: 'explicitDeny', rule: 'explicitDeny', layer: d.layer, grantedBy: noLayers };
    if (d.level !== undefined) o.level = d.level;
    return o;
  },
  // [denyallow] "Organizations RCPs": AWS attaches RCPFullAWSAccess at every level and it cannot
  // be detached (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html),
  // so an RCP level always has an Allow: RCPs can only deny, which the explicitDeny rule handled.
  rcpFullAccess() {
    return undefined;
  },
  // [denyallow] "Organizations SCPs": the principal's account must be allowed at every level
  // (root, each OU, the account): a level without an Allow is an implicit deny
  // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
  scpEveryLevel(f) {
    if (!f.scp) return undefined;
    for (let i = 0; i < f.scp.length; i++) if (!f.scp[i].allow) return deny('scpEveryLevel', 'scp', i);
    return undefined;
  },
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html: "An endpoint
  // policy does not override or replace identity-based policies or resource-based policies": a
  // request through the endpoint needs its Allow as well as the usual ones, and an explicit Deny
  // in it denies (explicitDeny above). It grants nothing: the `allow` rule never counts it. An
  // endpoint without a policy has the default full-access policy (layer-policies.ts).
  endpointAllow(f) {
    return f.endpoint && !f.endpoint.allow ? deny('endpointAllow', 'endpoint') : undefined;
  },
  // Service quirks (services/): e.g. the AWS managed key `aws/secretsmanager` cannot be used by
  // another account (services/secretsmanager.ts).
  serviceRule(f) {
    return f.serviceDeny === undefined ? undefined : deny('serviceRule', 'service');
  },
  // [denyallow] and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  // ("Anonymous (public) principals", "AWS service principals"): no identity-based policies exist
  // for these callers; only a resource-based policy naming them can allow. A web identity or SAML
  // caller has no AWS identity either: "Calling AssumeRoleWithWebIdentity does not require the use
  // of AWS security credentials" (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html),
  // and the same holds for AssumeRoleWithSAML (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html);
  // the role's trust policy must name its provider ("Federated user principals", Principal page).
  resourceOnlyCaller(f) {
    const p = f.ctx.principal;
    if (p.kind !== 'anonymous' && p.kind !== 'service' && p.kind !== 'federated') return undefined;
    return f.resource?.allow ? allowed('resourceOnlyCaller', 'resource', resourceLayer, anyKind) : deny('resourceOnlyCaller', 'resource');
  },
  // [single] "Resource-based policies": "IAM role trust policies and KMS key policies are
  // exceptions to this logic, because they must explicitly allow access for principals"; KMS:
  // "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a
  // KMS key" and no principal, the root user included, has permissions without it
  // (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html). The service rule
  // names the policy (services/kms.ts, services/sts.ts). An Allow naming the caller or the role
  // passes here and is decided below like any same-account grant; one naming the account
  // delegates to the identity-based policies (the default key policy's "enables IAM policies").
  // Comes before rootUser: the root user needs the key policy too.
  resourcePolicyRequired(f) {
    if (f.requiredResourcePolicy === undefined || f.resource?.allow) return undefined;
    return deny('resourcePolicyRequired', 'resource');
  },
  // [denyallow] summary: "all requests are implicitly denied with the exception of the AWS
  // account root user, which has full access"; in another account, [cross] applies: the
  // resource-based policy must allow.
  rootUser(f) {
    const p = f.ctx.principal;
    if (p.kind !== 'root') return undefined;
    if (f.sameAccount) return allowed('rootUser', 'identity', noLayers);
    return f.resource?.allow ? allowed('rootUser', 'resource', resourceLayer, anyKind) : deny('rootUser', 'resource');
  },
  // [denyallow] "Resource-based policies": "If a resource-based policy grants permission directly
  // to the IAM user or the session principal that is making the request, then an implicit deny in
  // an identity-based policy, a permissions boundary, or a session policy does not impact the
  // final decision" (IAM user, role session and federated user session ARNs); "Resource-based
  // policies that grant permissions to an IAM role ARN are limited by an implicit deny in a
  // permissions boundary or session policy" (identityAllow below). Also [single]: "If either the
  // identity-based policy or the resource-based policy within the same account allows the request
  // and the other doesn't, the request is still allowed". Naming the account grants nothing on its
  // own. `Principal: "*"` counts as naming the caller: "using a wildcard (*) with an Allow effect
  // grants access to all users ... For IAM users and role principals within your account, no
  // other permissions are required" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
  // section "All principals").
  sameAccountResourceGrant(f) {
    return f.sameAccount && grants(f.resource, directKinds)
      ? allowed('sameAccountResourceGrant', 'resource', resourceLayer, directKinds)
      : undefined;
  },
  // [cross] "the requester ... must be allowed by both the identity-based policy and the
  // resource-based policy": the resource side first. Naming the account delegates to that account's
  // identity-based policies (checked below).
  crossAccountResourceSide(f) {
    if (f.sameAccount || f.resource?.allow) return undefined;
    return deny('crossAccountResourceSide', 'resource');
  },
  // [single]/[cross]: the identity side. In one account, a resource-based policy naming the role
  // ARN adds to the role's permissions before the session starts ([session]), so it counts here,
  // still limited by the boundary and session policies; naming the account delegates to the
  // identity-based policies and grants nothing itself (as the default KMS key policy does: it
  // "enables IAM policies", https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html,
  // section "Allows access to the AWS account and enables IAM policies").
  identityAllow(f) {
    const viaRole = f.sameAccount && grants(f.resource, roleKinds);
    if (f.identity?.allow || viaRole) return undefined;
    return deny('identityAllow', 'identity');
  },
  // [boundaries]: "an entity's permissions boundary allows it to perform only the actions that are
  // allowed by both its identity-based policies and its permissions boundaries".
  boundaryAllow(f) {
    return f.boundary && !f.boundary.allow ? deny('boundaryAllow', 'boundary') : undefined;
  },
  // [denyallow] "Session policies": "If a session policy is present and does not allow the
  // requested action, then the request is implicitly denied"; "If there is no session policy, the
  // code checks whether the principal is a role session. If the principal is a role session, then
  // the request is Allowed. Otherwise, the request is implicitly denied" (a federated user
  // session without a session policy; policy-types.ts applies the layer).
  sessionAllow(f) {
    if (!f.session || f.session.allow) return undefined;
    return deny('sessionAllow', 'session');
  },
  // The caller's request passed every rule above; a service that then makes further requests with
  // the caller's credentials needs each of them allowed too. Secrets Manager decrypts a secret's
  // value with its KMS key when the caller reads it (kms:Decrypt) and asks KMS for a data key when
  // the caller writes it (kms:GenerateDataKey), in the caller's name, through Secrets Manager
  // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html, sections
  // "Encryption and decryption processes" and "Permissions for the KMS key"); each is a KMS request
  // decided by the key policy and the caller's policies like any other
  // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html:
  // across accounts the identity must also be allowed to use the key). services/secretsmanager.ts
  // builds them; evaluate.ts evaluates them. The first denied one decides, implicit or explicit.
  dependentRequest(f) {
    const d = f.dependentDeny;
    return d === undefined ? undefined : { decision: d, rule: 'dependentRequest', layer: 'service', grantedBy: noLayers };
  },
  // Every applicable layer allowed.
  allow(f) {
    const grantedBy: Layer[] = [];
    if (f.identity?.allow) grantedBy.push('identity');
    const kinds = f.sameAccount ? roleKinds : anyKind;
    if (grants(f.resource, kinds)) grantedBy.push('resource');
    return allowed('allow', grantedBy[0] ?? 'identity', grantedBy, kinds);
  },
};

const orderedSteps: readonly Step[] = ruleOrder.map((rule) => steps[rule]);

/** Turns facts into the decision. */
export function decide(f: Facts): Outcome {
  for (let i = 0; i < orderedSteps.length; i++) {
    const o = orderedSteps[i](f);
    if (o) return o;
  }
  // INVARIANT: the `allow` rule always decides.
  throw new Error('no evaluation rule decided');
}
