/**
 * Parse once, evaluate many: each Policy is compiled once into matchers, cached by object identity,
 * with its statements indexed by service so statements that cannot match an action cost nothing.
 */
import type { Policy } from '../policy/types';
import { compileStatement, type CompiledStatement } from './statement';

/** A compiled policy. */
export interface CompiledPolicy {
  policy: Policy;
  statements: CompiledStatement[];
  /** Statements that may match an action of the service (lowercase prefix), in document order. */
  forService(service: string): CompiledStatement[];
}

const cache = new WeakMap<Policy, CompiledPolicy>();

/** The compiled form of a policy, compiled on first use. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  let c = cache.get(policy);
  if (!c) {
    c = build(policy);
    cache.set(policy, c);
  }
  return c;
}

function build(policy: Policy): CompiledPolicy {
  // Variables are substituted only under Version 2012-10-17 (variables.ts).
  const substitute = policy.version === '2012-10-17';
  const statements = policy.statements.map((s) => compileStatement(s, substitute));
  const byService = new Map<string, CompiledStatement[]>();
  let lastService = '';
  let lastList: CompiledStatement[] = [];
  return {
    policy,
    statements,
    forService(service) {
      // Runs of requests usually share a service: remember the last lookup.
      if (service === lastService) return lastList;
      let list = byService.get(service);
      if (!list) {
        // A NotAction statement, or one whose Action has a wildcard service part, may match any
        // service; otherwise the statement only matches the services its entries name.
        list = statements.filter((s) => !s.action || s.action.services === undefined || s.action.services.has(service));
        byService.set(service, list);
      }
      lastService = service;
      lastList = list;
      return list;
    },
  };
}
