/**
 * Planning: expectations × principal list × resource list × action expansion → test cases.
 *
 * Action items expand through the catalog. On resource `payments`
 * (`arn:aws:secretsmanager:us-east-1:111122223333:secret:payments-AbCdEf`):
 *
 *     secretsmanager:getsecretvalue           → secretsmanager:GetSecretValue (AWS's spelling)
 *     secretsmanager:Delete*                  → DeleteResourcePolicy, DeleteSecret
 *     { accessLevel: Permissions management } → DeleteResourcePolicy, PutResourcePolicy, ValidateResourcePolicy
 *                                               (service from the resource's ARN)
 *
 * A wildcard or selector keeps only the actions that apply to the resource (`secretsmanager:*`
 * drops `ListSecrets`, which takes no resource); a named action that cannot apply is an error.
 * Each case is named `expectation › principal › action on resource`, where an unnamed expectation
 * is `expect #N`; names are unique within a file. The total number of cases is checked against
 * {@link MAX_CASES} before any case is built.
 */
import type { AccessLevel, ActionInfo, Catalog } from '../catalog/types';
import { accessLevels } from '../catalog/types';
import { dedupeDiagnostics, diagnostic, type Diagnostic, type Span } from './diagnostics';
import { didYouMean, suggest } from '../lib/suggest';
import type { AuthorizationRequest, PolicySet } from './engine/types';
import { MAX_CASES } from './load/limits';
import { checkContextValues } from './policy/condition-values';
import type { ActionItem, Expectation, Expected, Principal, Resource, Scenario } from './model/types';

/** One test case: one request with one expected decision. */
export interface TestCase {
  /** Unique within its file. */
  name: string;
  expectation?: string;
  principal: string;
  /** Resource name, literal ARN, or `*`. */
  resource: string;
  /** The action's id in AWS's spelling. */
  action: string;
  expected: Expected;
  request: AuthorizationRequest;
  policies: PolicySet;
  /** The action item's span: where the expectation asked for this case. */
  span: Span;
  /** Why the case is skipped, when it is. */
  skip?: string;
}

/** Options for {@link planScenario}. */
export interface PlanOptions {
  /** Keep only cases whose `SUITE CASE` title contains this text. Default: keep all. */
  grep?: string;
  /** Some expectation in the run has `only: true`: keep only those. Default: `false`. */
  onlyMode?: boolean;
  /** Cases still allowed in this run. Default: {@link MAX_CASES}. */
  budget?: number;
}

