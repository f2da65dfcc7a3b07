/**
 * End-to-end: the reports agree with the exit code, whatever stopped the run (a failure, an
 * unusable file, `only` under `--strict`, a `--grep` that matches nothing, no scenario file), a
 * report written to stdout with `-`, and GitHub Actions output (annotations on stdout, the step
 * summary appended).
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { junitSchemaErrors } from '../../reports/testdata/junit-schema';
import { ensureBuilt, makeTemp, removeTemp, repoRoot, runCli } from '../hostile/support';

const data = 'test/e2e/testdata';

/** The counts of a JUnit report, summed over its suites, and its error types. */
function junitCounts(xml: string): { failures: number; errors: number; types: string[] } {
  const sum = (attr: string): number =>
    [...xml.matchAll(new RegExp(`<testsuite [^>]*\\b${attr}="(\\d+)"`, 'g'))].reduce((n, m) => n + Number(m[1]), 0);
  return { failures: sum('failures'), errors: sum('errors'), types: [...xml.matchAll(/<error [^>]*type="([A-Z_]+)"/g)].map((m) => m[1]!) };
}

/** What the exit code says the reports must show. */
function agrees(exit: number | null, failures: number, errors: number): boolean {
  if (exit === 0) return failures === 0 && errors === 0;
  if (exit === 1) return failures > 0 && errors === 0;
  return exit === 2 && errors > 0;
}

describe('reports agree with the exit code (built CLI)', function () {
  this.timeout(60_000);
  let out: string;
  before(() => {
    ensureBuilt();
    out = makeTemp('reports-exit');
  });
  after(() => removeTemp(out));

  const rows = [
    { name: 'a passing run', args: [`${data}/reports/pass`], exit: 0, types: [] },
    { name: 'a failing run', args: [`${data}/reports/fail`], exit: 1, types: [] },
    { name: 'a file that could not be used', args: [`${data}/broken`], exit: 2, types: ['UNKNOWN_KEY'] },
    { name: '`only: true` under --strict', args: [`${data}/focus`, '--strict'], exit: 2, types: ['ONLY_LEFT_OUT'] },
    { name: '`only: true` without --strict (a warning)', args: [`${data}/focus`], exit: 0, types: [], systemErr: 'ONLY_LEFT_OUT' },
    { name: 'a --grep that matches nothing', args: [`${data}/reports/pass`, '--grep', 'no such case'], exit: 2, types: ['NO_CASES'] },
    { name: 'no scenario file', args: [`${data}/reports/empty`], exit: 2, types: ['NO_SCENARIOS'] },
    { name: 'a warning about a usable file', args: [`${data}/warning`], exit: 0, types: [], systemErr: 'UNKNOWN_ACTION' },
  ];
  rows.forEach(({ name, args, exit, types, systemErr }, i) => {
    it(`${name}: exit ${exit}, and the JUnit and JSON reports say so`, async () => {
      const junit = join(out, `${i}.xml`);
      const json = join(out, `${i}.json`);
      const r = runCli(['test', ...args, '--junit', junit, '--json', json], repoRoot);
      expect(r.status, r.stderr).to.equal(exit);
      const xml = readFileSync(junit, 'utf8');
      const counts = junitCounts(xml);
      expect(agrees(r.status, counts.failures, counts.errors), xml).to.equal(true);
      expect(counts.types.slice(0, 1)).to.deep.equal(types.slice(0, 1));
      expect(await junitSchemaErrors(xml)).to.deep.equal([]);
      if (systemErr) expect(xml).to.match(new RegExp(`<system-err>[^<]*\\[${systemErr}\\]`));
      const report = JSON.parse(readFileSync(json, 'utf8')) as {
        stats: { failed: number; errors: number };
        suites: { diagnostics: { code: string }[] }[];
      };
      expect(agrees(r.status, report.stats.failed, report.stats.errors)).to.equal(true);
      expect([report.stats.failed, report.stats.errors]).to.deep.equal([counts.failures, counts.errors]);
      const codes = report.suites.flatMap((s) => s.diagnostics.map((d) => d.code));
      for (const code of [...types, ...(systemErr ? [systemErr] : [])]) expect(codes).to.include(code);
    });
  });
});

