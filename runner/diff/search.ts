/**
 * Does NEW allow a request OLD does not? A search over finitely many regions of requests:
 * action class (actions.ts) × resource atom (automata.ts) × caller (principals.ts) × one
 * representative per condition key (values.ts). Within a region every request gets the same
 * answer from every statement of both policies, so trying one request per region is exhaustive:
 * when none is allowed by NEW and not by OLD, NEW grants nothing new.
 *
 * "Allowed by a policy" is the policy on its own: some Allow statement applies and no Deny
 * statement does (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * "an explicit deny in any policy overrides any allows"; without an Allow the request is
 * implicitly denied). Statements are applied by the engine's own matcher (runner/engine/statement.ts).
 *
 * The search stops at the first confirmed difference, and answers `unknown` when it runs out of
 * budget or meets what it does not model (an unsupported operator, a key compared by two families).
 */
import type { Catalog } from '../../catalog/types';
import { RequestContext } from '../engine/request';
import { compileStatement, evaluateStatement, type CompiledStatement } from '../engine/statement';
import type { AuthorizationRequest, ContextValue, RequestPrincipal } from '../engine/types';
import type { Condition, Policy } from '../policy/types';
import { actionClasses, catalogActions, type ActionClass } from './actions';
import { boundPolicy, usesVariables } from './approximate';
import { accepts, atomsOf, compileAutomaton, type PatternAutomaton } from './automata';
import { principalReps } from './principals';
import { dropShared } from './shared';
import { keyValues, type KeyValue } from './values';

/** The budget of one diff. */
export interface DiffBudget {
  /** Requests tried plus automaton steps. Default: 2,000,000. */
  steps?: number;
  /** Checked between regions: true stops the search with `unknown` (the caller's clock). */
  expired?: () => boolean;
}

/** A request NEW allows and OLD does not. */
export interface Counterexample {
  request: AuthorizationRequest;
  /** The catalog actions that behave as `request.action` does (its class), `request.action` first. */
  alike: string[];
}

/** The answer. */
export type DiffVerdict =
  | { kind: 'none'; regions: number; steps: number }
  | { kind: 'new'; counterexample: Counterexample; regions: number; steps: number }
  | { kind: 'unknown'; reason: string; regions: number; steps: number };

interface Side {
  policy: Policy;
  exact: CompiledStatement[];
  bound: CompiledStatement[];
}

function compile(p: Policy): CompiledStatement[] {
  return p.statements.map((s) => compileStatement(s, p.version === '2012-10-17'));
}

/** `p` as given (to confirm) and as searched (`searched`: shared statements dropped, variables bounded). */
function side(p: Policy, searched: Policy, which: 'new' | 'old'): Side {
  return { policy: p, exact: compile(p), bound: compile(boundPolicy(searched, which)) };
}

/** Whether the statements allow the request: an Allow applies and no Deny does. */
export function allowedBy(statements: readonly CompiledStatement[], request: AuthorizationRequest): boolean {
  const ctx = new RequestContext(request, undefined);
  const input = {
    action: ctx.action,
    resource: request.resource?.arn ?? '*',
    principal: ctx.principal,
    hasBoundary: false,
    lookup: ctx,
  };
  let allow = false;
  for (const cs of statements) {
    if (cs.source.effect === 'Allow' && allow) continue;
    if (evaluateStatement(cs, input) === undefined) continue;
    if (cs.source.effect === 'Deny') return false;
    allow = true;
  }
  return allow;
}

/** Whether `policy` on its own allows the request (the real policy, variables resolved per request). */
export function policyAllows(policy: Policy, request: AuthorizationRequest): boolean {
  return allowedBy(compile(policy), request);
}

class OutOfBudget extends Error {}

