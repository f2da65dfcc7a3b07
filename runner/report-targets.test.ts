import { expect } from 'chai';
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
