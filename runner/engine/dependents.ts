/**
 * Dependent requests: the requests a service makes with the caller's credentials while serving the
 * caller's request (services/types.ts `DependentRequestSpec`), built as ordinary requests so the
 * engine decides them with the same machinery (evaluate.ts; rule `dependentRequest` in decide.ts).
 *
 * Worked example: Mary (`arn:aws:iam::444455556666:user/Mary`) calls
 * `secretsmanager:GetSecretValue` on `arn:aws:secretsmanager:us-east-1:111122223333:secret:shared-AbCdEf`,
 * whose `kmsKeyId` is `arn:aws:kms:us-east-1:111122223333:key/1234abcd-...`. Secrets Manager then
 * calls KMS as Mary:
 *
 *     principal: Mary (the same principal, with her identity policies, boundary and session policies)
 *     action:    kms:Decrypt
 *     resource:  the key, as the policy set's `related` map gives it, with its key policy
 *     context:   Mary's request context, then the service's keys over it:
 *                kms:ViaService = secretsmanager.us-east-1.amazonaws.com,
 *                kms:EncryptionContext:SecretARN = the secret's ARN, ...
 *
 * A spec whose resource the `related` map lacks is not made: the scenario does not declare the
 * key (runner/plan.ts refuses an `allow` expectation that would depend on it).
 */
import { defineOwn } from './own';
import type { RequestContext } from './request';
import type { DependentRequestSpec } from './services/types';
import type { AuthorizationRequest, ContextValue, PolicySet } from './types';

/** One dependent request, ready to evaluate. */
export interface DependentRequest {
  spec: DependentRequestSpec;
  service: string;
  request: AuthorizationRequest;
  policies: PolicySet;
}

// Built once per caller request object and policy set (both immutable once passed in, evaluate.ts),
// so repeated evaluations of one test case reuse the requests and the compiled plans they key.
const built = new WeakMap<AuthorizationRequest, WeakMap<PolicySet, readonly DependentRequest[]>>();
const none: readonly DependentRequest[] = Object.freeze([]);

/** The dependent requests the service makes for this request (none for most requests). */
export function dependentRequests(ctx: RequestContext, policies: PolicySet): readonly DependentRequest[] {
  const rules = ctx.rules;
  if (!rules?.dependents || policies.related === undefined) return none;
  let byPolicies = built.get(ctx.request);
  if (!byPolicies) {
    byPolicies = new WeakMap();
    built.set(ctx.request, byPolicies);
  }
  let out = byPolicies.get(policies);
  if (!out) {
    out = build(ctx, policies, rules.dependents(ctx) ?? [], rules.prefix);
    byPolicies.set(policies, out);
  }
  return out;
}

function build(
  ctx: RequestContext,
  policies: PolicySet,
  specs: readonly DependentRequestSpec[],
  service: string,
): readonly DependentRequest[] {
  const out: DependentRequest[] = [];
  for (const spec of specs) {
    const related = policies.related?.get(spec.resource);
    if (!related) continue;
    const context: Record<string, ContextValue> = {};
    const overridden = new Set(Object.keys(spec.context).map((k) => k.toLowerCase()));
    for (const [k, v] of Object.entries(ctx.request.context)) if (!overridden.has(k.toLowerCase())) defineOwn(context, k, v);
    for (const [k, v] of Object.entries(spec.context)) defineOwn(context, k, v);
    const request: AuthorizationRequest = { principal: ctx.request.principal, action: spec.action, resource: related.resource, context };
    // The same caller's policies; the resource-based policy is the related resource's own.
    const set: PolicySet = { identity: policies.identity };
    if (policies.boundary) set.boundary = policies.boundary;
    if (policies.session) set.session = policies.session;
    if (related.policy) set.resource = related.policy;
    if (policies.organization) set.organization = policies.organization;
    out.push({ spec, service, request, policies: set });
  }
  return out;
}
