/**
 * The policies a run loaded, for coverage: every policy attached somewhere in a usable scenario
 * (identity-based policies, permissions boundaries and session policies of principals,
 * resource-based policies such as role trust and key policies, VPC endpoint policies, SCP and RCP
 * levels), wherever its text lives: the scenario, a policy file, a Terraform plan or template, or
 * the pinned copy of an AWS managed policy. A policy declared under `policies` but attached
 * nowhere is not parsed (it has no kind), so it is not counted.
 */
import { defaultManagedPolicies, documentText, isManagedPolicyArn } from '../catalog/managed-policies';
import type { Scenario } from './model/types';
import type { Policy } from './policy/types';

/** Every policy attached in the scenario, in the order the model holds them. */
export function scenarioPolicies(scenario: Scenario): Policy[] {
  const found: Policy[] = [];
  for (const p of scenario.principals.values()) {
    found.push(...p.policies);
    if (p.boundary) found.push(p.boundary);
    found.push(...p.sessionPolicies);
  }
  for (const r of scenario.resources.values()) if (r.policy) found.push(r.policy);
  for (const e of scenario.endpoints.values()) if (e.policy) found.push(e.policy);
  for (const level of scenario.organization?.scps ?? []) found.push(...level);
  for (const level of scenario.organization?.rcps ?? []) found.push(...level);
  return found;
}

/**
 * The texts the spans of AWS managed policies point into (the span's file is the policy's ARN;
 * runner/model/policies.ts parses `documentText`), by ARN, so their statements can be located.
 */
export function managedPolicyTexts(policies: Iterable<Policy>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const policy of policies) {
    const arn = policy.span.file;
    if (texts.has(arn) || !isManagedPolicyArn(arn)) continue;
    const found = defaultManagedPolicies().get(arn);
    if (found) texts.set(arn, documentText(found));
  }
  return texts;
}

export { isManagedPolicyArn };
