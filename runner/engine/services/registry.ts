/**
 * Service quirks, one file per service. A service adds the condition keys it derives from the
 * resource, any deny it imposes itself (such as a KMS key that cannot be used across accounts), the
 * resource-based policies that must allow explicitly (KMS key policies, role trust policies) and
 * the resources RCPs skip.
 * To add a service: write `services/<prefix>.ts` exporting a {@link ServiceRules} and list it below.
 */
import type { PrincipalInfo } from '../principal-info';
import type { RequestResource } from '../types';
import { kmsRules } from './kms';
import { secretsManagerRules } from './secretsmanager';
import { stsRules } from './sts';

/** What a service rule sees of one request. */
export interface ServiceRequest {
  /** The action name without the service prefix, lowercase (`getsecretvalue`). */
  actionName: string;
  principal: PrincipalInfo;
  resource?: RequestResource;
  /** The resource's owning account, when there is a resource. */
  resourceAccount?: string;
}

/** One service's quirks. */
export interface ServiceRules {
  /** Service prefix, lowercase. */
  prefix: string;
  /**
   * The value of a service condition key derived from the resource (`lowerKey` is lowercase), or
   * undefined when this service does not derive it. Services deriving no keys leave it out.
   */
  contextValue?(lowerKey: string, resource: RequestResource): string | undefined;
  /** Every key this service derives for `resource`, in AWS's spelling (for explanations). */
  contextKeys?(resource: RequestResource): Record<string, string>;
  /** Why the service itself denies the request, or undefined when it does not. Optional. */
  deny?(request: ServiceRequest): string | undefined;
  /**
   * The name of the resource-based policy that must allow the request even within one account
   * (`key policy`, `role trust policy`), or undefined when the usual rules apply (decide.ts, rule
   * `resourcePolicyRequired`). Services without such a policy leave it out.
   */
  requiredResourcePolicy?(request: ServiceRequest): string | undefined;
  /** True when RCPs do not apply to the resource (such as AWS managed KMS keys). */
  rcpExempt?(resource: RequestResource): boolean;
}

const registry: ReadonlyMap<string, ServiceRules> = new Map(
  [secretsManagerRules, kmsRules, stsRules].map((r): [string, ServiceRules] => [r.prefix, r]),
);

/** The rules of a service prefix (lowercase), if it has any. */
export function serviceRules(prefix: string): ServiceRules | undefined {
  return registry.get(prefix);
}
