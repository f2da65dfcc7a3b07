/**
 * Test support: turns the engine's YAML fixtures (testdata/*.yaml, read by evaluate.test.ts) into
 * requests and policy sets. No file access here, like the engine it feeds.
 */
import { parsePolicyText } from '../../policy/parse';
import type { Policy, PolicyKind } from '../../policy/types';
import { defineOwn } from '../own';
import type { AuthorizationRequest, ContextValue, Decision, Layer, PolicySet, RelatedResource, RequestEndpoint, RequestPrincipal } from '../types';

/** One fixture case as written. */
export interface FixtureCase {
  name: string;
  /** The AWS documentation URL and section the case encodes. */
  source: string;
  request: {
    principal: RequestPrincipal;
    action: string;
    resource?: { arn: string; account?: string; tags?: Record<string, string>; attributes?: Record<string, string> };
    context?: Record<string, unknown>;
    endpoint?: RequestEndpoint;
  };
  policies?: {
    identity?: unknown[];
    boundary?: unknown;
    session?: unknown[];
    resource?: unknown;
    /** The VPC endpoint policy (named `endpoint`). */
    endpoint?: unknown;
    organization?: { id: string; accounts: string[]; scps?: unknown[][]; rcps?: unknown[][] };
    /** Resources of dependent requests by reference (a secret's `kmsKeyId`); their policy is named `related-REF`. */
    related?: Record<string, { resource: { arn: string; account?: string; tags?: Record<string, string>; attributes?: Record<string, string> }; policy?: unknown }>;
  };
  want?: {
    decision?: Decision;
    decidedBy?: Layer;
    /** Deciding statements as `policy#index`; policies are named `identity-0`, `boundary`, `session-0`, `resource`, `scp-L-I`, `rcp-L-I`. */
    deciding?: string[];
    missingContextKeys?: string[];
    context?: Record<string, unknown>;
    /** The dependent requests the explanation shows, in order: action, decision and deciding layer. */
    dependents?: { action: string; decision: Decision; decidedBy: Layer }[];
  };
  only?: boolean;
}

/** A fixture file: its name and cases. */
export interface FixtureFile {
  file: string;
  cases: FixtureCase[];
}

/** Parses one inline policy document; a document the parser rejects fails the test. */
export function toPolicy(doc: unknown, name: string, kind: PolicyKind): Policy {
  const r = parsePolicyText(JSON.stringify(doc, null, 2), { file: `${name}.json`, name, kind });
  if (!r.value) throw new Error(`fixture policy ${name} is invalid:\n${r.diagnostics.map((d) => `${d.message} (${d.help ?? ''})`).join('\n')}`);
  return r.value;
}

function contextValue(v: unknown): ContextValue {
  return Array.isArray(v) ? v.map((x) => String(x)) : String(v);
}

/** The request and policy set of a case. */
export function buildCase(c: FixtureCase): { request: AuthorizationRequest; policies: PolicySet } {
  const r = c.request;
  const context: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(r.context ?? {})) defineOwn(context, k, contextValue(v));
  const request: AuthorizationRequest = { principal: r.principal, action: r.action, context, ...(r.resource ? { resource: r.resource } : {}), ...(r.endpoint ? { endpoint: r.endpoint } : {}) };
  const p = c.policies ?? {};
  const policies: PolicySet = { identity: (p.identity ?? []).map((d, i) => toPolicy(d, `identity-${i}`, 'identity')) };
  if (p.boundary !== undefined) policies.boundary = toPolicy(p.boundary, 'boundary', 'boundary');
  if (p.session !== undefined) policies.session = p.session.map((d, i) => toPolicy(d, `session-${i}`, 'session'));
  if (p.resource !== undefined) policies.resource = toPolicy(p.resource, 'resource', 'resource');
  if (p.endpoint !== undefined) policies.endpoint = toPolicy(p.endpoint, 'endpoint', 'endpoint');
  if (p.organization) {
    const o = p.organization;
    policies.organization = {
      id: o.id,
      accounts: o.accounts,
      scps: (o.scps ?? []).map((level, l) => level.map((d, i) => toPolicy(d, `scp-${l}-${i}`, 'scp'))),
      rcps: (o.rcps ?? []).map((level, l) => level.map((d, i) => toPolicy(d, `rcp-${l}-${i}`, 'rcp'))),
    };
  }
  if (p.related) {
    const related = new Map<string, RelatedResource>();
    for (const [ref, r] of Object.entries(p.related)) {
      related.set(ref, r.policy === undefined ? { resource: r.resource } : { resource: r.resource, policy: toPolicy(r.policy, `related-${ref}`, 'resource') });
    }
    policies.related = related;
  }
  return { request, policies };
}