describe('`-` writes a report to stdout (built CLI)', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  it('--junit - writes only the XML on stdout, and the console report on stderr', async () => {
    const r = runCli(['test', `${data}/reports/fail`, '--junit', '-'], repoRoot);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.match(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites>\n[^]*<\/testsuites>\n$/);
    expect(await junitSchemaErrors(r.stdout)).to.deep.equal([]);
    expect(r.stderr).to.include('1 passed, 1 failed');
  });

  it('--json - writes the JSON on stdout', () => {
    const r = runCli(['test', `${data}/reports/pass`, '--json', '-'], repoRoot);
    expect(r.status).to.equal(0);
    expect((JSON.parse(r.stdout) as { stats: { passed: number } }).stats.passed).to.equal(1);
  });

  const refused = [
    {
      name: 'two reports on stdout',
      args: ['--junit', '-', '--json', '-'],
      env: {},
      message: '`--json -` and `--junit -` would both write to stdout',
    },
    {
      name: 'a report on stdout with GitHub annotations',
      args: ['--junit', '-'],
      env: { GITHUB_ACTIONS: 'true' },
      message: '`--github` annotations and `--junit -` would both write to stdout',
    },
  ];
  for (const { name, args, env, message } of refused) {
    it(`refuses ${name}, exiting 2 before the run`, () => {
      const r = runCli(['test', `${data}/reports/pass`, ...args], repoRoot, undefined, env);
      expect(r.status).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.include(`-: error: ${message} [REPORT_TARGET]`);
    });
  }

  it('--no-github lets a report have stdout in GitHub Actions', () => {
    const r = runCli(['test', `${data}/reports/pass`, '--junit', '-', '--no-github'], repoRoot, undefined, { GITHUB_ACTIONS: 'true' });
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^<\?xml/);
  });
});

describe('GitHub Actions output (built CLI)', function () {
  this.timeout(60_000);
  let out: string;
  before(() => {
    ensureBuilt();
    out = makeTemp('github');
  });
  after(() => removeTemp(out));

  const annotation =
    '::error file=test/e2e/testdata/reports/fail/fail.yaml,line=11,col=13,title=iamspec%3A wrong 100% › app › secretsmanager%3AListSecrets on *::expected allow, got implicitDeny';
  const rows = [
    { name: 'with GITHUB_ACTIONS=true', args: [], env: { GITHUB_ACTIONS: 'true' }, annotates: true },
    { name: 'with --github outside GitHub Actions', args: ['--github'], env: {}, annotates: true },
    { name: 'not with --no-github', args: ['--no-github'], env: { GITHUB_ACTIONS: 'true' }, annotates: false },
    { name: 'not by default outside GitHub Actions', args: [], env: {}, annotates: false },
  ];
  for (const { name, args, env, annotates } of rows) {
    it(`annotates failures at their YAML line ${name}`, () => {
      const r = runCli(['test', `${data}/reports/fail`, ...args], repoRoot, undefined, env);
      expect(r.status).to.equal(1);
      const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
      if (annotates) {
        expect(lines).to.have.length(1);
        expect(lines[0]!.startsWith(annotation.replace('100% ', '100%25 ')), lines[0]).to.equal(true);
      } else expect(lines).to.deep.equal([]);
    });
  }

  it('annotates an unusable file and appends the summary, keeping what earlier steps wrote', () => {
    const summary = join(out, 'summary.md');
    writeFileSync(summary, '# an earlier step\n');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const broken = runCli(['test', `${data}/broken`], repoRoot, undefined, env);
    expect(broken.status).to.equal(2);
    expect(broken.stdout).to.match(/^::error file=test\/e2e\/testdata\/broken\/typos\.yaml,line=\d+,col=\d+,title=iamspec%3A /m);
    const failed = runCli(['test', `${data}/reports/fail`], repoRoot, undefined, env);
    expect(failed.status).to.equal(1);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# an earlier step\n\n## iamspec: failed (0 passed, 0 failed, 0 skipped, 1 error)\n')).to.equal(true);
    expect(md).to.include('### Input errors\n\n- test/e2e/testdata/broken/typos.yaml:');
    expect(md).to.include('## iamspec: failed (1 passed, 1 failed, 0 skipped)\n');
    expect(md).to.include('| Failing: a, b | test/e2e/testdata/reports/fail/fail.yaml | 1 | 1 | 0 | 0 |\n');
    expect(md).to.include(
      '- **wrong 100% › app › secretsmanager:ListSecrets on \\*** at test/e2e/testdata/reports/fail/fail.yaml:11:13: expected allow, got implicitDeny\n',
    );
  });
});
