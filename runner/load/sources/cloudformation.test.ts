import { expect } from 'chai';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../../test/support/fixture-tests';
import {
  checkScenario,
  expectDiagnostics,
  useTempFolder,
  writeProject,
  type ProjectFiles,
  type WantDiagnostic,
} from '../../../test/support/scenario-project';

interface Case extends FixtureFocus {
  scenario: string;
  /** A template to write as stacks/extra.yaml, for cases the shared fixture cannot hold. */
  extra?: string;
  want: WantDiagnostic[];
}

describe('policies, principals and resources from a CloudFormation template', () => {
  const temp = useTempFolder('cloudformation');

  describe('reports what it cannot resolve offline, positioned, never a guess', () => {
    const cases = readFixtureCases<Case>(join(__dirname, 'testdata/cloudformation-errors.yaml'));
    defineFixtureTests(cases, (c) => {
      expect(c.want, 'a case needs an expectation').to.not.be.empty;
      const files: ProjectFiles = {
        'stacks/template.yaml': { copy: join(__dirname, 'testdata/template.yaml') },
        ...(c.extra !== undefined ? { 'stacks/extra.yaml': c.extra } : {}),
        'scenario.yaml': c.scenario,
      };
      expectDiagnostics(checkScenario(writeProject(join(temp.root, `case-${cases.indexOf(c)}`), files)), c.want);
    });
  });
});
