/**
 * The engine's entry point: a pure, synchronous function from a request and its policies to a
 * decision, with an explanation on request.
 *
 * Fast path (default): compiled policies (compile.ts), statements indexed by service, no trace.
 * Explaining path (`explain: true`): the same functions with a trace sink, so both paths apply the
 * same rules (evaluate.test.ts checks that they agree).
 */
import { decide } from './decide';
import { explain } from './explain';
import { collectFacts, type Tracer } from './policy-types';
import { RequestContext } from './request';
import type { AuthorizationRequest, EvaluateOptions, EvaluationResult, PolicySet } from './types';

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
  if (options?.explain !== true) return { decision: decide(collectFacts(ctx, policies)).decision };
  const tracer: Tracer = { policies: [], denies: [], allows: [] };
  const facts = collectFacts(ctx, policies, tracer);
  const outcome = decide(facts);
  return { decision: outcome.decision, explanation: explain(facts, outcome, tracer) };
}
