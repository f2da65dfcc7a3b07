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
import { actionMatches, compilePolicy } from './compile';
import type { PrincipalMatchKind } from './match-principal';
import type { RequestContext } from './request';
import { evaluateStatement, type StatementInput } from './statement';
import type { Layer, PolicySet, PolicyTrace, StatementTrace } from './types';

/** Services whose resources RCPs apply to (AWS Organizations User Guide, RCPs page). */
export const rcpServices: ReadonlySet<string> = new Set([
  's3',
  'sts',
  'kms',
  'sqs',
  'secretsmanager',
  'cognito-identity',
  'logs',
  'dynamodb',
  'ecr',
  'aoss',
]);

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
  serviceDeny?: string;
  /**
   * The resource-based policy that must allow the request even within one account (`key policy`,
   * `role trust policy`), when the service has one for the request (services/).
   */
  requiredResourcePolicy?: string;
}

const kindRank = { none: 0, account: 1, role: 2, direct: 3, any: 3 } as const;

function statementRef(policy: Policy, layer: Layer, level: number | undefined, index: number): StatementRef {
  const ref: StatementRef = { policy, layer, index };
  if (level !== undefined) ref.level = level;
  return ref;
}

/** Evaluates the policies of one layer (or one SCP/RCP level). */
export function scanLayer(policies: readonly Policy[], layer: Layer, level: number | undefined, input: StatementInput, service: string, tracer?: Tracer): Verdict {
  const v: Verdict = { deny: false, allow: false };
  for (const policy of policies) {
    const compiled = compilePolicy(policy);
    const pt: PolicyTrace | undefined = tracer ? { name: policy.name, layer, ...(level !== undefined ? { level } : {}), statements: [], span: policy.span } : undefined;
    // Fast path: only statements whose Action matches. Explaining path: every statement of the
    // service, so that statements mentioning the action are traced.
    const statements = tracer ? compiled.forService(service) : compiled.forAction(input.action, service);
    for (const cs of statements) {
      const s = cs.source;
      // Fast path: once an Allow is known, only Deny statements can change the verdict.
      if (!tracer && s.effect === 'Allow' && v.allow && layer !== 'resource') continue;
      let st: StatementTrace | undefined;
      if (pt && actionMatches(cs, input.action)) {
        st = { index: s.index, effect: s.effect, matched: false, elements: [], conditions: [], span: s.span, ...(s.sid ? { sid: s.sid.value } : {}) };
        pt.statements.push(st);
      }
      const m = evaluateStatement(cs, input, st, !tracer);
      if (!m) continue;
      if (s.effect === 'Deny') {
        if (!v.deny) v.denyPolicy = policy.name;
        v.deny = true;
        if (!tracer) return v;
        tracer.denies.push(statementRef(policy, layer, level, s.index));
      } else {
        v.allow = true;
        if (!v.allowKind || kindRank[m.kind] > kindRank[v.allowKind]) v.allowKind = m.kind;
        if (tracer) {
          const ref = statementRef(policy, layer, level, s.index);
          if (layer === 'resource' && m.kind !== 'none') ref.principalMatch = m.kind;
          tracer.allows.push(ref);
        }
      }
    }
    if (pt) tracer!.policies.push(pt);
  }
  return v;
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
  const note = (v: Verdict, layer: Layer, level?: number): boolean => noteDeny(facts, v, layer, level, tracer);
  const rules = ctx.rules;
  let rcpExempt = false;
  if (rules) {
    const serviceRequest = {
      actionName: ctx.actionName,
      principal: p,
      resource: request.resource,
      resourceAccount: ctx.resourceAccount,
    };
    const reason = rules.deny(serviceRequest);
    if (reason !== undefined) facts.serviceDeny = reason;
    const required = rules.requiredResourcePolicy?.(serviceRequest);
    if (required !== undefined) facts.requiredResourcePolicy = required;
    rcpExempt = request.resource !== undefined && rules.rcpExempt !== undefined && rules.rcpExempt(request.resource);
  }
  const org = ctx.organization;
  if (org && org.scps.length > 0 && ctx.inOrganization(p.account) && p.kind !== 'service' && p.kind !== 'anonymous' && !p.serviceLinked) {
    facts.scp = [];
    for (let i = 0; i < org.scps.length; i++) {
      const v = scanLayer(org.scps[i], 'scp', i, input, svc, tracer);
      facts.scp.push(v);
      if (note(v, 'scp', i)) return facts;
    }
  }
  if (org && org.rcps.length > 0 && request.resource && ctx.inOrganization(ctx.resourceAccount) && rcpServices.has(svc) && !p.serviceLinked && !rcpExempt) {
    facts.rcp = [];
    for (let i = 0; i < org.rcps.length; i++) {
      const v = scanLayer(org.rcps[i], 'rcp', i, input, svc, tracer);
      facts.rcp.push(v);
      if (note(v, 'rcp', i)) return facts;
    }
  }
  if (policies.resource && request.resource) {
    facts.resource = scanLayer([policies.resource], 'resource', undefined, input, svc, tracer);
    if (note(facts.resource, 'resource')) return facts;
  }
  if (isIamPrincipal(p.kind)) {
    if (policies.boundary) {
      facts.boundary = scanLayer([policies.boundary], 'boundary', undefined, input, svc, tracer);
      if (note(facts.boundary, 'boundary')) return facts;
    }
    // Session policies limit role sessions that were given some; a federated user session is
    // always limited by its session policies, and has no permissions without one.
    const sessionCount = policies.session?.length ?? 0;
    if (p.kind === 'federatedUser' || ((p.kind === 'assumedRole' || p.kind === 'role') && sessionCount > 0)) {
      facts.sessionPolicyCount = sessionCount;
      facts.session = scanLayer(policies.session ?? [], 'session', undefined, input, svc, tracer);
      if (note(facts.session, 'session')) return facts;
    }
    facts.identity = scanLayer(policies.identity, 'identity', undefined, input, svc, tracer);
    if (note(facts.identity, 'identity')) return facts;
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
