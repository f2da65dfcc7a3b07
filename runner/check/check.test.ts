import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../test/support/fixture-tests';
import { checkPolicyWithCatalog } from '../policy/check-catalog';
import { checkCommand } from './check-command';

interface Case extends FixtureFocus {
  file: string;
  text: string;
  /** `LINE:COL CODE SEVERITY`, in output order. */
  want: string[];
}

const cases = readFixtureCases<Case>(join(__dirname, 'testdata', 'checks.yaml'));

describe('iamspec check: findings per policy (testdata/checks.yaml)', () => {
  const catalog = loadCatalog();
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'iamspec-check-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every case states its findings', () => {
    for (const c of cases) expect(c.want, c.name).to.be.an('array');
  });

  defineFixtureTests(cases, (c) => {
    writeFileSync(join(dir, c.file), c.text);
    const out: string[] = [];
    const code = checkCommand({
      paths: [c.file],
      json: `${c.file}.findings.json`,
      failOn: 'SUGGESTION',
      cwd: dir,
      catalog,
      checkPolicy: checkPolicyWithCatalog,
      version: 'test',
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
    });
    const report = JSON.parse(readFileSync(join(dir, `${c.file}.findings.json`), 'utf8')) as {
      findings: { line: number; column: number; code: string; severity: string; file: string }[];
    };
    const got = report.findings.map((f) => `${f.line}:${f.column} ${f.code} ${f.severity}`);
    expect(got, out.join('')).to.deep.equal(c.want);
    expect(report.findings.every((f) => f.file === c.file)).to.equal(true);
    expect(code, 'exit code with --fail-on suggestion').to.equal(c.want.length > 0 ? 1 : 0);
  });
});
