/**
 * A Terraform resource that may attach something to a principal or resource, whose link (`role`,
 * `user`, `group`, `bucket`) the plan knows only after apply: linked when its configuration
 * references the principal's resource, not linked when it references another of the same type,
 * and an UNKNOWN_VALUE at the attribute in the plan otherwise (a local, a module output, a
 * variable, a data source), never silently dropped. Plans in testdata/links/*.json.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../../test/support/fixture-tests';
import { loadProject, useTempFolder, writeProject } from '../../../test/support/scenario-project';

interface Case extends FixtureFocus {
  plan: string;
  scenario: string;
  /** The diagnostics, in order: code, file, line:col, the text of that line in the plan, message. */
  diagnostics?: { code: string; file: string; at: string; line: string; message: string; help?: string }[];
  /** Without diagnostics: the policies of principal `p` or the policy of resource `r`. */
  policies?: string[];
  policy?: string | null;
}

const cases = readFixtureCases<Case>(join(__dirname, 'testdata/terraform-links.yaml'));

describe('Terraform links the plan knows only after apply', () => {
  const temp = useTempFolder('tf-links');

  defineFixtureTests(cases, (c) => {
    expect(c.diagnostics ?? c.policies ?? c.policy, 'a case needs an expectation').to.not.equal(undefined);
    const dir = writeProject(join(temp.root, `case-${cases.indexOf(c)}`), {
      'infra/plan.json': { copy: join(__dirname, 'testdata/links', c.plan) },
      'scenario.yaml': c.scenario,
    });
    const { diagnostics: got, scenario } = loadProject(dir);
    const want = c.diagnostics ?? [];
    expect(
      got.map((d) => d.code),
      JSON.stringify(got, null, 1),
    ).to.deep.equal(want.map((w) => w.code));
    const plan = readFileSync(join(dir, 'infra/plan.json'), 'utf8').split('\n');
    want.forEach((w, k) => {
      const d = got[k];
      expect(d.file).to.equal(w.file);
      expect(`${d.line}:${d.column}`).to.equal(w.at);
      expect(plan[(d.line ?? 0) - 1].trim()).to.equal(w.line);
      expect(d.message).to.equal(w.message);
      if (w.help !== undefined) expect(d.help).to.equal(w.help);
    });
    if (c.policies !== undefined) expect(scenario?.principals.get('p')?.policies.map((p) => p.name)).to.deep.equal(c.policies);
    if (c.policy !== undefined) expect(scenario?.resources.get('r')?.policy?.name ?? null).to.equal(c.policy);
  });
});
