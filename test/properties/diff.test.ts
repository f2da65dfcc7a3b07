/**
 * Properties of `iamspec diff` (runner/diff/) against the engine, on random identity-based
 * policies (diff-generators.ts). A few dozen runs each keep this file to a few seconds; the
 * 1,000-pair run is diff-pairs.slow.ts (`npm run test:diff-pairs`).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { loadCatalog } from '../../catalog/catalog';
import { evaluate } from '../../runner/engine/evaluate';
import type { AuthorizationRequest } from '../../runner/engine/types';
import { diffPolicies } from '../../runner/diff/search';
import type { Policy } from '../../runner/policy/types';
import { policyOf, requestArb, statementArb, statementsArb } from './diff-generators';

const catalog = loadCatalog();

function engineAllows(policy: Policy, request: AuthorizationRequest): boolean {
  return evaluate(request, { identity: [policy] }).decision === 'allow';
}

const runs = { numRuns: 30, seed: 20261129 };

describe('iamspec diff properties', () => {
  it('adding a statement under which the engine allows a new request never yields "no new access"', () => {
    fc.assert(
      fc.property(statementsArb, statementArb, requestArb, (old, added, request) => {
        const oldPolicy = policyOf(old, 'old');
        const newPolicy = policyOf([...old, { ...added, Effect: 'Allow' }], 'new');
        fc.pre(engineAllows(newPolicy, request) && !engineAllows(oldPolicy, request));
        expect(diffPolicies(oldPolicy, newPolicy, catalog).kind).to.not.equal('none');
      }),
      { ...runs, numRuns: 20 },
    );
  });

  it('narrowing (a Deny added, an Allow removed, a condition added) never reports new access', () => {
    fc.assert(
      fc.property(statementsArb, statementArb, fc.nat(), (old, extra, pick) => {
        const oldPolicy = policyOf(old, 'old');
        const narrowed = [[...old, { ...extra, Effect: 'Deny' }]];
        const allows = old.flatMap((s, j) => (s.Effect === 'Allow' ? [j] : []));
        if (allows.length > 0) {
          // Only an Allow narrows by going away or by taking a condition (a Deny would widen).
          const i = allows[pick % allows.length];
          const condition = (old[i].Condition ?? {}) as Record<string, Record<string, unknown>>;
          const withCondition = {
            ...old[i],
            Condition: { ...condition, Bool: { ...condition.Bool, 'aws:MultiFactorAuthPresent': 'true' } },
          };
          narrowed.push(old.length > 1 ? old.filter((_, j) => j !== i) : [{ ...old[i], Effect: 'Deny' }]);
          narrowed.push(old.map((s, j) => (j === i ? withCondition : s)));
        }
        for (const statements of narrowed) {
          const v = diffPolicies(oldPolicy, policyOf(statements, 'new'), catalog);
          expect(v.kind, JSON.stringify(statements)).to.equal('none');
        }
      }),
      runs,
    );
  });

  it('every counterexample is allowed under NEW and not under OLD by the engine', () => {
    fc.assert(
      fc.property(statementsArb, statementsArb, (old, neu) => {
        const oldPolicy = policyOf(old, 'old');
        const newPolicy = policyOf(neu, 'new');
        const v = diffPolicies(oldPolicy, newPolicy, catalog);
        expect(v.kind).to.not.equal('unknown');
        if (v.kind !== 'new') return;
        expect(engineAllows(newPolicy, v.counterexample.request)).to.equal(true);
        expect(engineAllows(oldPolicy, v.counterexample.request)).to.equal(false);
      }),
      runs,
    );
  });
});
