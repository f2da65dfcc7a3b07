/**
 * The layer table's applies-when and policies-of: for each policy layer of layers.ts, the
 * request's policies in that layer, or undefined when the layer does not apply to the request.
 * policy-types.ts scans them in the table's order.
 *
 * Which layers apply:
 * - identity-based policies, permissions boundary, session policies: IAM users, roles, role
 *   sessions and federated user sessions. The root user has no identity-based policies and full
 *   access in its account ("By default, all requests are implicitly denied with the exception of
 *   the AWS account root user, which has full access",
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
 *   A federated user session without a session policy has no permissions ("if you do not pass any
 *   session policies, then the resulting federated user session has no permissions",
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html, parameter
 *   `Policy`/`PolicyArns`).
 * - SCPs: principals of member accounts, root users included; not the management account (not a
 *   member here), not service principals, not service-linked roles
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html,
 *   sections "Testing effects of SCPs" and "Tasks and entities not restricted by SCPs").
 * - RCPs: resources of member accounts, of the services RCPs support, whoever the caller (service
 *   principals and other accounts included); not service-linked roles, nor resources a service rule
 *   exempts (AWS managed KMS keys, services/kms.ts)
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html,
 *   sections "List of AWS services that support RCPs" and "Resources and entities not restricted
 *   by RCPs").
 * - VPC endpoint policy: when the request travels through a VPC endpoint (AuthorizationRequest
 *   `endpoint`) that has a policy; without one, AWS attaches "the default endpoint policy", which
 *   "grants full access to the endpoint"
 *   (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html, sections
 *   "Considerations" and "Default endpoint policy"), so the layer allows and takes no part.
 * - resource-based policy: when the request is on a resource that has one.
 */
import type { Policy } from '../policy/types';
import { layerOrder, layerSpecs, type Layer } from './layers';
import type { RequestContext } from './request';
import { rcpServices } from './services/registry';
import type { PolicySet } from './types';

/** The layers that hold policies (all but the service's own rules). */
export type PolicyLayer = Exclude<Layer, 'service'>;

/** The layers with levels (SCPs, RCPs). */
export type LeveledLayer = { [L in Layer]: (typeof layerSpecs)[L]['levels'] extends true ? L : never }[Layer];

/**
 * A layer's policies for one request: one policy list per level for a layer with levels, the
 * layer's list or its one policy otherwise; undefined when the layer does not apply. `rcpExempt`:
 * a service rule exempts the resource from RCPs (services/kms.ts).
 */
export type PoliciesOf = (
  ctx: RequestContext,
  set: PolicySet,
  rcpExempt: boolean,
) => Policy | readonly Policy[] | readonly (readonly Policy[])[] | undefined;

const noPolicies: readonly Policy[] = Object.freeze([]);

/** Principals that identity-based policies, boundaries and session policies apply to. */
export function isIamPrincipal(kind: RequestContext['principal']['kind']): boolean {
  return kind === 'user' || kind === 'role' || kind === 'assumedRole' || kind === 'federatedUser';
}

/** Applies-when and policies-of, per policy layer (the Record makes a new layer need an entry). */
export const layerPolicies: Record<PolicyLayer, PoliciesOf> = {
  scp(ctx) {
    const org = ctx.organization;
    const p = ctx.principal;
    const applies =
      org !== undefined &&
      org.scps.length > 0 &&
      ctx.inOrganization(p.account) &&
      p.kind !== 'service' &&
      p.kind !== 'anonymous' &&
      !p.serviceLinked;
    return applies ? org.scps : undefined;
  },
  rcp(ctx, _set, rcpExempt) {
    const org = ctx.organization;
    const applies =
      org !== undefined &&
      org.rcps.length > 0 &&
      ctx.request.resource !== undefined &&
      ctx.inOrganization(ctx.resourceAccount) &&
      rcpServices.has(ctx.service) &&
      !ctx.principal.serviceLinked &&
      !rcpExempt;
    return applies ? org.rcps : undefined;
  },
  endpoint: (ctx, set) => (set.endpoint && ctx.request.endpoint ? set.endpoint : undefined),
  resource: (ctx, set) => (set.resource && ctx.request.resource ? set.resource : undefined),
  boundary: (ctx, set) => (isIamPrincipal(ctx.principal.kind) ? set.boundary : undefined),
  // Session policies limit role sessions that were given some; a federated user session is
  // always limited by its session policies, and has no permissions without one. The root user's
  // privileged session (sts:AssumeRoot) is scoped by its task policy, passed "as a session policy"
  // (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html, `TaskPolicyArn`);
  // AWS's task policies only deny (root-task/IAMAuditRootUserCredentials: Deny NotAction), so
  // their Denies bind the root user, whose full access needs no Allow (decide.ts, rootUser).
  session(ctx, set) {
    const kind = ctx.principal.kind;
    if (kind === 'federatedUser') return set.session ?? noPolicies;
    if (kind === 'root') return (set.session?.length ?? 0) > 0 ? set.session : undefined;
    return (kind === 'assumedRole' || kind === 'role') && (set.session?.length ?? 0) > 0 ? set.session : undefined;
  },
  identity: (ctx, set) => (isIamPrincipal(ctx.principal.kind) ? set.identity : undefined),
};

/** The policy layers in evaluation order. */
export const policyLayers: readonly PolicyLayer[] = layerOrder.filter((l): l is PolicyLayer => l !== 'service');

/** True for a layer with levels. */
export function isLeveled(layer: Layer): layer is LeveledLayer {
  return layerSpecs[layer].levels;
}
