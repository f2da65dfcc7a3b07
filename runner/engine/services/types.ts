/**
 * The shape of a service's rules: a leaf module that the service files, the registry and the
 * engine import, so that no two of them import each other.
 */
import type { PrincipalInfo } from '../principal-info';
import type { ContextValue, RequestResource } from '../types';

/** What a service rule sees of one request. */
export interface ServiceRequest {
  /** The action name without the service prefix, lowercase (`getsecretvalue`). */
  actionName: string;
  principal: PrincipalInfo;
  resource?: RequestResource | undefined;
  /** The resource's owning account, when there is a resource. */
  resourceAccount?: string | undefined;
}

/**
 * A resource attribute a service's rules read, as the scenario schema checks it (a JSON Schema
 * fragment for a string property; `expected` is what the user is told when a value does not fit).
 * The schema's resource properties must list exactly the registry's attributes
 * (services/registry.test.ts).
 */
export interface AttributeSpec {
  /** Hover help in editors and the first paragraph of its docs/scenarios.md entry. */
  description: string;
  type: 'string';
  minLength?: number;
  pattern?: string;
  expected: string;
}

/**
 * Why a service itself denies a request: a stable id within the service (reporters word it) and
 * the service prefix. Data only, like the rest of the explanation.
 */
export interface ServiceDenial {
  service: string;
  id: string;
}

/**
 * A request the service makes with the caller's credentials while serving the caller's request,
 * such as Secrets Manager's `kms:Decrypt` of the secret's KMS key (services/secretsmanager.ts).
 * The engine evaluates it with the same machinery, on the resource the policy set's `related` map
 * gives for {@link resource}; the caller's request is allowed only if every dependent request is.
 */
export interface DependentRequestSpec {
  /** A stable id within the service (reporters word it): `decryptSecretValue`. */
  id: string;
  /** `service:Action` of the dependent request: `kms:Decrypt`. */
  action: string;
  /** The key of its resource in the policy set's `related` map (a secret's `kmsKeyId`). */
  resource: string;
  /** Context keys the service sets on the dependent request; they win over the caller's keys. */
  context: Readonly<Record<string, ContextValue>>;
}

/** One service's quirks. */
export interface ServiceRules {
  /** Service prefix, lowercase. */
  prefix: string;
  /**
   * True when resource control policies apply to the service's resources (AWS Organizations User
   * Guide, https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html,
   * section "List of AWS services that support RCPs").
   */
  rcp: boolean;
  /** The resource attributes the rules read, by attribute name (`kmsKeyId`). Default: none. */
  attributes?: Readonly<Record<string, AttributeSpec>>;
  /**
   * The value of a service condition key derived from the resource (`lowerKey` is lowercase), or
   * undefined when this service does not derive it. Services deriving no keys leave it out.
   */
  contextValue?(lowerKey: string, resource: RequestResource): string | undefined;
  /** Every key this service derives for `resource`, in AWS's spelling (for explanations). */
  contextKeys?(resource: RequestResource): Record<string, string>;
  /** The id of the service's own reason to deny the request, or undefined when it does not. Optional. */
  deny?(request: ServiceRequest): string | undefined;
  /**
   * The name of the resource-based policy that must allow the request even within one account
   * (`key policy`, `role trust policy`), or undefined when the usual rules apply (decide.ts, rule
   * `resourcePolicyRequired`). Services without such a policy leave it out.
   */
  requiredResourcePolicy?(request: ServiceRequest): string | undefined;
  /**
   * The requests the service makes with the caller's credentials to serve this one (dependent
   * requests), or undefined when it makes none. Services without any leave it out.
   */
  dependents?(request: ServiceRequest): readonly DependentRequestSpec[] | undefined;
  /** True when RCPs do not apply to the resource (such as AWS managed KMS keys). */
  rcpExempt?(resource: RequestResource): boolean;
}
