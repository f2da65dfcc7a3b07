/**
 * A counterexample as a scenario a reader can paste: the policy, the caller, the resource and one
 * expectation that passes under NEW and fails under OLD (docs/scenarios.md: `policies`,
 * `principals`, `resources`, `expect[].context`, `expect[].allow`, `expect[].deny`).
 *
 * Identity-based policies are attached to the caller; a resource-based policy to the resource,
 * in the caller's account, so the resource policy alone decides
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html,
 * "Identity-based policies and resource-based policies": within one account either may allow).
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
  if (kind !== 'resource') principal.policies = ['new'];
  const scenario: Record<string, unknown> = { name: `iamspec diff: ${input.direction === 'added' ? 'new access' : 'removed access'}` };
  scenario.policies = { new: policy };
  scenario.principals = { caller: principal };
  const resource = request.resource;
  if (resource) {
    const r: Record<string, unknown> = { arn: resource.arn };
    if (kind === 'resource') {
      r.policy = 'new';
      const account = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(p.arn ?? '')?.[1];
      if (account !== undefined) r.account = account;
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
