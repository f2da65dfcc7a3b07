/**
 * Loaded scenario → typed {@link Scenario}: names resolved (with did-you-mean over the declared
 * names), policies parsed for the kind they are attached as, the organization completed
 * (`accounts` defaults to every account named in the file), context values as strings.
 */
import { dedupeDiagnostics, diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { didYouMean, suggest } from '../../lib/suggest';
import type { ContextValue, Organization, RequestPrincipal, RequestResource } from '../engine/types';
import { resourceAttributes } from '../engine/services/registry';
import type { LoadedScenario } from '../load/load-scenario';
import { resourcePolicyTypeOf } from '../policy/kind-rules';
import type { SourcedPrincipal, SourcedResource } from '../load/sources/types';
import type { Policy, PolicyKind } from '../policy/types';
import { entriesOf, field, oneOrMany, isMapping, spanOf, textOf, type TreeSource } from '../yaml-tree/nodes';
import { buildEndpoints, resolveVia } from './endpoints';
import { PolicyResolver } from './policies';
import { expectedKeys, type ActionItem, type Endpoint, type Expectation, type Principal, type Resource, type Scenario } from './types';
import { checkPrincipalAttributes, checkOrganizationAccounts } from './applicable';
import { checkAccountAgainstArn, checkResourceOwners } from './owners';
import { checkFederatedFrom, checkRoleArn } from './session-links';
import {
  accountOfArn,
  checkFederatedProvider,
  checkKeyManager,
  checkPrincipalArn,
  checkKmsKeyId,
  checkResourceArn,
  checkResourceArnMatches,
  contextEntry,
  contextOf,
  crossPartition,
  tagsOf,
} from './values';

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

function buildPrincipal(
  name: string,
  node: unknown,
  keySpan: Span,
  src: TreeSource,
  resolver: PolicyResolver,
  diagnostics: Diagnostic[],
): Principal {
  const request: RequestPrincipal = {};
  // Not a mapping: the schema reported it; keep the name so expectations still resolve it.
  if (!isMapping(node, src)) return { name, request, policies: [], sessionPolicies: [], span: keySpan };
  const arn = field(node, 'arn', src);
  const service = field(node, 'service', src);
  const federated = field(node, 'federated', src);
  const arnText = textOf(arn?.value, src);
  const serviceText = textOf(service?.value, src);
  const federatedText = textOf(federated?.value, src);
  if (arnText !== undefined) {
    const bad = hasTemplate(arnText) ? undefined : checkPrincipalArn(arnText, spanOf(arn?.value, src));
    if (bad) diagnostics.push(bad);
    request.arn = arnText;
  }
  if (serviceText !== undefined) {
    if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(serviceText)) {
      diagnostics.push(
        diagnostic(
          'BAD_PRINCIPAL',
          `\`${serviceText}\` is not a service principal`,
          spanOf(service?.value, src),
          'expected a name such as `lambda.amazonaws.com`',
        ),
      );
    }
    request.service = serviceText;
  }
  if (federatedText !== undefined) {
    const bad = hasTemplate(federatedText) ? undefined : checkFederatedProvider(federatedText, spanOf(federated?.value, src));
    if (bad) diagnostics.push(bad);
    request.federated = federatedText;
  }
  // A principal from a plan takes its ARN from there (see fromSource).
  if ([arnText, serviceText, federatedText].filter((t) => t !== undefined).length !== 1 && !isSourced(node, src)) {
    diagnostics.push(
      diagnostic(
        'SCHEMA',
        `principal \`${name}\`: give exactly one of \`arn\`, \`service\` and \`federated\``,
        keySpan,
        'an IAM principal has `arn`; an AWS service has `service: NAME.amazonaws.com`; a web identity or SAML caller has `federated: PROVIDER`',
      ),
    );
  }
  const tags = tagsOf(field(node, 'tags', src)?.value, src);
  if (tags) request.tags = tags;
  linkSession(name, node, src, request, diagnostics);
  const refs = (key: string, kind: PolicyKind, label: string): Policy[] =>
    oneOrMany(field(node, key, src)?.value, src).flatMap((ref, i) => resolver.resolve(ref, kind, `${name} ${label} ${i + 1}`) ?? []);
  const principal: Principal = {
    name,
    request,
    policies: refs('policies', 'identity', 'policy'),
    sessionPolicies: refs('sessionPolicies', 'session', 'session policy'),
    span: keySpan,
  };
  const boundaryNode = field(node, 'boundary', src)?.value;
  if (boundaryNode !== undefined && boundaryNode !== null) {
    const boundary = resolver.resolve(boundaryNode, 'boundary', `${name} boundary`);
    if (boundary) principal.boundary = boundary;
  }
  diagnostics.push(...checkPrincipalAttributes(name, request, node, src));
  return principal;
}

