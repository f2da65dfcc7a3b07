/**
 * Planning: expectations × principal list × resource list × action expansion → test cases.
 *
 * Action items expand through the catalog (runner/plan-actions.ts: `secretsmanager:Delete*`
 * → DeleteResourcePolicy, DeleteSecret on a secret). Each case is named `expectation › principal › action on resource`, where an unnamed expectation
 * is `expect #N`; names are unique within a file (a repeated name gets ` (expect #N)`, see
 * {@link CaseNames}), and every case of every expectation runs. The total number of cases is checked against
 * {@link MAX_CASES} before any case is built.
 *
 * Customer managed keys of secrets: a secret whose `kmsKeyId` names a key declared under
 * `resources` (by its ARN, or by its key id in the secret's account and region) gets that key, with
 * its key policy, in its policy set's `related` map, so the engine decides the `kms:Decrypt` or
 * `kms:GenerateDataKey` request that reading or writing the value also is
 * (runner/engine/services/secretsmanager.ts). An `allow` expectation on a value action of a secret
 * whose customer managed key is not declared cannot be checked: it is an input error
 * (`UNDECLARED_KEY`), never a pass.
 */
import type { ActionInfo, Catalog } from '../catalog/types';
import { didYouMean, suggest } from '../lib/suggest';
import { dedupeDiagnostics, diagnostic, type Diagnostic, type Span } from './diagnostics';
import type { AuthorizationRequest, PolicySet, RelatedResource } from './engine/types';
import { MAX_CASES } from './load/limits';
import { checkContextValues } from './policy/condition-values';
import type { Expectation, Expected, Principal, Resource, Scenario } from './model/types';
import { expandExpectation } from './plan-actions';
import { checkSecretKeys, secretKey } from './secret-keys';

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
  grep?: string | undefined;
  /** Some expectation in the run has `only: true`: keep only those. Default: `false`. */
  onlyMode?: boolean;
  /** Cases still allowed in this run. Default: {@link MAX_CASES}. */
  budget?: number;
}

/** Plans one scenario file. */
export function planScenario(
  scenario: Scenario,
  catalog: Catalog,
  options: PlanOptions = {},
): { value?: TestCase[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const expansions = scenario.expectations.map((e) => expandExpectation(e, catalog, diagnostics));
  for (const expansion of expansions) checkSecretKeys(scenario, expansion, diagnostics);
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
  const names = new CaseNames();
  // One expectation's (principal, resource, action) → its expected decision: an action listed
  // twice in one expectation is one case (same request, same context).
  const planned = new Map<string, Expected>();
  const policySets = new Map<string, PolicySet>();
  for (const [i, e] of scenario.expectations.entries()) {
    planned.clear();
    const label = e.name ?? `expect #${e.index + 1}`;
    // INVARIANT: names are given before `only` and `--grep` select, so a case has the same name
    // in every run of the file.
    const selected = !options.onlyMode || e.only;
    for (const principal of e.principals) {
      for (const { resource, actions } of expansions[i]) {
        for (const { action, expected, span } of actions) {
          const resourceName = resource?.name ?? '*';
          const key = `${principal.name}\u0000${resourceName}\u0000${action.id}`;
          const previous = planned.get(key);
          if (previous !== undefined) {
            if (previous !== expected) {
              diagnostics.push(
                diagnostic(
                  'DUPLICATE_CASE',
                  `\`${action.id}\` on \`${resourceName}\` for \`${principal.name}\` is expected both \`${previous}\` and \`${expected}\``,
                  span,
                  'keep one expected decision for this action in the expectation',
                ),
              );
            }
            continue;
          }
          planned.set(key, expected);
          const name = names.unique(`${label} › ${principal.name} › ${action.id} on ${resourceName}`, e.index);
          if (!selected) continue;
          if (options.grep !== undefined && !`${scenario.name} ${name}`.includes(options.grep)) continue;
          const setKey = `${principal.name}\u0000${resourceName}\u0000${e.via?.name ?? ''}`;
          let policies = policySets.get(setKey);
          if (!policies) {
            policies = policySet(scenario, principal, resource, e);
            policySets.set(setKey, policies);
          }
          cases.push(testCase(e, principal, resource, action, expected, span, name, policies));
        }
      }
    }
  }
  return diagnostics.length > 0 ? { diagnostics: dedupeDiagnostics(diagnostics) } : { value: cases, diagnostics };
}

/**
 * Unique, stable case names. A name already given (by two expectations with one name, or by `›`
 * inside names) gets its expectation's number; past that, a counter:
 *
 *     tls › app › secretsmanager:ListSecrets on *                 (expectation 1)
 *     tls › app › secretsmanager:ListSecrets on * (expect #2)     (expectation 2, another context)
 *     tls › app › secretsmanager:ListSecrets on * (expect #2, 2)  (only if that is taken too)
 *
 * The first case keeps the plain name; names depend only on the file, in order.
 */
class CaseNames {
  private readonly used = new Set<string>();

  unique(name: string, expectationIndex: number): string {
    let out = name;
    if (this.used.has(out)) out = `${name} (expect #${expectationIndex + 1})`;
    for (let k = 2; this.used.has(out); k++) out = `${name} (expect #${expectationIndex + 1}, ${k})`;
    this.used.add(out);
    return out;
  }
}

/** The policies that may apply to a principal's requests on a resource (shared by their cases). */
function policySet(s: Scenario, p: Principal, r: Resource | undefined, e: Expectation): PolicySet {
  const policies: PolicySet = { identity: p.policies };
  if (e.via?.policy) policies.endpoint = e.via.policy;
  if (p.boundary) policies.boundary = p.boundary;
  if (p.sessionPolicies.length > 0) policies.session = p.sessionPolicies;
  if (r?.policy) policies.resource = r.policy;
  if (s.organization) policies.organization = s.organization;
  const key = r ? secretKey(s, r) : undefined;
  if (key)
    policies.related = new Map<string, RelatedResource>([
      [r!.request.attributes!.kmsKeyId!, key.policy ? { resource: key.request, policy: key.policy } : { resource: key.request }],
    ]);
  return policies;
}

function testCase(
  e: Expectation,
  p: Principal,
  r: Resource | undefined,
  action: ActionInfo,
  expected: Expected,
  span: Span,
  name: string,
  policies: PolicySet,
): TestCase {
  const request: AuthorizationRequest = { principal: p.request, action: action.id, context: e.context };
  if (r) request.resource = r.request;
  // `via`: the request travels through the VPC endpoint (aws:SourceVpce, aws:SourceVpc; its policy
  // is in the policy set).
  if (e.via) request.endpoint = e.via.request;
  const c: TestCase = { name, principal: p.name, resource: r?.name ?? '*', action: action.id, expected, request, policies, span };
  if (e.name !== undefined) c.expectation = e.name;
  if (e.skip) c.skip = '`skip: true`';
  return c;
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
