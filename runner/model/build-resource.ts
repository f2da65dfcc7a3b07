/**
 * Building a resource of the scenario: its ARN, account, tags, the attributes services read and
 * its resource-based policy, and the completion of one taken from a plan or template.
 */
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import type { RequestResource } from '../engine/types';
import { resourceAttributes } from '../engine/services/registry';
import type { SourcedResource } from '../load/sources/types';
import { resourcePolicyTypeOf } from '../policy/kind-rules';
import { field, isMapping, spanOf, textOf, type TreeSource } from '../yaml-tree/nodes';
import { checkAccountAgainstArn } from './owners';
import type { PolicyResolver } from './policies';
import type { Resource } from './types';
import { checkKeyManager, checkKmsKeyId, checkResourceArn, checkResourceArnMatches, hasTemplate, tagsOf } from './values';

/**
 * Resource attributes the engine reads, as the service registry declares them
 * (runner/engine/services/): Secrets Manager's (it derives condition keys from them) and KMS's
 * `keyManager` (`AWS` or `CUSTOMER`, as DescribeKey's `KeyManager`).
 */
const attributeNames: readonly string[] = Object.keys(resourceAttributes);

/** A resource declared under `resources`. */
export function buildResource(
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
export function checkAccount(account: string, span: Span, diagnostics: Diagnostic[]): void {
  if (!/^\d{12}$/.test(account))
    diagnostics.push(
      diagnostic('SCHEMA', `\`${account}\` is not an account id`, span, 'expected 12 digits in quotes, such as `"111122223333"`'),
    );
}

/**
 * A resource taken from a plan: built as a declared one with the plan's ARN (unless `arn` is
 * written), tags and resource-based policy (unless `policy` is written).
 */
export function sourcedResource(
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
