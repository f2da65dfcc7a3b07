import { expect } from 'chai';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReporterChoice } from '../reports/registry';
import { checkReportTargets } from './report-targets';
import { reporterChoices } from './test-command';

describe('reporterChoices', () => {
  const table: { name: string; options: Parameters<typeof reporterChoices>[0]; want: ReporterChoice[] }[] = [
    {
      name: 'puts the console on stdout when no report asks for it',
      options: { junit: 'r.xml' },
      want: [
        { name: 'console', destination: { kind: 'stdout' } },
        { name: 'junit', destination: { kind: 'file', path: 'r.xml' } },
      ],
    },
    {
      name: 'moves the console to stderr when a report is written to `-`',
      options: { reports: [{ name: 'junit', destination: { kind: 'stdout' } }] },
      want: [
        { name: 'console', destination: { kind: 'stderr' } },
        { name: 'junit', destination: { kind: 'stdout' } },
      ],
    },
    {
      name: 'adds GitHub annotations on stdout and the summary appended, leaving the console on stdout',
      options: { github: true, stepSummary: '/tmp/summary.md' },
      want: [
        { name: 'console', destination: { kind: 'stdout' } },
        { name: 'github', destination: { kind: 'stdout' } },
        { name: 'githubSummary', destination: { kind: 'append', path: '/tmp/summary.md' } },
      ],
    },
    {
      name: 'adds no summary without $GITHUB_STEP_SUMMARY',
      options: { github: true },
      want: [
        { name: 'console', destination: { kind: 'stdout' } },
        { name: 'github', destination: { kind: 'stdout' } },
      ],
    },
  ];
  for (const { name, options, want } of table) it(name, () => expect(reporterChoices(options)).to.deep.equal(want));
});

describe('checkReportTargets and stdout', () => {
  const stdout = { kind: 'stdout' } as const;
  const table: { name: string; choices: ReporterChoice[]; want: string[] }[] = [
    { name: 'accepts one report on stdout', choices: reporterChoices({ reports: [{ name: 'junit', destination: stdout }] }), want: [] },
    {
      name: 'refuses a second report on stdout',
      choices: reporterChoices({
        reports: [
          { name: 'junit', destination: stdout },
          { name: 'json', destination: stdout },
        ],
      }),
      want: ['`--json -` and `--junit -` would both write to stdout'],
    },
    {
      name: 'refuses a report on stdout beside GitHub annotations',
      choices: reporterChoices({ reports: [{ name: 'json', destination: stdout }], github: true }),
      want: ['`--github` annotations and `--json -` would both write to stdout'],
    },
    { name: 'accepts GitHub annotations beside the console', choices: reporterChoices({ github: true }), want: [] },
  ];
  for (const { name, choices, want } of table) {
    it(name, () => {
      const found = checkReportTargets(choices, [], '/tmp');
      expect(found.map((d) => d.message)).to.deep.equal(want);
      for (const d of found) expect([d.code, d.file]).to.deep.equal(['REPORT_TARGET', '-']);
    });
  }
});

describe('checkReportTargets: an existing file is replaced only when it is a report of that kind', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamspec-targets-'));
    writeFileSync(join(dir, 'old.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="x"/>\n</testsuites>\n');
    writeFileSync(join(dir, 'other-tool.xml'), '<!-- written by another runner -->\n<testsuite name="y" tests="0"/>\n');
    writeFileSync(join(dir, 'old.json'), '{\n  "version": 1,\n  "suites": []\n}\n');
    writeFileSync(
      join(dir, 'old.cobertura.xml'),
      '<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "x.dtd">\n<coverage line-rate="1"/>\n',
    );
    writeFileSync(join(dir, 'policy.json'), '{"Version": "2012-10-17", "Statement": []}\n');
    writeFileSync(join(dir, 'notes.xml'), '<notes>mine</notes>\n');
    writeFileSync(join(dir, 'empty.json'), '');
    symlinkSync(join(dir, 'policy.json'), join(dir, 'link.json'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const table: { name: string; reporter: 'junit' | 'json' | 'cobertura' | 'coverage'; path: string; refused: boolean }[] = [
    { name: 'an earlier JUnit report', reporter: 'junit', path: 'old.xml', refused: false },
    { name: "another tool's JUnit report (testsuite root, a comment first)", reporter: 'junit', path: 'other-tool.xml', refused: false },
    { name: 'an earlier JSON report', reporter: 'json', path: 'old.json', refused: false },
    { name: 'an earlier Cobertura report with a DOCTYPE', reporter: 'cobertura', path: 'old.cobertura.xml', refused: false },
    { name: 'an empty file', reporter: 'json', path: 'empty.json', refused: false },
    { name: 'a missing file', reporter: 'junit', path: 'new.xml', refused: false },
    { name: 'a policy file the run did not read (its scenario is broken)', reporter: 'json', path: 'policy.json', refused: true },
    { name: 'a link to that policy file', reporter: 'coverage', path: 'link.json', refused: true },
    { name: 'an XML file of the user', reporter: 'junit', path: 'notes.xml', refused: true },
    { name: 'a JSON report where a JUnit one would go', reporter: 'junit', path: 'old.json', refused: true },
    { name: 'a JUnit report where Cobertura would go', reporter: 'cobertura', path: 'old.xml', refused: true },
  ];
  for (const row of table) {
    it(`${row.refused ? 'refuses' : 'replaces'} ${row.name}`, () => {
      const got = checkReportTargets([{ name: row.reporter, destination: { kind: 'file', path: row.path } }], [], dir);
      expect(got.map((d) => d.code)).to.deep.equal(row.refused ? ['REPORT_TARGET'] : []);
      if (row.refused) expect(got[0]!.message).to.contain(`which is not a ${row.reporter} report`);
    });
  }
});
