/**
 * A counterexample as a scenario a reader can paste: the policy, the caller, the resource and one
 * expectation that passes under NEW and fails under OLD (docs/scenarios.md: `policies`,
 * `principals`, `resources`, `expect[].context`, `expect[].allow`, `expect[].deny`).
 *
 * Identity-based policies are attached to the caller. A resource-based policy is attached to a
 * resource, placed by {@link resourcePlacement}: across accounts both the identity-based and the
 * resource-based policy must allow, so with the caller's own policy allowing everything the
 * resource-based policy decides
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html).
 */
import { stringify } from 'yaml';
import type { AuthorizationRequest } from '../engine/types';
import type { PolicyKind } from '../policy/types';
import { splitReference } from '../load/policy-ref';

/** What the expectation needs to know besides the request. */
export interface ExpectationInput {
  request: AuthorizationRequest;
  /** NEW as given on the command line (file or plan reference). */
  newSpec: string;
  kind: PolicyKind;
  /** `added`: NEW allows the request (expect allow); `removed`: NEW no longer does (expect deny). */
  direction: 'added' | 'removed';
}

/**
 * Where a resource-based policy's resource goes: in another account than the caller's (its
 * `account` given when the ARN names none), the caller's own policy allowing everything; or,
 * when the ARN names the caller's account, in that account with no identity-based policy, where
 * the resource-based policy alone allows a caller it names.
 */
export function resourcePlacement(request: AuthorizationRequest): { account?: string; allowAll: boolean } {
  const caller = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(request.principal.arn ?? '')?.[1];
  const owner = request.resource?.arn.split(':')[4];
  if (owner !== undefined && owner !== '' && owner === caller) return { allowAll: false };
  if (owner !== undefined && owner !== '') return { allowAll: true };
  return { account: caller === '444455556666' ? '555566667777' : '444455556666', allowAll: true };
}

/** The scenario fragment as YAML text. */
export function expectationYaml(input: ExpectationInput): string {
  const { request, kind } = input;
  const { path, address } = splitReference(input.newSpec);
  const policy = address === undefined ? { file: path } : { terraform: path, address };
  const principal: Record<string, unknown> = {};
  const p = request.principal;
  if (p.arn !== undefined) principal.arn = p.arn;
  if (p.service !== undefined) principal.service = p.service;
  if (p.federated !== undefined) principal.federated = p.federated;
  if (p.roleArn !== undefined) principal.roleArn = p.roleArn;
  const placement = resourcePlacement(request);
  if (kind !== 'resource') principal.policies = ['new'];
  else if (placement.allowAll)
    principal.policies = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }];
  const scenario: Record<string, unknown> = { name: `iamspec diff: ${input.direction === 'added' ? 'new access' : 'removed access'}` };
  scenario.policies = { new: policy };
  scenario.principals = { caller: principal };
  const resource = request.resource;
  if (resource) {
    const r: Record<string, unknown> = { arn: resource.arn };
    if (kind === 'resource') {
      r.policy = 'new';
      if (placement.account !== undefined) r.account = placement.account;
    }
    scenario.resources = { target: r };
  }
  const expect: Record<string, unknown> = {
    name: input.direction === 'added' ? 'NEW allows what OLD did not' : 'NEW no longer allows what OLD did',
    principal: 'caller',
  };
  if (resource) expect.resource = 'target';
  if (Object.keys(request.context).length > 0) expect.context = request.context;
  expect[input.direction === 'added' ? 'allow' : 'deny'] = [request.action];
  scenario.expect = [expect];
  return stringify(scenario, { lineWidth: 0 });
}
