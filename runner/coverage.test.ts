import { expect } from 'chai';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/catalog';
import { defaultManagedPolicies, documentText } from '../catalog/managed-policies';
import type { Coverage, RunEvent, StatementCoverage } from '../reports/events';
import { spanLocator } from '../reports/locate';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../test/support/fixture-tests';
import { CoverageCollector, lineRanges, percentOf } from './coverage';
import { isManagedPolicyArn, managedPolicyTexts, scenarioPolicies } from './coverage-policies';
import { evaluate } from './engine/evaluate';
import { planRun, type PlannedRun } from './pipeline';
import { checkPolicyWithCatalog } from './policy/check-catalog';
import { runSuites } from './run';

const root = join(__dirname, '..');
const catalog = loadCatalog();

/** Plans `files` (relative to the repository) as `iamspec test` does. */
function plan(files: string[]): PlannedRun {
  const planned = planRun({ paths: files, cwd: root, catalog, checkPolicy: checkPolicyWithCatalog });
  if (planned.kind !== 'planned') throw new Error(`not planned: ${planned.diagnostics.map((d) => d.message).join('; ')}`);
  return planned.run;
}

/** Runs `files` with the real engine, collecting coverage; the collector too, for its invariant. */
function runWithCoverage(files: string[]): { coverage: Coverage; collector: CoverageCollector } {
  const run = plan(files);
  const policies = run.built.flatMap((b) => (b.scenario ? scenarioPolicies(b.scenario) : []));
  const sources = new Map(run.sources);
  for (const [arn, text] of managedPolicyTexts(policies)) sources.set(arn, text);
  const collector = new CoverageCollector(policies);
  const events: RunEvent[] = [
    ...runSuites(run.plans, {
      evaluate,
      locate: spanLocator(run.sources),
      coverage: { collector, result: { locate: spanLocator(sources), root, isManaged: isManagedPolicyArn } },
    }),
  ];
  const end = events[events.length - 1];
  if (end.kind !== 'runEnd' || !end.coverage) throw new Error('the run ended without coverage');
  return { coverage: end.coverage, collector };
}

function statementLine(s: StatementCoverage, file: string): string {
  return `${file}:${s.location.line}:${s.location.column} ${s.policy} ${s.sid ?? `(${s.index + 1})`} ${s.status}`;
}

interface CoverageCase extends FixtureFocus {
  files: string[];
  statements: string[];
  unmet?: string[];
  totals?: { covered: number; partial: number; all: number; percent: number };
}

