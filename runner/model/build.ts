/**
 * Loaded scenario → typed {@link Scenario}: names resolved (with did-you-mean over the declared
 * names), policies parsed for the kind they are attached as, the organization completed
 * (`accounts` defaults to every account named in the file), context values as strings. Each
 * principal, resource and expectation is built in its own module (`build-principal.ts`,
 * `build-resource.ts`, `build-expectation.ts`); this one puts the scenario together.
 */
import { dedupeDiagnostics, diagnostic, type Diagnostic } from '../diagnostics';
import type { Organization } from '../engine/types';
import type { LoadedScenario } from '../load/load-scenario';
import type { Policy, PolicyKind } from '../policy/types';
import { entriesOf, field, oneOrMany, spanOf, textOf, type TreeSource } from '../yaml-tree/nodes';
import { checkOrganizationAccounts } from './applicable';
import { buildExpectation } from './build-expectation';
import { buildPrincipal, fromSource, isSourced } from './build-principal';
import { buildResource, checkAccount, sourcedResource } from './build-resource';
import { buildEndpoints } from './endpoints';
import { checkResourceOwners } from './owners';
import { PolicyResolver } from './policies';
import type { Principal, Resource, Scenario } from './types';
import { accountOfArn, contextEntry, contextOf } from './values';

/** The organization id used when `organization` has none (it feeds `aws:PrincipalOrgID`). */
export const defaultOrganizationId = 'o-exampleorgid';

/**
 * The result of {@link buildScenario}: the scenario (always built, so planning can report its own
 * problems too; it is usable only when no diagnostic is an error), every problem, and every parsed
 * policy.
 */
export interface BuildResult {
  value: Scenario;
  diagnostics: Diagnostic[];
  /** The policies parsed (for catalog checks). */
  policies: Policy[];
}

/** Builds the typed scenario from a loaded file. */
export function buildScenario(loaded: LoadedScenario): BuildResult {
  const src: TreeSource = { file: loaded.file, document: loaded.parsed.document };
  const root = loaded.parsed.root;
  const diagnostics: Diagnostic[] = [];
  const resolver = new PolicyResolver(src, field(root, 'policies', src)?.value, loaded.policyFiles, diagnostics);
  const accounts = new Set<string>();

  const principals = new Map<string, Principal>();
  for (const e of entriesOf(field(root, 'principals', src)?.value, src)) {
    const p = buildPrincipal(e.key, e.value, e.keySpan, src, resolver, diagnostics);
    if (isSourced(e.value, src)) fromSource(p, loaded.sourced?.principals.get(e.key), resolver);
    if (p.request.arn) {
      const account = accountOfArn(p.request.arn);
      if (account) accounts.add(account);
    }
    principals.set(e.key, p);
  }
  const resources = new Map<string, Resource>();
  for (const e of entriesOf(field(root, 'resources', src)?.value, src)) {
    const r = isSourced(e.value, src)
      ? sourcedResource(e.key, e.value, e.keySpan, src, resolver, diagnostics, loaded.sourced?.resources.get(e.key))
      : buildResource(e.key, e.value, e.keySpan, src, resolver, diagnostics);
    const account = r.request.account ?? accountOfArn(r.request.arn);
    if (account) accounts.add(account);
    resources.set(e.key, r);
  }
  const endpoints = buildEndpoints(field(root, 'endpoints', src)?.value, src, resolver, diagnostics);
  const organization = buildOrganization(field(root, 'organization', src)?.value, src, resolver, accounts, diagnostics);
  const context = contextOf(field(root, 'context', src)?.value, src);
  const byArn = new Map<string, Resource[]>();
  for (const r of resources.values()) byArn.set(r.request.arn, [...(byArn.get(r.request.arn) ?? []), r]);
  const expectations = oneOrMany(field(root, 'expect', src)?.value, src).map((node, index) =>
    buildExpectation(node, index, src, { principals, resources, byArn, endpoints, context }, diagnostics),
  );
  diagnostics.push(...checkResourceOwners(expectations, new Set([...accounts, ...(organization?.accounts ?? [])])));
  const name = textOf(field(root, 'name', src)?.value, src) ?? loaded.file;
  const description = textOf(field(root, 'description', src)?.value, src);
  const contextKeys = [
    field(root, 'context', src)?.value,
    ...oneOrMany(field(root, 'expect', src)?.value, src).map((e) => field(e, 'context', src)?.value),
  ].flatMap((node) => entriesOf(node, src).map((e) => contextEntry(e, src)));
  const scenario: Scenario = { file: loaded.file, name, principals, resources, endpoints, expectations, contextKeys };
  if (description !== undefined) scenario.description = description;
  if (organization) scenario.organization = organization;
  const unique = dedupeDiagnostics(diagnostics);
  return { value: scenario, diagnostics: unique, policies: resolver.policies };
}

function buildOrganization(
  node: unknown,
  src: TreeSource,
  resolver: PolicyResolver,
  named: Set<string>,
  diagnostics: Diagnostic[],
): Organization | undefined {
  if (node === undefined || node === null) return undefined;
  const levels = (key: string, kind: PolicyKind, label: string): Policy[][] =>
    oneOrMany(field(node, key, src)?.value, src).map((level, l) =>
      oneOrMany(level, src).flatMap((ref, i) => resolver.resolve(ref, kind, `${label} level ${l + 1} policy ${i + 1}`) ?? []),
    );
  const accountsNode = field(node, 'accounts', src)?.value;
  const accounts = accountsNode === undefined ? [...named].sort() : oneOrMany(accountsNode, src).flatMap((a) => textOf(a, src) ?? []);
  diagnostics.push(...checkOrganizationAccounts(field(node, 'accounts', src), accounts, src));
  if (accountsNode !== undefined)
    for (const a of oneOrMany(accountsNode, src)) checkAccount(textOf(a, src) ?? '', spanOf(a, src), diagnostics);
  const idEntry = field(node, 'id', src);
  const id = textOf(idEntry?.value, src);
  if (id !== undefined && !/^o-[a-z0-9]{10,32}$/.test(id)) {
    diagnostics.push(
      diagnostic(
        'SCHEMA',
        `\`${id}\` is not an organization id`,
        spanOf(idEntry?.value, src),
        'expected `o-` and 10 to 32 lowercase letters or digits, such as `o-a1b2c3d4e5`',
      ),
    );
  }
  return {
    id: id ?? defaultOrganizationId,
    accounts,
    scps: levels('scps', 'scp', 'SCP'),
    rcps: levels('rcps', 'rcp', 'RCP'),
  };
}
