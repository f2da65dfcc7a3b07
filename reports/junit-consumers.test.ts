/**
 * Our JUnit report read the way its consumers read it, with a real XML parser: each must place a
 * failing case on its expectation's YAML line. The consumers' algorithms are restated here from
 * their source (read, not copied):
 *
 * - mikepenz/action-junit-report, `src/testParser.ts` `resolveFileAndLine`: the file is the
 *   testcase's `file` attribute, else the last `.`-part of `classname`; the line is the `line`
 *   attribute, else the last ` …FILE…:N` in the failure text;
 * - dorny/test-reporter, `src/parsers/jest-junit/jest-junit-parser.ts` `exceptionThrowSource`: the
 *   first failure text line ending in `(PATH:LINE:COL)` whose path git tracks;
 * - GitLab, `lib/gitlab/ci/parsers/test/junit.rb`: the testcase's `file` attribute, the failure
 *   text as the details (no line: the first line of the text is where a reader finds it).
 */
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import type { Location, RunEvent } from './events';
import { junitReporter } from './junit';
import { junitSchemaErrors } from './testdata/junit-schema';
import { collect, loadRun } from './testdata/runs';

interface Problem {
  '#text'?: string;
  message?: string;
}
interface TestCase {
  name: string;
  classname: string;
  file?: string;
  line?: string;
  failure?: Problem;
  error?: Problem;
}
interface Suite {
  testcase?: TestCase[];
}

/** Every testcase of a report, parsed as the consumers' XML libraries do (attributes and text). */
function testcases(xml: string): TestCase[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  const doc = parser.parse(xml) as { testsuites: { testsuite?: Suite[] } };
  return (doc.testsuites.testsuite ?? []).flatMap((s) => s.testcase ?? []);
}

function problemText(tc: TestCase): string {
  return String((tc.failure ?? tc.error)?.['#text'] ?? '').trim();
}

/** mikepenz/action-junit-report's file and line of a testcase. */
function mikepenz(tc: TestCase): { file: string; line: number } {
  const file = tc.file ? tc.file : (tc.classname.split('.').at(-1) ?? '');
  const given = tc.line ? parseInt(tc.line, 10) : NaN;
  if (file && !Number.isNaN(given)) return { file, line: given };
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matches = problemText(tc).match(new RegExp(` [^ ]*${escaped}.*?:\\d+`, 'g'));
  if (!matches) return { file, line: Number.isNaN(given) ? 1 : given };
  return { file, line: parseInt(matches.at(-1)!.split(':').at(-1)!, 10) };
}

/** dorny/test-reporter's (jest-junit) source of a failure, or undefined. */
function dorny(tc: TestCase, tracked: readonly string[]): { file: string; line: number; column: number } | undefined {
  if (!tc.failure) return undefined;
  for (const line of problemText(tc).split(/\r?\n/)) {
    const m = /\((.*):(\d+):(\d+)\)$/.exec(line);
    if (!m) continue;
    const file = m[1]!.replace(/\\/g, '/');
    if (tracked.includes(file)) return { file, line: parseInt(m[2]!, 10), column: parseInt(m[3]!, 10) };
  }
  return undefined;
}

/** The failing cases of a run and where their expectations are. */
function failing(events: readonly RunEvent[]): Map<string, Location> {
  const out = new Map<string, Location>();
  for (const e of events) if (e.kind === 'case' && e.result.outcome === 'fail') out.set(e.case.name, e.case.location);
  return out;
}

describe('JUnit report as its consumers read it', () => {
  const { events, locate } = loadRun('mixed');
  const want = failing(events);
  const tracked = ['cases/payments.yaml', 'cases/broken.yaml', 'cases/more/payments.yaml', 'policies/app-read.json'];
  const plain = collect(junitReporter({ locate })(events));
  const withAttributes = collect(junitReporter({ locate, fileAttributes: true })(events));

  it('has failing cases to place (the check can fail)', () => expect(want.size).to.equal(2));

  const reports = [
    { name: 'the default report', xml: plain },
    { name: 'the report with file attributes', xml: withAttributes },
  ];
  for (const { name, xml } of reports) {
    it(`${name}: dorny/test-reporter places each failure on its YAML line`, () => {
      for (const tc of testcases(xml).filter((t) => t.failure)) {
        const at = want.get(tc.name)!;
        expect(dorny(tc, tracked), tc.name).to.deep.equal({ file: at.file, line: at.line, column: at.column });
      }
    });

    it(`${name}: the failure message and the text's first line start with FILE:LINE:COL`, () => {
      for (const tc of testcases(xml).filter((t) => t.failure)) {
        const at = want.get(tc.name)!;
        const where = `${at.file}:${at.line}:${at.column}: `;
        expect(tc.failure!.message, tc.name).to.match(new RegExp(`^${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}expected `));
        expect(problemText(tc).split('\n')[0]).to.equal(tc.failure!.message);
      }
    });
  }

  it('with file attributes: mikepenz/action-junit-report places each failure on its YAML line', () => {
    const failures = testcases(withAttributes).filter((t) => t.failure);
    expect(failures).to.have.length(2);
    for (const tc of failures)
      expect(mikepenz(tc), tc.name).to.deep.equal({ file: want.get(tc.name)!.file, line: want.get(tc.name)!.line });
  });

  it('with file attributes: mikepenz places an unusable file on the line of its first problem', () => {
    const broken = testcases(withAttributes).find((t) => t.classname === 'cases/broken.yaml')!;
    expect(mikepenz(broken)).to.deep.equal({ file: 'cases/broken.yaml', line: 7 });
  });

  it('with file attributes: GitLab reads every testcase file, repository-relative', () => {
    const files = testcases(withAttributes).map((t) => t.file);
    expect(files).to.include.members(['cases/payments.yaml', 'cases/more/payments.yaml', 'cases/broken.yaml']);
    for (const tc of testcases(withAttributes).filter((t) => t.failure)) expect(tc.file).to.equal(want.get(tc.name)!.file);
  });

  it('without file attributes, mikepenz and GitLab find no file (so the option exists)', () => {
    for (const tc of testcases(plain)) expect(tc.file).to.equal(undefined);
    const tc = testcases(plain).find((t) => t.failure)!;
    expect(mikepenz(tc).file).to.equal('Payments secret');
  });

  it('the default report is valid against the schema; the one with file attributes is not (documented)', async () => {
    expect(await junitSchemaErrors(plain)).to.deep.equal([]);
    expect((await junitSchemaErrors(withAttributes)).join('\n')).to.match(/attribute 'file'/);
  });

  it('writes file attributes relative to the working directory, with forward slashes', () => {
    const absolute = events.map((e) =>
      e.kind === 'case' ? { ...e, case: { ...e.case, location: { ...e.case.location, file: `/repo/${e.case.location.file}` } } } : e,
    );
    const xml = collect(junitReporter({ locate, fileAttributes: true, cwd: '/repo' })(absolute));
    const tc = testcases(xml).find((t) => t.failure)!;
    expect(tc.file).to.equal('cases/payments.yaml');
    expect(tc.failure!.message).to.match(/^cases\/payments\.yaml:36:5: /);
  });
});