/** True for a principal or resource taken from a plan (`terraform:` + `address:`) or a template (`cloudformation:` + `resource:`). */
function isSourced(node: unknown, src: TreeSource): boolean {
  return field(node, 'terraform', src) !== undefined || field(node, 'cloudformation', src) !== undefined;
}

/**
 * Completes a principal taken from a plan: its ARN and tags (tags written in the scenario win),
 * its inline and attached policies before any listed in the scenario, and its permissions boundary
 * unless the scenario gives one. `sourced` is absent when the loader reported why.
 */
function fromSource(principal: Principal, sourced: SourcedPrincipal | undefined, resolver: PolicyResolver): void {
  if (!sourced) return;
  if (sourced.arn !== undefined) principal.request.arn = sourced.arn;
  if (sourced.tags) principal.request.tags = { ...sourced.tags, ...principal.request.tags };
  principal.policies.unshift(...sourced.policies.flatMap((p) => resolver.resolveSourced(p, 'identity') ?? []));
  if (sourced.boundary && !principal.boundary) {
    const boundary = resolver.resolveSourced(sourced.boundary, 'boundary');
    if (boundary) principal.boundary = boundary;
  }
}

/**
 * A resource taken from a plan: built as a declared one with the plan's ARN (unless `arn` is
 * written), tags and resource-based policy (unless `policy` is written).
 */
function sourcedResource(
  name: string,
  node: unknown,
  keySpan: Span,
  src: TreeSource,
  resolver: PolicyResolver,
  diagnostics: Diagnostic[],
  sourced: SourcedResource | undefined,
): Resource {
  const given = field(node, 'arn', src) !== undefined;
  // Without a usable ARN (reported by the loader) the resource is kept, unusable, so expectations naming it are skipped quietly.
  if (!given && sourced?.arn === undefined) return { name, request: { arn: '' }, span: keySpan };
  const own: Diagnostic[] = [];
  const resource = buildResource(name, node, keySpan, src, resolver, own);
  // `arn` is absent from the scenario: the schema-level `arn` problems do not apply.
  diagnostics.push(...(given ? own : own.filter((d) => d.code !== 'BAD_ARN')));
  if (!given && sourced?.arn !== undefined) {
    resource.request.arn = sourced.arn;
    const bad = checkResourceArn(sourced.arn, keySpan);
    if (bad) diagnostics.push(bad);
  }
  if (sourced?.tags) resource.request.tags = { ...sourced.tags, ...resource.request.tags };
  if (sourced?.policy && !resource.policy) {
    const policy = resolver.resolveSourced(sourced.policy, 'resource', resourcePolicyTypeOf(resource.request.arn));
    if (policy) resource.policy = policy;
  }
  return resource;
}

/** `roleArn` and `federatedFrom`: checked against the session ARN (see `session-links.ts`). */
function linkSession(name: string, node: unknown, src: TreeSource, request: RequestPrincipal, diagnostics: Diagnostic[]): void {
  const checks = { roleArn: checkRoleArn, federatedFrom: checkFederatedFrom } as const;
  for (const key of ['roleArn', 'federatedFrom'] as const) {
    const entry = field(node, key, src);
    const value = textOf(entry?.value, src);
    if (value === undefined) continue;
    // An undeclared variable on either side has been reported where it is written.
    const unresolved = hasTemplate(value) || (request.arn !== undefined && hasTemplate(request.arn));
    const bad = unresolved ? undefined : checks[key](name, request.arn, value, spanOf(entry?.value, src));
    if (bad) diagnostics.push(bad);
    else request[key] = value;
  }
}

/**
 * Resource attributes the engine reads, as the service registry declares them
 * (runner/engine/services/): Secrets Manager's (it derives condition keys from them) and KMS's
 * `keyManager` (`AWS` or `CUSTOMER`, as DescribeKey's `KeyManager`).
 */
