/**
 * A counterexample as a scenario a reader can paste: the policy, the caller, the resource and one
 * expectation that passes under NEW and fails under OLD (docs/scenarios.md: `policies`,
 * `principals`, `resources`, `expect[].context`, `expect[].allow`, `expect[].deny`).
 *
 * Identity-based policies are attached to the caller. A resource-based policy is attached to a
 * resource in another account than the caller's, and the caller's own policy allows everything:
 * across accounts both must allow, so the resource-based policy alone decides
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html:
 * "the identity-based policy and the resource-based policy must both grant access").
 */
import { stringify } from 'yaml';
import type { AuthorizationRequest } from '../engine/types';
import type { PolicyKind } from '../policy/types';
import { splitSpec } from './policy-input';

/** What the expectation needs to know besides the request. */
export interface ExpectationInput {
  request: AuthorizationRequest;
  /** NEW as given on the command line (file or plan reference). */
  newSpec: string;
  kind: PolicyKind;
  /** `added`: NEW allows the request (expect allow); `removed`: NEW no longer does (expect deny). */
  direction: 'added' | 'removed';
}

/** An account that is not the caller's, for the resource of a resource-based policy. */
export function otherAccount(request: AuthorizationRequest): string {
  return request.principal.arn?.includes(':444455556666:') ? '555566667777' : '444455556666';
}

/** The scenario fragment as YAML text. */
export function expectationYaml(input: ExpectationInput): string {
  const { request, kind } = input;
  const { path, address } = splitSpec(input.newSpec);
  const policy = address === undefined ? { file: path } : { terraform: path, address };
  const principal: Record<string, unknown> = {};
  const p = request.principal;
  if (p.arn !== undefined) principal.arn = p.arn;
  if (p.service !== undefined) principal.service = p.service;
  if (p.federated !== undefined) principal.federated = p.federated;
  if (p.roleArn !== undefined) principal.roleArn = p.roleArn;
  principal.policies =
    kind === 'resource' ? [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }] : ['new'];
  const scenario: Record<string, unknown> = { name: `iamspec diff: ${input.direction === 'added' ? 'new access' : 'removed access'}` };
  scenario.policies = { new: policy };
  scenario.principals = { caller: principal };
  const resource = request.resource;
  if (resource) {
    const r: Record<string, unknown> = { arn: resource.arn };
    if (kind === 'resource') {
      r.policy = 'new';
      r.account = otherAccount(request);
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
