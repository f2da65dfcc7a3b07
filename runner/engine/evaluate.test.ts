import { expect } from 'chai';
import { evaluate } from './evaluate';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases } from '../../test/support/fixture-tests';
import { buildCase, type FixtureCase, type FixtureFile } from './testdata/fixtures';
import { withoutTraces } from './testdata/without-traces';

/** Reads every `testdata/<prefix>*.yaml`. */
function loadFixtures(prefix: string): FixtureFile[] {
  const dir = join(__dirname, 'testdata');
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: f, cases: readFixtureCases<FixtureCase>(join(dir, f)) }));
}

/**
 * Cases we knowingly fail: case name → reason and citation. Every other case must pass.
 * (eemeli/yaml's test-suite skip map.)
 */
const knownFailures: Record<string, { reason: string; citation: string }> = {};

function checkCase(c: FixtureCase): void {
  expect(c.source, 'every case cites the AWS documentation it encodes')
    .to.be.a('string')
    .and.match(/https:\/\/docs\.aws\.amazon\.com\/|https:\/\/repost\.aws\/knowledge-center\//);
  expect(c.want?.decision, 'a case with no expected decision fails').to.be.oneOf(['allow', 'implicitDeny', 'explicitDeny']);
  expect(c.want?.deciding, 'a case lists its expected deciding statements (possibly none)').to.be.an('array');
  const { request, policies } = buildCase(c);
  const fast = evaluate(request, policies);
  const slow = evaluate(request, policies, { explain: true });
  const x = slow.explanation!;
  expect(fast.decision, 'the fast path and the explaining path agree').to.equal(slow.decision);
  const untraced = evaluate(request, policies, { explain: true, statementTraces: false });
  expect(untraced, 'without statement traces: the same explanation, `policies` empty').to.deep.equal({
    decision: slow.decision,
    explanation: withoutTraces(x),
  });
  expect(slow.decision, x.rule).to.equal(c.want!.decision);
  const deciding = x.deciding.map((d) => `${d.policy}#${d.index}`).sort();
  expect(deciding, `deciding statements (${x.rule})`).to.deep.equal([...c.want!.deciding!].sort());
  if (c.want!.decidedBy !== undefined) expect(x.decidedBy, x.rule).to.equal(c.want!.decidedBy);
  if (c.want!.missingContextKeys !== undefined) expect(x.missingContextKeys).to.deep.equal(c.want!.missingContextKeys);
  if (c.want!.dependents !== undefined) {
    const got = (x.dependents ?? []).map((d) => ({
      action: d.action,
      decision: d.explanation.decision,
      decidedBy: d.explanation.decidedBy,
    }));
    expect(got, 'dependent requests').to.deep.equal(c.want!.dependents);
  }
  if (c.want!.context !== undefined) {
    for (const [k, v] of Object.entries(c.want!.context)) {
      if (v === null) expect(x.context, `context key ${k} is absent`).not.to.have.property(k);
      else expect(x.context[k], `context key ${k}`).to.deep.equal(v);
    }
  }
}

for (const { file, cases } of loadFixtures('eval-')) {
  describe(`engine fixtures ${file}`, () => {
    defineFixtureTests(cases, checkCase, {
      skipReason: (c) => {
        const known = knownFailures[c.name];
        return known && `known failure: ${known.reason}; ${known.citation}`;
      },
    });
  });
}

describe('engine fixture hygiene', () => {
  it('lists only existing cases in the skip table', () => {
    const names = new Set(loadFixtures('eval-').flatMap((f) => f.cases.map((c) => c.name)));
    for (const name of Object.keys(knownFailures)) expect(names.has(name), name).to.equal(true);
  });
  it('has unique case names', () => {
    const names = loadFixtures('eval-').flatMap((f) => f.cases.map((c) => c.name));
    expect(new Set(names).size).to.equal(names.length);
  });
});
