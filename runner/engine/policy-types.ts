/**
 * The policy layers' verdicts: what each applicable layer says (explicit Deny, Allow, or
 * neither). Which layers apply and their policies come from the layer table (layers.ts for ids
 * and names, layer-policies.ts for applies-when and policies-of); the verdicts become
 * {@link Facts}, and decide.ts turns facts into a decision.
 */
import type { Policy, Statement } from '../policy/types';
import { actionMatches, compilePolicy, layerPlan } from './compile';
import type { PrincipalMatchKind } from './match-principal';
import type { RequestContext } from './request';
import { isIamPrincipal, isLeveled, layerPolicies, policyLayers, type LeveledLayer, type PolicyLayer } from './layer-policies';
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
  /**
   * Without statement traces (`EvaluateOptions.statementTraces: false`): `policies` stays empty,
   * and what explain.ts reads from the traces for `missingContextKeys` is kept here instead.
   */
  untraced?: {
    /** The condition keys of the statements that mention the action and use no policy variable. */
    conditionKeys: string[];
    /** The statements that mention the action and may use a policy variable, traced as usual. */
    statements: StatementTrace[];
  };
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
  scp?: Verdict[] | undefined;
  /** RCP levels, when RCPs apply. */
  rcp?: Verdict[] | undefined;
  /** The VPC endpoint policy, when the request travels through an endpoint that has one. */
  endpoint?: Verdict | undefined;
  resource?: Verdict | undefined;
  boundary?: Verdict | undefined;
  session?: Verdict | undefined;
  identity?: Verdict | undefined;
  /** How many session policies the session has, when the session layer applies. */
  sessionPolicyCount?: number;
  /** Why the service itself denies the request, when it does. */
  serviceDeny?: ServiceDenial;
  /**
   * The resource-based policy that must allow the request even within one account (`key policy`,
   * `role trust policy`), when the service has one for the request (services/).
   */
  requiredResourcePolicy?: string;
  /**
   * The decision of the first denied dependent request (evaluate.ts), when the service made some
   * and one was denied; undefined otherwise.
   */
  dependentDeny?: 'implicitDeny' | 'explicitDeny' | undefined;
}

const kindRank = { none: 0, account: 1, role: 2, direct: 3, any: 3 } as const;

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
export function scanLayer(
  policies: readonly Policy[],
  layer: Layer,
  level: number | undefined,
  input: StatementInput,
  service: string,
  tracer: Tracer,
): Verdict {
  const v: Verdict = { deny: false, allow: false };
  for (const policy of policies) {
    const compiled = compilePolicy(policy);
    const pt: PolicyTrace = { name: policy.name, layer, ...(level !== undefined ? { level } : {}), statements: [], span: policy.span };
    // Every statement of the service, so that statements mentioning the action are traced.
    for (const cs of compiled.forService(service)) {
      const s = cs.source;
      let st: StatementTrace | undefined;
      const untraced = tracer.untraced;
      if (untraced && actionMatches(cs, input.action)) {
        // The same answer as traced (statement.ts); a statement that may use a variable is traced
        // to learn which variables had no value, but its trace is not kept in `policies`.
        if (mayUseVariables(s)) {
          st = { index: s.index, effect: s.effect, matched: false, elements: [], conditions: [], span: s.span };
          untraced.statements.push(st);
        } else for (const c of s.conditions) untraced.conditionKeys.push(c.key.value);
      } else if (actionMatches(cs, input.action)) {
        st = {
          index: s.index,
          effect: s.effect,
          matched: false,
          elements: [],
          conditions: [],
          span: s.span,
          ...(s.sid ? { sid: s.sid.value } : {}),
        };
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
    if (!tracer.untraced) tracer.policies.push(pt);
  }
  return v;
}

const variableUse = new WeakMap<Statement, boolean>();

/**
 * True when a Resource, NotResource or condition value of the statement contains `${`, so that
 * evaluating it may record policy variables (statement.ts `noteVariables`); false proves it does
 * not. Computed once per statement.
 */
function mayUseVariables(s: Statement): boolean {
  let uses = variableUse.get(s);
  if (uses === undefined) {
    uses = JSON.stringify([s.resource, s.notResource, s.conditions]).includes('${');
    variableUse.set(s, uses);
  }
  return uses;
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
function scan(
  policies: Policy | readonly Policy[],
  layer: Layer,
  level: number | undefined,
  input: StatementInput,
  ctx: RequestContext,
  tracer: Tracer | undefined,
): Verdict {
  if (!tracer) return scanFast(policies, layer, input, ctx);
  return scanLayer(isPolicyList(policies) ? policies : [policies], layer, level, input, ctx.service, tracer);
}

function isPolicyList(p: Policy | readonly Policy[]): p is readonly Policy[] {
  return Array.isArray(p);
}

/** The layer table, resolved once: the fast path does no lookups per layer. */
const layerSteps = policyLayers.map((layer) => ({ layer, leveled: isLeveled(layer), policiesOf: layerPolicies[layer] }));

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
  // Every layer's field from the start: one object shape whichever layers apply (a stable shape
  // for decide.ts's reads on the fast path).
  const facts: Facts = {
    ctx,
    sameAccount,
    scp: undefined,
    rcp: undefined,
    endpoint: undefined,
    resource: undefined,
    boundary: undefined,
    session: undefined,
    identity: undefined,
    dependentDeny: undefined,
  };
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
  // A gateway endpoint's policy reads an account principal as its root user only (match-principal.ts).
  const endpointInput: StatementInput = request.endpoint?.type === 'gateway' ? { ...input, accountMeansRoot: true } : input;
  for (let i = 0; i < layerSteps.length; i++) {
    const { layer, leveled, policiesOf } = layerSteps[i];
    const found = policiesOf(ctx, policies, rcpExempt);
    if (found === undefined) continue;
    const layerInput = layer === 'endpoint' ? endpointInput : input;
    if (leveled) {
      // INVARIANT: a layer with levels (layers.ts `levels`) gives one policy list per level.
      const levels = found as readonly (readonly Policy[])[];
      const verdicts: Verdict[] = [];
      facts[layer as LeveledLayer] = verdicts;
      for (let level = 0; level < levels.length; level++) {
        const v = scan(levels[level], layer, level, layerInput, ctx, tracer);
        verdicts.push(v);
        if (noteDeny(facts, v, layer, level, tracer)) return facts;
      }
    } else {
      const v = scan(found as Policy | readonly Policy[], layer, undefined, layerInput, ctx, tracer);
      facts[layer as Exclude<PolicyLayer, LeveledLayer>] = v;
      if (layer === 'session') facts.sessionPolicyCount = policies.session?.length ?? 0;
      if (noteDeny(facts, v, layer, undefined, tracer)) return facts;
    }
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
