/**
 * A Terraform resource that may attach something to a principal or resource, whose link (`role`,
 * `user`, `group`, `bucket`) the plan knows only after apply: linked when its configuration
 * references the principal's resource, not linked when it references another of the same type,
 * and an UNKNOWN_VALUE at the attribute in the plan otherwise (a local, a module output, a
 * variable, a data source), never silently dropped. Plans in testdata/links/*.json.
 */
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../../catalog/catalog';
import { positionDiagnostic, type Diagnostic } from '../../diagnostics';
import { buildScenario } from '../../model/build';
import { planScenario } from '../../plan';
import { loadScenario, sortDiagnostics, withoutFollowOns } from '../load-scenario';

interface Case {
  name: string;
  plan: string;
  scenario: string;
  /** The diagnostics, in order: code, file, line:col, the text of that line in the plan, message. */
  diagnostics?: { code: string; file: string; at: string; line: string; message: string; help?: string }[];
  /** Without diagnostics: the policies of principal `p` or the policy of resource `r`. */
  policies?: string[];
  policy?: string | null;
}

const catalog = loadCatalog();
const cases = parse(readFileSync(join(__dirname, 'testdata/terraform-links.yaml'), 'utf8')) as Case[];

describe('Terraform links the plan knows only after apply', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'iamspec-tf-links-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  cases.forEach((c, i) => {
    it(c.name, () => {
      expect(c.diagnostics ?? c.policies ?? c.policy, 'a case needs an expectation').to.not.equal(undefined);
      const dir = join(root, `case-${i}`);
      mkdirSync(join(dir, 'infra'), { recursive: true });
      copyFileSync(join(__dirname, 'testdata/links', c.plan), join(dir, 'infra/plan.json'));
      writeFileSync(join(dir, 'scenario.yaml'), c.scenario);
      const loaded = loadScenario('scenario.yaml', 'scenario.yaml', { cwd: dir });
      let all: Diagnostic[] = [...loaded.diagnostics];
      const built = loaded.value ? buildScenario(loaded.value) : undefined;
      if (built) {
        all = [...all, ...withoutFollowOns(all, built.diagnostics)];
        all = [...all, ...withoutFollowOns(all, planScenario(built.value, catalog).diagnostics)];
      }
      const got = sortDiagnostics(all, 'scenario.yaml').map((d) => positionDiagnostic(d, loaded.sources));
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
      if (c.policies !== undefined) expect(built?.value.principals.get('p')?.policies.map((p) => p.name)).to.deep.equal(c.policies);
      if (c.policy !== undefined) expect(built?.value.resources.get('r')?.policy?.name ?? null).to.equal(c.policy);
    });
  });
});
