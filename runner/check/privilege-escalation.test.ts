import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../test/support/fixture-tests';
import { loadScenario } from '../load/load-scenario';
import { buildScenario } from '../model/build';
import { escalationPaths } from './escalation-paths';
import { checkPrivilegeEscalation, escalationsOf } from './privilege-escalation';

interface Case extends FixtureFocus {
  scenario: string;
  want: Record<string, string[]>;
}

const cases = readFixtureCases<Case>(join(__dirname, 'testdata', 'escalation.yaml'));

describe('privilege escalation (testdata/escalation.yaml)', () => {
  const catalog = loadCatalog();
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'iamspec-escalation-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every path names actions of the catalog, and ids are unique', () => {
    for (const path of escalationPaths)
      for (const step of path.steps) expect(catalog.action(step.action), `${path.id}: ${step.action}`).to.not.equal(undefined);
    expect(new Set(escalationPaths.map((p) => p.id)).size).to.equal(escalationPaths.length);
  });

  defineFixtureTests(cases, (c) => {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, c.scenario);
    const loaded = loadScenario(file, 'scenario.yaml', { cwd: dir });
    expect(
      loaded.diagnostics.filter((d) => d.severity === 'error'),
      'the scenario loads',
    ).to.deep.equal([]);
    const built = buildScenario(loaded.value!);
    expect(
      built.diagnostics.filter((d) => d.severity === 'error'),
      'the scenario builds',
    ).to.deep.equal([]);
    const got = Object.fromEntries(
      [...built.value.principals.values()].map((p) => [p.name, escalationsOf(p, built.value, catalog).map((e) => e.id)]),
    );
    expect(got).to.deep.equal(c.want);
    const findings = checkPrivilegeEscalation(built.value, catalog);
    expect(findings.map((f) => f.message.split(':')[0])).to.deep.equal(
      Object.entries(c.want)
        .filter(([, ids]) => ids.length > 0)
        .map(([name]) => `principal \`${name}\` can escalate its privileges`),
    );
  });
});
