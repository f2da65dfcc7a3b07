/**
 * The Policy model: an IAM policy document after parsing and grammar checks.
 *
 * Built once per document by `runner/policy/` and evaluated many times by `runner/engine/`.
 * Every node keeps the span of the user text it came from, so explanations and diagnostics
 * point into the user's files.
 */
import type { Span } from '../diagnostics';

/** Where a policy is attached; decides which elements AWS requires or rejects. */
export const policyKinds = {
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
  scp: 'service control policy (SCP)',
  rcp: 'resource control policy (RCP)',
  endpoint: 'VPC endpoint policy',
} as const;

/** A policy kind. */
export type PolicyKind = keyof typeof policyKinds;

/** The policy language versions AWS accepts. Policy variables are substituted only in `2012-10-17`. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** A string from the user's document with its span. */
export interface Spanned<T = string> {
  value: T;
  span: Span;
}

/** The Principal or NotPrincipal element. */
export type PrincipalElement =
  /** `"*"` (or `{"AWS": "*"}`, which AWS treats the same way for matching). */
  | { kind: 'any'; span: Span }
  | {
      kind: 'map';
      /** Keys are `AWS`, `Service`, `Federated`, `CanonicalUser`, values as written. */
      AWS: Spanned[];
      Service: Spanned[];
      Federated: Spanned[];
      CanonicalUser: Spanned[];
      span: Span;
    };

/** Base operators, without `IfExists` and without a set qualifier. */
export const conditionOperators = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

/** A base condition operator. */
export type ConditionOperator = (typeof conditionOperators)[number];

/** `ForAllValues:` / `ForAnyValue:` set operator qualifiers. */
export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

/** One (operator, key, values) triple of a Condition block. */
export interface Condition {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  raw: Spanned;
  operator: ConditionOperator;
  qualifier?: SetQualifier;
  ifExists: boolean;
  /** The condition key as written (matching is case-insensitive). */
  key: Spanned;
  /** Values as strings (JSON numbers and booleans become their text, as AWS compares them). */
  values: Spanned[];
}

/** One statement. Arrays hold the element's entries; a single string becomes a one-entry array. */
export interface Statement {
  /** 0-based position in the policy's Statement list. */
  index: number;
  sid?: Spanned;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  action?: Spanned[];
  notAction?: Spanned[];
  resource?: Spanned[];
  notResource?: Spanned[];
  /** AND of every entry. */
  conditions: Condition[];
  span: Span;
}

/** A parsed, grammar-checked IAM policy document. */
export interface Policy {
  /** The scenario's name for the policy (`app-read`), or a label for an inline one (`principal app, policy 2`). */
  name: string;
  kind: PolicyKind;
  /** Absent when the document has no Version (AWS then uses 2008-10-17 semantics). */
  version?: PolicyVersion;
  id?: string;
  statements: Statement[];
  span: Span;
}
