/**
 * Parse once, evaluate many: each Policy is compiled once into matchers, cached by object identity,
 * with its statements indexed by service and by action so statements that cannot match an action
 * cost nothing.
 */
import type { Policy } from '../policy/types';
import { matchAction } from './match-action';
import { compileStatement, type CompiledStatement } from './statement';

/** A compiled policy. */
export interface CompiledPolicy {
  policy: Policy;
  statements: CompiledStatement[];
  /** Statements that may match an action of the service (lowercase prefix), in document order. */
  forService(service: string): CompiledStatement[];
  /**
   * Statements whose Action or NotAction matches the action (lowercase `service:name`), in document
   * order: the fast path needs no other.
   */
  forAction(action: string, service: string): CompiledStatement[];
}

const cache = new WeakMap<Policy, CompiledPolicy>();

/** The compiled form of a policy, compiled on first use. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  let c = cache.get(policy);
  if (!c) {
    c = new Compiled(policy);
    cache.set(policy, c);
  }
  return c;
}

// Bounded so a run over every action of every service cannot grow a policy's index without end.
const maxIndexedActions = 4096;

class Compiled implements CompiledPolicy {
  readonly statements: CompiledStatement[];
  private readonly byService = new Map<string, CompiledStatement[]>();
  private readonly byAction = new Map<string, CompiledStatement[]>();

  constructor(readonly policy: Policy) {
    // Variables are substituted only under Version 2012-10-17 (variables.ts).
    const substitute = policy.version === '2012-10-17';
    this.statements = policy.statements.map((s) => compileStatement(s, substitute));
  }

  forService(service: string): CompiledStatement[] {
    let list = this.byService.get(service);
    if (!list) {
      // A NotAction statement, or one whose Action has a wildcard service part, may match any
      // service; otherwise the statement only matches the services its entries name.
      list = this.statements.filter((s) => !s.action || s.action.services === undefined || s.action.services.has(service));
      this.byService.set(service, list);
    }
    return list;
  }

  forAction(action: string, service: string): CompiledStatement[] {
    let list = this.byAction.get(action);
    if (!list) {
      list = this.forService(service).filter((s) => actionMatches(s, action));
      if (this.byAction.size >= maxIndexedActions) this.byAction.clear();
      this.byAction.set(action, list);
    }
    return list;
  }
}

/** True when the statement's Action or NotAction matches `action` (statements without either match). */
export function actionMatches(cs: CompiledStatement, action: string): boolean {
  if (cs.action) return matchAction(cs.action, action) >= 0;
  if (cs.notAction) return matchAction(cs.notAction, action) < 0;
  return true;
}

/** One statement of a layer's plan, with the verdict it gives on its own when it is a Deny. */
export interface PlannedStatement {
  cs: CompiledStatement;
  /** The verdict of a layer whose first matching Deny is this statement (shared, frozen). */
  denyVerdict?: Readonly<{ deny: true; denyPolicy: string; allow: false }>;
}

/**
 * What the fast path evaluates for one action in one layer: the statements of the layer's
 * policies whose Action/NotAction matches, Denies and Allows apart, each in document order.
 */
export interface LayerPlan {
  denies: readonly PlannedStatement[];
  allows: readonly PlannedStatement[];
}

/**
 * The plans of one action, keyed by the layer's policy array (identity, session, one SCP/RCP level)
 * or, for a layer of one policy (resource, boundary), by the Policy itself. request.ts keeps one
 * per interned action, so a request finds a layer's plan with one lookup.
 *
 * INVARIANT: a Policy is immutable after parsing, and so are the arrays of policies a PolicySet
 * holds once evaluate() has seen them (runner/plan.ts builds them once and shares them between the
 * cases of a principal; the PolicySet types are readonly). A caller that changes such an array in
 * place must pass a new array instead, or the cached plan is stale (compile.test.ts shows that a
 * new array gets its own plan).
 */
export type PlanCache = WeakMap<Policy | readonly Policy[], LayerPlan>;

/**
 * The fast path's plan for `action` (lowercase `service:name`) over a layer's policies (an array,
 * or the layer's one policy), cached in `byAction` (the action's {@link PlanCache}).
 */
export function layerPlan(byAction: PlanCache, policies: Policy | readonly Policy[], action: string, service: string): LayerPlan {
  let plan = byAction.get(policies);
  if (!plan) {
    const denies: PlannedStatement[] = [];
    const allows: PlannedStatement[] = [];
    for (const policy of Array.isArray(policies) ? (policies as readonly Policy[]) : [policies as Policy]) {
      for (const cs of compilePolicy(policy).forAction(action, service)) {
        if (cs.source.effect === 'Deny')
          denies.push({ cs, denyVerdict: Object.freeze({ deny: true, denyPolicy: policy.name, allow: false }) });
        else allows.push({ cs });
      }
    }
    plan = { denies, allows };
    byAction.set(policies, plan);
  }
  return plan;
}
