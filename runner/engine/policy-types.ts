/**
 * The policy layers: which apply to a request, and what each says (explicit Deny, Allow, or
 * neither). The verdicts become {@link Facts}; decide.ts turns facts into a decision.
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
 * - resource-based policy: when the request is on a resource that has one.
 */
import type { Policy } from '../policy/types';
import { actionMatches, compilePolicy, layerPlan } from './compile';
import type { PrincipalMatchKind } from './match-principal';
import type { RequestContext } from './request';
import { rcpServices } from './services/registry';
import type { ServiceDenial, ServiceRequest } from './services/types';
import { evaluateStatement, type StatementInput } from './statement';
import type { Layer, PolicySet, PolicyTrace, StatementTrace } from './types';


/** A statement that took part in the decision. */
export interface StatementRef {
  policy: Policy;
  layer: Layer;
  level?: number;
  index: number;
  /** For resource policy Allows: how the Principal matched. */
  principalMatch?: PrincipalMatchKind;
}

/** Records what the explaining path needs; absent on the fast path. */
export interface Tracer {
  policies: PolicyTrace[];
  denies: StatementRef[];
  allows: StatementRef[];
}

/** One layer's verdict: `allow` holds the best Principal match for the resource layer. */
export interface Verdict {
  deny: boolean;
  /** The first policy with a matching Deny. */
  denyPolicy?: string;
  allow: boolean;
  /** Resource layer: the strongest way a matching Allow named the caller. */
  allowKind?: PrincipalMatchKind | 'none';
}

/** Everything decide.ts reads. `undefined` layers do not apply to the request. */
export interface Facts {
  ctx: RequestContext;
  /**
   * True when the principal's account owns the resource, or the request is on `*`, or the
   * resource's account is unknown (no account in its ARN and a caller without an account).
   */
  sameAccount: boolean;
  /** First layer with a matching Deny. */
  explicitDeny?: { layer: Layer; level?: number; policy: string };
  /** SCP levels, when SCPs apply. */
  scp?: Verdict[];
  /** RCP levels, when RCPs apply. */
  rcp?: Verdict[];
  resource?: Verdict;
  identity?: Verdict;
  boundary?: Verdict;
  session?: Verdict;
  /** How many session policies the session has, when the session layer applies. */
  sessionPolicyCount?: number;
  /** Why the service itself denies the request, when it does. */
  serviceDeny?: ServiceDenial;
  /**
   * The resource-based policy that must allow the request even within one account (`key policy`,
   * `role trust policy`), when the service has one for the request (services/).
   */
  requiredResourcePolicy?: string;
}

const kindRank = { none: 0, account: 1, role: 2, direct: 3, any: 3 } as const;

const noPolicies: readonly Policy[] = Object.freeze([]);

function statementRef(policy: Policy, layer: Layer, level: number | undefined, index: number): StatementRef {
  const ref: StatementRef = { policy, layer, index };
  if (level !== undefined) ref.level = level;
  return ref;
}

/**
 * Evaluates the policies of one layer (or one SCP/RCP level), recording every statement of the
 * service in `tracer` (the explaining path). The fast path is {@link scanFast}: both give the same
 * verdict (equivalence.test.ts, test/properties/engine.test.ts).
 */
