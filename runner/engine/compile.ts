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
