import { expect } from 'chai';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { evaluate } from '../engine/evaluate';
import type { AuthorizationRequest } from '../engine/types';
import { parsePolicyText } from '../policy/parse';
import type { Policy } from '../policy/types';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../test/support/fixture-tests';
import { resourcePlacement } from './expectation';
import { diffPolicies, type DiffVerdict } from './search';

/** One pair of runner/diff/testdata/pairs.yaml. */
interface PairCase extends FixtureFocus {
  cite: string;
  old: unknown[];
  new: unknown[];
  added: 'none' | 'found' | 'unknown';
  removed?: 'none' | 'found' | 'unknown';
}

const catalog = loadCatalog();

/** A policy from a fixture's statements: resource-based when a statement names a Principal. */
export function policyOf(statements: unknown[], name: string): Policy {
  const kind = statements.some((s) => typeof s === 'object' && s !== null && 'Principal' in s) ? 'resource' : 'identity';
  const r = parsePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: statements }), { file: `${name}.json`, name, kind });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
  return r.value!;
}

const allowAll = policyOf([{ Effect: 'Allow', Action: '*', Resource: '*' }], 'allow-all');

/**
 * The full engine's decision for a policy alone: attached to the caller (identity-based), or as
 * the policy of a resource in another account whose caller's own policies allow everything, so
 * the resource-based policy decides (expectation.ts builds its scenario the same way).
 */
export function engineAllows(policy: Policy, request: AuthorizationRequest): boolean {
  if (policy.kind !== 'resource') return evaluate(request, { identity: [policy] }).decision === 'allow';
  const placement = resourcePlacement(request);
  const resource =
    request.resource && placement.account !== undefined ? { ...request.resource, account: placement.account } : request.resource;
  const identity = placement.allowAll ? [allowAll] : [];
  return evaluate({ ...request, ...(resource ? { resource } : {}) }, { identity, resource: policy }).decision === 'allow';
}

function verdictName(v: DiffVerdict): string {
  return v.kind === 'new' ? 'found' : v.kind;
}

/** Asserts the verdict, and that a counterexample is allowed by `to` and not by `from` in the engine. */
function check(from: Policy, to: Policy, want: string): void {
  const v = diffPolicies(from, to, catalog);
  expect(verdictName(v), v.kind === 'unknown' ? v.reason : JSON.stringify(v)).to.equal(want);
  if (v.kind === 'new') {
    const { request } = v.counterexample;
    expect(engineAllows(to, request), 'the counterexample is allowed by the newer policy').to.equal(true);
    expect(engineAllows(from, request), 'the counterexample is not allowed by the older policy').to.equal(false);
  }
}

describe('diffPolicies (testdata/pairs.yaml)', () => {
  defineFixtureTests(readFixtureCases<PairCase>(join(__dirname, 'testdata', 'pairs.yaml')), (c) => {
    expect(c.cite, 'every case cites its AWS rule').to.match(/^https:\/\/docs\.aws\.amazon\.com\//);
    const oldPolicy = policyOf(c.old, 'old');
    const newPolicy = policyOf(c.new, 'new');
    check(oldPolicy, newPolicy, c.added);
    if (c.removed !== undefined) check(newPolicy, oldPolicy, c.removed);
  });
});

describe('diffPolicies counterexamples are requests AWS could receive', () => {
  // The Resource element applies to the action's resource types (service authorization reference,
  // "Resource types" column): `s3:GetObjectAcl` is requested on an object, `s3:GetAccelerateConfiguration`
  // on a bucket. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
  it('names an action of the new class that can be requested on the counterexample resource', () => {
    const oldPolicy = policyOf([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }], 'old');
    const newPolicy = policyOf([{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::data/*' }], 'new');
    const v = diffPolicies(oldPolicy, newPolicy, catalog);
    expect(v.kind).to.equal('new');
    if (v.kind !== 'new') return;
    const { action, resource } = v.counterexample.request;
    // An object under `data/` (a key, not the ambiguous `data/`, which also reads as a bucket name),
    // and an action requested on objects.
    expect(resource?.arn).to.match(/^arn:aws:s3:::data\/.+/);
    const info = catalog.action(action)!;
    expect(
      info.resourceTypes.map((r) => r.name),
      action,
    ).to.include('object');
    expect(catalog.actionAppliesTo(info, resource?.arn), `${action} on ${resource?.arn}`).to.equal(true);
  });
});

describe('diffPolicies budget', () => {
  it('answers unknown when the step budget is exceeded, never none', () => {
    const a = policyOf([{ Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::a*b*c', 'arn:aws:s3:::*x*y*'] }], 'old');
    const b = policyOf([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a*' }], 'new');
    const v = diffPolicies(a, b, catalog, { steps: 10 });
    expect(v.kind).to.equal('unknown');
    if (v.kind === 'unknown') expect(v.reason).to.equal('the search budget was exceeded');
  });

  it('answers unknown when the caller says time is up', () => {
    const a = policyOf([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], 'old');
    const b = policyOf([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], 'new');
    const v = diffPolicies(a, b, catalog, { expired: () => true });
    expect(v).to.include({ kind: 'unknown', reason: 'the time budget was exceeded' });
  });
});