export function scanLayer(policies: readonly Policy[], layer: Layer, level: number | undefined, input: StatementInput, service: string, tracer: Tracer): Verdict {
  const v: Verdict = { deny: false, allow: false };
  for (const policy of policies) {
    const compiled = compilePolicy(policy);
    const pt: PolicyTrace = { name: policy.name, layer, ...(level !== undefined ? { level } : {}), statements: [], span: policy.span };
    // Every statement of the service, so that statements mentioning the action are traced.
    for (const cs of compiled.forService(service)) {
      const s = cs.source;
      let st: StatementTrace | undefined;
      if (actionMatches(cs, input.action)) {
        st = { index: s.index, effect: s.effect, matched: false, elements: [], conditions: [], span: s.span, ...(s.sid ? { sid: s.sid.value } : {}) };
        pt.statements.push(st);
      }
      const m = evaluateStatement(cs, input, st);
      if (!m) continue;
      if (s.effect === 'Deny') {
        if (!v.deny) v.denyPolicy = policy.name;
        v.deny = true;
        tracer.denies.push(statementRef(policy, layer, level, s.index));
      } else {
        v.allow = true;
        if (!v.allowKind || kindRank[m.kind] > kindRank[v.allowKind]) v.allowKind = m.kind;
        const ref = statementRef(policy, layer, level, s.index);
        if (layer === 'resource' && m.kind !== 'none') ref.principalMatch = m.kind;
        tracer.allows.push(ref);
      }
    }
    tracer.policies.push(pt);
  }
  return v;
}

const noVerdict: Verdict = Object.freeze({ deny: false, allow: false });
const allowVerdicts = Object.freeze({
  none: Object.freeze({ deny: false, allow: true, allowKind: 'none' }),
  account: Object.freeze({ deny: false, allow: true, allowKind: 'account' }),
  role: Object.freeze({ deny: false, allow: true, allowKind: 'role' }),
  direct: Object.freeze({ deny: false, allow: true, allowKind: 'direct' }),
  any: Object.freeze({ deny: false, allow: true, allowKind: 'any' }),
} satisfies Record<PrincipalMatchKind | 'none', Verdict>);

/**
 * The fast path's verdict for one layer, from its precomputed plan (compile.ts `layerPlan`): the
 * first matching Deny in document order decides (as in {@link scanLayer}, whose `denyPolicy` is
 * that Deny's policy); else the first matching Allow, or for the resource layer the strongest
 * Principal match (the first one of the highest rank, as scanLayer keeps). Verdicts are shared,
 * frozen objects: the fast path allocates none.
 */
export function scanFast(policies: Policy | readonly Policy[], layer: Layer, input: StatementInput, ctx: RequestContext): Verdict {
  const plan = layerPlan(ctx.plans, policies, input.action, ctx.service);
  const { denies, allows } = plan;
  for (let i = 0; i < denies.length; i++) {
    if (evaluateStatement(denies[i].cs, input, undefined, true)) return denies[i].denyVerdict!;
  }
  let best: PrincipalMatchKind | 'none' | undefined;
  for (let i = 0; i < allows.length; i++) {
    const m = evaluateStatement(allows[i].cs, input, undefined, true);
    if (!m) continue;
    if (layer !== 'resource') return allowVerdicts[m.kind];
    if (best === undefined || kindRank[m.kind] > kindRank[best]) {
      best = m.kind;
      if (kindRank[best] === maxRank) break;
    }
  }
  return best === undefined ? noVerdict : allowVerdicts[best];
}

const maxRank = 3;

/** One layer's verdict on the path asked for: a layer's policies, or its one policy. */
function scan(policies: Policy | readonly Policy[], layer: Layer, level: number | undefined, input: StatementInput, ctx: RequestContext, tracer: Tracer | undefined): Verdict {
  if (!tracer) return scanFast(policies, layer, input, ctx);
  return scanLayer(isPolicyList(policies) ? policies : [policies], layer, level, input, ctx.service, tracer);
}

function isPolicyList(p: Policy | readonly Policy[]): p is readonly Policy[] {
  return Array.isArray(p);
}

