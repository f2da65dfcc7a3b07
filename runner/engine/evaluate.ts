/**
 * The engine's entry point: a pure, synchronous function from a request and its policies to a
 * decision, with an explanation on request.
 *
 * Fast path (default): compiled policies (compile.ts), statements indexed by service, no trace.
 * Explaining path (`explain: true`): the same functions with a trace sink, so both paths apply the
 * same rules (evaluate.test.ts checks that they agree).
 */
import { decide, type Outcome } from './decide';
import { dependentRequests } from './dependents';
import { explain } from './explain';
import { collectFacts, type Facts, type Tracer } from './policy-types';
import { RequestContext } from './request';
import type { AuthorizationRequest, DependentExplanation, EvaluateOptions, EvaluationResult, PolicySet } from './types';

/**
 * Decides one request as AWS would. Assumes validated input (policies from `runner/policy/`).
 *
 * INVARIANT: the inputs are immutable once passed in. Caches keyed by object identity keep what
 * was derived from them: compiled policies and per-layer plans by `Policy` and policy array
 * (compile.ts), the parsed caller by `RequestPrincipal` object, its tags included
 * (principal-info.ts). Mutating a policy, a policy array or a principal's tags after a first call
 * can return a stale decision (a stale allow, say): pass new objects instead (runner/plan.ts
 * builds each request and policy set once). Checking for mutation would cost the fast path.
 */
export function evaluate(request: AuthorizationRequest, policies: PolicySet, options?: EvaluateOptions): EvaluationResult {
  const ctx = new RequestContext(request, policies.organization);
  if (options?.explain !== true) {
    const facts = collectFacts(ctx, policies);
    const outcome = decide(facts);
    return {
      decision: (outcome.decision === 'allow' && ctx.rules?.dependents ? withDependents(ctx, policies, facts, outcome) : outcome).decision,
    };
  }
  const tracer: Tracer = { policies: [], denies: [], allows: [] };
  if (options.statementTraces === false) tracer.untraced = { conditionKeys: [], statements: [] };
  const facts = collectFacts(ctx, policies, tracer);
  let outcome = decide(facts);
  const dependents: DependentExplanation[] = [];
  if (outcome.decision === 'allow' && ctx.rules?.dependents)
    outcome = withDependents(ctx, policies, facts, outcome, dependents, options.statementTraces !== false);
  const explanation = explain(facts, outcome, tracer);
  if (dependents.length > 0) explanation.dependents = dependents;
  return { decision: outcome.decision, explanation };
}

/**
 * The caller's request was allowed: the service now makes its dependent requests (dependents.ts),
 * each evaluated like any request. The first denied one is noted in the facts and the rules decide
 * again (rule `dependentRequest`). Only a request the caller was allowed to make leads the service
 * to make others, so a denied request has none. `explained` collects their explanations when the
 * caller asked for one.
 */
function withDependents(
  ctx: RequestContext,
  policies: PolicySet,
  facts: Facts,
  outcome: Outcome,
  explained?: DependentExplanation[],
  statementTraces = true,
): Outcome {
  const deps = dependentRequests(ctx, policies);
  for (const d of deps) {
    const r = evaluate(d.request, d.policies, explained ? { explain: true, statementTraces } : undefined);
    if (explained)
      explained.push({
        service: d.service,
        id: d.spec.id,
        action: d.spec.action,
        resource: d.request.resource!.arn,
        explanation: r.explanation!,
      });
    if (r.decision !== 'allow') {
      facts.dependentDeny = r.decision;
      return decide(facts);
    }
  }
  return outcome;
}