/** Decides whether NEW allows some request OLD does not. */
export function diffPolicies(oldPolicy: Policy, newPolicy: Policy, catalog: Catalog, budget: DiffBudget = {}): DiffVerdict {
  const limit = budget.steps ?? 2_000_000;
  const state = { steps: 0, regions: 0, unconfirmed: false };
  const spend = (n: number): void => {
    state.steps += n;
    if (state.steps > limit) throw new OutOfBudget('the search budget was exceeded');
  };
  const shared = dropShared(oldPolicy, newPolicy);
  const news = side(newPolicy, shared.newPolicy, 'new');
  const olds = side(oldPolicy, shared.oldPolicy, 'old');
  const all = [...news.bound, ...olds.bound];
  const actions = catalogActions(catalog);
  // Readable resources sit in the default caller's account for identity-based policies, and in
  // another account for resource-based ones, so their scenario goes across accounts (expectation.ts).
  const owner = oldPolicy.kind === 'resource' || newPolicy.kind === 'resource' ? '444455556666' : '111122223333';
  const nNew = news.bound.length;
  const atomCache = new Map<string, { automata: PatternAutomaton[]; witnesses: string[][] }>();
  try {
    for (const cls of actionClasses(actions, all)) {
      if (budget.expired?.()) return { kind: 'unknown', reason: 'the time budget was exceeded', ...counts(state) };
      if (!news.bound.some((cs, i) => cs.source.effect === 'Allow' && cls.matches[i])) continue;
      const relNew = news.bound.filter((_, i) => cls.matches[i]);
      const relOld = olds.bound.filter((_, i) => cls.matches[nNew + i]);
      const found = searchClass(
        cls,
        readableResources(catalog, cls.members, owner),
        relNew,
        relOld,
        news,
        olds,
        atomCache,
        spend,
        state,
        catalog,
      );
      if (found) return { kind: 'new', counterexample: found, ...counts(state) };
    }
  } catch (e) {
    if (e instanceof OutOfBudget) return { kind: 'unknown', reason: e.message, ...counts(state) };
    if (e instanceof Unsupported) return { kind: 'unknown', reason: e.message, ...counts(state) };
    throw e;
  }
  if (state.unconfirmed)
    return {
      kind: 'unknown',
      reason: 'policy variables: a difference between the bounds of the two policies could not be shown on a concrete request',
      ...counts(state),
    };
  return { kind: 'none', ...counts(state) };
}

function counts(state: { steps: number; regions: number }): { regions: number; steps: number } {
  return { regions: state.regions, steps: state.steps };
}

class Unsupported extends Error {}

/** Tries every region of one action class; a confirmed counterexample or undefined. */
function searchClass(
  cls: ActionClass,
  readable: readonly string[],
  relNew: CompiledStatement[],
  relOld: CompiledStatement[],
  news: Side,
  olds: Side,
  atomCache: Map<string, { automata: PatternAutomaton[]; witnesses: string[][] }>,
  spend: (n: number) => void,
  state: { regions: number; unconfirmed: boolean },
  catalog: Catalog,
): Counterexample | undefined {
  const statements = [...relNew, ...relOld];
  // An action of the class that can be requested on `arn`: only the ARN's own service can have one,
  // so the class is first narrowed by prefix (a string test; looking an action up loads its service).
  const requestableOn = (arn: string | undefined): string | undefined => {
    const service = arn?.split(':')[2];
    return cls.members
      .filter((id) => arn === undefined || id.startsWith(`${service}:`))
      .slice(0, 1000)
      .find((id) => {
        const info = catalog.action(id);
        return info !== undefined && catalog.actionAppliesTo(info, arn);
      });
  };
  const fits = (arn: string): boolean => requestableOn(arn === '*' ? undefined : arn) !== undefined;
  const resources = resourceReps(readable, statements, atomCache, spend, fits);
  const principals = principalReps(statements.map((cs) => cs.source));
  const conditions = new Map<string, Condition[]>();
  for (const cs of statements)
    for (const c of cs.source.conditions) {
      const k = c.key.value.toLowerCase();
      conditions.set(k, [...(conditions.get(k) ?? []), c]);
    }
  const keys = [...conditions.keys()].sort();
  const valueLists = keys.map((k) => {
    const cs = conditions.get(k)!;
    const type = catalog.conditionKey(cs[0].key.value)?.type;
    const multivalued = cs.some((c) => c.qualifier !== undefined) || type?.startsWith('ArrayOf') === true;
    const r = keyValues(cs, { multivalued, budget: 20_000, type });
    if (r.kind === 'unknown') throw new Unsupported(r.reason);
    return r.values;
  });
  for (const resource of resources)
    for (const principal of principals) {
      for (const valuation of product(valueLists)) {
        spend(1);
        state.regions++;
        const request = requestOf(cls.action, resource, principal, keys, conditions, valuation);
        if (!allowedBy(relNew, request) || allowedBy(relOld, request)) continue;
        // Confirm on the real policies (the bounds over- and under-approximate variables).
        if (allowedBy(news.exact, request) && !allowedBy(olds.exact, request)) {
          // Name the request by an action of the class that can be requested on the resource.
          const first = requestableOn(request.resource?.arn) ?? cls.id;
          return { request: { ...request, action: first }, alike: [first, ...cls.members.filter((m) => m !== first)] };
        }
        state.unconfirmed = true;
      }
    }
  return undefined;
}