/** Collects every layer's verdict. The fast path stops at the first explicit Deny. */
export function collectFacts(ctx: RequestContext, policies: PolicySet, tracer?: Tracer): Facts {
  const { request } = ctx;
  const p = ctx.principal;
  const input: StatementInput = {
    action: ctx.action,
    resource: request.resource?.arn ?? '*',
    principal: p,
    hasBoundary: policies.boundary !== undefined && isIamPrincipal(p.kind),
    lookup: ctx,
  };
  // A resource whose ARN has no account (S3 buckets) and no `account` given is in the caller's
  // account (request.ts, the same-account assumption); anonymous callers and service principals
  // have no account, so such a resource counts as theirs.
  const sameAccount = !request.resource || ctx.resourceAccount === undefined || p.account === ctx.resourceAccount;
  const facts: Facts = { ctx, sameAccount };
  const svc = ctx.service;
  const rules = ctx.rules;
  let rcpExempt = false;
  if (rules) {
    // The context is the service request: actionName, principal, resource, resourceAccount.
    const serviceRequest: ServiceRequest = ctx;
    const id = rules.deny?.(serviceRequest);
    if (id !== undefined) facts.serviceDeny = { service: rules.prefix, id };
    const required = rules.requiredResourcePolicy?.(serviceRequest);
    if (required !== undefined) facts.requiredResourcePolicy = required;
    rcpExempt = request.resource !== undefined && rules.rcpExempt !== undefined && rules.rcpExempt(request.resource);
  }
  const org = ctx.organization;
  if (org && org.scps.length > 0 && ctx.inOrganization(p.account) && p.kind !== 'service' && p.kind !== 'anonymous' && !p.serviceLinked) {
    facts.scp = [];
    for (let i = 0; i < org.scps.length; i++) {
      const v = scan(org.scps[i], 'scp', i, input, ctx, tracer);
      facts.scp.push(v);
      if (noteDeny(facts, v, 'scp', i, tracer)) return facts;
    }
  }
  if (org && org.rcps.length > 0 && request.resource && ctx.inOrganization(ctx.resourceAccount) && rcpServices.has(svc) && !p.serviceLinked && !rcpExempt) {
    facts.rcp = [];
    for (let i = 0; i < org.rcps.length; i++) {
      const v = scan(org.rcps[i], 'rcp', i, input, ctx, tracer);
      facts.rcp.push(v);
      if (noteDeny(facts, v, 'rcp', i, tracer)) return facts;
    }
  }
  if (policies.resource && request.resource) {
    facts.resource = scan(policies.resource, 'resource', undefined, input, ctx, tracer);
    if (noteDeny(facts, facts.resource, 'resource', undefined, tracer)) return facts;
  }
  if (isIamPrincipal(p.kind)) {
    if (policies.boundary) {
      facts.boundary = scan(policies.boundary, 'boundary', undefined, input, ctx, tracer);
      if (noteDeny(facts, facts.boundary, 'boundary', undefined, tracer)) return facts;
    }
    // Session policies limit role sessions that were given some; a federated user session is
    // always limited by its session policies, and has no permissions without one.
    const sessionCount = policies.session?.length ?? 0;
    if (p.kind === 'federatedUser' || ((p.kind === 'assumedRole' || p.kind === 'role') && sessionCount > 0)) {
      facts.sessionPolicyCount = sessionCount;
      facts.session = scan(policies.session ?? noPolicies, 'session', undefined, input, ctx, tracer);
      if (noteDeny(facts, facts.session, 'session', undefined, tracer)) return facts;
    }
    facts.identity = scan(policies.identity, 'identity', undefined, input, ctx, tracer);
    if (noteDeny(facts, facts.identity, 'identity', undefined, tracer)) return facts;
  }
  return facts;
}

/** Records the first explicit Deny; true when the fast path can stop. */
function noteDeny(facts: Facts, v: Verdict, layer: Layer, level: number | undefined, tracer: Tracer | undefined): boolean {
  if (!v.deny) return false;
  if (!facts.explicitDeny) {
    facts.explicitDeny = { layer, policy: v.denyPolicy! };
    if (level !== undefined) facts.explicitDeny.level = level;
  }
  return !tracer;
}

/** Principals that identity-based policies, boundaries and session policies apply to. */
export function isIamPrincipal(kind: RequestContext['principal']['kind']): boolean {
  return kind === 'user' || kind === 'role' || kind === 'assumedRole' || kind === 'federatedUser';
}
