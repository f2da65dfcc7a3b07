/**
 * The action space: every action of every service in the catalog, split into classes by which
 * statements' Action or NotAction element matches it. Two actions of one class are alike for
 * every statement of both policies, so one representative per class decides for all of it.
 *
 * Matching is the engine's (runner/engine/match-action.ts): case-insensitive, `*` and `?`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html);
 * NotAction matches every action not listed
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html).
 * A statement with neither element matches every action (it cannot be written, but the model allows it).
 */
import type { Catalog } from '../../catalog/types';
import { matchAction } from '../engine/match-action';
import type { CompiledStatement } from '../engine/statement';

/** One class: the statements (indexes into the list given) whose action element matches. */
export interface ActionClass {
  /** The representative: the first action of the class in catalog order, lowercase. */
  action: string;
  /** As AWS spells it, for output. */
  id: string;
  /** The catalog actions of the class (AWS's spelling), in catalog order. */
  members: string[];
  /** `matches[i]`: statement i's Action/NotAction matches. */
  matches: boolean[];
}

/** True when the statement's Action or NotAction matches the lowercase action. */
export function actionMatches(cs: CompiledStatement, action: string): boolean {
  if (cs.action) return matchAction(cs.action, action) >= 0;
  if (cs.notAction) return matchAction(cs.notAction, action) < 0;
  return true;
}

/** The actions of one service. */
export interface ServiceActions {
  /** The service prefix, lowercase. */
  service: string;
  actions: { id: string; lower: string }[];
}

const listed = new WeakMap<Catalog, ServiceActions[]>();

/** Every catalog action by service, in a stable order (service, then name); listed once per catalog. */
export function catalogActions(catalog: Catalog): ServiceActions[] {
  const known = listed.get(catalog);
  if (known) return known;
  const out: ServiceActions[] = [];
  for (const s of [...catalog.services()].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0))) {
    const actions = catalog.actionsOf(s.prefix).map((a) => ({ id: a.id, lower: a.id.toLowerCase() }));
    if (actions.length > 0) out.push({ service: s.prefix.toLowerCase(), actions });
  }
  listed.set(catalog, out);
  return out;
}

/** The classes of `actions` (in catalog order, grouped by service) under `statements`. */
export function actionClasses(byService: readonly ServiceActions[], statements: readonly CompiledStatement[]): ActionClass[] {
  const classes = new Map<string, ActionClass>();
  // A statement whose entries name services only matches actions of those services: outside them
  // its answer is fixed (Action: no match; NotAction: a match), so a service no statement names
  // joins one class whole, without a matcher call.
  const services = statements.map((cs) => (cs.action ?? cs.notAction)?.services);
  const outside = statements.map((cs) => cs.action === undefined && cs.notAction !== undefined);
  const add = (sig: string, matches: boolean[], ids: readonly { id: string; lower: string }[]): void => {
    const c = classes.get(sig);
    if (c) for (const a of ids) c.members.push(a.id);
    else classes.set(sig, { action: ids[0].lower, id: ids[0].id, members: ids.map((a) => a.id), matches });
  };
  for (const { service, actions: group } of byService) {
    const named = statements.map((_, i) => services[i] === undefined || services[i].has(service));
    if (!named.includes(true)) {
      add(outside.map((m) => (m ? '1' : '0')).join(''), outside, group);
      continue;
    }
    for (const a of group) {
      const matches = statements.map((cs, i) => (named[i] ? actionMatches(cs, a.lower) : outside[i]));
      add(matches.map((m) => (m ? '1' : '0')).join(''), matches, [a]);
    }
  }
  return [...classes.values()];
}
