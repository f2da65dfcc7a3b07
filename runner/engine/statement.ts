/**
 * One statement: compiled once, evaluated per request. The same function serves the fast path
 * (no trace: it stops at the first element that does not match) and the explaining path (with a
 * trace: it evaluates and records every element and condition). Both return the same answer.
 *
 * A statement applies when its Action/NotAction, Resource/NotResource, Principal/NotPrincipal and
 * every condition match (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html;
 * conditions ANDed per https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
 */
import type { Statement } from '../policy/types';
import { compileCondition, evaluateCondition, type CompiledCondition, type ConditionRecord } from './conditions/evaluate';
import { compileActions, matchAction, type ActionMatcher } from './match-action';
import { matchPrincipal, notPrincipalExcludes, type PrincipalMatch } from './match-principal';
import { compileResources, matchResource, type ResourceEntry, type ResourceRecord } from './match-resource';
import { defineOwn } from './own';
import type { PrincipalInfo } from './principal-info';
import type { StatementTrace } from './types';
import type { ContextLookup } from './variables';

/** A compiled statement. */
export interface CompiledStatement {
  source: Statement;
  action?: ActionMatcher | undefined;
  notAction?: ActionMatcher | undefined;
  resource?: ResourceEntry[] | undefined;
  notResource?: ResourceEntry[] | undefined;
  conditions: CompiledCondition[];
}

/** Compiles one statement; `substitute` is true under Version 2012-10-17. */
export function compileStatement(s: Statement, substitute: boolean): CompiledStatement {
  return {
    source: s,
    action: s.action && compileActions(s.action),
    notAction: s.notAction && compileActions(s.notAction),
    resource: s.resource && compileResources(s.resource, substitute),
    notResource: s.notResource && compileResources(s.notResource, substitute),
    conditions: s.conditions.map((c) => compileCondition(c, substitute)),
  };
}

/** The request as statements see it. */
export interface StatementInput {
  /** `service:action`, lowercase. */
  action: string;
  /** The resource ARN, or `*`. */
  resource: string;
  principal: PrincipalInfo;
  hasBoundary: boolean;
  lookup: ContextLookup;
  /** Principal entries naming an account name its root user only (a gateway endpoint's policy). */
  accountMeansRoot?: boolean;
}

/** How a matching statement matched the caller: `none` when it has no Principal element. */
export type StatementMatch = PrincipalMatch | { kind: 'none' };

const noPrincipal: StatementMatch = { kind: 'none' };

/**
 * Whether the statement applies to the request; with `trace`, records every element and condition.
 * `actionKnown`: the caller already knows the Action/NotAction matches (compile.ts `forAction`).
 */
export function evaluateStatement(
  cs: CompiledStatement,
  input: StatementInput,
  trace?: StatementTrace,
  actionKnown = false,
): StatementMatch | undefined {
  const s = cs.source;
  let ok = true;
  if ((cs.action || cs.notAction) && !(actionKnown && !trace)) {
    const notForm = !cs.action;
    const entries = (cs.action ?? cs.notAction)!;
    const i = matchAction(entries, input.action);
    const matched = notForm ? i < 0 : i >= 0;
    const spanned = (s.action ?? s.notAction)!;
    trace?.elements.push({
      element: notForm ? 'NotAction' : 'Action',
      matched,
      ...(i >= 0 ? { entry: spanned[i].value, span: spanned[i].span } : {}),
    });
    if (!matched) {
      ok = false;
      if (!trace) return undefined;
    }
  }
  if (cs.resource || cs.notResource) {
    const notForm = !cs.resource;
    const entries = (cs.resource ?? cs.notResource)!;
    const record: ResourceRecord | undefined = trace ? { resolved: [], variables: new Map() } : undefined;
    const i = matchResource(entries, input.resource, input.lookup, record);
    const matched = notForm ? i < 0 : i >= 0;
    const spanned = (s.resource ?? s.notResource)!;
    trace?.elements.push({
      element: notForm ? 'NotResource' : 'Resource',
      matched,
      ...(i >= 0 ? { entry: record!.resolved[i], span: spanned[i].span } : {}),
    });
    if (trace) noteVariables(trace, record!.variables);
    if (!matched) {
      ok = false;
      if (!trace) return undefined;
    }
  }
  let match: StatementMatch = noPrincipal;
  if (s.principal) {
    const m = matchPrincipal(s.principal, input.principal, input.accountMeansRoot);
    trace?.elements.push({ element: 'Principal', matched: m !== undefined, ...(m ? { entry: m.entry } : {}), span: s.principal.span });
    if (!m) {
      ok = false;
      if (!trace) return undefined;
    }
    if (m) match = m;
  } else if (s.notPrincipal) {
    const spared = notPrincipalExcludes(s.notPrincipal, input.principal, input.hasBoundary);
    trace?.elements.push({ element: 'NotPrincipal', matched: !spared, span: s.notPrincipal.span });
    if (spared) {
      ok = false;
      if (!trace) return undefined;
    }
  }
  for (const cc of cs.conditions) {
    const record: ConditionRecord | undefined = trace ? { values: [], variables: new Map() } : undefined;
    const matched = evaluateCondition(cc, input.lookup, record);
    if (trace) {
      const c = cc.source;
      trace.conditions.push({
        operator: c.raw.value,
        key: c.key.value,
        values: record!.values,
        ...(record!.contextValues ? { contextValues: record!.contextValues } : {}),
        matched,
        span: c.raw.span,
      });
      noteVariables(trace, record!.variables);
    }
    if (!matched) {
      ok = false;
      if (!trace) return undefined;
    }
  }
  if (trace) trace.matched = ok;
  return ok ? match : undefined;
}

function noteVariables(trace: StatementTrace, used: Map<string, string | undefined>): void {
  if (used.size === 0) return;
  trace.variables ??= {};
  for (const [name, value] of used) defineOwn(trace.variables, name, value ?? null);
}
