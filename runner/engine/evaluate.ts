/**
 * The engine's entry point: a pure, synchronous function from a request, its policies and the
 * catalog to a decision, with an explanation on request.
 *
 * Fast path (default): compiled policies (compile.ts), statements indexed by service, no trace.
 * Explaining path (`explain: true`): the same functions with a trace sink, so both paths apply the
 * same rules (evaluate.test.ts checks that they agree).
 */
import type { Catalog } from '../../catalog/types';
import { decide } from './decide';
import { explain } from './explain';
import { collectFacts, type Tracer } from './policy-types';
import { RequestContext } from './request';
import type { AuthorizationRequest, EvaluateOptions, EvaluationResult, PolicySet } from './types';

/**
 * Decides one request as AWS would. Assumes validated input (policies from `runner/policy/`).
 * `catalog` is reserved for service rules that need action metadata; current rules do not.
 */
export function evaluate(request: AuthorizationRequest, policies: PolicySet, catalog: Catalog, options?: EvaluateOptions): EvaluationResult {
  void catalog;
  const ctx = new RequestContext(request, policies.organization);
  if (options?.explain !== true) return { decision: decide(collectFacts(ctx, policies)).decision };
  const tracer: Tracer = { policies: [], denies: [], allows: [] };
  const facts = collectFacts(ctx, policies, tracer);
  const outcome = decide(facts);
  return { decision: outcome.decision, explanation: explain(facts, outcome, tracer) };
}
