/**
 * End-to-end coverage: the command line (`main`, as the built command calls it) with
 * `--coverage`, `--cobertura` and `--coverage-threshold` on fixture suites, checking the exit code
 * against the reports it writes (they must agree) and the console's list of statements not covered.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coberturaSchemaErrors } from '../../reports/testdata/cobertura-schema';
import { main } from '../../runner/cli';

const repo = join(__dirname, '..', '..');
const typo = 'runner/testdata/coverage/condition-typo.yaml';

async function iamspec(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: repo, colorDefault: false });
  return { code, stdout, stderr };
}

describe('iamspec test --coverage, --cobertura, --coverage-threshold', function () {
  this.timeout(60_000);
  let out: string;
  before(() => (out = mkdtempSync(join(tmpdir(), 'iamspec-coverage-'))));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('a passing suite whose Deny a condition-key typo disables fails --coverage-threshold 100, and says why', async () => {
    const json = join(out, 'typo.json');
    const xml = join(out, 'typo.xml');
    const r = await iamspec(['test', typo, '--coverage', json, '--cobertura', xml, '--coverage-threshold', '100']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.include('1 passed, 0 failed');
    expect(r.stdout).to.include(
      `${typo}:15:9 app-read DenyWithoutTls (partially covered: condition \`aws:SecureTransprot\` (\`Bool\`) never matched: no request had the key)`,
    );
    expect(r.stdout).to.include(`${typo}:27:9 app-read statement 4\n`);
    expect(r.stdout).to.match(/coverage 25% is below the threshold of 100%\n$/);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect([doc.coverage, doc.threshold, doc.threshold_met]).to.deep.equal([25, 100, false]);
    const deny = doc.files[typo].statements[1];
    expect([deny.sid, deny.status, deny.unmet_conditions[0].key, deny.unmet_conditions[0].key_in_requests]).to.deep.equal([
      'DenyWithoutTls',
      'partial',
      'aws:SecureTransprot',
      false,
    ]);
    const cobertura = readFileSync(xml, 'utf8');
    expect(await coberturaSchemaErrors(cobertura)).to.deep.equal([]);
    expect(cobertura).to.include(`filename="${typo}"`).and.include(`<source>${repo}</source>`);
  });

  // The exit code and the report's `threshold_met` come from one value: they agree at every threshold.
  const thresholds: { threshold: string; code: number; met: boolean }[] = [
    { threshold: '0', code: 0, met: true },
    { threshold: '25', code: 0, met: true },
    { threshold: '25.5', code: 1, met: false },
    { threshold: '100', code: 1, met: false },
  ];
  for (const t of thresholds) {
    it(`--coverage-threshold ${t.threshold} on 25% coverage: exit ${t.code}, and the report says threshold_met ${t.met}`, async () => {
      const json = join(out, `threshold-${t.threshold}.json`);
      const r = await iamspec(['test', typo, '--coverage', json, '--coverage-threshold', t.threshold]);
      expect(r.code).to.equal(t.code);
      expect(JSON.parse(readFileSync(json, 'utf8')).threshold_met).to.equal(t.met);
    });
  }

  it('without a threshold, low coverage is reported and the run still passes', async () => {
    const r = await iamspec(['test', typo, '--coverage', join(out, 'plain.json')]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include('coverage: 1 of 4 statements covered (25%); 2 partially covered');
    expect(r.stdout).not.to.include('threshold');
  });

  it('a failed case exits 1 even when the coverage meets the threshold', async () => {
    const r = await iamspec(['test', 'examples/failing', '--coverage-threshold', '0']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/coverage: 1 of 1 statement covered \(100%\)\n$/);
  });

  it('an unusable file exits 2, whatever the coverage', async () => {
    const r = await iamspec(['test', 'test/e2e/testdata/broken', '--coverage-threshold', '100']);
    expect(r.code).to.equal(2);
  });

  const bad = ['abc', '-1', '101', '', '50%', '1e2', 'NaN'];
  for (const value of bad) {
    it(`--coverage-threshold ${JSON.stringify(value)} is a usage error: exit 2, a message, no report`, async () => {
      const json = join(out, `bad-${bad.indexOf(value)}.json`);
      const r = await iamspec(['test', typo, '--coverage', json, '--coverage-threshold', value]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.include("option '--coverage-threshold <percent>' argument").and.include('expected a percent from 0 to 100');
      expect(existsSync(json)).to.equal(false);
    });
  }

  it('the shipped suites: every loaded policy is counted, AWS managed and Terraform ones included', async () => {
    const json = join(out, 'cases.json');
    const r = await iamspec(['test', '--coverage', json]);
    expect(r.code).to.equal(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(doc.files)).to.include.members([
      'cases/terraform/infra/plan.json',
      'arn:aws:iam::aws:policy/SecretsManagerReadWrite',
    ]);
    expect(doc.files['arn:aws:iam::aws:policy/SecretsManagerReadWrite'].aws_managed).to.equal(true);
  });
});
