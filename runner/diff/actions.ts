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

/** Every catalog action, in a stable order (service, then name). */
export function catalogActions(catalog: Catalog): { id: string; lower: string }[] {
  const out: { id: string; lower: string }[] = [];
  for (const s of [...catalog.services()].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0)))
    for (const a of catalog.actionsOf(s.prefix)) out.push({ id: a.id, lower: a.id.toLowerCase() });
  return out;
}

/** The classes of `actions` under `statements`. */
export function actionClasses(actions: readonly { id: string; lower: string }[], statements: readonly CompiledStatement[]): ActionClass[] {
  const classes = new Map<string, ActionClass>();
  // A statement whose entries name services only matches actions of those services: skip the
  // matcher for the rest (Action: no match; NotAction: a match).
  const services = statements.map((cs) => (cs.action ?? cs.notAction)?.services);
  for (const a of actions) {
    const service = a.lower.slice(0, a.lower.indexOf(':'));
    const matches = statements.map((cs, i) => {
      const only = services[i];
      if (only !== undefined && !only.has(service)) return cs.action === undefined && cs.notAction !== undefined;
      return actionMatches(cs, a.lower);
    });
    const sig = matches.map((m) => (m ? '1' : '0')).join('');
    const c = classes.get(sig);
    if (c) c.members.push(a.id);
    else classes.set(sig, { action: a.lower, id: a.id, members: [a.id], matches });
  }
  return [...classes.values()];
}
