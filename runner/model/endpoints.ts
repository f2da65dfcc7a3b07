/**
 * `endpoints`: the VPC endpoints a request can travel through (an expectation's `via`), each with
 * its id, VPC, type and endpoint policy. The engine reads them as AuthorizationRequest `endpoint`
 * (aws:SourceVpce, aws:SourceVpc) and PolicySet `endpoint` (the VPC endpoint policy layer).
 *
 * Without `policy`, the endpoint has AWS's default endpoint policy, which "grants full access to
 * the endpoint" (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html,
 * section "Default endpoint policy"): the endpoint then carries no policy and the engine's layer
 * takes no part.
 */
import { didYouMean, suggest } from '../../lib/suggest';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import type { RequestEndpoint } from '../engine/types';
import { entriesOf, field, isMapping, spanOf, textOf, type TreeSource } from '../yaml-tree/nodes';
import type { PolicyResolver } from './policies';
import type { Endpoint } from './types';

const templated = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

/** Builds every endpoint declared under `endpoints`. */
export function buildEndpoints(node: unknown, src: TreeSource, resolver: PolicyResolver, diagnostics: Diagnostic[]): Map<string, Endpoint> {
  const out = new Map<string, Endpoint>();
  for (const e of entriesOf(node, src)) out.set(e.key, buildEndpoint(e.key, e.value, e.keySpan, src, resolver, diagnostics));
  return out;
}

function buildEndpoint(
  name: string,
  node: unknown,
  keySpan: Span,
  src: TreeSource,
  resolver: PolicyResolver,
  diagnostics: Diagnostic[],
): Endpoint {
  const request: RequestEndpoint = {};
  const endpoint: Endpoint = { name, request, span: keySpan };
  if (!isMapping(node, src)) return endpoint; // reported by the schema
  const check = (key: 'id' | 'vpc', pattern: RegExp, help: string): void => {
    const entry = field(node, key, src);
    const value = textOf(entry?.value, src);
    if (value === undefined) return;
    if (!templated.test(value) && !pattern.test(value))
      diagnostics.push(
        diagnostic(
          'SCHEMA',
          `endpoint \`${name}\`: \`${value}\` is not a ${key === 'id' ? 'VPC endpoint id' : 'VPC id'}`,
          spanOf(entry?.value, src),
          help,
        ),
      );
    request[key] = value;
  };
  check('id', /^vpce-[0-9a-f]{8,17}$/, 'expected `vpce-` and 8 to 17 hexadecimal digits, such as `vpce-1a2b3c4d`');
  check('vpc', /^vpc-[0-9a-f]{8,17}$/, 'expected `vpc-` and 8 to 17 hexadecimal digits, such as `vpc-111bbb22`');
  const type = textOf(field(node, 'type', src)?.value, src);
  // The schema reports any other value; `interface` is the default.
  request.type = type === 'gateway' ? 'gateway' : 'interface';
  const policyNode = field(node, 'policy', src)?.value;
  if (policyNode !== undefined && policyNode !== null) {
    const policy = resolver.resolve(policyNode, 'endpoint', `${name} endpoint policy`);
    if (policy) endpoint.policy = policy;
  }
  return endpoint;
}

/** Resolves an expectation's `via`; reports an undeclared name. */
export function resolveVia(
  node: unknown,
  src: TreeSource,
  declared: ReadonlyMap<string, Endpoint>,
  diagnostics: Diagnostic[],
): Endpoint | undefined {
  const name = textOf(node, src);
  if (name === undefined) return undefined;
  const found = declared.get(name);
  if (found) return found;
  const names = [...declared.keys()];
  diagnostics.push(
    diagnostic(
      'UNKNOWN_ENDPOINT',
      `unknown endpoint \`${name}\``,
      spanOf(node, src),
      didYouMean(
        suggest(name, names),
        names.length > 0 ? `declared endpoints: ${names.map((x) => `\`${x}\``).join(', ')}` : 'declare it under `endpoints`',
      )!,
    ),
  );
  return undefined;
}
