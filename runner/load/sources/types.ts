/**
 * What the policy sources (Terraform plans and states, CloudFormation templates) hand the model:
 * policy documents with positions in the file they come from, and the principals and resources
 * they define. The model resolves them exactly as it resolves policies written in the scenario.
 */
import type { Span } from '../../diagnostics';
import type { PolicyFile } from '../policy-file';

/** A policy a principal or resource takes from a source. */
export type SourcedPolicy =
  /** A document in the source, positioned in its file. */
  | { kind: 'document'; file: PolicyFile; label: string }
  /** An AWS managed policy attached by ARN, resolved from the catalog's pinned copy. */
  | { kind: 'managed'; arn: string; span: Span; label: string };

/** A role or user as a plan or template defines it. */
export interface SourcedPrincipal {
  /** The ARN; absent when it could not be known (reported). */
  arn?: string;
  tags?: Record<string, string>;
  /** Inline and attached identity-based policies, its groups' included. */
  policies: SourcedPolicy[];
  boundary?: SourcedPolicy;
}

/** A resource as a plan or template defines it. */
export interface SourcedResource {
  /** The ARN; absent when it could not be known (reported) or when the scenario gives `arn`. */
  arn?: string;
  tags?: Record<string, string>;
  /** Its resource-based policy (a role's trust policy). */
  policy?: SourcedPolicy;
}

/** Principals and resources taken from sources, by their scenario name. */
export interface Sourced {
  principals: ReadonlyMap<string, SourcedPrincipal>;
  resources: ReadonlyMap<string, SourcedResource>;
}

/** True for an AWS managed policy ARN (`arn:aws:iam::aws:policy/...`). */
export function isAwsManagedArn(arn: string): boolean {
  return /^arn:aws(?:-[a-z]+)*:iam::aws:policy\//.test(arn);
}