const attributeNames: readonly string[] = Object.keys(resourceAttributes);

function buildResource(
  name: string,
  node: unknown,
  keySpan: Span,
  src: TreeSource,
  resolver: PolicyResolver,
  diagnostics: Diagnostic[],
): Resource {
  if (!isMapping(node, src)) return { name, request: { arn: '' }, span: keySpan }; // reported by the schema
  const arnEntry = field(node, 'arn', src);
  const arn = textOf(arnEntry?.value, src) ?? '';
  const bad = hasTemplate(arn)
    ? undefined
    : (checkResourceArn(arn, spanOf(arnEntry?.value, src, keySpan)) ?? checkResourceArnMatches(arn, spanOf(arnEntry?.value, src, keySpan)));
  if (bad) diagnostics.push(bad);
  const request: RequestResource = { arn };
  const accountEntry = field(node, 'account', src);
  const account = textOf(accountEntry?.value, src);
  if (account !== undefined) {
    checkAccount(account, spanOf(accountEntry?.value, src), diagnostics);
    const conflict = hasTemplate(arn) ? undefined : checkAccountAgainstArn(name, account, arn, spanOf(accountEntry?.value, src));
    if (conflict) diagnostics.push(conflict);
    request.account = account;
  }
  const tags = tagsOf(field(node, 'tags', src)?.value, src);
  if (tags) request.tags = tags;
  const attributes: Record<string, string> = {};
  for (const key of attributeNames) {
    const value = textOf(field(node, key, src)?.value, src);
    if (value !== undefined) attributes[key] = value;
  }
  if (attributes.kmsKeyId !== undefined && !hasTemplate(attributes.kmsKeyId)) {
    const bad = checkKmsKeyId(attributes.kmsKeyId, spanOf(field(node, 'kmsKeyId', src)?.value, src));
    if (bad) diagnostics.push(bad);
  }
  if (attributes.keyManager !== undefined) {
    const bad = checkKeyManager(attributes.keyManager, arn, spanOf(field(node, 'keyManager', src)?.value, src));
    if (bad) diagnostics.push(bad);
  }
  if (Object.keys(attributes).length > 0) request.attributes = attributes;
  const resource: Resource = { name, request, span: keySpan, arnSpan: spanOf(arnEntry?.value, src, keySpan) };
  const policyNode = field(node, 'policy', src)?.value;
  if (policyNode !== undefined && policyNode !== null) {
    const policy = resolver.resolve(policyNode, 'resource', `${name} resource policy`, resourcePolicyTypeOf(arn));
    if (policy) resource.policy = policy;
  }
  return resource;
}

