/**
 * The service registry: every service's rules, in one list. A service adds the condition keys it
 * derives from the resource, any deny it imposes itself (such as a KMS key that cannot be used
 * across accounts), the resource-based policies that must allow explicitly (KMS key policies, role
 * trust policies), the resources RCPs skip, the resource attributes it reads and whether RCPs
 * apply to it.
 *
 * To add a service: write `services/<prefix>.ts` exporting a {@link ServiceRules} (types.ts) and
 * list it in `allServices` below. The engine's RCP rule, the scenario model's resource attributes
 * and the schema check (registry.test.ts) all read this list.
 */
import { kmsRules } from './kms';
import { rcpOnlyServices } from './rcp-only';
import { secretsManagerRules } from './secretsmanager';
import { stsRules } from './sts';
import type { AttributeSpec, ServiceRules } from './types';

export type { AttributeSpec, DependentRequestSpec, ServiceDenial, ServiceRequest, ServiceRules } from './types';

/** Every registered service, quirks or not. */
export const allServices: readonly ServiceRules[] = [secretsManagerRules, kmsRules, stsRules, ...rcpOnlyServices];

const registry: ReadonlyMap<string, ServiceRules> = new Map(allServices.map((r): [string, ServiceRules] => [r.prefix, r]));

// INVARIANT: one entry per prefix, so a service cannot be listed twice with different rules.
if (registry.size !== allServices.length) throw new Error('a service prefix is registered twice');

/** The rules of a service prefix (lowercase), if it has any. */
export function serviceRules(prefix: string): ServiceRules | undefined {
  return registry.get(prefix);
}

/** Services whose resources RCPs apply to. */
export const rcpServices: ReadonlySet<string> = new Set(allServices.filter((s) => s.rcp).map((s) => s.prefix));

/** The resource attributes every service reads, by attribute name (a scenario resource may give them). */
export const resourceAttributes: Readonly<Record<string, AttributeSpec>> = Object.assign(
  {},
  ...allServices.map((s) => s.attributes ?? {}),
) as Record<string, AttributeSpec>;