/** Plans one scenario file. */
export function planScenario(scenario: Scenario, catalog: Catalog, options: PlanOptions = {}): { value?: TestCase[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const expansions = scenario.expectations.map((e) => expandExpectation(e, catalog, diagnostics));
  if (diagnostics.length > 0) return { diagnostics: dedupeDiagnostics(diagnostics) };
  // INVARIANT: counted before any case is allocated, so a huge matrix costs nothing.
  const budget = options.budget ?? MAX_CASES;
  let total = 0;
  for (const [i, e] of scenario.expectations.entries()) {
    const perPrincipal = expansions[i].reduce((n, r) => n + r.actions.length, 0);
    total += e.principals.length * perPrincipal;
    if (total > budget) {
      return {
        diagnostics: [
          diagnostic(
            'TOO_MANY_CASES',
            `expectation ${i + 1} brings the run past ${budget.toLocaleString('en-US')} test cases`,
            e.span,
            `the limit is ${MAX_CASES.toLocaleString('en-US')} test cases per run; narrow the wildcard or selector, or split the matrix`,
          ),
        ],
      };
    }
  }
  const cases: TestCase[] = [];
  const byName = new Map<string, TestCase>();
  const policySets = new Map<string, PolicySet>();
  for (const [i, e] of scenario.expectations.entries()) {
    if (options.onlyMode && !e.only) continue;
    const label = e.name ?? `expect #${e.index + 1}`;
    for (const principal of e.principals) {
      for (const { resource, actions } of expansions[i]) {
        for (const { action, expected, span } of actions) {
          const resourceName = resource?.name ?? '*';
          const name = `${label} › ${principal.name} › ${action.id} on ${resourceName}`;
          if (options.grep !== undefined && !`${scenario.name} ${name}`.includes(options.grep)) continue;
          const previous = byName.get(name);
          if (previous) {
            if (previous.expected !== expected) {
              diagnostics.push(
                diagnostic('DUPLICATE_CASE', `\`${action.id}\` on \`${resourceName}\` for \`${principal.name}\` is expected both \`${previous.expected}\` and \`${expected}\``, span, 'keep one expectation for this action, or give the expectations different names'),
              );
            }
            continue;
          }
          const key = `${principal.name}\u0000${resource?.name ?? '*'}`;
          let policies = policySets.get(key);
          if (!policies) {
            policies = policySet(scenario, principal, resource);
            policySets.set(key, policies);
          }
          const c = testCase(e, principal, resource, action, expected, span, name, policies);
          byName.set(name, c);
          cases.push(c);
        }
      }
    }
  }
  return diagnostics.length > 0 ? { diagnostics: dedupeDiagnostics(diagnostics) } : { value: cases, diagnostics };
}

/** The policies that may apply to a principal's requests on a resource (shared by their cases). */
function policySet(s: Scenario, p: Principal, r: Resource | undefined): PolicySet {
  const policies: PolicySet = { identity: p.policies };
  if (p.boundary) policies.boundary = p.boundary;
  if (p.sessionPolicies.length > 0) policies.session = p.sessionPolicies;
  if (r?.policy) policies.resource = r.policy;
  if (s.organization) policies.organization = s.organization;
  return policies;
}

function testCase(e: Expectation, p: Principal, r: Resource | undefined, action: ActionInfo, expected: Expected, span: Span, name: string, policies: PolicySet): TestCase {
  const request: AuthorizationRequest = { principal: p.request, action: action.id, context: e.context };
  if (r) request.resource = r.request;
  const c: TestCase = { name, principal: p.name, resource: r?.name ?? '*', action: action.id, expected, request, policies, span };
  if (e.name !== undefined) c.expectation = e.name;
  if (e.skip) c.skip = '`skip: true`';
  return c;
}

/** The actions of each expected item, per resource of the expectation. */
interface Expansion {
  resource: Resource | undefined;
  actions: { action: ActionInfo; expected: Expected; span: Span }[];
}

function expandExpectation(e: Expectation, catalog: Catalog, diagnostics: Diagnostic[]): Expansion[] {
  if (e.incomplete) return [];
  const resources = e.resources.length > 0 ? e.resources : [undefined];
  // Which actions apply depends only on the resource's type, so resources of one type share one
  // expansion: a list of 1,000 secrets × `"*"` costs one expansion, not 1,000.
  const byType = new Map<string, Expansion['actions']>();
  return resources.map((resource) => {
    const key = typeKey(resource, catalog);
    let actions = key === undefined ? undefined : byType.get(key);
    if (!actions) {
      actions = e.items.flatMap(({ expected, item }) => expandItem(item, resource, catalog, diagnostics).map((action) => ({ action, expected, span: item.span })));
      if (key !== undefined) byType.set(key, actions);
    }
    return { resource, actions };
  });
}

/** `service/Type` of a resource's ARN, `*` for no resource, undefined for an ARN of no known type. */
function typeKey(resource: Resource | undefined, catalog: Catalog): string | undefined {
  if (!resource) return '*';
  const type = catalog.resourceTypeOfArn(resource.request.arn);
  return type ? `${type.service}/${type.name}` : undefined;
}

/** The actions one item stands for on `resource`; problems go to `diagnostics`. */
export function expandItem(item: ActionItem, resource: Resource | undefined, catalog: Catalog, diagnostics: Diagnostic[]): ActionInfo[] {
  const arn = resource?.request.arn;
  const on = resource ? `resource \`${resource.name}\`` : '`*` (no resource)';
  switch (item.kind) {
    case 'action': {
      const action = lookupAction(item.text, item.span, catalog, diagnostics, arn);
      if (!action) return [];
      if (!catalog.actionAppliesTo(action, arn)) {
        diagnostics.push(diagnostic('ACTION_NOT_APPLICABLE', `\`${action.id}\` cannot apply to ${on}`, item.span, notApplicableHelp(action, catalog, arn)));
        return [];
      }
      return [action];
    }
    case 'pattern': {
      const service = item.text.split(':')[0];
      if (!item.text.includes(':') && item.text !== '*') {
        diagnostics.push(diagnostic('BAD_ACTION', `\`${item.text}\` is not an action pattern`, item.span, 'expected `service:Pattern`, such as `secretsmanager:Get*`'));
        return [];
      }
      if (!/[*?]/.test(service) && !catalog.hasService(service)) {
        diagnostics.push(unknownService(service, item.span, catalog));
        return [];
      }
      const matched = catalog.expandActions(item.text);
      if (matched.length === 0) {
        diagnostics.push(diagnostic('UNKNOWN_ACTION', `\`${item.text}\` matches no action`, item.span, didYouMean(catalog.suggestAction(item.text.replace(/[*?]/g, '')), `see \`iamspec catalog ${service}\``)));
        return [];
      }
      const applicable = matched.filter((a) => catalog.actionAppliesTo(a, arn));
      if (applicable.length === 0) {
        diagnostics.push(diagnostic('ACTION_NOT_APPLICABLE', `no action matching \`${item.text}\` applies to ${on}`, item.span, resource ? 'check the resource ARN' : 'give the expectation a `resource`'));
      }
      return applicable;
    }
    case 'selector':
      return expandSelector(item, resource, catalog, diagnostics);
  }
}

function expandSelector(item: Extract<ActionItem, { kind: 'selector' }>, resource: Resource | undefined, catalog: Catalog, diagnostics: Diagnostic[]): ActionInfo[] {
  const levels: AccessLevel[] = [];
  for (const level of item.levels) {
    const known = accessLevels.find((l) => l.toLowerCase() === level.value.toLowerCase());
    if (known) levels.push(known);
    else diagnostics.push(diagnostic('UNKNOWN_SELECTOR', `unknown access level \`${level.value}\``, level.span, didYouMean(suggest(level.value, accessLevels), `expected one of ${accessLevels.map((l) => `\`${l}\``).join(', ')}`)));
  }
  let service = item.service?.value;
  if (service !== undefined && !catalog.hasService(service)) {
    diagnostics.push(unknownService(service, item.service?.span ?? item.span, catalog));
    return [];
  }
  if (service === undefined) {
    service = resource?.request.arn.split(':')[2];
    if (!service || !catalog.hasService(service)) {
      diagnostics.push(
        diagnostic('UNKNOWN_SELECTOR', resource ? `the selector has no \`service\` and \`${resource.name}\` is not a resource of a known service` : 'the selector has no `service` and the expectation no `resource`', item.span, 'add `service`, such as `{ service: secretsmanager, accessLevel: Write }`'),
      );
      return [];
    }
  }
  if (levels.length === 0) return [];
  const arn = resource?.request.arn;
  const actions = catalog.actionsByAccessLevel(levels, service).filter((a) => catalog.actionAppliesTo(a, arn));
  if (actions.length === 0) {
    diagnostics.push(diagnostic('UNKNOWN_SELECTOR', `no \`${service}\` action at access level ${levels.map((l) => `\`${l}\``).join(', ')} applies to ${resource ? `resource \`${resource.name}\`` : '`*`'}`, item.span, `see \`iamspec catalog ${service}\``));
  }
  return actions;
}

