/**
 * Building a principal of the scenario: its ARN, service or federated provider, tags, session
 * links, identity, session and boundary policies, and the completion of one taken from a plan or
 * template.
 */
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import type { RequestPrincipal } from '../engine/types';
import type { SourcedPrincipal } from '../load/sources/types';
import type { Policy, PolicyKind } from '../policy/types';
import { field, isMapping, oneOrMany, spanOf, textOf, type TreeSource } from '../yaml-tree/nodes';
import { checkPrincipalAttributes } from './applicable';
import type { PolicyResolver } from './policies';
import { checkFederatedFrom, checkRoleArn } from './session-links';
import type { Principal } from './types';
import { checkFederatedProvider, checkPrincipalArn, hasTemplate, tagsOf } from './values';

/** A principal declared under `principals` (one taken from a plan is completed by {@link fromSource}). */
export function buildPrincipal(
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
export function isSourced(node: unknown, src: TreeSource): boolean {
  return field(node, 'terraform', src) !== undefined || field(node, 'cloudformation', src) !== undefined;
}

/**
 * Completes a principal taken from a plan: its ARN and tags (tags written in the scenario win),
 * its inline and attached policies before any listed in the scenario, and its permissions boundary
 * unless the scenario gives one. `sourced` is absent when the loader reported why.
 */
export function fromSource(principal: Principal, sourced: SourcedPrincipal | undefined, resolver: PolicyResolver): void {
  if (!sourced) return;
  if (sourced.arn !== undefined) principal.request.arn = sourced.arn;
  if (sourced.tags) principal.request.tags = { ...sourced.tags, ...principal.request.tags };
  principal.policies.unshift(...sourced.policies.flatMap((p) => resolver.resolveSourced(p, 'identity') ?? []));
  if (sourced.boundary && !principal.boundary) {
    const boundary = resolver.resolveSourced(sourced.boundary, 'boundary');
    if (boundary) principal.boundary = boundary;
  }
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
