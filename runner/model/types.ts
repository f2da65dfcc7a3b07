/**
 * The typed scenario: what a scenario file means once loaded, names resolved and policies parsed.
 * Every node keeps the span of the user text it came from.
 */
import type { Span } from '../diagnostics';
import type { ContextValue, Organization, RequestEndpoint, RequestPrincipal, RequestResource } from '../engine/types';
import type { Policy } from '../policy/types';

/** What an expectation asks for: a decision, or `deny` (either kind of deny). */
export type Expected = 'allow' | 'deny' | 'implicitDeny' | 'explicitDeny';

/** The expectation list keys, in the order cases are planned. */
export const expectedKeys: readonly Expected[] = ['allow', 'deny', 'implicitDeny', 'explicitDeny'];

/** A caller declared under `principals`. */
export interface Principal {
  name: string;
  request: RequestPrincipal;
  /** Identity-based policies (for a session: the role's or the IAM user's). */
  policies: Policy[];
  boundary?: Policy;
  sessionPolicies: Policy[];
  span: Span;
}

/** A resource declared under `resources`, or a literal ARN in an expectation. */
export interface Resource {
  /** The declared name, or the ARN for a literal. */
  name: string;
  request: RequestResource;
  policy?: Policy;
  span: Span;
  /** Where its ARN is written (a literal's is {@link span}). */
  arnSpan?: Span;
}

/** A VPC endpoint declared under `endpoints`. */
export interface Endpoint {
  name: string;
  request: RequestEndpoint;
  /** The endpoint policy; absent: AWS's default full-access endpoint policy. */
  policy?: Policy;
  span: Span;
}

/** An action item of an expectation list. */
export type ActionItem =
  /** `secretsmanager:GetSecretValue` (case-insensitive). */
  | { kind: 'action'; text: string; span: Span }
  /** `secretsmanager:Get*`: every catalog action it matches that applies to the resource. */
  | { kind: 'pattern'; text: string; span: Span }
  /** `{ service?, accessLevel }`: every action of the service at those levels that applies. */
  | { kind: 'selector'; service?: { value: string; span: Span }; levels: { value: string; span: Span }[]; span: Span };

/** One entry of an expectation's `allow` / `deny` / ... lists. */
export interface ExpectedItem {
  expected: Expected;
  item: ActionItem;
}

/** One entry of `expect`. */
export interface Expectation {
  /** 0-based position in `expect`. */
  index: number;
  name?: string;
  principals: Principal[];
  /** `undefined` entries (and an empty list) stand for `*`: a request on no resource. */
  resources: (Resource | undefined)[];
  /** The file's context with the expectation's merged over it. */
  context: Record<string, ContextValue>;
  /** The VPC endpoint the expectation's requests travel through (`via`), if any. */
  via?: Endpoint;
  items: ExpectedItem[];
  skip: boolean;
  only: boolean;
  /** A principal or resource name did not resolve (already reported): planning skips it. */
  incomplete?: boolean;
  span: Span;
}

/** A scenario file. */
export interface Scenario {
  /** Display path of the file. */
  file: string;
  /** `name`, default: the file's path. */
  name: string;
  description?: string;
  principals: ReadonlyMap<string, Principal>;
  resources: ReadonlyMap<string, Resource>;
  /** The VPC endpoints declared under `endpoints`. */
  endpoints: ReadonlyMap<string, Endpoint>;
  organization?: Organization;
  expectations: Expectation[];
  /** Every key written in a `context` mapping (the file's and the expectations'), for checks. */
  contextKeys: ContextEntry[];
}

/** One key of a `context` mapping as written, for the checks of keys and values. */
export interface ContextEntry {
  key: string;
  span: Span;
  /** Its values, each with its span (one for a single value; absent for a mapping). */
  values?: { value: string; span: Span }[];
  /** The span of the list, when the value is written as a list. */
  list?: Span;
}
