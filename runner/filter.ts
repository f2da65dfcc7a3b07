/**
 * Case filters of `iamspec test` beside `--grep`: `--principal NAME`, `--resource NAME` and
 * `--action PATTERN` (Cerbos's test filters by principal, resource and action).
 *
 * Each flag is repeatable. Values of one kind are alternatives (OR), kinds combine (AND):
 *
 *     --principal app --principal bob --action 's3:Get*'
 *     keeps a case whose principal is `app` or `bob` and whose action matches `s3:Get*`
 *
 * Principal and resource names are the names the scenario files declare (a resource may also be a
 * literal ARN an expectation names, or `*` for a request on no resource), compared exactly as YAML
 * keys are. Action patterns are IAM wildcard patterns, compared case-insensitively as IAM compares
 * actions (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
 * "Action element": action names are case-insensitive; wildcards `*` and `?`, as
 * runner/engine/match-action.ts). A name no suite declares, or a pattern that matches no catalog action, is an
 * input error with a did-you-mean: a typo must never be a silent empty run.
 */
import type { Catalog } from '../catalog/types';
import { compileWildcard, hasWildcard } from '../catalog/wildcard';
import { didYouMean, suggest } from '../lib/suggest';
import type { Diagnostic } from './diagnostics';
import type { Scenario } from './model/types';
import type { TestCase } from './plan';

/** The filters given on the command line; an empty list does not filter. */
export interface CaseFilters {
  /** `--principal`: principal names. */
  principals: readonly string[];
  /** `--resource`: resource names (or literal ARNs, or `*`). */
  resources: readonly string[];
  /** `--action`: IAM action patterns such as `s3:Get*`. */
  actions: readonly string[];
}

/** True when some filter is given. */
export function hasFilters(filters: CaseFilters | undefined): filters is CaseFilters {
  return filters !== undefined && filters.principals.length + filters.resources.length + filters.actions.length > 0;
}

/** The filters as they were typed, for messages: ``--principal app --action s3:Get*``. */
export function describeFilters(filters: CaseFilters): string {
  return [
    ...filters.principals.map((p) => `--principal ${p}`),
    ...filters.resources.map((r) => `--resource ${r}`),
    ...filters.actions.map((a) => `--action ${a}`),
  ].join(' ');
}

/**
 * The problems with the filters, given the scenarios of the run: a principal or resource name no
 * scenario declares, an action pattern that matches no action of the catalog. Each names the flag
 * (the command line has no file) and helps with the nearest name.
 */
export function checkFilters(filters: CaseFilters, scenarios: readonly Scenario[], catalog: Catalog): Diagnostic[] {
  const principals = new Set<string>();
  const resources = new Set<string>();
  for (const s of scenarios) {
    for (const name of s.principals.keys()) principals.add(name);
    for (const name of s.resources.keys()) resources.add(name);
    for (const e of s.expectations) {
      for (const r of e.resources) resources.add(r?.name ?? '*');
      if (e.resources.length === 0) resources.add('*');
    }
  }
  const out: Diagnostic[] = [];
  const unknown = (code: 'UNKNOWN_PRINCIPAL' | 'UNKNOWN_RESOURCE', flag: string, value: string, names: Set<string>): void => {
    const sorted = [...names].sort();
    const listed = sorted.length > 0 ? `the suites use ${sorted.map((n) => `\`${n}\``).join(', ')}` : 'no suite declares one';
    out.push({
      code,
      severity: 'error',
      message: `\`${flag}\`: no suite declares ${flag === '--principal' ? 'a principal' : 'a resource'} named \`${value}\``,
      file: 'command line',
      help: didYouMean(suggest(value, sorted), sorted.length > 12 ? `check the name given to \`${flag}\`` : listed),
    });
  };
  for (const p of filters.principals) if (!principals.has(p)) unknown('UNKNOWN_PRINCIPAL', '--principal', p, principals);
  for (const r of filters.resources) if (!resources.has(r)) unknown('UNKNOWN_RESOURCE', '--resource', r, resources);
  for (const a of filters.actions) {
    if (catalog.expandActions(a).length > 0) continue;
    const service = a.includes(':') ? a.slice(0, a.indexOf(':')) : undefined;
    const help =
      service !== undefined && !hasWildcard(service) && !catalog.hasService(service)
        ? didYouMean(catalog.suggestService(service), `\`${service}\` is not a service prefix the catalog knows`)
        : didYouMean(
            hasWildcard(a) ? undefined : catalog.suggestAction(a),
            'give an action such as `s3:GetObject` or a pattern such as `s3:Get*` (`iamspec catalog SERVICE` lists them)',
          );
    out.push({
      code: 'UNKNOWN_ACTION',
      severity: 'error',
      message: `\`--action\`: no action of the catalog matches \`${a}\``,
      file: 'command line',
      help,
    });
  }
  return out;
}

/** A predicate keeping the cases the filters select (every case when none is given). */
export function caseFilter(filters: CaseFilters): (c: TestCase) => boolean {
  const principals = new Set(filters.principals);
  const resources = new Set(filters.resources);
  const actions = filters.actions.map((a) => compileWildcard(a, { ignoreCase: true }));
  return (c) =>
    (principals.size === 0 || principals.has(c.principal)) &&
    (resources.size === 0 || resources.has(c.resource)) &&
    (actions.length === 0 || actions.some((m) => m(c.action)));
}