function requestOf(
  action: string,
  resource: string,
  principal: RequestPrincipal,
  keys: readonly string[],
  conditions: ReadonlyMap<string, Condition[]>,
  valuation: readonly KeyValue[],
): AuthorizationRequest {
  const context: Record<string, ContextValue> = {};
  valuation.forEach((v, i) => {
    if (v.kind === 'value') context[conditions.get(keys[i])![0].key.value] = v.value;
  });
  return { action, principal, ...(resource === '*' ? {} : { resource: { arn: resource } }), context };
}

/** Every combination of one value per list (the lists are never empty: each holds `absent`). */
function* product(lists: readonly KeyValue[][]): Generator<KeyValue[]> {
  const idx = lists.map(() => 0);
  for (;;) {
    yield idx.map((j, i) => lists[i][j]);
    let i = lists.length - 1;
    while (i >= 0 && ++idx[i] === lists[i].length) idx[i--] = 0;
    if (i < 0) return;
  }
}

/** One resource per atom of the statements' Resource and NotResource entries; a readable ARN where it fits. */
function resourceReps(
  readable: readonly string[],
  statements: readonly CompiledStatement[],
  cache: Map<string, { automata: PatternAutomaton[]; witnesses: string[][] }>,
  spend: (n: number) => void,
  fits: (resource: string) => boolean,
): string[] {
  const texts = [
    ...new Set(statements.flatMap((cs) => [...(cs.source.resource ?? []), ...(cs.source.notResource ?? [])].map((e) => e.value))),
  ].sort();
  const k = texts.join('\n');
  let entry = cache.get(k);
  if (!entry) {
    const automata = texts.map((text) => compileAutomaton({ text }));
    const r = atomsOf(automata, 200_000);
    spend(r.steps);
    if (r.kind === 'budget') throw new OutOfBudget('the Resource patterns exceed the search budget');
    entry = { automata, witnesses: r.atoms.map((a) => [a.witness, a.matches.map((m) => (m ? '1' : '0')).join('')]) };
    cache.set(k, entry);
  }
  const { automata } = entry;
  const inAtom = (t: string, sig: string): boolean => automata.map((a) => (accepts(a, t) ? '1' : '0')).join('') === sig;
  // Any string of the atom decides the same; prefer one an action of the class can be requested on.
  return entry.witnesses.map(([witness, sig]) => {
    const candidates = [...readable, `${witness}iamspec-diff`, `${witness}/iamspec-diff`, witness].filter((t) => inAtom(t, sig));
    return candidates.find(fits) ?? candidates[0];
  });
}

/**
 * Resources a reader recognises, tried first in each atom: the ARN templates of the class's
 * actions' resource types filled with example values, `*` (no resource) for an action that takes
 * none, and a generic ARN of the service.
 */
function readableResources(catalog: Catalog, members: readonly string[], owner: string): string[] {
  const out = new Set<string>();
  for (const id of members.slice(0, 20)) {
    const info = catalog.action(id);
    if (!info) continue;
    if (info.resourceTypes.length === 0) out.add('*');
    const types = catalog.resourceTypesOf(info.service);
    for (const rt of info.resourceTypes) {
      const t = types.find((x) => x.name === rt.name);
      if (t) out.add(fillTemplate(t.arn, owner));
    }
    out.add(`arn:aws:${info.service}:us-east-1:${owner}:iamspec-diff`);
  }
  return [...out];
}

/** `arn:${Partition}:s3:::${BucketName}` → `arn:aws:s3:::iamspec-diff`. */
function fillTemplate(template: string, owner: string): string {
  const values: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: owner };
  return template.replace(/\$\{([^}]*)\}/g, (_, name: string) => values[name] ?? 'iamspec-diff');
}

/** True when either policy uses policy variables (the answer may then be `unknown`). */
export function eitherUsesVariables(a: Policy, b: Policy): boolean {
  return usesVariables(a) || usesVariables(b);
}