/** Account ids are checked after template vars are applied (the schema sees `${account}`). */
function checkAccount(account: string, span: Span, diagnostics: Diagnostic[]): void {
  if (!/^\d{12}$/.test(account))
    diagnostics.push(
      diagnostic('SCHEMA', `\`${account}\` is not an account id`, span, 'expected 12 digits in quotes, such as `"111122223333"`'),
    );
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

interface Declared {
  principals: ReadonlyMap<string, Principal>;
  resources: ReadonlyMap<string, Resource>;
  /** The declared resources by ARN, for literal ARNs in expectations. */
  byArn: ReadonlyMap<string, Resource[]>;
  endpoints: ReadonlyMap<string, Endpoint>;
  context: Record<string, ContextValue>;
}

function buildExpectation(node: unknown, index: number, src: TreeSource, declared: Declared, diagnostics: Diagnostic[]): Expectation {
  const span = spanOf(node, src);
  const name = textOf(field(node, 'name', src)?.value, src);
  const principals = oneOrMany(field(node, 'principal', src)?.value, src).flatMap((ref) => {
    const n = textOf(ref, src) ?? '';
    const p = declared.principals.get(n);
    if (p) return [p];
    const names = [...declared.principals.keys()];
    diagnostics.push(
      diagnostic(
        'UNKNOWN_PRINCIPAL',
        `unknown principal \`${n}\``,
        spanOf(ref, src),
        didYouMean(
          suggest(n, names),
          names.length > 0 ? `declared principals: ${names.map((x) => `\`${x}\``).join(', ')}` : 'declare it under `principals`',
        ),
      ),
    );
    return [];
  });
  let incomplete = false;
  const resourceNode = field(node, 'resource', src)?.value;
  const resources = oneOrMany(resourceNode, src).flatMap((ref): (Resource | undefined)[] => {
    const n = textOf(ref, src) ?? '';
    const r = declared.resources.get(n);
    if (r) {
      // A resource whose ARN is unusable was reported where it is declared.
      if (!usableArn(r.request.arn)) incomplete = true;
      return [r];
    }
    if (n === '*') return [undefined];
    // A literal ARN is the resource declared with it: its policy, tags and attributes apply, as
    // AWS reads them from the resource, whatever the scenario calls it.
    const byArn = declared.byArn.get(n) ?? [];
    if (byArn.length === 1) return byArn;
    if (byArn.length > 1) {
      incomplete = true;
      const names = byArn.map((d) => `\`${d.name}\``);
      diagnostics.push(
        diagnostic(
          'AMBIGUOUS_RESOURCE',
          `\`${n}\` is the ARN of resources ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`,
          spanOf(ref, src),
          `name the resource: ${names.join(' or ')}`,
        ),
      );
      return [];
    }
    if (n.startsWith('arn:')) {
      const bad = checkResourceArn(n, spanOf(ref, src));
      if (bad) {
        diagnostics.push(bad);
        incomplete = true;
      }
      return [{ name: n, request: { arn: n }, span: spanOf(ref, src) }];
    }
    const names = [...declared.resources.keys()];
    incomplete = true;
    diagnostics.push(
      diagnostic(
        'UNKNOWN_RESOURCE',
        `unknown resource \`${n}\``,
        spanOf(ref, src),
        didYouMean(suggest(n, names), 'name a resource declared under `resources`, or write an ARN; leave `resource` out for `*`'),
      ),
    );
    return [];
  });
  const across = crossPartition(principals, resources, span);
  if (across) {
    diagnostics.push(across);
    incomplete = true;
  }
  const items_ = expectedKeys.flatMap((expected) =>
    oneOrMany(field(node, expected, src)?.value, src).map((n) => ({ expected, item: actionItem(n, src) })),
  );
  if (!expectedKeys.some((k) => field(node, k, src) !== undefined)) {
    diagnostics.push(
      diagnostic(
        'NO_EXPECTATIONS',
        `expectation ${index + 1} lists no actions`,
        span,
        'add `allow`, `deny`, `implicitDeny` or `explicitDeny` with a list of actions',
      ),
    );
  }
  const expectation: Expectation = {
    index,
    principals,
    resources,
    context: contextOf(field(node, 'context', src)?.value, src, declared.context),
    items: items_,
    skip: flag(node, 'skip', src),
    only: flag(node, 'only', src),
    span,
  };
  if (name !== undefined) expectation.name = name;
  const viaNode = field(node, 'via', src)?.value;
  if (viaNode !== undefined) {
    const via = resolveVia(viaNode, src, declared.endpoints, diagnostics);
    if (via) expectation.via = via;
    else incomplete = true;
  }
  if (incomplete) expectation.incomplete = true;
  return expectation;
}

function flag(node: unknown, key: string, src: TreeSource): boolean {
  return textOf(field(node, key, src)?.value, src) === 'true';
}

function actionItem(node: unknown, src: TreeSource): ActionItem {
  const span = spanOf(node, src);
  if (isMapping(node, src)) {
    const service = field(node, 'service', src);
    const levels = oneOrMany(field(node, 'accessLevel', src)?.value, src).map((l) => ({
      value: textOf(l, src) ?? '',
      span: spanOf(l, src),
    }));
    const item: ActionItem = { kind: 'selector', levels, span };
    const serviceText = textOf(service?.value, src);
    if (serviceText !== undefined) item.service = { value: serviceText, span: spanOf(service?.value, src) };
    return item;
  }
  const t = textOf(node, src) ?? '';
  return t.includes('*') || t.includes('?') ? { kind: 'pattern', text: t, span } : { kind: 'action', text: t, span };
}

/** True when an ARN can be planned on (a bad one has been reported already). */
function usableArn(arn: string): boolean {
  return !hasTemplate(arn) && checkResourceArn(arn, { file: '', start: 0, end: 0 }) === undefined;
}

/** True when `${name}` is left in a value: an undeclared variable, reported where it is written. */
function hasTemplate(value: string): boolean {
  return /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(value);
}
