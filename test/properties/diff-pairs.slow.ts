/**
 * The 1,000-pair run of issue 15 (`npm run test:diff-pairs`; about a minute or two, so not part of
 * `npm test`, whose properties run a few dozen pairs in diff.test.ts). 1,000 random pairs of
 * identity-based policies from diff-generators.ts (fixed seed): every "new access" is confirmed by
 * its counterexample in the engine (allowed under NEW, not under OLD); every "no new access" is
 * cross-checked by the engine on 40 sampled requests, none of which NEW may allow and OLD not; no
 * pair may be "unknown" (the generators stay inside the supported fragment).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { loadCatalog } from '../../catalog/catalog';
import { evaluate } from '../../runner/engine/evaluate';
import type { AuthorizationRequest } from '../../runner/engine/types';
import { diffPolicies } from '../../runner/diff/search';
import type { Policy } from '../../runner/policy/types';
import { policyOf, requestArb, statementsArb } from './diff-generators';

const allows = (p: Policy, r: AuthorizationRequest): boolean => evaluate(r, { identity: [p] }).decision === 'allow';

describe('iamspec diff on 1,000 random pairs', () => {
  it('confirms every "new access" and cross-checks every "no new access" with the engine', function () {
    this.timeout(30 * 60_000);
    const pairs = fc.sample(fc.tuple(statementsArb, statementsArb), { numRuns: 1000, seed: 15 });
    const requests = fc.sample(requestArb, { numRuns: 40, seed: 16 });
    const counts = { found: 0, none: 0, unknown: 0, checked: 0 };
    pairs.forEach(([old, neu], i) => {
      const oldPolicy = policyOf(old, 'old');
      const newPolicy = policyOf(neu, 'new');
      const v = diffPolicies(oldPolicy, newPolicy, loadCatalogOnce());
      const where = `pair ${i}: ${JSON.stringify({ old, new: neu })}`;
      if (v.kind === 'unknown') counts.unknown++;
      else if (v.kind === 'new') {
        counts.found++;
        expect(allows(newPolicy, v.counterexample.request), where).to.equal(true);
        expect(allows(oldPolicy, v.counterexample.request), where).to.equal(false);
      } else {
        counts.none++;
        for (const r of requests) {
          counts.checked++;
          expect(allows(newPolicy, r) && !allows(oldPolicy, r), `${where}\nrequest: ${JSON.stringify(r)}`).to.equal(false);
        }
      }
    });
    process.stderr.write(
      `      ${counts.found} new access, ${counts.none} none (${counts.checked} sampled requests), ${counts.unknown} unknown\n`,
    );
    expect(counts.unknown).to.equal(0);
    expect(counts.found + counts.none).to.equal(1000);
  });
});

let catalog: ReturnType<typeof loadCatalog> | undefined;
function loadCatalogOnce(): ReturnType<typeof loadCatalog> {
  return (catalog ??= loadCatalog());
}
