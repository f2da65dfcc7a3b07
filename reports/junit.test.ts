import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from './events';
import { junitReporter, junitSeconds, junitTimestamp } from './junit';
import { junitSchemaErrors, junitXsdPath } from './testdata/junit-schema';
import { collect, golden, loadRun } from './testdata/runs';

const xsd = readFileSync(junitXsdPath, 'utf8');

describe('junitReporter', () => {
  const table = [
    { name: 'writes suites with pass, failure, skipped, error cases and an unusable file', run: 'mixed' },
    { name: 'writes an empty testsuites for a run without scenario files', run: 'empty' },
    { name: 'escapes markup, quotes, `]]>` and control characters', run: 'hostile' },
  ];
  for (const { name, run } of table) {
    it(name, async () => {
      const { events, locate } = loadRun(run);
      const xml = collect(junitReporter({ locate })(events));
      expect(xml).to.equal(golden(`${run}.junit.xml`, xml));
      expect(await junitSchemaErrors(xml)).to.deep.equal([]);
    });
  }

  it('fails schema validation for a broken document (the check can fail)', async () => {
    const { events } = loadRun('mixed');
    const xml = collect(junitReporter()(events)).replace(' hostname="localhost"', '');
    expect(await junitSchemaErrors(xml)).to.have.length.greaterThan(0);
  });

  it('writes the given hostname, falling back to localhost when blank', async () => {
    const { events } = loadRun('empty');
    const suite = { name: 's', file: 's.yaml' };
    const withSuite: RunEvent[] = [
      events[0],
      { kind: 'suiteStart', suite, time: new Date('2026-01-02T03:04:05.678Z') },
      { kind: 'suiteEnd', suite, stats: { passed: 0, failed: 0, skipped: 0, errors: 0, warnings: 0 }, durationMs: 1 },
      events[1],
    ];
    const named = collect(junitReporter({ hostname: 'ci-runner-7' })(withSuite));
    expect(named).to.include('timestamp="2026-01-02T03:04:05" hostname="ci-runner-7"');
    expect(await junitSchemaErrors(named)).to.deep.equal([]);
    expect(collect(junitReporter({ hostname: '  ' })(withSuite))).to.include('hostname="localhost"');
  });

  it('yields a suite when it ends, before reading the next one', () => {
    const { events } = loadRun('mixed');
    let pulled = 0;
    function* counting() {
      for (const e of events) {
        pulled++;
        yield e;
      }
    }
    const chunks = junitReporter()(counting())[Symbol.iterator]();
    chunks.next(); // the declaration and <testsuites>
    const first = chunks.next().value as string;
    expect(first).to.match(/^ {2}<testsuite name="Payments secret"[^]*<\/testsuite>\n$/);
    const firstSuiteEnd = events.findIndex((e) => e.kind === 'suiteEnd');
    expect(pulled).to.equal(firstSuiteEnd + 1);
  });
});

describe('junit formats', () => {
  it('writes timestamps in UTC without zone or fraction', () => {
    expect(junitTimestamp(new Date('2026-11-23T23:59:59.999+02:00'))).to.equal('2026-11-23T21:59:59');
  });
  const seconds = [
    { ms: 0, want: '0.000' },
    { ms: 0.0001, want: '0.000' },
    { ms: 1234.5, want: '1.234' },
    { ms: 1e-9, want: '0.000' },
    { ms: -3, want: '0.000' },
    { ms: Number.POSITIVE_INFINITY, want: '0.000' },
  ];
  for (const { ms, want } of seconds) it(`writes ${ms} ms as ${want} seconds`, () => expect(junitSeconds(ms)).to.equal(want));
});

describe('the JUnit schema copy', () => {
  it("is Apache Ant's JUnit schema, kept in the repository with its Apache 2.0 license", () => {
    expect(xsd).to.include('JUnit test result schema for the Apache Ant JUnit and JUnitReport tasks');
    expect(xsd).to.include('<xs:element name="testsuites">');
    expect(readFileSync(join(__dirname, 'testdata', 'JUnit.xsd.LICENSE'), 'utf8')).to.match(
      /^\s*Apache License\s+Version 2\.0, January 2004/,
    );
  });
});