describe('coverage of policies by the suites', () => {
  defineFixtureTests(readFixtureCases<CoverageCase>(join(__dirname, 'testdata/coverage/cases.yaml')), (c) => {
    const { coverage } = runWithCoverage(c.files);
    const got = coverage.files.flatMap((f) => f.statements.map((s) => statementLine(s, f.file)));
    expect(got).to.have.members(c.statements);
    const unmet = coverage.files.flatMap((f) =>
      f.statements.flatMap((s) =>
        (s.unmetConditions ?? []).map((u) => `${u.key} ${u.operator} ${u.keyInRequests ? 'values-differ' : 'key-absent'}`),
      ),
    );
    expect(unmet).to.deep.equal(c.unmet ?? []);
    if (c.totals) {
      expect({
        covered: coverage.coveredStatements,
        partial: coverage.partialStatements,
        all: coverage.totalStatements,
        percent: coverage.percent,
      }).to.deep.equal(c.totals);
    }
  });

  it('knows every statement the shipped suites evaluate, and positions each where its text starts', () => {
    const { coverage, collector } = runWithCoverage(['cases']);
    expect(collector.unknownStatements).to.equal(0);
    expect(coverage.totalStatements).to.be.greaterThan(50);
    const run = plan(['cases']);
    for (const f of coverage.files) {
      const text = isManagedPolicyArn(f.file) ? documentText(defaultManagedPolicies().get(f.file)!) : run.sources.get(f.file);
      expect(text, f.file).to.be.a('string');
      const lines = text!.split('\n');
      for (const s of f.statements) {
        const at = lines
          .slice(s.location.line - 1)
          .join('\n')
          .slice(s.location.column - 1);
        // A statement starts at its mapping: `{` in JSON (a plan's embedded string included), its
        // first key in a YAML block mapping.
        expect(at, `${f.file}:${s.location.line}:${s.location.column}`).to.match(s.sid ? /^(\{|Sid|Effect)/ : /^(\{|Effect|Action)/);
        if (s.sid && at.startsWith('{')) expect(at.slice(0, 160), s.sid).to.include(s.sid);
      }
    }
  });

  it('counts a statement once per request it matched, and an explanation it does not know not at all', () => {
    const run = plan(['runner/testdata/coverage/condition-typo.yaml']);
    const policies = run.built.flatMap((b) => scenarioPolicies(b.scenario!));
    const collector = new CoverageCollector(policies);
    const cases = run.plans.flatMap((p) => (p.kind === 'cases' ? p.cases : []));
    for (let i = 0; i < 3; i++) for (const tc of cases) collector.record(evaluate(tc.request, tc.policies, { explain: true }).explanation!);
    const coverage = collector.result({ locate: spanLocator(run.sources), root, isManaged: () => false });
    expect(coverage.files[0].statements.map((s) => s.hits)).to.deep.equal([3, 0, 0, 0]);
    const stranger = new CoverageCollector([]);
    stranger.record(evaluate(cases[0].request, cases[0].policies, { explain: true }).explanation!);
    expect(stranger.unknownStatements).to.be.greaterThan(0);
  });

  it('fails a threshold only below it, comparing exact counts (2 of 3 is below 66.67, not below 66.66)', () => {
    const run = plan(['runner/testdata/coverage/condition-typo.yaml']);
    const collector = new CoverageCollector(run.built.flatMap((b) => scenarioPolicies(b.scenario!)));
    const table: { threshold: number | undefined; met: boolean }[] = [
      { threshold: undefined, met: true },
      { threshold: 0, met: true },
      { threshold: 25, met: true },
      { threshold: 25.01, met: false },
      { threshold: 100, met: false },
    ];
    const cases = run.plans.flatMap((p) => (p.kind === 'cases' ? p.cases : []));
    for (const tc of cases) collector.record(evaluate(tc.request, tc.policies, { explain: true }).explanation!);
    for (const t of table) {
      const coverage = collector.result({ locate: spanLocator(run.sources), root, isManaged: () => false, threshold: t.threshold });
      expect(coverage.thresholdMet, String(t.threshold)).to.equal(t.met);
      expect(coverage.threshold).to.equal(t.threshold);
    }
  });
});

describe('percentOf and lineRanges', () => {
  const percents: { part: number; whole: number; want: number }[] = [
    { part: 0, whole: 0, want: 100 },
    { part: 2, whole: 3, want: 66.66 },
    { part: 1, whole: 3, want: 33.33 },
    { part: 9999, whole: 10000, want: 99.99 },
    { part: 99999, whole: 100000, want: 99.99 },
    { part: 5, whole: 5, want: 100 },
  ];
  for (const t of percents) it(`${t.part} of ${t.whole} is ${t.want}%`, () => expect(percentOf(t.part, t.whole)).to.equal(t.want));

  const ranges: { lines: number[]; want: { start: number; end: number }[] }[] = [
    { lines: [], want: [] },
    {
      lines: [5, 3, 4, 9],
      want: [
        { start: 3, end: 5 },
        { start: 9, end: 9 },
      ],
    },
    { lines: [1], want: [{ start: 1, end: 1 }] },
  ];
  for (const t of ranges) it(`merges lines ${t.lines.join(',')}`, () => expect(lineRanges(new Set(t.lines))).to.deep.equal(t.want));
});
