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

/**
 * The same answer as {@link actionMatches}, with the element's matchers called directly: the
 * partition asks once per catalog action, so matchAction's per-action memo would only churn.
 */
function matchesOnce(cs: CompiledStatement, action: string): boolean {
  const m = cs.action ?? cs.notAction;
  if (!m) return true;
  const hit = m.matchers.some((match) => match(action));
  return cs.action ? hit : !hit;
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

/** How a statement's Action/NotAction answers for every action of one service, if it answers alike. */
type ServiceAnswer = 'all' | 'none' | 'vary';

/**
 * Whether the element's entries match all, none or only some actions of `service`. An entry `*`
 * or `SERVICE:*` matches every action of it; an entry whose service part has no wildcard starts
 * with the literal `service:` and matches no action of another service; any other entry may
 * match some actions and not others.
 */
function serviceAnswer(entries: readonly string[], service: string): ServiceAnswer {
  let answer: ServiceAnswer = 'none';
  for (const e of entries) {
    const colon = e.indexOf(':');
    const svc = colon < 0 ? e : e.slice(0, colon);
    if (e === '*' || (svc === service && e.slice(colon + 1) === '*')) return 'all';
    if (colon >= 0 && !/[*?]/.test(svc) && svc !== service) continue;
    answer = 'vary';
  }
  return answer;
}

/** The classes of `actions` (in catalog order, grouped by service) under `statements`. */
export function actionClasses(byService: readonly ServiceActions[], statements: readonly CompiledStatement[]): ActionClass[] {
  const classes = new Map<string, ActionClass>();
  const add = (sig: string, matches: boolean[], ids: readonly { id: string; lower: string }[]): void => {
    const c = classes.get(sig);
    if (c) for (const a of ids) c.members.push(a.id);
    else classes.set(sig, { action: ids[0].lower, id: ids[0].id, members: ids.map((a) => a.id), matches });
  };
  const entries = statements.map((cs) => (cs.source.action ?? cs.source.notAction)?.map((e) => e.value.toLowerCase()));
  for (const { service, actions: group } of byService) {
    // Per statement: its fixed answer for the whole service, or undefined when it varies.
    const fixed = statements.map((cs, i): boolean | undefined => {
      const list = entries[i];
      if (list === undefined) return true;
      const a = serviceAnswer(list, service);
      if (a === 'vary') return undefined;
      return (a === 'all') === (cs.action !== undefined);
    });
    if (!fixed.includes(undefined)) {
      const matches = fixed as boolean[];
      add(matches.map((m) => (m ? '1' : '0')).join(''), matches, group);
      continue;
    }
    for (const a of group) {
      const matches = statements.map((cs, i) => fixed[i] ?? matchesOnce(cs, a.lower));
      add(matches.map((m) => (m ? '1' : '0')).join(''), matches, [a]);
    }
  }
  return [...classes.values()];
}