function lookupAction(text: string, span: Span, catalog: Catalog, diagnostics: Diagnostic[], arn?: string): ActionInfo | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    // `GetSecretValue` on a secret: the service prefix is missing; the resource's service has it.
    const service = arn?.split(':')[2];
    const prefixed = service && colon < 0 ? catalog.action(`${service}:${text}`)?.id : undefined;
    diagnostics.push(diagnostic('BAD_ACTION', `\`${text}\` is not an action`, span, didYouMean(prefixed ?? catalog.suggestAction(text), 'expected `service:Action`, such as `secretsmanager:GetSecretValue`')));
    return undefined;
  }
  const service = text.slice(0, colon);
  if (!catalog.hasService(service)) {
    diagnostics.push(unknownService(service, span, catalog));
    return undefined;
  }
  const action = catalog.action(text);
  if (!action) diagnostics.push(diagnostic('UNKNOWN_ACTION', `unknown action \`${text}\``, span, didYouMean(catalog.suggestAction(text), `see \`iamspec catalog ${service.toLowerCase()}\``)));
  return action;
}

function unknownService(service: string, span: Span, catalog: Catalog): Diagnostic {
  return diagnostic('UNKNOWN_SERVICE', `unknown service \`${service}\``, span, didYouMean(catalog.suggestService(service), 'see `iamspec catalog` for the known services'));
}

function notApplicableHelp(action: ActionInfo, catalog: Catalog, arn: string | undefined): string {
  if (action.resourceTypes.length === 0) return 'it takes no resource: leave `resource` out of the expectation';
  const types = action.resourceTypes.map((t) => `\`${t.name}\``).join(', ');
  if (arn === undefined) return `it acts on ${types}: give the expectation a \`resource\``;
  const type = catalog.resourceTypeOfArn(arn);
  return `it acts on ${types}, and the resource is ${type ? `a \`${type.name}\`` : 'of no type the catalog knows'}`;
}



/**
 * Warnings for request context keys the catalog does not know (`aws:SecureTransprt`): such a key
 * is silently absent for every policy that reads the real one. Warnings, not errors, as the
 * catalog may lag behind AWS; `--strict` makes them errors.
 */
export function checkContextKeys(scenario: Scenario, catalog: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const entry of scenario.contextKeys) {
    const { key, span } = entry;
    const info = catalog.conditionKey(key);
    out.push(...checkContextValues(entry, info ? [info.type, ...(info.otherTypes ?? [])] : []));
    if (info) continue;
    const prefix = key.includes(':') ? key.slice(0, key.indexOf(':')).toLowerCase() : '';
    const known = prefix === 'aws' ? (catalog.globalConditionKeys?.() ?? []) : (catalog.conditionKeysOf?.(prefix) ?? []);
    const candidates = known.map((k) => k.key).filter((k) => !k.includes('${'));
    out.push(
      diagnostic(
        'UNKNOWN_CONDITION_KEY',
        `unknown condition key \`${key}\` in \`context\``,
        span,
        didYouMean(suggest(key, candidates), 'no policy can read it; condition keys look like `aws:SourceIp` or `secretsmanager:SecretId`'),
        'warning',
      ),
    );
  }
  return out;
}
