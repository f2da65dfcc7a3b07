/**
 * docs/ci.md, "Coverage": the GitLab job runs as written on the shipped suites, and GitLab finds
 * the reports where the job writes them (`artifacts:reports:coverage_report` with
 * `coverage_format: cobertura`, https://docs.gitlab.com/ci/testing/code_coverage/cobertura).
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { coberturaSchemaErrors } from '../../reports/testdata/cobertura-schema';
import { main } from '../../runner/cli';

const repo = join(__dirname, '..', '..');

interface GitLabJob {
  script: string[];
  artifacts: { reports: { junit: string; coverage_report: { coverage_format: string; path: string } } };
}

/** The first ```yaml block of the section `## TITLE` of docs/ci.md. */
function sectionYaml(title: string): string {
  const doc = readFileSync(join(repo, 'docs', 'ci.md'), 'utf8');
  const section = doc.slice(doc.indexOf(`\n## ${title}\n`));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`docs/ci.md: no yaml block under "${title}"`);
  return block[1];
}

describe('docs/ci.md: coverage in GitLab CI', function () {
  this.timeout(60_000);
  let out: string;
  before(() => (out = mkdtempSync(join(tmpdir(), 'iamspec-ci-doc-'))));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('the job runs as written on the shipped suites and writes the reports GitLab reads', async () => {
    const job = (parse(sectionYaml('Coverage')) as Record<string, GitLabJob>).iamspec;
    const reports = job.artifacts.reports;
    expect(reports.coverage_report.coverage_format).to.equal('cobertura');
    const command = job.script
      .find((line) => line.startsWith('npx iamspec '))!
      .split(/\s+/)
      .slice(2);
    expect(command[command.indexOf('--cobertura') + 1]).to.equal(reports.coverage_report.path);
    expect(command[command.indexOf('--junit') + 1]).to.equal(reports.junit);
    // The reports go to a temporary folder instead of the repository's `reports/`.
    const args = command.map((a) => (a.startsWith('reports/') ? join(out, a) : a));
    let stdout = '';
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: repo, colorDefault: false });
    expect(code, stdout.slice(-2000)).to.equal(0);
    expect(stdout).to.match(/\ncoverage: \d+ of \d+ statements covered/);
    const xml = readFileSync(join(out, reports.coverage_report.path), 'utf8');
    expect(await coberturaSchemaErrors(xml)).to.deep.equal([]);
    expect(existsSync(join(out, reports.junit))).to.equal(true);
  });
});
