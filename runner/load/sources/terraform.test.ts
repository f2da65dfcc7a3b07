import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../../catalog/catalog';
import { positionDiagnostic, type Diagnostic, type PositionedDiagnostic } from '../../diagnostics';
import { buildScenario } from '../../model/build';
import { planScenario } from '../../plan';
import { loadScenario, sortDiagnostics, withoutFollowOns } from '../load-scenario';

interface Want {
  code: string;
  at?: string;
  file?: string;
  message?: string;
  help?: string;
}
interface Case {
  name: string;
  scenario: string;
  want: Want[];
  only?: boolean;
  skip?: boolean;
}

const catalog = loadCatalog();

/** Loads, builds and plans `scenario.yaml` in `dir` (the working directory), as the CLI does. */
export function check(dir: string): PositionedDiagnostic[] {
  const file = 'scenario.yaml';
  const loaded = loadScenario(file, file, { cwd: dir });
  let all: Diagnostic[] = [...loaded.diagnostics];
  if (loaded.value) {
    const built = buildScenario(loaded.value);
    all = [...all, ...withoutFollowOns(all, built.diagnostics)];
    all = [...all, ...withoutFollowOns(all, planScenario(built.value, catalog).diagnostics)];
  }
  return sortDiagnostics(all, file).map((d) => positionDiagnostic(d, loaded.sources));
}

describe('policies, principals and resources from a Terraform plan', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'iamspec-terraform-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  describe('reports what it cannot take, positioned, never a guess', () => {
    const cases = parse(readFileSync(join(__dirname, 'testdata/terraform-errors.yaml'), 'utf8')) as Case[];
    const focused = cases.some((c) => c.only);
    cases.forEach((c, i) => {
      const run = c.skip || (focused && !c.only) ? it.skip : it;
      run(c.name, () => {
        expect(c.want, 'a case needs an expectation').to.not.be.empty;
        const dir = join(root, `case-${i}`);
        mkdirSync(join(dir, 'infra'), { recursive: true });
        copyFileSync(join(__dirname, 'testdata/plan.json'), join(dir, 'infra/plan.json'));
        writeFileSync(join(dir, 'scenario.yaml'), c.scenario);
        const got = check(dir);
        expect(
          got.map((d) => d.code),
          JSON.stringify(got, null, 1),
        ).to.deep.equal(c.want.map((w) => w.code));
        c.want.forEach((w, k) => {
          const d = got[k];
          expect(d.file).to.equal(w.file ?? 'scenario.yaml');
          if (w.at !== undefined) expect(`${d.line}:${d.column}`).to.equal(w.at);
          if (w.message !== undefined) expect(d.message).to.equal(w.message);
          if (w.help !== undefined) expect(d.help).to.equal(w.help);
          expect(d.help, 'every diagnostic has a help').to.be.a('string');
        });
      });
    });
  });

  it('writes the fixture plan with a directory for a scratch file (sanity)', () => {
    const dir = join(root, 'sanity');
    mkdirSync(dirname(join(dir, 'x')), { recursive: true });
    expect(readFileSync(join(__dirname, 'testdata/plan.json'), 'utf8')).to.include('"format_version": "1.2"');
  });
});
