import { expect } from 'chai';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../../test/support/fixture-tests';
import { checkScenario, expectDiagnostics, useTempFolder, writeProject, type WantDiagnostic } from '../../../test/support/scenario-project';

interface Case extends FixtureFocus {
  scenario: string;
  want: WantDiagnostic[];
}

describe('policies, principals and resources from a Terraform plan', () => {
  const temp = useTempFolder('terraform');

  describe('reports what it cannot take, positioned, never a guess', () => {
    const cases = readFixtureCases<Case>(join(__dirname, 'testdata/terraform-errors.yaml'));
    defineFixtureTests(cases, (c) => {
      expect(c.want, 'a case needs an expectation').to.not.be.empty;
      const dir = writeProject(join(temp.root, `case-${cases.indexOf(c)}`), {
        'infra/plan.json': { copy: join(__dirname, 'testdata/plan.json') },
        'scenario.yaml': c.scenario,
      });
      expectDiagnostics(checkScenario(dir), c.want);
    });
  });

  it('writes the fixture plan with a directory for a scratch file (sanity)', () => {
    const dir = join(temp.root, 'sanity');
    mkdirSync(dirname(join(dir, 'x')), { recursive: true });
    expect(readFileSync(join(__dirname, 'testdata/plan.json'), 'utf8')).to.include('"format_version": "1.2"');
  });
});
